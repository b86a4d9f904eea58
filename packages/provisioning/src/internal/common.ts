/** Shared store helpers: row decoding, transactions, directory events, webhook outbox writes. */
import { Clock, Effect } from "effect"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { EnterpriseConnection } from "../Connections.js"
import type { EventType, Outcome, RecordedRequest } from "../DirectoryEvents.js"
import type { Service as Ids } from "../IdGenerator.js"
import type { RequestContext, Resource } from "../Scim.js"
import type { Session } from "../Sessions.js"
import type { User, UserJson } from "../Users.js"
import * as Users from "../Users.js"
import * as Sessions from "../Sessions.js"
import type { EventType as WebhookType, Payload } from "../Webhooks.js"
import { ConnectionNotFound, DirectorySyncDisabled, GroupNotFound, UniquenessConflict, UserNotFound } from "../Errors.js"
import { redact } from "./json.js"

export type Row = Record<string, unknown>

export const num = (v: unknown): number => (typeof v === "number" ? v : Number(v))
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v))
export const strOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null)
export const bool = (v: unknown): boolean => v === true || v === 1 || v === "1" || v === 1n
export const parse = <A>(v: unknown): A => JSON.parse(String(v)) as A
export const parseOrNull = <A>(v: unknown): A | null => (v === null || v === undefined ? null : parse<A>(v))
export const iso = (ms: number): string => new Date(ms).toISOString()

export const now = Clock.currentTimeMillis

const codeOf = (e: SqlError): string | undefined => {
  const cause = e.cause as { code?: unknown } | undefined
  return typeof cause?.code === "string" ? cause.code : undefined
}

/** A unique index rejected the write (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export const isUniqueViolation = (e: SqlError): boolean => {
  const code = codeOf(e)
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY"
}

const isRetryable = (e: SqlError): boolean => {
  const code = codeOf(e)
  return code === "40001" || code === "40P01" || code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT"
}

/** Runs `effect` in one transaction, retrying serialisation failures and deadlocks. */
export const transaction = <A, E, R>(sql: SqlClient, effect: Effect.Effect<A, E, R>) =>
  sql.withTransaction(effect).pipe(
    Effect.retry({
      times: 5,
      while: (e) => (e as { _tag?: unknown })._tag === "SqlError" && isRetryable(e as SqlError)
    })
  )

/** SqlError becomes a defect at the domain boundary. */
export const orDie = <A, E, R>(effect: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A, Exclude<E, SqlError>, R> =>
  Effect.catchIf(
    effect,
    (e): e is SqlError => (e as { _tag?: unknown })._tag === "SqlError",
    (e) => Effect.die(e)
  ) as Effect.Effect<A, Exclude<E, SqlError>, R>

/** `FOR UPDATE` on PostgreSQL; SQLite serialises writers by itself. */
export const forUpdate = (sql: SqlClient) =>
  sql.onDialectOrElse({ pg: () => sql.literal("FOR UPDATE"), orElse: () => sql.literal("") })

/** Where a kind of SCIM resource is stored, and the attribute its unique name comes from. */
const resourceTables = {
  User: { table: "ds_directory_users", nameColumn: "user_name_lower", nameAttribute: "userName" },
  Group: { table: "ds_groups", nameColumn: "display_name_lower", nameAttribute: "displayName" }
} as const

type ResourceKind = keyof typeof resourceTables

interface NotFound {
  readonly User: UserNotFound
  readonly Group: GroupNotFound
}

/** The stored row of a SCIM resource, locked for the rest of the transaction (PostgreSQL). */
export const lockResourceRow = <K extends ResourceKind>(
  sql: SqlClient,
  kind: K,
  connectionId: string,
  id: string
): Effect.Effect<Row, NotFound[K] | SqlError> =>
  Effect.flatMap(
    sql<Row>`SELECT * FROM ${sql.literal(resourceTables[kind].table)} WHERE connection_id = ${connectionId} AND scim_id = ${id} ${
      forUpdate(sql)
    }`,
    (rows) =>
      rows[0] !== undefined
        ? Effect.succeed(rows[0])
        : Effect.fail(
          (kind === "User" ? new UserNotFound({ connectionId, id }) : new GroupNotFound({ connectionId, id })) as NotFound[K]
        )
  )

/** Fails with `UniquenessConflict` when a resource of the connection other than `except` has the name. */
export const ensureUniqueName = (
  sql: SqlClient,
  kind: ResourceKind,
  connectionId: string,
  name: string,
  except: string | null
) => {
  const { nameAttribute, nameColumn, table } = resourceTables[kind]
  return Effect.flatMap(
    sql<Row>`SELECT scim_id FROM ${sql.literal(table)} WHERE connection_id = ${connectionId} AND ${
      sql.literal(nameColumn)
    } = ${name.toLowerCase()}`,
    (rows) =>
      rows.some((r) => r.scim_id !== except)
        ? Effect.fail(new UniquenessConflict({ attribute: nameAttribute, value: name, scimType: "uniqueness" }))
        : Effect.void
  )
}

export const decodeConnection = (r: Row): EnterpriseConnection => ({
  id: String(r.id),
  name: String(r.name),
  protocol: r.protocol as EnterpriseConnection["protocol"],
  provider: r.provider as EnterpriseConnection["provider"],
  domains: parse(r.domains),
  requireEmail: bool(r.require_email),
  restrictEmailDomains: bool(r.restrict_email_domains),
  attributeMappings: parse(r.attribute_mappings),
  directorySyncEnabled: bool(r.directory_sync_enabled),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at)
})

export const decodeUser = (r: Row): User => ({
  id: String(r.id),
  username: strOrNull(r.username),
  firstName: strOrNull(r.first_name),
  lastName: strOrNull(r.last_name),
  emailAddresses: parse(r.email_addresses),
  primaryEmail: strOrNull(r.primary_email),
  externalId: strOrNull(r.external_id),
  publicMetadata: parse(r.public_metadata),
  deactivated: bool(r.deactivated),
  directory: typeof r.connection_id === "string"
    ? { connectionId: r.connection_id, scimId: strOrNull(r.scim_id) }
    : null,
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at)
})

export const decodeSession = (r: Row): Session => ({
  id: String(r.id),
  userId: String(r.user_id),
  status: r.status as Session["status"],
  createdAt: num(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
  revokeReason: strOrNull(r.revoke_reason),
  endedAt: numOrNull(r.ended_at)
})

export const loadConnection = (sql: SqlClient, id: string) =>
  Effect.map(sql<Row>`SELECT * FROM ds_connections WHERE id = ${id}`, (rows) =>
    rows[0] === undefined ? undefined : decodeConnection(rows[0]))

export const loadUser = (sql: SqlClient, id: string) =>
  Effect.map(sql<Row>`SELECT * FROM ds_app_users WHERE id = ${id}`, (rows) =>
    rows[0] === undefined ? undefined : decodeUser(rows[0]))

/**
 * A connection that exists and has Directory Sync enabled (SCIM writes check it in their transaction), or
 * the one the caller has just authenticated.
 */
export const activeConnection = (
  sql: SqlClient,
  connectionId: string,
  authenticated?: EnterpriseConnection
): Effect.Effect<EnterpriseConnection, ConnectionNotFound | DirectorySyncDisabled | SqlError> =>
  authenticated !== undefined && authenticated.id === connectionId && authenticated.directorySyncEnabled
    ? Effect.succeed(authenticated)
    : Effect.flatMap(
      loadConnection(sql, connectionId),
      (c): Effect.Effect<EnterpriseConnection, ConnectionNotFound | DirectorySyncDisabled> =>
        c === undefined
          ? Effect.fail(new ConnectionNotFound({ connectionId }))
          : c.directorySyncEnabled
          ? Effect.succeed(c)
          : Effect.fail(new DirectorySyncDisabled({ connectionId }))
    )

/** The request as a directory event records it. */
export const recordedRequest = (ctx: RequestContext): RecordedRequest => {
  let body: unknown = ctx.rawBody ?? null
  if (typeof body === "string") {
    try {
      body = JSON.parse(body)
    } catch {
      // keep the raw text
    }
  }
  return { method: ctx.method, path: ctx.path, query: ctx.query ?? null, body: redact(body) }
}

export interface EventInput {
  readonly connectionId: string
  readonly type: EventType
  readonly userId: string | null
  readonly resourceId: string | null
  readonly context: RequestContext
  readonly outcome: Outcome
  readonly user: UserJson | null
  readonly diff: { readonly before: Resource | null; readonly after: Resource | null } | null
}

/** Inserts a directory event (in the caller's transaction). */
export const recordEvent = (sql: SqlClient, ids: Ids, input: EventInput) =>
  Effect.gen(function*() {
    const id = yield* ids.id("dse")
    const timestamp = yield* now
    yield* sql`INSERT INTO ds_events ${
      sql.insert({
        id,
        connection_id: input.connectionId,
        type: input.type,
        timestamp,
        user_id: input.userId,
        resource_id: input.resourceId,
        request: JSON.stringify(recordedRequest(input.context)),
        outcome: JSON.stringify(input.outcome),
        fixups: JSON.stringify(input.context.fixups ?? []),
        user_json: input.user === null ? null : JSON.stringify(input.user),
        diff: input.diff === null ? null : JSON.stringify(input.diff)
      })
    }`
    return id
  })

/** Queues a webhook for every endpoint subscribed to `type` (in the caller's transaction). */
export const emit = (sql: SqlClient, ids: Ids, type: WebhookType, sequence: number, data: unknown) =>
  Effect.gen(function*() {
    const endpoints = yield* sql<Row>`SELECT id, events FROM ds_webhook_endpoints ORDER BY pk`
    const timestamp = yield* now
    const payload: Payload = { type, object: "event", timestamp, sequence, data }
    const body = JSON.stringify(payload)
    for (const e of endpoints) {
      const events = parseOrNull<ReadonlyArray<string>>(e.events)
      if (events !== null && !events.includes(type)) continue
      const id = yield* ids.id("msg")
      yield* sql`INSERT INTO ds_webhook_messages ${
        sql.insert({
          id,
          endpoint_id: String(e.id),
          event_type: type,
          payload: body,
          status: "pending",
          attempts: 0,
          next_attempt_at: timestamp,
          locked_until: null,
          created_at: timestamp,
          delivered_at: null
        })
      }`
    }
  })

/** Increments and returns a user's webhook sequence. */
export const nextUserSequence = (sql: SqlClient, userId: string) =>
  Effect.gen(function*() {
    const rows = yield* sql<Row>`UPDATE ds_app_users SET sequence = sequence + 1 WHERE id = ${userId} RETURNING sequence`
    return num(rows[0]?.sequence ?? 0)
  })

/** Revokes every active session of a user, emitting `session.revoked` for each; returns them. */
export const revokeSessions = (sql: SqlClient, ids: Ids, userId: string, reason: string) =>
  Effect.gen(function*() {
    const rows = yield* sql<Row>`SELECT * FROM ds_sessions WHERE user_id = ${userId} AND status = 'active' ORDER BY pk ${
      forUpdate(sql)
    }`
    const at = yield* now
    const revoked: Array<Session> = []
    for (const r of rows) {
      yield* sql`UPDATE ds_sessions SET status = 'revoked', revoked_at = ${at}, revoke_reason = ${reason} WHERE id = ${
        String(r.id)
      }`
      const session = { ...decodeSession(r), status: "revoked" as const, revokedAt: at, revokeReason: reason }
      revoked.push(session)
      const sequence = yield* nextUserSequence(sql, userId)
      yield* emit(sql, ids, "session.revoked", sequence, Sessions.toJson(session))
    }
    return revoked
  })

export const userJson = Users.toJson
