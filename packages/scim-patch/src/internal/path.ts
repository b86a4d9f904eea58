/**
 * The one place that talks to @dirsync/scim-filter: parses PATCH paths (RFC 7644 §3.5.2, the `PATH`
 * rule) and compiles value filters into element predicates. Everything else in this package works on
 * {@link ParsedPath}.
 */
import { Filter, Path } from "@dirsync/scim-filter"
import type { ResourceSchema } from "@dirsync/scim-schema"

/** A parsed PATCH path: `attr`, `attr.sub`, `urn:attr`, `attr[filter]` or `attr[filter].sub`. */
export interface ParsedPath {
  readonly urn: string | undefined
  readonly attribute: string
  readonly subAttribute: string | undefined
  readonly filter: Filter.Filter | undefined
}

/** Parses a PATCH path, or returns the parse error's message. */
export const parse = (text: string): ParsedPath | string => {
  const result = Path.parse(text)
  if (result._tag === "Left") return result.left.message
  const path = result.right
  if (path._tag === "AttributePath") {
    return {
      urn: path.path.urn,
      attribute: path.path.attribute,
      subAttribute: path.path.subAttribute,
      filter: undefined
    }
  }
  return { urn: path.path.urn, attribute: path.path.attribute, subAttribute: path.subAttribute, filter: path.filter }
}

/** Compiles a value filter against the schema of one element (its sub-attributes as attributes). */
export const compile = (
  filter: Filter.Filter,
  elementSchema: ResourceSchema.ResourceSchema | undefined
): (element: Record<string, unknown>) => boolean => Filter.compile(filter, elementSchema)

/** Formats a filter back to text for messages. */
export const format = (filter: Filter.Filter): string => Filter.format(filter)

/**
 * The attribute/value pairs a filter requires when it is a conjunction of `eq` comparisons on
 * sub-attributes (`type eq "work" and primary eq true`), used to build the element a `replace` on an
 * unmatched value path adds; `undefined` when the filter is anything else.
 */
export const equalities = (filter: Filter.Filter): Array<readonly [string, Filter.Value]> | undefined => {
  switch (filter._tag) {
    case "Compare":
      if (filter.op !== "eq" || filter.path.subAttribute !== undefined || filter.path.urn !== undefined) return undefined
      return [[filter.path.attribute, filter.value]]
    case "And": {
      const left = equalities(filter.left)
      const right = left === undefined ? undefined : equalities(filter.right)
      return left === undefined || right === undefined ? undefined : [...left, ...right]
    }
    default:
      return undefined
  }
}
