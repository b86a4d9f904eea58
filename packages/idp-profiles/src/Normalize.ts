/**
 * Normalisation of inbound SCIM requests before strict decoding: what Okta and Microsoft Entra ID really
 * send, rewritten into the RFC 7644 form the SCIM packages accept, with one {@link Fixup.Fixup} record
 * for each change. Driven by the resource's schema (types, multi-valued and complex attributes), never by
 * attribute names: a custom extension's booleans are repaired the same way as `active`.
 *
 * - PATCH bodies (RFC 7644 §3.5.2): operation names in any case, string booleans, pathless values with
 *   dotted or URN-qualified keys, `null` values, `remove` of `members` with a value list, `manager` as a bare
 *   id or an array, the resource's own `id` in a pathless value (Okta's group rename).
 * - Resources for POST and PUT (RFC 7643 §2, §3): attribute-name case, string booleans, `null` values,
 *   extension attributes sent at the top level, misspelt schema URNs, complex values in the wrong shape.
 * - Filters (RFC 7644 §3.4.2.2): unquoted comparison values.
 *
 * Normalisation never fails: what it cannot read it leaves as it is, for the strict decoder to reject
 * with a precise error.
 *
 * @module
 */
import { type ResourceSchema, Schemas } from "@dirsync/scim-schema"
import * as Fixup from "./Fixup.js"
import type { Profile, ProfileName } from "./Profile.js"
import { coerce } from "./internal/coerce.js"
import { findKey, isRecord, quote, show } from "./internal/json.js"
import type { JsonRecord } from "./internal/json.js"
import { findAttribute, resolveTarget, schemaIds, splitPath } from "./internal/schema.js"

/** The URN of the PatchOp message (RFC 7644 §3.5.2). */
export const PatchOpUrn = Schemas.PatchOpUrn

/** What every normalisation takes: the IdP profile (or its name) and the resource type's schema. */
export interface Options {
  readonly profile: Profile | ProfileName
  readonly schema: ResourceSchema.ResourceSchema
  /**
   * The `id` of the resource a PATCH targets. With it, an `id` inside a pathless value is dropped only
   * when it is that id; without it, any `id` there is dropped (`id` is read-only, RFC 7643 §3.1).
   */
  readonly resourceId?: string | undefined
}

/** A normalised body and the fix-ups applied to it (empty when the request was already canonical). */
export interface Normalized<A = unknown> {
  readonly body: A
  readonly fixups: ReadonlyArray<Fixup.Fixup>
}

/** One PATCH operation after normalisation (what `PatchOp.apply` of @dirsync/scim-patch accepts). */
export interface Operation {
  readonly op: string
  readonly path?: string
  readonly value?: unknown
}

const OPS = new Set(["add", "replace", "remove"])

/**
 * Normalises a PATCH request body (RFC 7644 §3.5.2). The result's `Operations` hold lower-case ops,
 * real booleans, paths instead of dotted keys, and filtered removals instead of value lists.
 *
 * @example
 * import { Normalize } from "@dirsync/idp-profiles"
 * import { Schemas } from "@dirsync/scim-schema"
 * const { body, fixups } = Normalize.patchRequest(
 *   { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 *     Operations: [{ op: "Replace", path: "active", value: "False" }] },
 *   { profile: "entra", schema: Schemas.UserResource }
 * )
 * // body.Operations: [{ op: "replace", path: "active", value: false }]
 * // fixups: [`op "Replace" -> "replace"`, `active "False" -> false`]
 */
export const patchRequest = (body: unknown, options: Options): Normalized => {
  if (!isRecord(body)) return { body, fixups: [] }
  const fixups: Array<Fixup.Fixup> = []
  const out: JsonRecord = {}
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase()
    if (lower === "operations" && key !== "Operations") {
      fixups.push(Fixup.make("key-case", `key "${key}" -> "Operations"`))
      out["Operations"] = value
    } else if (lower === "schemas" && key !== "schemas") {
      fixups.push(Fixup.make("key-case", `key "${key}" -> "schemas"`))
      out["schemas"] = value
    } else {
      out[key] = value
    }
  }
  if (out["schemas"] === undefined) {
    fixups.push(Fixup.make("schemas-added", `schemas added ["${PatchOpUrn}"]`))
    out["schemas"] = [PatchOpUrn]
  }
  const operations = out["Operations"]
  if (Array.isArray(operations)) {
    out["Operations"] = operations.flatMap((operation) => normalizeOperation(operation, options, fixups))
  }
  // Keep `schemas` first, as clients and the RFC's examples do.
  const { schemas, ...rest } = out
  return { body: { schemas, ...rest }, fixups }
}

/**
 * Normalises one PATCH operation; it may become several (a value list removal, dotted keys) or none
 * (a removal with an empty value list).
 *
 * @example
 * import { Normalize } from "@dirsync/idp-profiles"
 * import { Schemas } from "@dirsync/scim-schema"
 * const fixups: Array<Fixup.Fixup> = []
 * Normalize.operation({ op: "Remove", path: "members", value: [{ value: "u1" }] },
 *   { profile: "entra", schema: Schemas.GroupResource }, fixups)
 * // [{ op: "remove", path: "members[value eq \"u1\"]" }]
 */
export const operation = (
  raw: unknown,
  options: Options,
  fixups: Array<Fixup.Fixup>
): ReadonlyArray<unknown> => normalizeOperation(raw, options, fixups)

const normalizeOperation = (raw: unknown, options: Options, fixups: Array<Fixup.Fixup>): Array<unknown> => {
  if (!isRecord(raw)) return [raw]
  const { schema } = options
  const operation: JsonRecord = {}
  for (const [key, value] of Object.entries(raw)) {
    const lower = key.toLowerCase()
    const canonical = lower === "op" ? "op" : lower === "path" ? "path" : lower === "value" ? "value" : key
    if (canonical !== key) fixups.push(Fixup.make("key-case", `key "${key}" -> "${canonical}"`))
    operation[canonical] = value
  }
  let op = operation["op"]
  if (typeof op === "string" && op !== op.trim().toLowerCase() && OPS.has(op.trim().toLowerCase())) {
    const lower = op.trim().toLowerCase()
    fixups.push(Fixup.make("op-case", `op ${show(op)} -> "${lower}"`))
    op = lower
  }
  operation["op"] = op
  if (operation["path"] === "" || operation["path"] === null) {
    fixups.push(Fixup.make("empty-path", `path ${show(operation["path"])} -> no path`))
    delete operation["path"]
  }
  if (typeof op !== "string" || !OPS.has(op)) return [operation]
  const path = operation["path"]
  const hasValue = Object.prototype.hasOwnProperty.call(operation, "value")
  const value = operation["value"]

  if (path === undefined) {
    if (op === "remove" || !isRecord(value)) return [operation]
    return pathlessValue(op, value, options, fixups)
  }
  if (typeof path !== "string") return [operation]

  let target = resolveTarget(schema, path)
  let fixedPath = path
  if (target !== undefined && target.split.dotNotation && target.split.urn !== undefined) {
    fixedPath = target.split.urn + ":" + path.trim().slice(target.split.urn.length + 1)
    fixups.push(Fixup.make("extension-dot-notation", `path ${quote(path)} -> ${quote(fixedPath)}`))
    target = resolveTarget(schema, fixedPath)
  }
  if (target === undefined) return [{ ...operation, path: fixedPath }]
  const definition = target.found.definition
  const label = fixedPath

  if (op === "remove") {
    const valueList = hasValue && value !== null && definition.multiValued &&
      target.split.filter === undefined && target.subAttribute === undefined
    if (valueList) return valueListRemoval(fixedPath, value, fixups)
    if (value === null) return [{ op, path: fixedPath }]
    return [{ ...operation, path: fixedPath }]
  }

  // add / replace
  if (value === null || (value === "" && definition.type === "complex" && target.subAttribute === undefined &&
    target.split.filter === undefined && !definition.multiValued)) {
    if (op === "add") {
      fixups.push(Fixup.make("null-value", `add ${quote(fixedPath)} ${show(value)} -> dropped`))
      return []
    }
    fixups.push(Fixup.make("null-value", `replace ${quote(fixedPath)} ${show(value)} -> remove ${quote(fixedPath)}`))
    return [{ op: "remove", path: fixedPath }]
  }
  if (!hasValue) return [{ ...operation, path: fixedPath }]
  const repaired = target.subAttribute !== undefined
    ? coerce(value, target.subAttribute, "attribute", label, fixups)
    : coerce(value, definition, target.split.filter !== undefined ? "element" : "attribute", label, fixups)
  return [{ op, path: fixedPath, value: repaired }]
}

/** `remove` of a multi-valued attribute with a value list: one filtered removal per listed value. */
const valueListRemoval = (path: string, value: unknown, fixups: Array<Fixup.Fixup>): Array<unknown> => {
  const values = Array.isArray(value) ? value : [value]
  if (values.length === 0) {
    fixups.push(Fixup.make("empty-remove", `remove ${quote(path)} with an empty value list -> dropped`))
    return []
  }
  const filters: Array<string> = []
  for (const element of values) {
    const filter = elementFilter(element)
    // An element we cannot turn into a filter: keep the operation whole for the strict layer to judge.
    if (filter === undefined) return [{ op: "remove", path, value }]
    filters.push(filter)
  }
  return filters.map((filter) => {
    const filtered = `${path.trim()}[${filter}]`
    fixups.push(Fixup.make("member-value-list", `remove ${quote(path)} value list -> path ${quote(filtered)}`))
    return { op: "remove", path: filtered }
  })
}

const elementFilter = (element: unknown): string | undefined => {
  if (typeof element === "string" || typeof element === "number" || typeof element === "boolean") {
    return `value eq ${JSON.stringify(element)}`
  }
  if (!isRecord(element)) return undefined
  const valueKey = findKey(element, "value")
  const primitive = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean"
  // Members are identified by `value` (RFC 7643 §4.2); other sub-attributes only narrow when it is absent.
  if (valueKey !== undefined && primitive(element[valueKey])) return `value eq ${JSON.stringify(element[valueKey])}`
  const parts = Object.entries(element)
    .filter(([key, v]) => primitive(v) && /^[A-Za-z][\w-]*$/.test(key))
    .map(([key, v]) => `${key} eq ${JSON.stringify(v)}`)
  return parts.length === 0 ? undefined : parts.join(" and ")
}

/**
 * A pathless `add`/`replace` value (RFC 7644 §3.5.2.1, §3.5.2.3): plain attributes stay in the value;
 * dotted and URN-qualified keys become operations with a path (Entra with `aadOptscim062020`); `null`s
 * become removals; the resource's own `id` is dropped (Okta's group rename).
 */
const pathlessValue = (
  op: string,
  value: JsonRecord,
  options: Options,
  fixups: Array<Fixup.Fixup>
): Array<unknown> => {
  const { schema } = options
  const kept: JsonRecord = {}
  const extra: Array<unknown> = []
  for (const [key, item] of Object.entries(value)) {
    const extension = schema.extensions.find((e) => e.id.toLowerCase() === key.toLowerCase())
    if (extension !== undefined && isRecord(item)) {
      const inner: JsonRecord = {}
      for (const [name, v] of Object.entries(item)) {
        const found = findAttribute(schema, name, extension.id)
        if (found === undefined) {
          inner[name] = v
          continue
        }
        const canonical = found.definition.name
        if (canonical !== name) fixups.push(Fixup.make("attribute-case", `attribute "${name}" -> "${canonical}"`))
        const path = `${extension.id}:${canonical}`
        if (v === null) {
          extra.push(...nullToRemove(op, path, fixups))
          continue
        }
        inner[canonical] = coerce(v, found.definition, "attribute", path, fixups)
      }
      if (extension.id !== key) fixups.push(Fixup.make("schema-urn", `schema ${quote(key)} -> ${quote(extension.id)}`))
      if (Object.keys(inner).length > 0) kept[extension.id] = inner
      continue
    }
    if (key.toLowerCase() === "id" && (options.resourceId === undefined || item === options.resourceId)) {
      fixups.push(Fixup.make("id-in-value", `${op} value "id" ${show(item)} -> dropped (the resource's own id)`))
      continue
    }
    const split = key.includes(".") || key.includes(":") ? splitPath(schema, key) : undefined
    if (split !== undefined && (split.urn !== undefined || split.subAttribute !== undefined)) {
      // `name.givenName` or `urn:…:User:employeeNumber` as a key: an attribute path, not an attribute name.
      fixups.push(Fixup.make("dotted-key", `${op} value key ${quote(key)} -> path ${quote(key)}`))
      extra.push(...normalizeOperation({ op, path: key, value: item }, options, fixups))
      continue
    }
    const found = findAttribute(schema, key)
    if (found === undefined) {
      kept[key] = item
      continue
    }
    const canonical = found.definition.name
    if (found.extension !== undefined) {
      const path = `${found.extension.id}:${canonical}`
      fixups.push(Fixup.make("extension-attribute", `${op} value key ${quote(key)} -> path ${quote(path)}`))
      extra.push(...normalizeOperation({ op, path, value: item }, options, fixups))
      continue
    }
    if (canonical !== key) fixups.push(Fixup.make("attribute-case", `attribute "${key}" -> "${canonical}"`))
    if (item === null) {
      extra.push(...nullToRemove(op, canonical, fixups))
      continue
    }
    kept[canonical] = coerce(item, found.definition, "attribute", canonical, fixups)
  }
  const head = Object.keys(kept).length > 0 ? [{ op, value: kept }] : []
  return [...head, ...extra]
}

const nullToRemove = (op: string, path: string, fixups: Array<Fixup.Fixup>): Array<unknown> => {
  if (op === "add") {
    fixups.push(Fixup.make("null-value", `add ${quote(path)} null -> dropped`))
    return []
  }
  fixups.push(Fixup.make("null-value", `replace ${quote(path)} null -> remove ${quote(path)}`))
  return [{ op: "remove", path }]
}

/**
 * Normalises a resource sent with POST or PUT (RFC 7643): attribute names re-keyed to their canonical
 * case, string booleans by the schema's types, `null`s dropped (unassigned, RFC 7643 §2.5), extension
 * attributes found at the top level moved under their schema URN, dotted keys nested, misspelt schema
 * URNs corrected, complex values reshaped (`manager` as a bare id or an array). Unknown attributes are kept.
 *
 * @example
 * import { Normalize } from "@dirsync/idp-profiles"
 * import { Schemas } from "@dirsync/scim-schema"
 * const { body, fixups } = Normalize.resource(
 *   { UserName: "bjensen", active: "True", manager: null },
 *   { profile: "entra", schema: Schemas.UserResource }
 * )
 * // body: { userName: "bjensen", active: true }
 */
export const resource = (body: unknown, options: Options): Normalized => {
  if (!isRecord(body)) return { body, fixups: [] }
  const { schema } = options
  const fixups: Array<Fixup.Fixup> = []
  const out: JsonRecord = {}
  const moved = new Map<string, JsonRecord>()
  const explicit = new Map<string, JsonRecord>()
  const into = (map: Map<string, JsonRecord>, urn: string): JsonRecord => {
    let record = map.get(urn)
    if (record === undefined) {
      record = {}
      map.set(urn, record)
    }
    return record
  }

  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === "schemas") {
      if (key !== "schemas") fixups.push(Fixup.make("key-case", `key "${key}" -> "schemas"`))
      out["schemas"] = fixSchemas(value, schema, fixups)
      continue
    }
    const extension = schema.extensions.find((e) => e.id.toLowerCase() === key.toLowerCase())
    if (extension !== undefined) {
      if (extension.id !== key) fixups.push(Fixup.make("schema-urn", `schema ${quote(key)} -> ${quote(extension.id)}`))
      if (value === null) {
        fixups.push(Fixup.make("null-value", `${extension.id} null -> omitted`))
        continue
      }
      if (!isRecord(value)) {
        out[extension.id] = value
        continue
      }
      const target = into(explicit, extension.id)
      for (const [name, v] of Object.entries(value)) {
        setAttribute(target, name, v, extension.id, options, fixups)
      }
      continue
    }
    const split = key.includes(".") || key.includes(":") ? splitPath(schema, key) : undefined
    if (split !== undefined && (split.urn !== undefined || split.subAttribute !== undefined)) {
      const found = findAttribute(schema, split.attribute, split.urn)
      if (found !== undefined && split.filter === undefined) {
        fixups.push(Fixup.make("dotted-key", `key ${quote(key)} -> nested attribute`))
        const target = found.extension !== undefined ? into(explicit, found.extension.id) : out
        const name = found.definition.name
        if (split.subAttribute === undefined) {
          setAttribute(target, name, value, found.extension?.id, options, fixups)
        } else {
          const parent = isRecord(target[name]) ? (target[name] as JsonRecord) : {}
          parent[split.subAttribute] = value
          target[name] = parent
          setAttribute(target, name, parent, found.extension?.id, options, fixups)
        }
        continue
      }
    }
    const found = findAttribute(schema, key)
    if (found !== undefined && found.extension !== undefined) {
      if (value === null) {
        fixups.push(Fixup.make("null-value", `${key} null -> omitted`))
        continue
      }
      fixups.push(
        Fixup.make("extension-attribute", `attribute ${quote(key)} -> under ${quote(found.extension.id)}`)
      )
      setAttribute(into(moved, found.extension.id), key, value, found.extension.id, options, fixups)
      continue
    }
    setAttribute(out, key, value, undefined, options, fixups)
  }

  for (const urn of new Set([...explicit.keys(), ...moved.keys()])) {
    const merged = { ...moved.get(urn), ...explicit.get(urn) }
    if (Object.keys(merged).length === 0) continue
    out[urn] = merged
    const schemas = out["schemas"]
    if (Array.isArray(schemas) && !schemas.some((s) => typeof s === "string" && s.toLowerCase() === urn.toLowerCase())) {
      fixups.push(Fixup.make("schemas-added", `schemas added ${quote(urn)}`))
      out["schemas"] = [...schemas, urn]
    }
  }
  if (out["schemas"] === undefined) {
    const schemas = [schema.core.id, ...schema.extensions.map((e) => e.id).filter((id) => out[id] !== undefined)]
    fixups.push(Fixup.make("schemas-added", `schemas added ${show(schemas)}`))
    out["schemas"] = schemas
  }
  const { schemas, ...rest } = out
  return { body: { schemas, ...rest }, fixups }
}

/** Sets one attribute of a resource (or of an extension object) with its canonical name and repaired value. */
const setAttribute = (
  target: JsonRecord,
  key: string,
  value: unknown,
  urn: string | undefined,
  options: Options,
  fixups: Array<Fixup.Fixup>
): void => {
  const found = findAttribute(options.schema, key, urn)
  if (found === undefined) {
    target[key] = value
    return
  }
  const name = found.definition.name
  if (name !== key) fixups.push(Fixup.make("attribute-case", `attribute "${key}" -> "${name}"`))
  if (value === null) {
    fixups.push(Fixup.make("null-value", `${name} null -> omitted`))
    delete target[name]
    return
  }
  const label = urn === undefined ? name : `${urn}:${name}`
  target[name] = coerce(value, found.definition, "attribute", label, fixups)
}

const squash = (urn: string): string => urn.toLowerCase().replace(/[^a-z0-9]/g, "")

/** Corrects misspelt schema URNs (Entra's `…:extension:enterprise:2.0User`) to the ones the schema knows. */
const fixSchemas = (value: unknown, schema: ResourceSchema.ResourceSchema, fixups: Array<Fixup.Fixup>): unknown => {
  if (!Array.isArray(value)) return value
  const known = schemaIds(schema)
  return value.map((urn) => {
    if (typeof urn !== "string") return urn
    const match = known.find((id) => squash(id) === squash(urn))
    if (match === undefined || match === urn) return urn
    fixups.push(Fixup.make("schema-urn", `schema ${quote(urn)} -> ${quote(match)}`))
    return match
  })
}

/** A normalised filter and the fix-ups applied to it. */
export interface FilterNormalized {
  readonly text: string
  readonly fixups: ReadonlyArray<Fixup.Fixup>
}

const COMPARE = /^(eq|ne|co|sw|ew|gt|lt|ge|le)$/i
const LITERAL = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/i

/**
 * Quotes unquoted comparison values in a filter (RFC 7644 §3.4.2.2 requires JSON strings): Microsoft's
 * documentation shows `filter=externalId eq jyoung`, and GUIDs and e-mail addresses arrive the same way.
 * `true`, `false`, `null` and numbers stay literals, unless the schema says the attribute is a string.
 * Quoted strings are left untouched.
 *
 * @example
 * import { Normalize } from "@dirsync/idp-profiles"
 * Normalize.filter("externalId eq jyoung", "entra").text // 'externalId eq "jyoung"'
 */
export const filter = (
  text: string,
  _profile: Profile | ProfileName,
  schema?: ResourceSchema.ResourceSchema
): FilterNormalized => {
  const fixups: Array<Fixup.Fixup> = []
  let out = ""
  let i = 0
  let previousWord = ""
  let attribute = ""
  while (i < text.length) {
    const c = text[i] as string
    if (c === "\"") {
      const end = stringEnd(text, i)
      out += text.slice(i, end)
      i = end
      previousWord = ""
      continue
    }
    if (/\s|[()[\]]/.test(c)) {
      out += c
      i++
      continue
    }
    let j = i
    while (j < text.length && !/[\s()[\]"]/.test(text[j] as string)) j++
    const word = text.slice(i, j)
    if (COMPARE.test(previousWord) && attribute !== "") {
      const stringTyped = schema !== undefined && isStringAttribute(schema, attribute)
      if (!LITERAL.test(word) || stringTyped) {
        const quoted = JSON.stringify(word)
        fixups.push(Fixup.make("unquoted-filter-value", `filter value ${word} -> ${quoted}`))
        out += quoted
      } else {
        out += word
      }
      previousWord = ""
      attribute = ""
    } else {
      out += word
      if (COMPARE.test(word)) attribute = previousWord
      previousWord = word
    }
    i = j
  }
  return { text: out, fixups }
}

const stringEnd = (text: string, start: number): number => {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++
    else if (text[i] === "\"") return i + 1
  }
  return text.length
}

const isStringAttribute = (schema: ResourceSchema.ResourceSchema, path: string): boolean => {
  const target = resolveTarget(schema, path)
  const definition = target?.subAttribute ?? target?.found.definition
  if (definition === undefined) return false
  return definition.type === "string" || definition.type === "reference" || definition.type === "binary"
}
