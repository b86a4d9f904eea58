/**
 * The SCIM filter language of RFC 7644 §3.4.2.2: parse filter text into a plain tree, format a tree back
 * into canonical text, and evaluate a tree against resources with the comparison rules of RFC 7644
 * §3.4.2.2 and the attribute characteristics of RFC 7643 §2 and §7 (types, `caseExact`).
 *
 * The tree is made of plain readonly objects with a `_tag`, so other code (a SQL compiler, a query
 * planner) can walk it with a `switch`.
 *
 * Tolerances for what identity providers really send (each on by default, each can be switched off):
 * - `unquotedValues`: `externalId eq jyoung`, `externalId eq 5f3b…-…` (Microsoft's documentation shows
 *   unquoted values); a bare word is read as a string, and an unquoted number or boolean still matches
 *   a string attribute by its text (`externalId eq 12345` finds `"12345"`).
 * - `valuePathSubAttribute`: `emails[type eq "work"].value eq "x"` (Entra ID's uniqueness lookups), read
 *   as `emails[type eq "work" and value eq "x"]`.
 * Always accepted: operators, `and`, `or`, `not`, `true`, `false`, `null` in any case, and any amount of
 * whitespace between tokens.
 *
 * @module
 */
import type { ResourceSchema } from "@dirsync/scim-schema"
import { Data, Either, ParseResult, Schema } from "effect"
import { compile as compileTree, type Predicate } from "./internal/compile.js"
import { formatCompareValue, formatFilter } from "./internal/format.js"
import { Failure, parseFilter, settings } from "./internal/parser.js"

/**
 * An attribute path (RFC 7644 §3.4.2.2 `attrPath`): an optional schema URN, an attribute name and an
 * optional sub-attribute name, as written (names compare case-insensitively).
 */
export interface AttributePath {
  readonly urn?: string
  readonly attribute: string
  readonly subAttribute?: string
}

/** The comparison operators of RFC 7644 §3.4.2.2, Table 3 (`pr` is the `Present` node). */
export type CompareOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le"

/** A comparison value: a JSON string, number, boolean or null (RFC 7644 §3.4.2.2 `compValue`). */
export type Value = string | number | boolean | null

/**
 * `path op value`, such as `userName eq "bjensen"`.
 *
 * `text` is set by the parser only for a number or boolean written in a spelling other than the
 * canonical one (`externalId eq 1.50`, `externalId eq 12345678901234567890`, `title eq True`): it keeps
 * that spelling, because string attributes compare against the literal's text (see {@link valueText})
 * and `format` writes it back. Trees built by hand leave it out.
 */
export interface Compare {
  readonly _tag: "Compare"
  readonly path: AttributePath
  readonly op: CompareOperator
  readonly value: Value
  readonly text?: string
}

/** `path pr`: the attribute has a non-empty value. */
export interface Present {
  readonly _tag: "Present"
  readonly path: AttributePath
}

/** `left and right`. */
export interface And {
  readonly _tag: "And"
  readonly left: Filter
  readonly right: Filter
}

/** `left or right`. */
export interface Or {
  readonly _tag: "Or"
  readonly left: Filter
  readonly right: Filter
}

/** `not (filter)`. */
export interface Not {
  readonly _tag: "Not"
  readonly filter: Filter
}

/**
 * `path[filter]`: some value of the (complex) attribute at `path` (URN and attribute only) satisfies
 * `filter`, whose paths name sub-attributes (`emails[type eq "work" and value co "@example.com"]`).
 */
export interface ValuePath {
  readonly _tag: "ValuePath"
  readonly path: AttributePath
  readonly filter: Filter
}

/** A parsed filter (RFC 7644 §3.4.2.2). */
export type Filter = Compare | Present | And | Or | Not | ValuePath

/**
 * A filter or path that could not be parsed. `position` is the 1-based character position where the
 * problem was found (one past the end when the input ended too early), `expected` says what would have
 * been valid there, and `scimType` is the RFC 7644 §3.12 error type to answer with
 * (`invalidFilter` for filters, `invalidPath` for PATCH paths).
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * import { Either } from "effect"
 * const result = Filter.parse("userName eq")
 * if (Either.isLeft(result)) result.left.message
 * // 'Cannot parse filter "userName eq": expected a value at position 12'
 */
export class FilterParseError extends Data.TaggedError("FilterParseError")<{
  readonly reason: string
  readonly input: string
  readonly position: number
  readonly expected: string
  readonly scimType: "invalidFilter" | "invalidPath"
}> {
  override get message(): string {
    const what = this.scimType === "invalidPath" ? "path" : "filter"
    const shown = this.input.length > 200 ? `${this.input.slice(0, 200)}…` : this.input
    return `Cannot parse ${what} ${JSON.stringify(shown)}: ${this.reason} at position ${this.position}`
  }
}

/**
 * Parser options. Every tolerance is on by default; `strict: true` switches all of them off (any
 * tolerance given explicitly still wins).
 */
export interface ParseOptions {
  /** Switch every tolerance off, for exact RFC 7644 grammar. Default `false`. */
  readonly strict?: boolean
  /** Accept unquoted values as strings: `externalId eq jyoung`. Default `true`. */
  readonly unquotedValues?: boolean
  /** Accept Entra ID's `emails[type eq "work"].value eq "x"`. Default `true`. Filters only. */
  readonly valuePathSubAttribute?: boolean
  /** Longest input accepted, in characters. Default `8192`. */
  readonly maxLength?: number
  /** Deepest nesting of parentheses, `not (…)` and brackets accepted. Default `32`. */
  readonly maxDepth?: number
}

const toError = (failure: Failure, input: string): FilterParseError =>
  new FilterParseError({
    reason: failure.reason,
    input,
    position: failure.offset + 1,
    expected: failure.expected,
    scimType: "invalidFilter"
  })

/**
 * Parses filter text (RFC 7644 §3.4.2.2). Never throws: malformed input, input longer than `maxLength`
 * and nesting deeper than `maxDepth` give a `FilterParseError`.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.parse('userName Eq "bjensen"')
 * // Either.right({ _tag: "Compare", path: { attribute: "userName" }, op: "eq", value: "bjensen" })
 */
export const parse = (text: string, options?: ParseOptions): Either.Either<Filter, FilterParseError> => {
  const result = parseFilter(text, settings(options))
  return result instanceof Failure ? Either.left(toError(result, text)) : Either.right(result)
}

/**
 * Parses filter text and throws the `FilterParseError` when it is malformed; for literals in code and
 * tests.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * const byUserName = Filter.unsafeParse('userName eq "bjensen"')
 */
export const unsafeParse = (text: string, options?: ParseOptions): Filter =>
  Either.getOrThrowWith(parse(text, options), (error) => error)

/**
 * Formats a tree as canonical filter text: lower-case operators, single spaces, JSON values (a number or
 * boolean keeps the spelling recorded in `Compare.text`) and only the parentheses the tree needs.
 * `parse(format(tree))` gives back the same tree.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.format(Filter.unsafeParse('emails[type eq "work"].value EQ "a@example.com"'))
 * // 'emails[type eq "work" and value eq "a@example.com"]'
 */
export const format = (filter: Filter): string => formatFilter(filter)

/**
 * Compiles a tree once into a predicate over resources (plain JSON objects as received). With a resource
 * schema, string comparisons follow each attribute's `caseExact` (a number or boolean compared with a
 * `string`, `reference` or `binary` attribute is compared as its text, see {@link valueText}), `dateTime` values compare as instants,
 * numbers and booleans by type, and attributes the schema does not know never match. Without one,
 * strings compare ignoring case and other values by their JSON type.
 *
 * Rules (RFC 7644 §3.4.2.2): attribute names ignore case; a multi-valued attribute matches when any
 * value matches (`ne` too: any value differs); a complex attribute compared without a sub-attribute is
 * compared through its `value` sub-attribute; `pr` is false for null, `""`, `[]` and an object without a
 * present value; `eq null` matches an absent value and `ne null` a present one; `gt`/`lt`/`ge`/`le` and
 * `co`/`sw`/`ew` never match booleans; extension attributes are read from the object under their
 * schema URN.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * import { Schemas } from "@dirsync/scim-schema"
 * const isWorkAddress = Filter.compile(Filter.unsafeParse('emails[type eq "work"]'), Schemas.UserResource)
 * isWorkAddress({ emails: [{ type: "work", value: "bjensen@example.com" }] }) // true
 */
export const compile = (
  filter: Filter,
  resourceSchema?: ResourceSchema.ResourceSchema
): (resource: Record<string, unknown>) => boolean => compileTree(filter, resourceSchema)

/**
 * The text a string attribute is compared against: a string value itself, or the spelling of a number
 * or boolean as it was written (`externalId eq 12345` gives `"12345"`, `externalId eq 1.50` gives
 * `"1.50"`); `undefined` for `null`. `compile` uses it for `string`, `reference` and `binary`
 * attributes, so an unquoted value (as Microsoft Entra ID sends it) finds the string it stands for; a SQL
 * compiler should do the same for its string columns.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.valueText(Filter.unsafeParse("externalId eq 12345") as Filter.Compare) // "12345"
 */
export const valueText = (compare: Compare): string | undefined => {
  const value = compare.value
  if (value === null) return undefined
  return typeof value === "string" ? value : formatCompareValue(value, compare.text)
}

const cacheWithout = new WeakMap<Filter, Predicate>()
const cacheWith = new WeakMap<ResourceSchema.ResourceSchema, WeakMap<Filter, Predicate>>()

/**
 * Evaluates a tree against one resource (see {@link compile} for the rules). The compiled predicate is
 * cached per tree and resource schema, so repeated calls with the same tree are cheap.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.evaluate(Filter.unsafeParse('userName eq "BJensen"'), { userName: "bjensen" }) // true
 */
export const evaluate = (
  filter: Filter,
  resource: Record<string, unknown>,
  resourceSchema?: ResourceSchema.ResourceSchema
): boolean => {
  let cache = cacheWithout
  if (resourceSchema !== undefined) {
    let found = cacheWith.get(resourceSchema)
    if (found === undefined) {
      found = new WeakMap()
      cacheWith.set(resourceSchema, found)
    }
    cache = found
  }
  let predicate = cache.get(filter)
  if (predicate === undefined) {
    predicate = compileTree(filter, resourceSchema)
    cache.set(filter, predicate)
  }
  return predicate(resource)
}

// ---------------------------------------------------------------------------------------------------
// Constructors

/**
 * Builds an attribute path from its text form, splitting a schema URN at its last colon and a
 * sub-attribute at the dot; the text is not validated.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
 * // { urn: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attribute: "manager", subAttribute: "value" }
 */
export const path = (text: string): AttributePath => {
  const colon = text.lastIndexOf(":")
  const rest = colon < 0 ? text : text.slice(colon + 1)
  const dot = rest.indexOf(".")
  const attribute = dot < 0 ? rest : rest.slice(0, dot)
  const base: AttributePath = colon < 0 ? { attribute } : { urn: text.slice(0, colon), attribute }
  return dot < 0 ? base : { ...base, subAttribute: rest.slice(dot + 1) }
}

/**
 * Builds a `Compare` node.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.compare("userName", "eq", "bjensen")
 */
export const compare = (attributePath: string | AttributePath, op: CompareOperator, value: Value): Compare => ({
  _tag: "Compare",
  path: typeof attributePath === "string" ? path(attributePath) : attributePath,
  op,
  value
})

/**
 * Builds a `Present` node.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.present("title")
 */
export const present = (attributePath: string | AttributePath): Present => ({
  _tag: "Present",
  path: typeof attributePath === "string" ? path(attributePath) : attributePath
})

/**
 * Builds an `And` node.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.and(Filter.present("title"), Filter.compare("userType", "eq", "Employee"))
 */
export const and = (left: Filter, right: Filter): And => ({ _tag: "And", left, right })

/**
 * Builds an `Or` node.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.or(Filter.present("title"), Filter.present("nickName"))
 */
export const or = (left: Filter, right: Filter): Or => ({ _tag: "Or", left, right })

/**
 * Builds a `Not` node.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.not(Filter.present("title"))
 */
export const not = (filter: Filter): Not => ({ _tag: "Not", filter })

/**
 * Builds a `ValuePath` node.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * Filter.valuePath("emails", Filter.compare("type", "eq", "work"))
 */
export const valuePath = (attributePath: string | AttributePath, filter: Filter): ValuePath => ({
  _tag: "ValuePath",
  path: typeof attributePath === "string" ? path(attributePath) : attributePath,
  filter
})

// ---------------------------------------------------------------------------------------------------
// Schemas

const OPERATOR_SET: ReadonlySet<unknown> = new Set(["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"])

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)
const isOptionalString = (u: unknown): boolean => u === undefined || typeof u === "string"

const isAttributePath = (u: unknown): u is AttributePath =>
  isRecord(u) && typeof u.attribute === "string" && isOptionalString(u.urn) && isOptionalString(u.subAttribute)

const isValue = (u: unknown): u is Value =>
  u === null || typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && !Number.isNaN(u))

const isFilter = (u: unknown): u is Filter => {
  if (!isRecord(u)) return false
  switch (u._tag) {
    case "Compare":
      return isAttributePath(u.path) && OPERATOR_SET.has(u.op) && isValue(u.value) && isOptionalString(u.text)
    case "Present":
      return isAttributePath(u.path)
    case "And":
    case "Or":
      return isFilter(u.left) && isFilter(u.right)
    case "Not":
      return isFilter(u.filter)
    case "ValuePath":
      return isAttributePath(u.path) && isFilter(u.filter)
    default:
      return false
  }
}

/**
 * The Schema of a filter tree (the plain objects `parse` builds), checked structurally.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * import { Schema } from "effect"
 * Schema.is(Filter.Filter)(Filter.present("title")) // true
 */
export const Filter: Schema.Schema<Filter> = Schema.declare(isFilter, {
  identifier: "Filter",
  description: "a SCIM filter tree (RFC 7644 §3.4.2.2)"
})

/**
 * A codec between filter text and a filter tree, for query parameters and request bodies: decoding
 * parses with the given options (a malformed filter fails with the `FilterParseError` message), encoding
 * formats.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * import { Schema } from "effect"
 * const Strict = Filter.filterFromString({ strict: true })
 * Schema.decodeUnknownEither(Strict)("externalId eq jyoung") // Either.left(ParseError)
 */
export const filterFromString = (options?: ParseOptions): Schema.Schema<Filter, string> =>
  Schema.transformOrFail(Schema.String, Filter, {
    strict: true,
    decode: (text, _, ast) =>
      Either.match(parse(text, options), {
        onLeft: (error) => ParseResult.fail(new ParseResult.Type(ast, text, error.message)),
        onRight: ParseResult.succeed
      }),
    encode: (filter) => ParseResult.succeed(format(filter))
  }).annotations({ identifier: "FilterFromString" })

/**
 * The codec between filter text and a filter tree with the default (tolerant) options: decoding is
 * {@link parse}, encoding is {@link format}.
 *
 * @example
 * import { Filter } from "@dirsync/scim-filter"
 * import { Schema } from "effect"
 * const SearchParams = Schema.Struct({ filter: Schema.optional(Filter.FilterFromString) })
 * Schema.decodeUnknownSync(SearchParams)({ filter: 'userName eq "bjensen"' }).filter?._tag // "Compare"
 */
export const FilterFromString: Schema.Schema<Filter, string> = filterFromString()
