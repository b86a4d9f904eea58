/**
 * The one place the SQL driver is chosen: `DATABASE_URL` starting with `postgres://` or `postgresql://`
 * selects PostgreSQL (`@effect/sql-pg`); anything else is a SQLite file path (`@effect/sql-sqlite-node`),
 * optionally written `sqlite:path` or `file:path`. The SQLite file's folder is created when missing.
 *
 * @module
 */
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Context, Effect, Layer, Redacted } from "effect"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { ServerConfigTag } from "./Config.js"

/** Which database a `DATABASE_URL` points at. */
export type Target =
  | { readonly _tag: "Postgres"; readonly url: Redacted.Redacted<string> }
  | { readonly _tag: "Sqlite"; readonly filename: string }

/**
 * Reads a `DATABASE_URL`.
 *
 * @example
 * parseTarget("postgres://db/dirsync")._tag // "Postgres"
 * parseTarget("./data/dirsync.sqlite")      // { _tag: "Sqlite", filename: "<cwd>/data/dirsync.sqlite" }
 */
export const parseTarget = (databaseUrl: string): Target => {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return { _tag: "Postgres", url: Redacted.make(databaseUrl) }
  const path = databaseUrl.replace(/^(sqlite|file):(\/\/)?/i, "")
  return { _tag: "Sqlite", filename: path === ":memory:" ? path : NodePath.resolve(path) }
}

/** A `SqlClient` layer for a target. */
export const layerFor = (target: Target): Layer.Layer<SqlClient.SqlClient, unknown> => {
  switch (target._tag) {
    case "Postgres":
      return PgClient.layer({ url: target.url, applicationName: "dirsync", maxConnections: 10 })
    case "Sqlite":
      return Layer.unwrapEffect(
        Effect.sync(() => {
          if (target.filename !== ":memory:") NodeFs.mkdirSync(NodePath.dirname(target.filename), { recursive: true })
          return SqliteClient.layer({ filename: target.filename })
        })
      ).pipe(Layer.tap((ctx) => Context.get(ctx, SqlClient.SqlClient)`PRAGMA busy_timeout = 5000`.pipe(Effect.orDie)))
  }
}

/** The `SqlClient` chosen from the server configuration. */
export const layer: Layer.Layer<SqlClient.SqlClient, unknown, ServerConfigTag> = Layer.unwrapEffect(
  Effect.map(ServerConfigTag, (config) => layerFor(parseTarget(Redacted.value(config.databaseUrl))))
)

/** A short, secret-free description of the target for the start-up log line. */
export const describe = (target: Target): string =>
  target._tag === "Postgres"
    ? `postgresql ${safeHost(Redacted.value(target.url))}`
    : `sqlite ${target.filename}`

const safeHost = (url: string): string => {
  try {
    const u = new URL(url)
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`
  } catch {
    return "(unparsable url)"
  }
}
