/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) on a stored resource: `returned: "never"`
 * attributes (password) are never sent, `id` and `schemas` always are, names match case-insensitively,
 * sub-attribute paths (`name.givenName`, `emails.value`) and URN-qualified paths are understood.
 *
 * @module
 */
import { type ResourceSchema, Schemas } from "@dirsync/scim-schema"

type Json = Record<string, unknown>

const ALWAYS = new Set(["id", "schemas"])

const isRecord = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

/** A requested path split into an optional extension URN key and the attribute path below it. */
interface Target {
  readonly urn?: string | undefined
  readonly attr: string
  readonly sub?: string | undefined
}

const parse = (raw: string, schema: ResourceSchema.ResourceSchema): Target | undefined => {
  const text = raw.trim()
  if (text === "") return undefined
  const urns = [schema.core.id, ...schema.extensions.map((e) => e.id)]
  for (const urn of urns) {
    if (text.toLowerCase() === urn.toLowerCase()) return { urn, attr: "" }
    if (text.toLowerCase().startsWith(urn.toLowerCase() + ":")) {
      const rest = text.slice(urn.length + 1)
      const [attr = "", sub] = rest.split(".")
      return urn === schema.core.id ? { attr, sub } : { urn, attr, sub }
    }
  }
  const [attr = "", sub] = text.split(".")
  return { attr, sub }
}

const keyOf = (obj: Json, name: string): string | undefined =>
  Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase())

const pick = (value: unknown, sub: string | undefined): unknown => {
  if (sub === undefined) return value
  const pickOne = (v: unknown) => {
    if (!isRecord(v)) return undefined
    const k = keyOf(v, sub)
    return k === undefined ? undefined : { [k]: v[k] }
  }
  if (Array.isArray(value)) return value.map(pickOne).filter((v) => v !== undefined)
  return pickOne(value)
}

const merge = (a: unknown, b: unknown): unknown => {
  if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => merge(x, b[i]))
  if (isRecord(a) && isRecord(b)) return { ...a, ...b }
  return b ?? a
}

const neverReturned = (schema: ResourceSchema.ResourceSchema): Set<string> =>
  new Set(
    [schema.core, ...schema.extensions].flatMap((s) => s.attributes.filter((a) => a.returned === "never").map((a) => a.name.toLowerCase()))
  )

/**
 * Applies the projection; with neither list it only drops `returned: "never"` attributes.
 *
 * @example
 * apply({ id: "1", userName: "a", name: { givenName: "A" } }, Schemas.UserResource, { attributes: "name.givenName" })
 * // { id: "1", schemas: …, name: { givenName: "A" } }
 */
export const apply = (
  resource: Json,
  schema: ResourceSchema.ResourceSchema,
  options: { readonly attributes?: string | undefined; readonly excludedAttributes?: string | undefined }
): Json => {
  const never = neverReturned(schema)
  const base: Json = {}
  for (const [k, v] of Object.entries(resource)) if (!never.has(k.toLowerCase())) base[k] = v
  const list = (s: string | undefined) =>
    (s ?? "").split(",").map((p) => parse(p, schema)).filter((t): t is Target => t !== undefined)
  const attributes = list(options.attributes)
  if (attributes.length > 0) {
    const out: Json = {}
    for (const k of Object.keys(base)) if (ALWAYS.has(k.toLowerCase())) out[k] = base[k]
    for (const t of attributes) {
      const container = t.urn === undefined ? base : (() => {
        const k = keyOf(base, t.urn)
        return k && isRecord(base[k]) ? (base[k] as Json) : undefined
      })()
      if (!container) continue
      if (t.attr === "") {
        const k = keyOf(base, t.urn ?? "")
        if (k) out[k] = base[k]
        continue
      }
      const k = keyOf(container, t.attr)
      if (k === undefined) continue
      const picked = pick(container[k], t.sub)
      if (picked === undefined) continue
      if (t.urn === undefined) out[k] = merge(out[k], picked)
      else {
        const uk = keyOf(base, t.urn)!
        out[uk] = { ...(isRecord(out[uk]) ? out[uk] : {}), [k]: merge((out[uk] as Json | undefined)?.[k], picked) }
      }
    }
    return out
  }
  const excluded = list(options.excludedAttributes)
  if (excluded.length === 0) return base
  const out: Json = { ...base }
  for (const t of excluded) {
    if (t.urn === undefined && ALWAYS.has(t.attr.toLowerCase())) continue
    const container = t.urn === undefined ? out : (() => {
      const k = keyOf(out, t.urn)
      if (!k || !isRecord(out[k])) return undefined
      out[k] = { ...(out[k] as Json) }
      return out[k] as Json
    })()
    if (!container) continue
    const k = keyOf(container, t.attr)
    if (k === undefined) continue
    if (t.sub === undefined) {
      delete container[k]
      continue
    }
    const drop = (v: unknown) => {
      if (!isRecord(v)) return v
      const sk = keyOf(v, t.sub!)
      if (sk === undefined) return v
      const { [sk]: _, ...rest } = v
      return rest
    }
    container[k] = Array.isArray(container[k]) ? (container[k] as Array<unknown>).map(drop) : drop(container[k])
  }
  return out
}

/** The resource schemas of the two resource types. */
export const schemaFor = (resourceType: "User" | "Group"): ResourceSchema.ResourceSchema =>
  resourceType === "User" ? Schemas.UserResource : Schemas.GroupResource
