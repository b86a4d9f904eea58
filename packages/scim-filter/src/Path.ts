/**
 * PATCH paths of RFC 7644 §3.5.2: `attrPath` (`name.givenName`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`) or `valuePath` with an optional
 * sub-attribute (`members[value eq "2819c223"]`, `emails[type eq "work"].value`).
 *
 * @module
 */
import { Either } from "effect"
import type { AttributePath, Filter, ParseOptions } from "./Filter.js"
import { FilterParseError } from "./Filter.js"
import { formatAttributePath, formatFilter } from "./internal/format.js"
import { Failure, parsePath, settings } from "./internal/parser.js"

/**
 * A parsed PATCH path: an attribute (with optional URN and sub-attribute), or the values of a
 * multi-valued attribute selected by a filter, optionally narrowed to one sub-attribute.
 */
export type Path =
  | { readonly _tag: "AttributePath"; readonly path: AttributePath }
  | {
    readonly _tag: "ValuePath"
    readonly path: AttributePath
    readonly filter: Filter
    readonly subAttribute?: string
  }

/**
 * Parses a PATCH path (RFC 7644 §3.5.2). Never throws; errors carry `scimType: "invalidPath"`. The
 * value filter follows the filter grammar and its options (`unquotedValues`, limits).
 *
 * @example
 * import { Path } from "@dirsync/scim-filter"
 * Path.parse('emails[type eq "work"].value')
 * // Either.right({ _tag: "ValuePath", path: { attribute: "emails" }, filter: …, subAttribute: "value" })
 */
export const parse = (text: string, options?: ParseOptions): Either.Either<Path, FilterParseError> => {
  const result = parsePath(text, settings(options))
  return result instanceof Failure ? Either.left(
      new FilterParseError({
        reason: result.reason,
        input: text,
        position: result.offset + 1,
        expected: result.expected,
        scimType: "invalidPath"
      })
    ) : Either.right(result)
}

/**
 * Formats a path as canonical text; `parse(format(path))` gives back the same path.
 *
 * @example
 * import { Path } from "@dirsync/scim-filter"
 * Path.format({ _tag: "AttributePath", path: { attribute: "name", subAttribute: "givenName" } }) // "name.givenName"
 */
export const format = (path: Path): string => {
  if (path._tag === "AttributePath") return formatAttributePath(path.path)
  const base = `${formatAttributePath(path.path)}[${formatFilter(path.filter)}]`
  return path.subAttribute === undefined ? base : `${base}.${path.subAttribute}`
}
