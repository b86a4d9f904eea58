/** SCIM list queries (RFC 7644 §3.4.2): filter in SQL where exact, else in process; stable order; paging. */
import { Effect, Either } from "effect"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { InvalidFilter } from "../Errors.js"
import type { ListQuery, ListResult, Resource } from "../Scim.js"
import { num, type Row } from "./common.js"
import * as F from "./filter.js"

export interface ListOptions {
  readonly kind: F.Kind
  readonly table: string
  readonly connectionId: string
  readonly query: ListQuery
  readonly maxResults: number
  /** The columns `load` reads (`t.` prefixed); all by default. */
  readonly columns?: string | undefined
  readonly load: (rows: ReadonlyArray<Row>) => Effect.Effect<ReadonlyArray<Resource>, SqlError>
}

const sortColumn = (kind: F.Kind, sortBy: string | undefined): string | undefined => {
  if (sortBy === undefined) return undefined
  const s = sortBy.toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, "")
  if (s === "id") return "t.scim_id"
  if (s === "externalid") return "t.external_id"
  if (s === "meta.lastmodified") return "t.updated_at"
  if (s === "meta.created") return "t.pk"
  if (kind === "User" && s === "username") return "t.user_name_lower"
  if (kind === "Group" && s === "displayname") return "t.display_name_lower"
  return undefined
}

export const list = (sql: SqlClient, options: ListOptions): Effect.Effect<ListResult, InvalidFilter | SqlError> =>
  Effect.gen(function*() {
    const { query } = options
    const startIndex = Math.max(1, Math.floor(query.startIndex ?? 1))
    const count = Math.max(0, Math.min(Math.floor(query.count ?? options.maxResults), options.maxResults))
    const ast = query.filter === undefined || query.filter.trim() === ""
      ? undefined
      : yield* Either.match(F.parse(query.filter), { onLeft: Effect.fail, onRight: Effect.succeed })
    const table = sql.literal(options.table)
    const columns = sql.literal(options.columns ?? "t.*")
    const exact = ast === undefined ? sql.literal("(1 = 1)") : F.toSql(sql, ast, options.kind, "t")
    const descending = query.sortOrder === "descending"
    const col = sortColumn(options.kind, query.sortBy)
    const dir = sql.literal(descending ? "DESC" : "ASC")
    const collate = sql.onDialectOrElse({ pg: () => sql.literal(` COLLATE "C"`), orElse: () => sql.literal("") })
    const order = col === undefined
      ? sql`t.pk ${dir}`
      : col.endsWith("_at") || col === "t.pk"
      ? sql`${sql.literal(col)} ${dir}, t.pk ${dir}`
      : sql`(${sql.literal(col)} IS NULL), ${sql.literal(col)}${collate} ${dir}, t.pk ${dir}`
    if (exact !== undefined) {
      const rows = count === 0
        ? []
        : yield* sql<Row>`SELECT ${columns} FROM ${table} t WHERE t.connection_id = ${options.connectionId} AND ${exact}
            ORDER BY ${order} LIMIT ${count} OFFSET ${startIndex - 1}`
      // A short first page is the whole result: no count needed (the common `userName eq` lookup).
      const totalResults = startIndex === 1 && rows.length < count
        ? rows.length
        : num(
          (yield* sql<Row>`SELECT COUNT(*) AS n FROM ${table} t WHERE t.connection_id = ${options.connectionId} AND ${exact}`)[0]
            ?.n ?? 0
        )
      const resources = yield* options.load(rows)
      return { totalResults, startIndex, itemsPerPage: resources.length, resources }
    }
    const pre = F.prefilter(sql, ast!, options.kind, "t")
    const test = F.predicate(ast!, options.kind)
    const rows = yield* sql<Row>`SELECT ${columns} FROM ${table} t WHERE t.connection_id = ${options.connectionId} AND ${pre} ORDER BY ${order}`
    const candidates = yield* options.load(rows)
    const matched = candidates.filter((r) => test(r))
    const page = matched.slice(startIndex - 1, startIndex - 1 + count)
    return { totalResults: matched.length, startIndex, itemsPerPage: page.length, resources: page }
  })
