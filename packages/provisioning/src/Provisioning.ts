/**
 * The whole Directory Sync domain as one layer over an `SqlClient` (SQLite or PostgreSQL): it runs the
 * store's migrations when built and provides every service of this package.
 *
 * @module
 */
import { Layer } from "effect"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { MigrationError } from "@effect/sql/Migrator"
import type { Connections } from "./Connections.js"
import type { DirectoryEvents } from "./DirectoryEvents.js"
import type { DirectorySync } from "./DirectorySync.js"
import * as IdGenerator from "./IdGenerator.js"
import * as Outbox from "./Outbox.js"
import type { ScimGroups } from "./ScimGroups.js"
import type { ScimUsers } from "./ScimUsers.js"
import type { Sessions } from "./Sessions.js"
import type { Users } from "./Users.js"
import type { Webhooks } from "./Webhooks.js"
import * as Services from "./internal/services.js"
import * as Store from "./internal/store.js"
import { Config, type Resolved } from "./internal/config.js"

export { Config, type Resolved }

/** Options of the domain layer. */
export interface Options {
  /** The public URL of the server; enables `scimBaseUrl` in Directory Sync answers. */
  readonly publicUrl?: string | undefined
  /** How long a rotated-out token keeps working (default 24 hours). */
  readonly tokenOverlapMillis?: number | undefined
  /** How long directory events are kept by `DirectoryEvents.prune` (default 30 days). */
  readonly eventRetentionMillis?: number | undefined
  /** The largest page a SCIM list returns (default 1000). */
  readonly maxResults?: number | undefined
  /** Delays between webhook delivery attempts in milliseconds (default {@link Outbox.schedule}). */
  readonly retrySchedule?: ReadonlyArray<number> | undefined
}

/** Every service this package provides. */
export type Provided =
  | Connections
  | DirectorySync
  | ScimUsers
  | ScimGroups
  | Users
  | Sessions
  | DirectoryEvents
  | Webhooks
  | Outbox.Outbox

const resolve = (options: Options): Resolved => ({
  publicUrl: options.publicUrl ?? "",
  tokenOverlapMillis: options.tokenOverlapMillis ?? 24 * 3_600_000,
  eventRetentionMillis: options.eventRetentionMillis ?? 30 * 24 * 3_600_000,
  maxResults: options.maxResults ?? 1000,
  retrySchedule: options.retrySchedule ?? Outbox.schedule
})

/**
 * The domain over an `SqlClient`, with ids from an {@link IdGenerator.IdGenerator} you provide (tests use
 * `IdGenerator.layerSequential`). Runs the migrations when built.
 *
 * @example
 * import { Layer } from "effect"
 * import { IdGenerator, Provisioning } from "@dirsync/provisioning"
 * const Domain = Provisioning.layerWithoutIds({}).pipe(Layer.provide(IdGenerator.layerSequential))
 */
export const layerWithoutIds = (
  options: Options
): Layer.Layer<Provided, SqlError | MigrationError, SqlClient | IdGenerator.IdGenerator> =>
  Services.layer.pipe(
    Layer.provide(Layer.succeed(Config, resolve(options))),
    Layer.provide(Store.migrations)
  )

/**
 * The domain over an `SqlClient` with random ids. Runs the migrations when built.
 *
 * @example
 * import { Layer } from "effect"
 * import { SqliteClient } from "@effect/sql-sqlite-node"
 * import { Provisioning } from "@dirsync/provisioning"
 * const Domain = Provisioning.layer({ publicUrl: "https://sync.example.com" }).pipe(
 *   Layer.provide(SqliteClient.layer({ filename: "dirsync.db" }))
 * )
 */
export const layer = (options: Options): Layer.Layer<Provided, SqlError | MigrationError, SqlClient> =>
  layerWithoutIds(options).pipe(Layer.provide(IdGenerator.layer))
