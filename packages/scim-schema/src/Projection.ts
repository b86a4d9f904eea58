/**
 * Attribute projection (RFC 7644 §3.4.2.5): the `attributes` and `excludedAttributes` parameters,
 * honouring each attribute's `returned` characteristic (RFC 7643 §7): `never` is never returned
 * (`password`), `always` is always returned (`id`, `schemas`), `request` only when asked for, `default`
 * unless excluded. Paths may name sub-attributes (`name.givenName`, `emails.value`), be URN-qualified
 * (`urn:…:enterprise:2.0:User:manager`) or name a whole extension by its URN; names are case-insensitive
 * and the output keeps the keys as stored. Attributes no schema describes count as `returned: default`.
 *
 * @module
 */
import type * as Attribute from "./Attribute.js"
import { commonAttributes } from "./internal/common.js"
import type * as ResourceSchema from "./ResourceSchema.js"

/** The projection parameters; with both, `attributes` wins as RFC 7644 §3.4.2.5 lets a provider choose. */
export interface Options {
  readonly attributes?: ReadonlyArray<string> | undefined
  readonly excludedAttributes?: ReadonlyArray<string> | undefined
}

type Selection = "all" | Set<string>
/** lower-cased container ("" for the resource root, else extension URN) -> attribute -> selection */
type Plan = Map<string, Map<string, Selection>>
type Mode = "default" | "include" | "exclude"

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const add = (plan: Plan, container: string, attribute: string, sub: string | undefined) => {
  let attrs = plan.get(container)
  if (attrs === undefined) plan.set(container, (attrs = new Map()))
  if (attribute === "") {
    attrs.set("", "all")
    return
  }
  const current = attrs.get(attribute)
  if (sub === undefined || current === "all") attrs.set(attribute, "all")
  else if (current === undefined) attrs.set(attribute, new Set([sub]))
  else current.add(sub)
}

const plan = (paths: ReadonlyArray<string>, schema: ResourceSchema.ResourceSchema): Plan => {
  const result: Plan = new Map()
  const extensionIds = schema.extensions.map((e) => e.id.toLowerCase())
  const coreId = schema.core.id.toLowerCase()
  for (const raw of paths.flatMap((p) => p.split(","))) {
    const path = raw.trim().toLowerCase()
    if (path === "") continue
    const whole = extensionIds.find((id) => path === id)
    if (whole !== undefined) {
      add(result, whole, "", undefined)
      continue
    }
    let container = ""
    let rest = path
    const extension = extensionIds.find((id) => path.startsWith(id + ":"))
    if (extension !== undefined) {
      container = extension
      rest = path.slice(extension.length + 1)
    } else if (path.startsWith(coreId + ":")) {
      rest = path.slice(coreId.length + 1)
    } else if (path.startsWith("urn:")) {
      // An unregistered extension: the URN itself is the key; `urn:…:attr` paths are not split.
      add(result, "", path, undefined)
      continue
    }
    const dot = rest.indexOf(".")
    if (dot < 0) add(result, container, rest, undefined)
    else add(result, container, rest.slice(0, dot), rest.slice(dot + 1))
  }
  return result
}

/** Definitions by lower-cased name, built once per definition list (projection runs for every resource of a page). */
const indexes = new WeakMap<ReadonlyArray<Attribute.Definition>, Map<string, Attribute.Definition>>()

const find = (definitions: ReadonlyArray<Attribute.Definition> | undefined, key: string) => {
  if (definitions === undefined) return undefined
  let index = indexes.get(definitions)
  if (index === undefined) {
    index = new Map()
    for (const d of definitions) {
      const name = d.name.toLowerCase()
      if (!index.has(name)) index.set(name, d)
    }
    indexes.set(definitions, index)
  }
  return index.get(key.toLowerCase())
}

/** A resource schema's core attributes followed by the common ones, one list per schema. */
const rootDefinitions = new WeakMap<ResourceSchema.ResourceSchema, ReadonlyArray<Attribute.Definition>>()

const definitionsOf = (schema: ResourceSchema.ResourceSchema): ReadonlyArray<Attribute.Definition> => {
  let definitions = rootDefinitions.get(schema)
  if (definitions === undefined) {
    definitions = [...schema.core.attributes, ...commonAttributes]
    rootDefinitions.set(schema, definitions)
  }
  return definitions
}

/** Keeps a value's sub-attributes by their `returned` and the selection. */
const projectComplex = (
  value: unknown,
  subs: ReadonlyArray<Attribute.Definition> | undefined,
  mode: Mode,
  selection: Selection | undefined
): unknown => {
  const one = (item: unknown): unknown => {
    if (!isObject(item)) return item
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(item)) {
      const returned = find(subs, key)?.returned ?? "default"
      if (returned === "never") continue
      const lower = key.toLowerCase()
      const named = selection instanceof Set && selection.has(lower)
      const keep = returned === "always" || (
        mode === "include" && selection !== "all" ? named : !(mode === "exclude" && named) && returned !== "request"
      )
      if (keep) out[key] = v
    }
    return out
  }
  if (Array.isArray(value)) {
    const items = value.map(one).filter((i) => !isObject(i) || Object.keys(i).length > 0)
    return items
  }
  return one(value)
}

const isEmpty = (v: unknown) => (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0)

const projectContainer = (
  object: Record<string, unknown>,
  definitions: ReadonlyArray<Attribute.Definition>,
  mode: Mode,
  selections: Map<string, Selection> | undefined,
  extensions: ReadonlyArray<{ readonly id: string; readonly attributes: ReadonlyArray<Attribute.Definition> }>,
  fullPlan: Plan
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(object)) {
    const lower = key.toLowerCase()
    const extension = extensions.find((e) => e.id.toLowerCase() === lower)
    if (extension !== undefined && isObject(value)) {
      const inner = fullPlan.get(lower)
      const whole = inner?.get("") === "all"
      const innerMode: Mode = whole ? (mode === "exclude" ? "exclude" : "default") : mode
      const projected = whole && mode === "exclude"
        ? projectContainer(value, extension.attributes, "include", new Map(), [], fullPlan)
        : projectContainer(value, extension.attributes, innerMode, whole ? undefined : inner, [], fullPlan)
      if (Object.keys(projected).length > 0) out[key] = projected
      continue
    }
    const definition = find(definitions, key)
    const returned = definition?.returned ?? "default"
    if (returned === "never") continue
    const selection = selections?.get(lower)
    if (returned === "always") {
      out[key] = projectComplex(value, definition?.subAttributes, "default", undefined)
      continue
    }
    if (mode === "include") {
      if (selection === undefined) continue
      const projected = definition?.subAttributes === undefined && selection === "all"
        ? value
        : projectComplex(value, definition?.subAttributes, "include", selection)
      if (!isEmpty(projected) || isEmpty(value)) out[key] = projected
    } else if (mode === "exclude") {
      if (selection === "all" || returned === "request") continue
      out[key] = selection === undefined && definition?.subAttributes === undefined
        ? value
        : projectComplex(value, definition?.subAttributes, selection === undefined ? "default" : "exclude", selection)
    } else {
      if (returned === "request") continue
      out[key] = definition?.subAttributes === undefined ? value : projectComplex(value, definition.subAttributes, "default", undefined)
    }
  }
  return out
}

const hides = (d: Attribute.Definition): boolean => d.returned === "never" || d.returned === "request"

/**
 * The lower-cased names of a schema's top-level attributes that a default projection removes, or
 * `undefined` when it would also have to look inside attributes (a hidden sub-attribute or extension
 * attribute): then only the full projection will do.
 */
const hiddenRoots = new WeakMap<ResourceSchema.ResourceSchema, ReadonlySet<string> | undefined>()

const hiddenRootsOf = (schema: ResourceSchema.ResourceSchema): ReadonlySet<string> | undefined => {
  if (hiddenRoots.has(schema)) return hiddenRoots.get(schema)
  const definitions = definitionsOf(schema)
  const nested = definitions.some((d) => d.subAttributes?.some(hides)) ||
    schema.extensions.some((e) => e.attributes.some((d) => hides(d) || d.subAttributes?.some(hides)))
  const roots = nested ? undefined : new Set(definitions.filter(hides).map((d) => d.name.toLowerCase()))
  hiddenRoots.set(schema, roots)
  return roots
}

const isEmptyObject = (v: unknown): boolean => {
  if (!isObject(v)) return false
  for (const _ in v) return false
  return true
}

/** A default projection drops the empty items of a multi-valued complex attribute. */
const hasEmptyItem = (v: unknown): boolean => Array.isArray(v) && v.some(isEmptyObject)

/**
 * Whether a default projection would return `resource` as it is: it has none of the attributes that
 * projection removes, no empty item in a multi-valued attribute and no empty extension object. Errs on the
 * side of "no" (the full projection then runs), never the other way.
 */
const unchangedByDefault = (resource: Readonly<Record<string, unknown>>, schema: ResourceSchema.ResourceSchema) => {
  const roots = hiddenRootsOf(schema)
  if (roots === undefined) return false
  for (const key in resource) {
    const lower = key.toLowerCase()
    if (roots.has(lower)) return false
    const value = resource[key]
    if (hasEmptyItem(value)) return false
    if (lower.startsWith("urn:") && isObject(value) && schema.extensions.some((e) => e.id.toLowerCase() === lower)) {
      if (isEmptyObject(value)) return false
      for (const inner in value) if (hasEmptyItem(value[inner])) return false
    }
  }
  return true
}

/**
 * Projects a resource for a response: applies `attributes` or `excludedAttributes` (RFC 7644 §3.4.2.5)
 * and the `returned` characteristics of the resource schema's definitions (and of the common attributes).
 * Without options, returns every attribute except `never` and `request` ones: the input itself when it has
 * none (the common case, e.g. a stored User without `password`, which makes listing a page cheap). The
 * input is never changed.
 *
 * @example
 * import { Projection, Schemas } from "@dirsync/scim-schema"
 * const user = { schemas: [Schemas.UserUrn], id: "1", userName: "bjensen", password: "secret", name: { givenName: "Barbara", familyName: "Jensen" } }
 * Projection.apply(user, Schemas.UserResource, { attributes: ["name.givenName"] })
 * // { schemas: [Schemas.UserUrn], id: "1", name: { givenName: "Barbara" } }
 */
export const apply = (
  resource: Readonly<Record<string, unknown>>,
  resourceSchema: ResourceSchema.ResourceSchema,
  options: Options = {}
): Record<string, unknown> => {
  const definitions = definitionsOf(resourceSchema)
  const include = options.attributes !== undefined && options.attributes.some((a) => a.trim() !== "")
  const exclude = !include && options.excludedAttributes !== undefined && options.excludedAttributes.some((a) => a.trim() !== "")
  if (!include && !exclude && unchangedByDefault(resource, resourceSchema)) return resource as Record<string, unknown>
  const paths = include ? options.attributes! : exclude ? options.excludedAttributes! : []
  const fullPlan = plan(paths, resourceSchema)
  const mode: Mode = include ? "include" : exclude ? "exclude" : "default"
  return projectContainer(resource, definitions, mode, fullPlan.get("") ?? new Map(), resourceSchema.extensions, fullPlan)
}
