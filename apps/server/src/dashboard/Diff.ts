/**
 * A before/after diff of two SCIM resources for the event page: both are flattened to `path -> value`
 * (`name.givenName`, `emails[0].value`) and the paths whose values differ are listed.
 *
 * @module
 */

/** One changed path. */
export interface Change {
  readonly path: string
  readonly kind: "added" | "removed" | "changed"
  readonly before: string | undefined
  readonly after: string | undefined
}

const IGNORED = new Set(["meta.lastModified", "meta.version"])

/**
 * Flattens a JSON value into leaf paths and their JSON text.
 *
 * @example
 * import { flatten } from "./Diff.js"
 * flatten({ name: { givenName: "Ann" } }) // Map { "name.givenName" => "\"Ann\"" }
 */
export const flatten = (value: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> => {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, "[]")
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out))
  } else if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
    if (entries.length === 0 && prefix !== "") out.set(prefix, "{}")
    for (const [k, v] of entries) flatten(v, prefix === "" ? k : `${prefix}.${k}`, out)
  } else if (prefix !== "") {
    out.set(prefix, JSON.stringify(value) ?? "undefined")
  }
  return out
}

/**
 * The changed paths between two resources, sorted by path (`meta.lastModified` and `meta.version` left out).
 *
 * @example
 * import { diff } from "./Diff.js"
 * diff({ active: true }, { active: false }) // [{ path: "active", kind: "changed", before: "true", after: "false" }]
 */
export const diff = (before: unknown, after: unknown): ReadonlyArray<Change> => {
  const a = flatten(before ?? {})
  const b = flatten(after ?? {})
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => !IGNORED.has(p)).sort()
  const out: Array<Change> = []
  for (const path of paths) {
    const x = a.get(path)
    const y = b.get(path)
    if (x === y) continue
    out.push({ path, kind: x === undefined ? "added" : y === undefined ? "removed" : "changed", before: x, after: y })
  }
  return out
}
