/**
 * The store's schema and migrations. Portable SQL for SQLite and PostgreSQL: timestamps are epoch
 * milliseconds (BIGINT), booleans are 0/1 integers, JSON is TEXT; auto-increment keys give a stable
 * creation order.
 */
import { Effect, Layer } from "effect"
import * as Migrator from "@effect/sql/Migrator"
import { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"

const statements = (auto: string): ReadonlyArray<string> => [
  `CREATE TABLE ds_connections (
    id TEXT NOT NULL UNIQUE,
    pk ${auto},
    name TEXT NOT NULL,
    protocol TEXT NOT NULL,
    provider TEXT NOT NULL,
    domains TEXT NOT NULL,
    require_email INTEGER NOT NULL,
    restrict_email_domains INTEGER NOT NULL,
    attribute_mappings TEXT NOT NULL,
    directory_sync_enabled INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE TABLE ds_tokens (
    id TEXT NOT NULL UNIQUE,
    connection_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    expires_at BIGINT
  )`,
  `CREATE INDEX ds_tokens_connection ON ds_tokens (connection_id)`,
  `CREATE TABLE ds_app_users (
    id TEXT NOT NULL UNIQUE,
    pk ${auto},
    connection_id TEXT,
    scim_id TEXT,
    username TEXT,
    first_name TEXT,
    last_name TEXT,
    email_addresses TEXT NOT NULL,
    primary_email TEXT,
    external_id TEXT,
    public_metadata TEXT NOT NULL,
    deactivated INTEGER NOT NULL,
    sequence BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE INDEX ds_app_users_connection ON ds_app_users (connection_id, pk)`,
  `CREATE TABLE ds_directory_users (
    pk ${auto},
    connection_id TEXT NOT NULL,
    scim_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    user_name_lower TEXT NOT NULL,
    external_id TEXT,
    active INTEGER,
    resource TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_synced_at BIGINT NOT NULL
  )`,
  `CREATE UNIQUE INDEX ds_directory_users_id ON ds_directory_users (connection_id, scim_id)`,
  `CREATE UNIQUE INDEX ds_directory_users_user_name ON ds_directory_users (connection_id, user_name_lower)`,
  `CREATE INDEX ds_directory_users_external_id ON ds_directory_users (connection_id, external_id)`,
  `CREATE INDEX ds_directory_users_order ON ds_directory_users (connection_id, pk)`,
  `CREATE INDEX ds_directory_users_modified ON ds_directory_users (connection_id, updated_at)`,
  `CREATE INDEX ds_directory_users_user ON ds_directory_users (user_id)`,
  `CREATE TABLE ds_directory_user_emails (
    connection_id TEXT NOT NULL,
    scim_id TEXT NOT NULL,
    value_lower TEXT,
    type_lower TEXT,
    is_primary INTEGER
  )`,
  `CREATE INDEX ds_directory_user_emails_value ON ds_directory_user_emails (connection_id, value_lower)`,
  `CREATE INDEX ds_directory_user_emails_user ON ds_directory_user_emails (connection_id, scim_id)`,
  `CREATE TABLE ds_groups (
    pk ${auto},
    connection_id TEXT NOT NULL,
    scim_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_name_lower TEXT NOT NULL,
    external_id TEXT,
    resource TEXT NOT NULL,
    version BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE UNIQUE INDEX ds_groups_id ON ds_groups (connection_id, scim_id)`,
  `CREATE UNIQUE INDEX ds_groups_display_name ON ds_groups (connection_id, display_name_lower)`,
  `CREATE INDEX ds_groups_external_id ON ds_groups (connection_id, external_id)`,
  `CREATE INDEX ds_groups_order ON ds_groups (connection_id, pk)`,
  `CREATE TABLE ds_group_members (
    pk ${auto},
    connection_id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    value TEXT NOT NULL,
    member TEXT NOT NULL
  )`,
  `CREATE UNIQUE INDEX ds_group_members_id ON ds_group_members (connection_id, group_id, value)`,
  `CREATE INDEX ds_group_members_value ON ds_group_members (connection_id, value)`,
  `CREATE TABLE ds_sessions (
    id TEXT NOT NULL UNIQUE,
    pk ${auto},
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoke_reason TEXT,
    ended_at BIGINT
  )`,
  `CREATE INDEX ds_sessions_user ON ds_sessions (user_id, status)`,
  `CREATE TABLE ds_events (
    id TEXT NOT NULL UNIQUE,
    pk ${auto},
    connection_id TEXT NOT NULL,
    type TEXT NOT NULL,
    timestamp BIGINT NOT NULL,
    user_id TEXT,
    resource_id TEXT,
    request TEXT NOT NULL,
    outcome TEXT NOT NULL,
    fixups TEXT NOT NULL,
    user_json TEXT,
    diff TEXT
  )`,
  `CREATE INDEX ds_events_connection ON ds_events (connection_id, pk)`,
  `CREATE INDEX ds_events_type ON ds_events (connection_id, type, pk)`,
  `CREATE INDEX ds_events_user ON ds_events (user_id, pk)`,
  `CREATE INDEX ds_events_timestamp ON ds_events (timestamp)`,
  `CREATE TABLE ds_webhook_endpoints (
    id TEXT NOT NULL UNIQUE,
    pk ${auto},
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT,
    created_at BIGINT NOT NULL
  )`,
  `CREATE TABLE ds_webhook_messages (
    id TEXT NOT NULL UNIQUE,
    pk ${auto},
    endpoint_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT,
    locked_until BIGINT,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
  )`,
  `CREATE INDEX ds_webhook_messages_due ON ds_webhook_messages (status, next_attempt_at)`,
  `CREATE INDEX ds_webhook_messages_endpoint ON ds_webhook_messages (endpoint_id, pk)`,
  `CREATE TABLE ds_delivery_attempts (
    id TEXT NOT NULL UNIQUE,
    pk ${auto},
    message_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL,
    timestamp BIGINT NOT NULL
  )`,
  `CREATE INDEX ds_delivery_attempts_message ON ds_delivery_attempts (message_id, pk)`,
  `CREATE INDEX ds_delivery_attempts_endpoint ON ds_delivery_attempts (endpoint_id, pk)`
]

const initial = Effect.gen(function*() {
  const sql = yield* SqlClient
  const auto = sql.onDialectOrElse({
    pg: () => "BIGSERIAL PRIMARY KEY",
    orElse: () => "INTEGER PRIMARY KEY AUTOINCREMENT"
  })
  for (const statement of statements(auto)) {
    yield* sql.unsafe(statement)
  }
})

/**
 * SQLite connection settings: foreign writers wait instead of failing, and `synchronous = NORMAL`.
 * The client runs SQLite in WAL mode, where NORMAL never corrupts the database and keeps every committed
 * transaction through a crash of the process; only an operating-system crash or power loss can undo the
 * last commits before the next checkpoint. FULL would add an fsync to every commit, which caps a SCIM
 * write at the disk's fsync rate (a few hundred per second at best) for a guarantee the IdP does not
 * need: it re-reads and re-sends what it does not find on its next sync.
 */
const pragmas = Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* sql.onDialectOrElse({
    sqlite: () =>
      Effect.all([
        sql.unsafe("PRAGMA busy_timeout = 10000"),
        sql.unsafe("PRAGMA synchronous = NORMAL")
      ], { discard: true }),
    orElse: () => Effect.void
  })
})

/** Indexes for relinking a re-created SCIM user to its application user (by external id or username). */
const appUserLookups = Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* sql.unsafe(`CREATE INDEX ds_app_users_external_id ON ds_app_users (connection_id, external_id)`)
  yield* sql.unsafe(`CREATE INDEX ds_app_users_username ON ds_app_users (connection_id, username)`)
})

const run = Migrator.make({})

/** Runs the migrations (table `dirsync_migrations`) when built. */
export const migrations: Layer.Layer<never, SqlError | Migrator.MigrationError, SqlClient> = Layer.effectDiscard(
  Effect.zipRight(
    pragmas,
    run({
      loader: Migrator.fromRecord({ "1_initial": initial, "2_app_user_lookups": appUserLookups }),
      table: "dirsync_migrations"
    })
  )
)
