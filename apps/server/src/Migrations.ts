/**
 * The server's own tables — the generated admin key's hash and the dashboard sessions — migrated like the
 * provisioning store's, with their own history table (`dirsync_server_migrations`) so that the package and
 * the server evolve their schemas independently. `IF NOT EXISTS` lets databases whose tables were created
 * before these migrations existed adopt them.
 *
 * @module
 */
import { SqlClient } from "@effect/sql"
import * as Migrator from "@effect/sql/Migrator"
import { Effect, Layer } from "effect"

const serverSettings = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) => sql`CREATE TABLE IF NOT EXISTS dirsync_server_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)`
)

const dashboardSessions = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) =>
    sql`CREATE TABLE IF NOT EXISTS dirsync_dashboard_sessions (
      id_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)`
)

const run = Migrator.make({})

/** Runs the server's migrations when built; the admin key and dashboard sessions need it first. */
export const layer = Layer.effectDiscard(
  run({
    loader: Migrator.fromRecord({ "1_server_settings": serverSettings, "2_dashboard_sessions": dashboardSessions }),
    table: "dirsync_server_migrations"
  })
)
