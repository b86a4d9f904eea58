/** Case-insensitive access to SCIM JSON (attribute names keep the client's case). */
import type { Resource } from "../Scim.js"

export const findKey = (obj: Resource, name: string): string | undefined => {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name
  const lower = name.toLowerCase()
  return Object.keys(obj).find((k) => k.toLowerCase() === lower)
}

export const lookup = (obj: Resource, name: string): unknown => {
  const key = findKey(obj, name)
  return key === undefined ? undefined : obj[key]
}

const isObject = (v: unknown): v is Resource => v !== null && typeof v === "object" && !Array.isArray(v)

/** Reads `a.b`, or `urn:…:attr.sub` (the URN part is the extension object key). */
export const getPath = (resource: Resource, path: string): unknown => {
  let target: unknown = resource
  let rest = path
  if (path.toLowerCase().startsWith("urn:")) {
    const lower = path.toLowerCase()
    const urnKey = Object.keys(resource).filter((k) => k.toLowerCase().startsWith("urn:")).find((k) =>
      lower.startsWith(k.toLowerCase() + ":")
    )
    if (urnKey === undefined) return undefined
    target = resource[urnKey]
    rest = path.slice(urnKey.length + 1)
  }
  for (const part of rest.split(".")) {
    if (!isObject(target)) return undefined
    target = lookup(target, part)
  }
  return target
}

/** Deep equality of JSON values. */
export const equal = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]))
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]))
  }
  return false
}

const SECRET = /^(password|.*token|.*secret|authorization)$/i

/** A copy of a request body with `password` and token-like values replaced by "[redacted]". */
export const redact = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redact)
  if (isObject(value)) {
    const out: Record<string, unknown> = {}
    const isPasswordOp = typeof value.path === "string" && SECRET.test(value.path)
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET.test(k) || (isPasswordOp && k.toLowerCase() === "value") ? "[redacted]" : redact(v)
    }
    return out
  }
  return value
}
