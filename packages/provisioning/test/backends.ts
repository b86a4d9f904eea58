/** The store backends every contract test runs against: a SQLite temp file and a fresh PostgreSQL database. */
import { Effect, Layer, Redacted } from "effect"
import * as Reactivity from "@effect/experimental/Reactivity"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import type { SqlClient } from "@effect/sql/SqlClient"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { IdGenerator, Provisioning } from "../src/index.js"

export const postgresUrl = process.env.DIRSYNC_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

const withAdmin = <A>(f: (sql: SqlClient) => Effect.Effect<A, unknown>) =>
  Effect.scoped(Effect.flatMap(PgClient.make({ url: Redacted.make(postgresUrl) }), f)).pipe(
    Effect.provide(Reactivity.layer),
    Effect.orDie
  )

/** A fresh PostgreSQL database for this test file, dropped afterwards. */
export const pgLayer: Layer.Layer<SqlClient> = Layer.unwrapScoped(
  Effect.gen(function*() {
    const name = `dirsync_t_${Math.random().toString(36).slice(2, 12)}`
    yield* Effect.acquireRelease(
      withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${name}`)),
      () => withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    )
    const url = new URL(postgresUrl)
    url.pathname = `/${name}`
    return PgClient.layer({ url: Redacted.make(url.toString()), maxConnections: 20 })
  })
).pipe(Layer.orDie)

/** A SQLite database in a temporary file, removed afterwards. */
export const sqliteLayer: Layer.Layer<SqlClient> = Layer.unwrapScoped(
  Effect.gen(function*() {
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "dirsync-"))),
      (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
    )
    return SqliteClient.layer({ filename: join(dir, "test.db") })
  })
).pipe(Layer.orDie)

/** The domain over a backend, with the `SqlClient` kept visible to tests. */
export const domain = (sql: Layer.Layer<SqlClient>, options: Provisioning.Options = {}) =>
  Provisioning.layerWithoutIds(options).pipe(
    Layer.provide(IdGenerator.layer),
    Layer.provideMerge(sql),
    Layer.orDie
  )

export const backends = [
  { name: "sqlite", sql: sqliteLayer },
  { name: "postgres", sql: pgLayer }
] as const
