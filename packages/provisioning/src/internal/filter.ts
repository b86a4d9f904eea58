/**
 * SCIM filters over the store: the one place that touches `@dirsync/scim-filter`. `toSql` compiles the
 * parts of a filter that map to indexed columns into parameterised SQL with exactly the semantics of
 * `Filter.compile` (two-valued: every predicate is true or false, never NULL); what it cannot compile is
 * left to in-process evaluation, so results are never wrong.
 */
import { Either } from "effect"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { Filter } from "@dirsync/scim-filter"
import { Schemas } from "@dirsync/scim-schema"
import { InvalidFilter } from "../Errors.js"
import type { Resource } from "../Scim.js"

export type Ast = Filter.Filter

export const parse = (text: string): Either.Either<Ast, InvalidFilter> =>
  Either.mapLeft(Filter.parse(text), (e) => new InvalidFilter({ filter: text, detail: e.message, scimType: "invalidFilter" }))

export type Kind = "User" | "Group"

export const predicate = (ast: Ast, kind: Kind): (resource: Resource) => boolean =>
  Filter.compile(ast, kind === "User" ? Schemas.UserResource : Schemas.GroupResource)

/** A string column: `lower` columns hold JS-lower-cased text (case-insensitive attributes). */
interface StringColumn {
  readonly kind: "string"
  readonly expr: string
  readonly lower: boolean
}
interface BooleanColumn {
  readonly kind: "boolean"
  readonly expr: string
}
interface InstantColumn {
  readonly kind: "instant"
  readonly expr: string
}
type Column = StringColumn | BooleanColumn | InstantColumn

const coreUrn = (kind: Kind) => (kind === "User" ? Schemas.UserUrn : Schemas.GroupUrn).toLowerCase()

const is = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase()

/** The column of a top-level attribute path, or undefined when it has none. */
const column = (path: Filter.AttributePath, kind: Kind, alias: string): Column | undefined => {
  if (path.urn !== undefined && path.urn.toLowerCase() !== coreUrn(kind)) return undefined
  const a = path.attribute
  const sub = path.subAttribute
  if (sub === undefined) {
    if (is(a, "id")) return { kind: "string", expr: `${alias}.scim_id`, lower: false }
    if (is(a, "externalId")) return { kind: "string", expr: `${alias}.external_id`, lower: false }
    if (kind === "User" && is(a, "userName")) return { kind: "string", expr: `${alias}.user_name_lower`, lower: true }
    if (kind === "User" && is(a, "active")) return { kind: "boolean", expr: `${alias}.active` }
    if (kind === "Group" && is(a, "displayName")) {
      return { kind: "string", expr: `${alias}.display_name_lower`, lower: true }
    }
    return undefined
  }
  if (is(a, "meta") && is(sub, "lastModified")) return { kind: "instant", expr: `${alias}.updated_at` }
  if (is(a, "meta") && is(sub, "created")) return { kind: "instant", expr: `${alias}.created_at` }
  return undefined
}

const codePoints = (s: string) => [...s].length

const asBoolean = (v: Filter.Value): boolean | undefined => {
  if (typeof v === "boolean") return v
  if (typeof v === "string") {
    const lower = v.toLowerCase()
    return lower === "true" ? true : lower === "false" ? false : undefined
  }
  return undefined
}

/** Compiles one comparison on a string column; undefined when only in-process evaluation is exact. */
const stringCompare = (
  sql: SqlClient,
  col: StringColumn,
  op: Filter.CompareOperator | "pr",
  raw: string
): Fragment | undefined => {
  const e = sql.literal(col.expr)
  const v = col.lower ? raw.toLowerCase() : raw
  switch (op) {
    case "pr":
      return sql`(${e} IS NOT NULL AND ${e} <> '')`
    case "eq":
      return sql`(${e} IS NOT NULL AND ${e} = ${v})`
    case "ne":
      return sql`(${e} IS NOT NULL AND ${e} <> ${v})`
    case "co":
      return sql.onDialectOrElse({
        pg: () => sql`(${e} IS NOT NULL AND strpos(${e}, ${v}) > 0)`,
        orElse: () => sql`(${e} IS NOT NULL AND instr(${e}, ${v}) > 0)`
      })
    case "sw": {
      const n = sql.literal(String(codePoints(v)))
      return sql`(${e} IS NOT NULL AND substr(${e}, 1, ${n}) = ${v})`
    }
    case "ew": {
      const count = codePoints(v)
      if (count === 0) return sql`(${e} IS NOT NULL)`
      const n = sql.literal(String(count))
      return sql.onDialectOrElse({
        pg: () => sql`(${e} IS NOT NULL AND right(${e}, ${n}) = ${v})`,
        orElse: () => sql`(${e} IS NOT NULL AND substr(${e}, -${n}) = ${v})`
      })
    }
    default:
      return undefined
  }
}

const FALSE = "(1 = 0)"
const TRUE = "(1 = 1)"

/** The text a string column is compared against (an unquoted number or boolean by its spelling). */
const textOf = (compare: Filter.Compare | null): string | undefined =>
  compare === null ? undefined : Filter.valueText(compare)

const leaf = (
  sql: SqlClient,
  col: Column,
  op: Filter.CompareOperator | "pr",
  value: Filter.Value,
  compare: Filter.Compare | null = null
): Fragment | undefined => {
  const e = sql.literal(col.expr)
  if (op === "pr") {
    return col.kind === "string" ? stringCompare(sql, col, "pr", "") : sql`(${e} IS NOT NULL)`
  }
  if (value === null) {
    const present = leaf(sql, col, "pr", null)
    if (present === undefined) return undefined
    return op === "eq" ? sql`(NOT ${present})` : op === "ne" ? present : sql.literal(FALSE)
  }
  switch (col.kind) {
    case "string": {
      const text = textOf(compare)
      return text === undefined ? undefined : stringCompare(sql, col, op, text)
    }
    case "boolean": {
      const b = asBoolean(value)
      if (b === undefined || (op !== "eq" && op !== "ne")) return sql.literal(FALSE)
      const n = b ? 1 : 0
      return op === "eq" ? sql`(${e} IS NOT NULL AND ${e} = ${n})` : sql`(${e} IS NOT NULL AND ${e} <> ${n})`
    }
    case "instant": {
      if (typeof value !== "string") return sql.literal(FALSE)
      const t = Date.parse(value)
      if (Number.isNaN(t) || op === "co" || op === "sw" || op === "ew") return undefined
      const sym = { eq: "=", ne: "<>", gt: ">", lt: "<", ge: ">=", le: "<=" }[op]
      return sql`(${e} IS NOT NULL AND ${e} ${sql.literal(sym)} ${t})`
    }
  }
}

/** An email element predicate (inside `emails[...]`), on the side table alias `e`. */
const emailElement = (sql: SqlClient, f: Ast): Fragment | undefined => {
  switch (f._tag) {
    case "And":
    case "Or": {
      const l = emailElement(sql, f.left)
      const r = emailElement(sql, f.right)
      if (l === undefined || r === undefined) return undefined
      return f._tag === "And" ? sql`(${l} AND ${r})` : sql`(${l} OR ${r})`
    }
    case "Not": {
      const inner = emailElement(sql, f.filter)
      return inner === undefined ? undefined : sql`(NOT ${inner})`
    }
    case "ValuePath":
      return undefined
    case "Compare":
    case "Present": {
      if (f.path.urn !== undefined || f.path.subAttribute !== undefined) return undefined
      const name = f.path.attribute
      const col: StringColumn | undefined = is(name, "value")
        ? { kind: "string", expr: "e.value_lower", lower: true }
        : is(name, "type")
        ? { kind: "string", expr: "e.type_lower", lower: true }
        : undefined
      if (col === undefined) return undefined
      return f._tag === "Present" ? leaf(sql, col, "pr", null) : leaf(sql, col, f.op, f.value, f)
    }
  }
}

const isEmails = (path: Filter.AttributePath) =>
  is(path.attribute, "emails") && (path.urn === undefined || path.urn.toLowerCase() === coreUrn("User"))

const emailsExists = (sql: SqlClient, alias: string, inner: Fragment) =>
  sql`(EXISTS (SELECT 1 FROM ds_directory_user_emails e WHERE e.connection_id = ${sql.literal(alias)}.connection_id AND e.scim_id = ${
    sql.literal(alias)
  }.scim_id AND ${inner}))`

/**
 * Compiles a filter to a two-valued SQL predicate over the table alias, or `undefined` when some part
 * needs in-process evaluation.
 */
export const toSql = (sql: SqlClient, f: Ast, kind: Kind, alias: string): Fragment | undefined => {
  switch (f._tag) {
    case "And":
    case "Or": {
      const l = toSql(sql, f.left, kind, alias)
      const r = toSql(sql, f.right, kind, alias)
      if (l === undefined || r === undefined) return undefined
      return f._tag === "And" ? sql`(${l} AND ${r})` : sql`(${l} OR ${r})`
    }
    case "Not": {
      const inner = toSql(sql, f.filter, kind, alias)
      return inner === undefined ? undefined : sql`(NOT ${inner})`
    }
    case "ValuePath": {
      if (kind !== "User" || !isEmails(f.path) || f.path.subAttribute !== undefined) return undefined
      const inner = emailElement(sql, f.filter)
      return inner === undefined ? undefined : emailsExists(sql, alias, inner)
    }
    case "Present":
    case "Compare": {
      if (kind === "User" && isEmails(f.path) && is(f.path.subAttribute, "value")) {
        const col: StringColumn = { kind: "string", expr: "e.value_lower", lower: true }
        if (f._tag === "Present") {
          const p = leaf(sql, col, "pr", null)
          return p === undefined ? undefined : emailsExists(sql, alias, p)
        }
        if (f.value === null) {
          const p = leaf(sql, col, "pr", null)
          if (p === undefined) return undefined
          const any = emailsExists(sql, alias, p)
          return f.op === "eq" ? sql`(NOT ${any})` : f.op === "ne" ? any : sql.literal(FALSE)
        }
        const p = leaf(sql, col, f.op, f.value, f)
        return p === undefined ? undefined : emailsExists(sql, alias, p)
      }
      const col = column(f.path, kind, alias)
      if (col === undefined) return undefined
      return f._tag === "Present" ? leaf(sql, col, "pr", null) : leaf(sql, col, f.op, f.value, f)
    }
  }
}

/**
 * A SQL pre-filter that selects a superset of the matches (the compilable conjuncts), for filters that
 * cannot be compiled whole.
 */
export const prefilter = (sql: SqlClient, f: Ast, kind: Kind, alias: string): Fragment => {
  const whole = toSql(sql, f, kind, alias)
  if (whole !== undefined) return whole
  if (f._tag === "And") {
    return sql`(${prefilter(sql, f.left, kind, alias)} AND ${prefilter(sql, f.right, kind, alias)})`
  }
  if (f._tag === "Or") {
    return sql`(${prefilter(sql, f.left, kind, alias)} OR ${prefilter(sql, f.right, kind, alias)})`
  }
  return sql.literal(TRUE)
}
