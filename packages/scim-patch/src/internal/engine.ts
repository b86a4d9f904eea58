/**
 * The PATCH engine: applies RFC 7644 §3.5.2 operations to a working copy of a resource. The input
 * resource is never mutated: the root object is copied once, extension containers on first access, and
 * every changed attribute value is rebuilt, so a failure simply drops the working copy.
 */
import type { Filter } from "@dirsync/scim-filter"
import { Attribute, ResourceSchema, SchemaDefinition } from "@dirsync/scim-schema"
import * as P from "./path.js"
import * as V from "./values.js"

/** Options with every default filled in. */
export interface Settings {
  readonly schema: ResourceSchema.ResourceSchema
  readonly strict: boolean
  readonly addOnMissingValuePath: boolean
  readonly allowEmptyOperations: boolean
  readonly expandDottedKeys: boolean
  readonly ignoreIdInValue: boolean
  readonly allowUnknownAttributes: boolean
  readonly allowRemoveNoMatch: boolean
  readonly coerceValues: boolean
}

export type OpName = "add" | "replace" | "remove"

interface CompiledFilter {
  readonly ast: Filter.Filter
  readonly text: string
  readonly test: (element: unknown) => boolean
}

interface SubTarget {
  readonly name: string
  readonly definition: Attribute.Definition | undefined
}

type Target =
  | { readonly _tag: "Container"; readonly urn: string | undefined }
  | {
    readonly _tag: "Attribute"
    /** `undefined` for core and common attributes, else the extension (or unknown) schema URN. */
    readonly urn: string | undefined
    readonly name: string
    readonly definition: Attribute.Definition | undefined
    readonly sub: SubTarget | undefined
    readonly filter: CompiledFilter | undefined
    readonly label: string
  }

type AttributeTarget = Extract<Target, { _tag: "Attribute" }>

const SAME: unique symbol = Symbol("same")

// --- path resolution (cached per resource schema) ------------------------------------------------------

const targetCache = new WeakMap<ResourceSchema.ResourceSchema, ReadonlyArray<Map<string, Target | V.Failure>>>()
const CACHE_LIMIT = 2000

const resolvePath = (settings: Settings, text: string): Target => {
  let caches = targetCache.get(settings.schema)
  if (caches === undefined) {
    // one cache for each value of `allowUnknownAttributes`, the only setting resolution depends on
    caches = [new Map(), new Map()]
    targetCache.set(settings.schema, caches)
  }
  const cache = caches[settings.allowUnknownAttributes ? 1 : 0]!
  let entry = cache.get(text)
  if (entry === undefined) {
    try {
      entry = resolvePathUncached(settings, text)
    } catch (e) {
      if (!(e instanceof V.Failure)) throw e
      entry = e
    }
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(text, entry)
  }
  if (entry instanceof V.Failure) throw entry
  return entry
}

const resolvePathUncached = (settings: Settings, text: string): Target => {
  const schema = settings.schema
  const trimmed = text.trim()
  const lower = trimmed.toLowerCase()
  if (lower === schema.core.id.toLowerCase()) return { _tag: "Container", urn: undefined }
  for (const extension of schema.extensions) {
    if (lower === extension.id.toLowerCase()) return { _tag: "Container", urn: extension.id }
  }
  const parsed = P.parse(trimmed)
  if (typeof parsed === "string") return V.fail("invalidPath", parsed)
  return resolveParsed(settings, parsed)
}

const resolveParsed = (settings: Settings, parsed: P.ParsedPath): Target => {
  const schema = settings.schema
  let urn: string | undefined
  if (parsed.urn !== undefined) {
    const found = ResourceSchema.findSchema(schema, parsed.urn)
    if (found === undefined) {
      if (!settings.allowUnknownAttributes) V.fail("invalidPath", `Unknown schema "${parsed.urn}"`)
      urn = parsed.urn
    } else {
      urn = found === schema.core ? undefined : found.id
    }
  }
  const resolved = ResourceSchema.resolve(schema, { urn: parsed.urn, attribute: parsed.attribute })
  let definition: Attribute.Definition | undefined
  if (resolved !== undefined) {
    definition = resolved.attribute
    urn = resolved.schema === schema.core ? undefined : resolved.schema.id
  } else if (!settings.allowUnknownAttributes) {
    V.fail("invalidPath", `"${parsed.attribute}" is not an attribute of ${parsed.urn ?? schema.core.name}`)
  }
  const name = definition?.name ?? parsed.attribute
  const prefix = urn === undefined ? "" : urn + ":"
  let sub: SubTarget | undefined
  if (parsed.subAttribute !== undefined) {
    if (definition !== undefined && definition.type !== "complex") {
      V.fail("invalidPath", `"${prefix}${name}" has no sub-attributes`)
    }
    const subDefinition = definition === undefined ? undefined : V.findSub(definition, parsed.subAttribute)
    if (subDefinition === undefined && !settings.allowUnknownAttributes) {
      V.fail("invalidPath", `"${parsed.subAttribute}" is not a sub-attribute of "${prefix}${name}"`)
    }
    sub = { name: subDefinition?.name ?? parsed.subAttribute, definition: subDefinition }
  }
  let filter: CompiledFilter | undefined
  if (parsed.filter !== undefined) {
    if (definition !== undefined && !definition.multiValued) {
      V.fail("invalidPath", `A value filter needs a multi-valued attribute, "${prefix}${name}" is single-valued`)
    }
    filter = compileFilter(parsed.filter, definition, schema.core.id)
  }
  return {
    _tag: "Attribute",
    urn,
    name,
    definition,
    sub,
    filter,
    label: prefix + name + (sub === undefined ? "" : "." + sub.name)
  }
}

const elementSchemas = new WeakMap<Attribute.Definition, ResourceSchema.ResourceSchema>()

const compileFilter = (
  filter: Filter.Filter,
  definition: Attribute.Definition | undefined,
  coreId: string
): CompiledFilter => {
  const text = P.format(filter)
  if (definition === undefined) {
    const test = P.compile(filter, undefined)
    return { ast: filter, text, test: (element) => V.isObject(element) && test(element) }
  }
  let elementSchema = elementSchemas.get(definition)
  if (elementSchema === undefined) {
    const attributes = definition.type === "complex"
      ? definition.subAttributes ?? []
      : [Attribute.make("value", definition.type, { caseExact: definition.caseExact })]
    elementSchema = ResourceSchema.make(SchemaDefinition.make({ id: coreId, name: definition.name, attributes }))
    elementSchemas.set(definition, elementSchema)
  }
  const test = P.compile(filter, elementSchema)
  return definition.type === "complex"
    ? { ast: filter, text, test: (element) => V.isObject(element) && test(element) }
    : { ast: filter, text, test: (element) => test({ value: element }) }
}

const resolveName = (settings: Settings, urn: string | undefined, key: string): AttributeTarget =>
  resolveParsed(settings, { urn, attribute: key, subAttribute: undefined, filter: undefined }) as AttributeTarget

// --- the working copy ----------------------------------------------------------------------------------

interface Touch {
  readonly urn: string | undefined
  readonly name: string
  readonly definition: Attribute.Definition | undefined
  /** Sub-attributes named by paths, in operation order (changed paths are reported in that order). */
  readonly subs: Array<string>
}

/** The resource being patched: a copy of the input that operations change in place. */
export class Working {
  readonly root: V.JsonObject
  private readonly scopes = new Map<string, { readonly key: string; readonly created: boolean }>()
  private readonly touched = new Map<string, Touch>()

  constructor(readonly original: Readonly<V.JsonObject>, readonly settings: Settings) {
    this.root = V.shallowCopy(original)
  }

  /** The object holding a scope's attributes (the root, or an extension container, copied on first use). */
  container(urn: string | undefined, create: boolean): V.JsonObject | undefined {
    if (urn === undefined) return this.root
    const lower = V.lowerCase(urn)
    const scope = this.scopes.get(lower)
    if (scope !== undefined) {
      const existing = this.root[scope.key]
      if (V.isObject(existing)) return existing
      if (!create) return undefined
      const fresh: V.JsonObject = {}
      this.root[scope.key] = fresh
      return fresh
    }
    const key = V.findKey(this.root, urn)
    if (key === undefined) {
      if (!create) return undefined
      const fresh: V.JsonObject = {}
      this.root[urn] = fresh
      this.scopes.set(lower, { key: urn, created: true })
      this.addSchemaUrn(urn)
      return fresh
    }
    const existing = this.root[key]
    const clone: V.JsonObject = V.isObject(existing) ? V.shallowCopy(existing) : {}
    this.root[key] = clone
    this.scopes.set(lower, { key, created: false })
    return clone
  }

  private addSchemaUrn(urn: string): void {
    const key = V.findKey(this.root, "schemas")
    if (key === undefined) return
    const schemas = this.root[key]
    if (!Array.isArray(schemas)) return
    const lower = urn.toLowerCase()
    if (schemas.some((s) => typeof s === "string" && s.toLowerCase() === lower)) return
    this.root[key] = [...schemas, urn]
  }

  read(urn: string | undefined, name: string): { readonly key: string | undefined; readonly value: unknown } {
    const container = this.container(urn, false)
    if (container === undefined) return { key: undefined, value: undefined }
    const key = V.findKey(container, name)
    return { key, value: key === undefined ? undefined : container[key] }
  }

  write(urn: string | undefined, key: string | undefined, name: string, value: unknown): void {
    if (V.isUnassigned(value)) {
      if (key === undefined) return
      const container = this.container(urn, false)
      if (container !== undefined) delete container[key]
      return
    }
    const container = this.container(urn, true)!
    container[key ?? name] = value
  }

  touch(urn: string | undefined, name: string, definition: Attribute.Definition | undefined, sub?: string): void {
    const id = (urn === undefined ? "" : V.lowerCase(urn)) + "\u0000" + V.lowerCase(name)
    let touch = this.touched.get(id)
    if (touch === undefined) {
      touch = { urn, name, definition, subs: [] }
      this.touched.set(id, touch)
    }
    if (sub !== undefined) touch.subs.push(sub)
  }

  /** Drops extension containers the operations emptied, with their URN in `schemas`. */
  finish(): void {
    for (const [lower, scope] of this.scopes) {
      const container = this.root[scope.key]
      if (!V.isUnassigned(container)) continue
      if (!scope.created && V.isUnassigned(this.original[scope.key])) continue
      delete this.root[scope.key]
      const key = V.findKey(this.root, "schemas")
      const schemas = key === undefined ? undefined : this.root[key]
      if (key !== undefined && Array.isArray(schemas)) {
        this.root[key] = schemas.filter((s) => !(typeof s === "string" && s.toLowerCase() === lower))
      }
    }
  }

  /** The attribute paths whose value differs between the input and the working copy. */
  changedPaths(): Array<string> {
    const out: Array<string> = []
    for (const touch of this.touched.values()) {
      const before = lookup(this.original, touch.urn, touch.name)
      const after = lookup(this.root, touch.urn, touch.name)
      if (V.exactEqual(before, after) || (V.isUnassigned(before) && V.isUnassigned(after))) continue
      const prefix = touch.urn === undefined ? "" : touch.urn + ":"
      const definition = touch.definition
      if (
        definition !== undefined && definition.type === "complex" && !definition.multiValued &&
        (V.isObject(before) || before === undefined || before === null) &&
        (V.isObject(after) || after === undefined || after === null)
      ) {
        const b = (before ?? {}) as V.JsonObject
        const a = (after ?? {}) as V.JsonObject
        const seen = new Set<string>()
        for (const key of [...touch.subs, ...Object.keys(b), ...Object.keys(a)]) {
          const sub = V.findSub(definition, key)?.name ?? key
          if (seen.has(sub.toLowerCase())) continue
          seen.add(sub.toLowerCase())
          const bk = V.findKey(b, sub)
          const ak = V.findKey(a, sub)
          if (!V.exactEqual(bk === undefined ? undefined : b[bk], ak === undefined ? undefined : a[ak])) {
            out.push(`${prefix}${touch.name}.${sub}`)
          }
        }
      } else {
        out.push(prefix + touch.name)
      }
    }
    return out
  }
}

const lookup = (resource: Readonly<V.JsonObject>, urn: string | undefined, name: string): unknown => {
  let container: unknown = resource
  if (urn !== undefined) {
    const key = V.findKey(resource, urn)
    container = key === undefined ? undefined : resource[key]
  }
  if (!V.isObject(container)) return undefined
  const key = V.findKey(container, name)
  return key === undefined ? undefined : container[key]
}

// --- operations ----------------------------------------------------------------------------------------

const normaliseOptions = (settings: Settings): V.NormaliseOptions => ({
  coerce: settings.coerceValues,
  strict: settings.strict
})

/** Applies one operation to the working copy, throwing a {@link V.Failure} when it cannot apply. */
export const applyOperation = (
  w: Working,
  op: OpName,
  path: string | undefined,
  value: unknown,
  hasValue: boolean
): void => {
  if (path === undefined || (path.trim() === "" && !w.settings.strict)) {
    if (op === "remove") V.fail("noTarget", "remove needs a path")
    applyPathless(w, op, undefined, value, true)
    return
  }
  const target = resolvePath(w.settings, path)
  if (target._tag === "Container") {
    if (op === "remove") {
      removeContainer(w, target.urn)
      return
    }
    applyPathless(w, op, target.urn, value, target.urn === undefined)
    return
  }
  applyAttribute(w, op, target, value, hasValue)
}

const removeContainer = (w: Working, urn: string | undefined): void => {
  if (urn === undefined) V.fail("noTarget", "remove cannot target the whole resource")
  const container = w.container(urn, false)
  if (container === undefined) return
  for (const key of Object.keys(container)) {
    const target = resolveName(w.settings, urn, key)
    applyAttribute(w, "remove", target, undefined, false)
  }
}

const applyPathless = (
  w: Working,
  op: OpName,
  urn: string | undefined,
  value: unknown,
  atRoot: boolean
): void => {
  if (!V.isObject(value)) {
    return V.fail(
      "invalidValue",
      `Without a path the value must be an object of attributes, got ${Array.isArray(value) ? "an array" : JSON.stringify(value) ?? "nothing"}`
    )
  }
  const settings = w.settings
  for (const key of Object.keys(value)) {
    const item = value[key]
    if (item === undefined) continue
    const lower = V.lowerCase(key)
    if (atRoot) {
      if (lower === "schemas") continue
      if (lower === "id" && settings.ignoreIdInValue && V.exactEqual(item, w.read(undefined, "id").value)) continue
      if (lower.startsWith("urn:")) {
        const extension = settings.schema.extensions.find((e) => V.lowerCase(e.id) === lower)
        if (extension !== undefined) {
          if (item !== null) applyPathless(w, op, extension.id, item, false)
          continue
        }
        const known = [settings.schema.core, ...settings.schema.extensions].some((s) =>
          lower.length > s.id.length && lower[s.id.length] === ":" && lower.startsWith(V.lowerCase(s.id))
        )
        if (!known && V.isObject(item)) {
          // A container of an extension the schema does not define.
          if (!settings.allowUnknownAttributes) V.fail("invalidPath", `Unknown schema "${key}"`)
          applyPathless(w, op, key, item, false)
          continue
        }
        if (settings.expandDottedKeys || known) {
          applyOperation(w, op, key, item, true)
          continue
        }
      }
    }
    if (settings.expandDottedKeys && key.includes(".")) {
      applyOperation(w, op, urn === undefined ? key : `${urn}:${key}`, item, true)
      continue
    }
    applyAttribute(w, op, resolveName(settings, urn, key), item, true)
  }
}

const applyAttribute = (w: Working, op: OpName, target: AttributeTarget, value: unknown, hasValue: boolean): void => {
  const definition = target.definition
  if (definition !== undefined && definition.mutability === "readOnly") {
    V.fail("mutability", `"${target.label}" is readOnly`)
  }
  if (op !== "remove" && !hasValue) V.fail("invalidValue", `${op} needs a value`)
  const { key, value: current } = w.read(target.urn, target.name)
  w.touch(target.urn, target.name, definition, target.sub?.name)
  let next: unknown
  if (target.filter !== undefined) next = applyFiltered(w, op, target, target.filter, current, value, hasValue)
  else if (target.sub !== undefined) next = applySub(w, op, target, target.sub, current, value)
  else next = applyWhole(w, op, target, current, value, hasValue)
  if (next === SAME) return
  if (definition !== undefined) {
    if (
      definition.mutability === "immutable" && !V.isUnassigned(current) && !V.scimEqual(definition, current, next)
    ) {
      V.fail("mutability", `"${target.label}" is immutable`)
    }
    if (definition.required && V.isUnassigned(next)) {
      V.fail("invalidValue", `"${target.label}" is required and cannot be removed`)
    }
  }
  w.write(target.urn, key, target.name, next)
}

const isMulti = (definition: Attribute.Definition | undefined, current: unknown, value: unknown): boolean =>
  definition !== undefined ? definition.multiValued : Array.isArray(current) || Array.isArray(value)

const isComplex = (definition: Attribute.Definition | undefined, current: unknown, value: unknown): boolean =>
  definition !== undefined ? definition.type === "complex" : V.isObject(current) && V.isObject(value)

const applyWhole = (
  w: Working,
  op: OpName,
  target: AttributeTarget,
  current: unknown,
  value: unknown,
  hasValue: boolean
): unknown => {
  const definition = target.definition
  const options = normaliseOptions(w.settings)
  if (isMulti(definition, current, value)) {
    const list = Array.isArray(current) ? current : V.isUnassigned(current) ? [] : [current]
    if (op === "remove") {
      if (!hasValue || value === null) return null
      return removeListed(w, target, list, V.normaliseMulti(definition, value, target.label, options))
    }
    const items = V.normaliseMulti(definition, value, target.label, options)
    if (op === "replace") {
      // equal values sent twice are one value (a member listed twice is one member)
      const unique: Array<unknown> = []
      const seen = new V.ElementSet(definition)
      for (const item of items) {
        if (seen.has(item)) continue
        seen.add(item)
        unique.push(item)
      }
      return enforcePrimary(definition, target.label, unique, new Set(unique.keys()))
    }
    // the values to add, without repeats, then one scan of the (possibly long) list for those present
    const wanted = new V.ElementSet(definition)
    const candidates: Array<unknown> = []
    for (const item of items) {
      if (wanted.has(item)) continue
      wanted.add(item)
      candidates.push(item)
    }
    const present = new Set<number>()
    for (const element of list) {
      const index = wanted.indexOf(element)
      if (index >= 0) present.add(index)
    }
    const out = list.slice()
    const fresh = new Set<number>()
    for (let i = 0; i < candidates.length; i++) {
      if (present.has(i)) continue
      fresh.add(out.length)
      out.push(candidates[i])
    }
    return fresh.size === 0 ? SAME : enforcePrimary(definition, target.label, out, fresh)
  }
  if (op === "remove") return null
  const normalised = V.normaliseValue(definition, value, target.label, options)
  if (normalised === null || normalised === undefined) return null
  if (isComplex(definition, current, normalised) && V.isObject(normalised)) {
    if (V.isObject(current) && !sameReference(definition, current, normalised)) {
      // A reference to another resource (`manager`) that now points elsewhere: its `$ref` and
      // `displayName` described the old one, so the value replaces it whole.
      return normalised
    }
    // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes given replace, the others are left unchanged.
    return merge(definition, target.label, V.isObject(current) ? current : undefined, normalised)
  }
  return normalised
}

const sameReference = (
  definition: Attribute.Definition | undefined,
  current: V.JsonObject,
  next: V.JsonObject
): boolean => {
  if (!V.identifiedByValue(definition)) return true
  const nextKey = V.findKey(next, "value")
  if (nextKey === undefined) return true
  const currentKey = V.findKey(current, "value")
  return currentKey !== undefined && V.scimEqual(V.findSub(definition!, "value"), current[currentKey], next[nextKey])
}

const merge = (
  definition: Attribute.Definition | undefined,
  label: string,
  current: V.JsonObject | undefined,
  value: V.JsonObject
): V.JsonObject => {
  const out: V.JsonObject = current === undefined ? {} : V.shallowCopy(current)
  for (const key of Object.keys(value)) {
    const existingKey = V.findKey(out, key)
    const sub = definition === undefined ? undefined : V.findSub(definition, key)
    if (
      sub !== undefined && sub.mutability === "immutable" && existingKey !== undefined &&
      !V.isUnassigned(out[existingKey]) && !V.scimEqual(sub, out[existingKey], value[key])
    ) {
      V.fail("mutability", `"${label}.${sub.name}" is immutable`)
    }
    out[existingKey ?? key] = value[key]
  }
  return out
}

const removeListed = (
  w: Working,
  target: AttributeTarget,
  list: ReadonlyArray<unknown>,
  items: ReadonlyArray<unknown>
): unknown => {
  const definition = target.definition
  const listed = new V.ElementSet(definition)
  for (const item of items) listed.add(item)
  const kept = list.filter((element) => !listed.has(element))
  if (kept.length === list.length) {
    if (w.settings.allowRemoveNoMatch) return SAME
    return V.fail("noTarget", `No value of "${target.label}" matches the values to remove`)
  }
  return kept
}

const applySub = (
  w: Working,
  op: OpName,
  target: AttributeTarget,
  sub: SubTarget,
  current: unknown,
  value: unknown
): unknown => {
  const options = normaliseOptions(w.settings)
  const next = op === "remove" ? null : V.normaliseValue(sub.definition, value, target.label, options)
  if (isMulti(target.definition, current, undefined)) {
    // `emails.display` without a filter: every value of the attribute.
    const list = Array.isArray(current) ? current : []
    if (list.length === 0) {
      if (op === "remove") return SAME
      return V.fail("noTarget", `"${target.label}" has no values to change`)
    }
    const out = list.map((element) => setSub(target, sub, element, next))
    return V.lowerCase(sub.name) === "primary"
      ? enforcePrimary(target.definition, target.label, out, new Set(out.keys()))
      : out
  }
  if (op === "remove" && V.isUnassigned(current)) return SAME
  return setSub(target, sub, V.isObject(current) ? current : {}, next)
}

/** A copy of `element` with one sub-attribute set (or removed when `value` is unassigned). */
const setSub = (target: AttributeTarget, sub: SubTarget, element: unknown, value: unknown): unknown => {
  if (!V.isObject(element)) return element
  const key = V.findKey(element, sub.name)
  const existing = key === undefined ? undefined : element[key]
  const definition = sub.definition
  if (definition !== undefined) {
    if (definition.mutability === "readOnly") V.fail("mutability", `"${target.label}" is readOnly`)
    if (
      definition.mutability === "immutable" && !V.isUnassigned(existing) && !V.scimEqual(definition, existing, value)
    ) {
      V.fail("mutability", `"${target.label}" is immutable`)
    }
    if (definition.required && V.isUnassigned(value)) {
      V.fail("invalidValue", `"${target.label}" is required and cannot be removed`)
    }
  }
  const out = V.shallowCopy(element)
  if (V.isUnassigned(value)) {
    if (key !== undefined) delete out[key]
  } else {
    out[key ?? sub.name] = value
  }
  return out
}

const applyFiltered = (
  w: Working,
  op: OpName,
  target: AttributeTarget,
  filter: CompiledFilter,
  current: unknown,
  value: unknown,
  hasValue: boolean
): unknown => {
  const definition = target.definition
  const options = normaliseOptions(w.settings)
  const list = Array.isArray(current) ? current : V.isUnassigned(current) ? [] : [current]
  const matched = new Set<number>()
  for (let i = 0; i < list.length; i++) if (filter.test(list[i])) matched.add(i)
  const where = `${target.name}[${filter.text}]`
  if (matched.size === 0) {
    if (op === "remove") {
      if (w.settings.allowRemoveNoMatch) return SAME
      return V.fail("noTarget", `No value of "${target.name}" matches [${filter.text}]`)
    }
    if (!w.settings.addOnMissingValuePath) {
      return V.fail("noTarget", `No value of "${target.name}" matches [${filter.text}]`)
    }
    // Entra: a value path that matches nothing adds the value it describes.
    const pairs = P.equalities(filter.ast)
    if (pairs === undefined) {
      return V.fail("noTarget", `No value of "${target.name}" matches [${filter.text}], and it cannot be added`)
    }
    let element: V.JsonObject = {}
    for (const [name, literal] of pairs) {
      const sub = definition === undefined ? undefined : V.findSub(definition, name)
      element[sub?.name ?? name] = literal
    }
    if (target.sub !== undefined) {
      const next = V.normaliseValue(target.sub.definition, value, target.label, options)
      if (V.isUnassigned(next)) return SAME
      element[target.sub.name] = next
    } else {
      const next = V.normaliseSingle(definition, value, where, options)
      if (V.isUnassigned(next)) return SAME
      if (!V.isObject(next)) return V.fail("invalidValue", `"${where}" expects an object`)
      element = merge(undefined, where, element, next)
    }
    const checked = V.normaliseSingle(definition, element, target.label, options)
    const out = [...list, checked]
    return enforcePrimary(definition, target.label, out, new Set([out.length - 1]))
  }
  if (op === "remove") {
    if (target.sub !== undefined) {
      const sub = target.sub
      return list.map((element, i) => (matched.has(i) ? setSub(target, sub, element, null) : element))
    }
    return list.filter((_, i) => !matched.has(i))
  }
  if (target.sub !== undefined) {
    const sub = target.sub
    const next = V.normaliseValue(sub.definition, value, target.label, options)
    const out = list.map((element, i) => (matched.has(i) ? setSub(target, sub, element, next) : element))
    return V.lowerCase(sub.name) === "primary" ? enforcePrimary(definition, target.label, out, matched) : out
  }
  const next = V.normaliseSingle(definition, value, where, options)
  if (V.isUnassigned(next)) {
    if (op === "replace") return list.filter((_, i) => !matched.has(i))
    return SAME
  }
  if (definition?.type === "complex" && !V.isObject(next)) {
    return V.fail("invalidValue", `"${where}" expects an object`)
  }
  const out = list.map((element, i) => {
    if (!matched.has(i)) return element
    if (op === "replace") return V.copy(next)
    // add merges the given sub-attributes into each matched value
    return V.isObject(element) && V.isObject(next) ? merge(definition, where, element, next) : V.copy(next)
  })
  return enforcePrimary(definition, target.label, out, matched)
}

/**
 * RFC 7643 §2.4: at most one value of a multi-valued attribute is `primary: true`. A value set primary by
 * this message wins and the others are set to `false` (RFC 7644 §3.5.2); two new primaries are an error.
 */
const enforcePrimary = (
  definition: Attribute.Definition | undefined,
  label: string,
  list: Array<unknown>,
  fresh: ReadonlySet<number>
): Array<unknown> => {
  // Every multi-valued complex attribute may carry `primary` (RFC 7643 §2.4), listed in its schema or not
  // (§8.7.1 omits it for `addresses`).
  if (definition !== undefined && definition.type !== "complex") return list
  let freshPrimary = false
  for (const i of fresh) if (isPrimary(list[i])) freshPrimary = true
  // Only a value this message made primary can break the rule; values stored before are left alone.
  if (!freshPrimary) return list
  const primaries: Array<number> = []
  for (let i = 0; i < list.length; i++) if (isPrimary(list[i])) primaries.push(i)
  if (primaries.length <= 1) return list
  const freshPrimaries = primaries.filter((i) => fresh.has(i))
  if (freshPrimaries.length > 1) V.fail("invalidValue", `"${label}" can have only one primary value`)
  if (freshPrimaries.length === 0) return list
  const winner = freshPrimaries[0]
  return list.map((element, i) => {
    if (i === winner || !isPrimary(element)) return element
    const object = element as V.JsonObject
    const out = V.shallowCopy(object)
    out[V.findKey(object, "primary")!] = false
    return out
  })
}

const isPrimary = (element: unknown): boolean => {
  if (!V.isObject(element)) return false
  const key = V.findKey(element, "primary")
  return key !== undefined && element[key] === true
}
