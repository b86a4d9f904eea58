/** Connections, Directory Sync tokens, users, sessions, directory events, webhook endpoints and the outbox. */
import { Effect } from "effect"
import { SqlClient } from "@effect/sql/SqlClient"
import type * as Connections from "../Connections.js"
import type * as DirectoryEvents from "../DirectoryEvents.js"
import * as DirectorySync from "../DirectorySync.js"
import * as Errors from "../Errors.js"
import { IdGenerator } from "../IdGenerator.js"
import * as Outbox from "../Outbox.js"
import { Config } from "./config.js"
import * as Sessions from "../Sessions.js"
import type * as Users from "../Users.js"
import type * as Webhooks from "../Webhooks.js"
import {
  bool,
  decodeConnection,
  decodeSession,
  decodeUser,
  emit,
  forUpdate,
  loadConnection,
  loadUser,
  nextUserSequence,
  now,
  num,
  numOrNull,
  orDie,
  parse,
  parseOrNull,
  recordEvent,
  revokeSessions,
  type Row,
  strOrNull,
  transaction,
  userJson
} from "./common.js"

const page = (p: Connections.Page | undefined) => ({
  limit: Math.max(0, Math.min(Math.floor(p?.limit ?? 100), 1000)),
  offset: Math.max(0, Math.floor(p?.offset ?? 0))
})

const base64url = (bytes: Uint8Array) => {
  let s = ""
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

const base64 = (bytes: Uint8Array) => {
  let s = ""
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}

const sha256 = (text: string) =>
  Effect.promise(() => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))).pipe(
    Effect.map((buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join(""))
  )

/** Compares two strings in time independent of where they differ. */
const constantTimeEqual = (a: string, b: string) => {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    diff |= (a.charCodeAt(i % (a.length || 1)) || 0) ^ (b.charCodeAt(i % (b.length || 1)) || 0)
  }
  return diff === 0
}

export const makeConnections = Effect.gen(function*() {
  const sql = yield* SqlClient
  const ids = yield* IdGenerator

  const get: Connections.Service["get"] = (id) =>
    orDie(Effect.flatMap(loadConnection(sql, id), (c) =>
      c === undefined ? Effect.fail(new Errors.ConnectionNotFound({ connectionId: id })) : Effect.succeed(c)))

  const create: Connections.Service["create"] = (input) =>
    orDie(Effect.gen(function*() {
      const id = yield* ids.id("conn")
      const at = yield* now
      yield* sql`INSERT INTO ds_connections ${
        sql.insert({
          id,
          name: input.name,
          protocol: input.protocol,
          provider: input.provider,
          domains: JSON.stringify(input.domains ?? []),
          require_email: input.requireEmail === true ? 1 : 0,
          restrict_email_domains: input.restrictEmailDomains === false ? 0 : 1,
          attribute_mappings: JSON.stringify(input.attributeMappings ?? []),
          directory_sync_enabled: 0,
          created_at: at,
          updated_at: at
        })
      }`
      return (yield* loadConnection(sql, id))!
    }))

  const list: Connections.Service["list"] = (p) =>
    orDie(Effect.gen(function*() {
      const { limit, offset } = page(p)
      const total = yield* sql<Row>`SELECT COUNT(*) AS n FROM ds_connections`
      const rows = yield* sql<Row>`SELECT * FROM ds_connections ORDER BY pk LIMIT ${limit} OFFSET ${offset}`
      return { data: rows.map(decodeConnection), totalCount: num(total[0]?.n ?? 0) }
    }))

  const update: Connections.Service["update"] = (id, input) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const current = yield* get(id)
        const at = yield* now
        yield* sql`UPDATE ds_connections SET ${
          sql.update({
            name: input.name ?? current.name,
            provider: input.provider ?? current.provider,
            domains: JSON.stringify(input.domains ?? current.domains),
            require_email: (input.requireEmail ?? current.requireEmail) ? 1 : 0,
            restrict_email_domains: (input.restrictEmailDomains ?? current.restrictEmailDomains) ? 1 : 0,
            attribute_mappings: JSON.stringify(input.attributeMappings ?? current.attributeMappings),
            updated_at: at
          })
        } WHERE id = ${id}`
        return (yield* loadConnection(sql, id))!
      })
    ))

  const remove: Connections.Service["remove"] = (id) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        yield* get(id)
        const users = yield* sql<Row>`SELECT id FROM ds_app_users WHERE connection_id = ${id} AND deactivated = 0`
        const at = yield* now
        for (const u of users) {
          const userId = String(u.id)
          yield* sql`UPDATE ds_app_users SET deactivated = 1, updated_at = ${at} WHERE id = ${userId}`
          const user = (yield* loadUser(sql, userId))!
          yield* emit(sql, ids, "user.updated", yield* nextUserSequence(sql, userId), userJson(user))
          yield* revokeSessions(sql, ids, userId, "connection_removed")
        }
        yield* sql`DELETE FROM ds_tokens WHERE connection_id = ${id}`
        yield* sql`DELETE FROM ds_directory_user_emails WHERE connection_id = ${id}`
        yield* sql`DELETE FROM ds_directory_users WHERE connection_id = ${id}`
        yield* sql`DELETE FROM ds_group_members WHERE connection_id = ${id}`
        yield* sql`DELETE FROM ds_groups WHERE connection_id = ${id}`
        yield* sql`DELETE FROM ds_connections WHERE id = ${id}`
      })
    ))

  return { create, get, list, update, remove } satisfies Connections.Service
})

export const makeDirectorySync = Effect.gen(function*() {
  const sql = yield* SqlClient
  const ids = yield* IdGenerator
  const config = yield* Config

  const baseUrl = (connectionId: string) =>
    config.publicUrl === "" ? undefined : `${config.publicUrl.replace(/\/+$/, "")}/scim/v2/${connectionId}`

  const load = (connectionId: string) =>
    Effect.flatMap(loadConnection(sql, connectionId), (c) =>
      c === undefined ? Effect.fail(new Errors.ConnectionNotFound({ connectionId })) : Effect.succeed(c))

  const issue = (connectionId: string) =>
    Effect.gen(function*() {
      const token = DirectorySync.TokenPrefix + base64url(yield* ids.bytes(32))
      const id = yield* ids.id("dst")
      const at = yield* now
      yield* sql`INSERT INTO ds_tokens ${
        sql.insert({
          id,
          connection_id: connectionId,
          token_hash: yield* sha256(token),
          prefix: token.slice(0, DirectorySync.TokenPrefix.length + 6),
          created_at: at,
          last_used_at: null,
          expires_at: null
        })
      }`
      return token
    })

  const enable: DirectorySync.Service["enable"] = (connectionId) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const c = yield* load(connectionId)
        if (c.protocol !== "saml" && c.protocol !== "oidc") {
          return yield* Effect.fail(new Errors.DirectorySyncUnsupported({ connectionId, protocol: c.protocol }))
        }
        yield* sql`DELETE FROM ds_tokens WHERE connection_id = ${connectionId}`
        const bearerToken = yield* issue(connectionId)
        const at = yield* now
        yield* sql`UPDATE ds_connections SET directory_sync_enabled = 1, updated_at = ${at} WHERE id = ${connectionId}`
        const enabled: DirectorySync.Enabled = { connectionId, enabled: true, scimBaseUrl: baseUrl(connectionId), bearerToken }
        return enabled
      })
    ))

  const rotate: DirectorySync.Service["rotate"] = (connectionId, options) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const c = yield* load(connectionId)
        if (!c.directorySyncEnabled) return yield* Effect.fail(new Errors.DirectorySyncDisabled({ connectionId }))
        const at = yield* now
        const expiresAt = at + (options?.overlapMillis ?? config.tokenOverlapMillis)
        yield* sql`UPDATE ds_tokens SET expires_at = ${expiresAt} WHERE connection_id = ${connectionId} AND (expires_at IS NULL OR expires_at > ${expiresAt})`
        const bearerToken = yield* issue(connectionId)
        return { bearerToken, previousTokenExpiresAt: expiresAt }
      })
    ))

  const disable: DirectorySync.Service["disable"] = (connectionId) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        yield* load(connectionId)
        const at = yield* now
        yield* sql`DELETE FROM ds_tokens WHERE connection_id = ${connectionId}`
        yield* sql`UPDATE ds_connections SET directory_sync_enabled = 0, updated_at = ${at} WHERE id = ${connectionId}`
      })
    ))

  const status: DirectorySync.Service["status"] = (connectionId) =>
    orDie(Effect.gen(function*() {
      const c = yield* load(connectionId)
      const at = yield* now
      const rows = yield* sql<Row>`SELECT * FROM ds_tokens WHERE connection_id = ${connectionId} ORDER BY created_at`
      return {
        connectionId,
        enabled: c.directorySyncEnabled,
        scimBaseUrl: baseUrl(connectionId),
        tokens: rows
          .filter((r) => r.expires_at === null || num(r.expires_at) > at)
          .map((r) => ({
            id: String(r.id),
            prefix: String(r.prefix),
            createdAt: num(r.created_at),
            lastUsedAt: numOrNull(r.last_used_at),
            expiresAt: numOrNull(r.expires_at)
          }))
      }
    }))

  // SHA-256 of recently seen bearer tokens: an IdP sends the same token on every request, and Web Crypto
  // digests are asynchronous. Bounded; the oldest entry goes first.
  const digests = new Map<string, string>()
  const digest = (token: string) => {
    const cached = digests.get(token)
    if (cached !== undefined) return Effect.succeed(cached)
    return Effect.map(sha256(token), (hash) => {
      if (digests.size >= 256) digests.delete(digests.keys().next().value!)
      digests.set(token, hash)
      return hash
    })
  }

  const authenticate: DirectorySync.Service["authenticate"] = (bearerToken) =>
    orDie(Effect.gen(function*() {
      if (bearerToken.length === 0) return yield* Effect.fail(new Errors.InvalidToken({ reason: "missing" }))
      const hash = yield* digest(bearerToken)
      const rows = yield* sql<Row>`SELECT t.id AS token_id, t.token_hash, t.expires_at, t.last_used_at, c.*
        FROM ds_tokens t LEFT JOIN ds_connections c ON c.id = t.connection_id WHERE t.token_hash = ${hash}`
      const row = rows[0]
      if (row === undefined || !constantTimeEqual(String(row.token_hash), hash)) {
        return yield* Effect.fail(new Errors.InvalidToken({ reason: "unknown" }))
      }
      const at = yield* now
      if (row.expires_at !== null && num(row.expires_at) <= at) {
        return yield* Effect.fail(new Errors.InvalidToken({ reason: "expired" }))
      }
      if (row.id === null || row.id === undefined || !bool(row.directory_sync_enabled)) {
        return yield* Effect.fail(new Errors.InvalidToken({ reason: "disabled" }))
      }
      if (row.last_used_at === null || at - num(row.last_used_at) > 60_000) {
        yield* sql`UPDATE ds_tokens SET last_used_at = ${at} WHERE id = ${String(row.token_id)}`
      }
      return decodeConnection(row)
    }))

  return { enable, rotate, disable, status, authenticate } satisfies DirectorySync.Service
})

export const makeUsers = Effect.gen(function*() {
  const sql = yield* SqlClient
  const get: Users.Service["get"] = (id) =>
    orDie(Effect.flatMap(loadUser(sql, id), (u) =>
      u === undefined ? Effect.fail(new Errors.ApplicationUserNotFound({ userId: id })) : Effect.succeed(u)))
  const list: Users.Service["list"] = (options = {}) =>
    orDie(Effect.gen(function*() {
      const { limit, offset } = page(options)
      const where = sql.and([
        ...(options.connectionId === undefined ? [] : [sql`connection_id = ${options.connectionId}`]),
        ...(options.status === undefined ? [] : [sql`deactivated = ${options.status === "deactivated" ? 1 : 0}`])
      ])
      const total = yield* sql<Row>`SELECT COUNT(*) AS n FROM ds_app_users WHERE ${where}`
      const rows = yield* sql<Row>`SELECT * FROM ds_app_users WHERE ${where} ORDER BY pk LIMIT ${limit} OFFSET ${offset}`
      return { data: rows.map(decodeUser), totalCount: num(total[0]?.n ?? 0) }
    }))
  return { get, list } satisfies Users.Service
})

export const makeSessions = Effect.gen(function*() {
  const sql = yield* SqlClient
  const ids = yield* IdGenerator

  const load = (id: string) =>
    Effect.flatMap(sql<Row>`SELECT * FROM ds_sessions WHERE id = ${id} ${forUpdate(sql)}`, (rows) =>
      rows[0] === undefined
        ? Effect.fail(new Errors.SessionNotFound({ sessionId: id }))
        : Effect.succeed(decodeSession(rows[0])))

  const create: Sessions.Service["create"] = (userId) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const rows = yield* sql<Row>`SELECT id, deactivated FROM ds_app_users WHERE id = ${userId} ${forUpdate(sql)}`
        const row = rows[0]
        if (row === undefined) return yield* Effect.fail(new Errors.ApplicationUserNotFound({ userId }))
        if (bool(row.deactivated)) return yield* Effect.fail(new Errors.UserDeactivated({ userId }))
        const id = yield* ids.id("sess")
        const at = yield* now
        yield* sql`INSERT INTO ds_sessions ${
          sql.insert({
            id,
            user_id: userId,
            status: "active",
            created_at: at,
            revoked_at: null,
            revoke_reason: null,
            ended_at: null
          })
        }`
        const session: Sessions.Session = {
          id,
          userId,
          status: "active",
          createdAt: at,
          revokedAt: null,
          revokeReason: null,
          endedAt: null
        }
        return session
      })
    ))

  const get: Sessions.Service["get"] = (id) => orDie(load(id))

  const listByUser: Sessions.Service["listByUser"] = (userId) =>
    orDie(Effect.gen(function*() {
      const user = yield* loadUser(sql, userId)
      if (user === undefined) return yield* Effect.fail(new Errors.ApplicationUserNotFound({ userId }))
      const rows = yield* sql<Row>`SELECT * FROM ds_sessions WHERE user_id = ${userId} ORDER BY pk`
      return rows.map(decodeSession)
    }))

  const revoke: Sessions.Service["revoke"] = (id, reason = "revoked") =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const session = yield* load(id)
        if (session.status !== "active") return session
        const revoked = yield* revokeOne(session, reason)
        return revoked
      })
    ))

  const revokeOne = (session: Sessions.Session, reason: string) =>
    Effect.gen(function*() {
      const at = yield* now
      yield* sql`UPDATE ds_sessions SET status = 'revoked', revoked_at = ${at}, revoke_reason = ${reason} WHERE id = ${session.id}`
      const revoked: Sessions.Session = { ...session, status: "revoked", revokedAt: at, revokeReason: reason }
      yield* emit(sql, ids, "session.revoked", yield* nextUserSequence(sql, session.userId), Sessions.toJson(revoked))
      return revoked
    })

  const end: Sessions.Service["end"] = (id) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const session = yield* load(id)
        if (session.status !== "active") return session
        const at = yield* now
        yield* sql`UPDATE ds_sessions SET status = 'ended', ended_at = ${at} WHERE id = ${id}`
        return { ...session, status: "ended" as const, endedAt: at }
      })
    ))

  return { create, get, listByUser, revoke, end } satisfies Sessions.Service
})

const decodeEvent = (r: Row): DirectoryEvents.DirectoryEvent => ({
  id: String(r.id),
  connectionId: String(r.connection_id),
  type: r.type as DirectoryEvents.EventType,
  timestamp: num(r.timestamp),
  userId: strOrNull(r.user_id),
  resourceId: strOrNull(r.resource_id),
  request: parse(r.request),
  outcome: parse(r.outcome),
  fixups: parse(r.fixups),
  user: parseOrNull(r.user_json),
  diff: parseOrNull(r.diff)
})

export const makeDirectoryEvents = Effect.gen(function*() {
  const sql = yield* SqlClient
  const ids = yield* IdGenerator
  const config = yield* Config

  const list: DirectoryEvents.Service["list"] = (connectionId, options = {}) =>
    orDie(Effect.gen(function*() {
      const { limit, offset } = page(options)
      const where = sql.and([
        sql`connection_id = ${connectionId}`,
        ...(options.type === undefined ? [] : [sql`type = ${options.type}`]),
        ...(options.userId === undefined ? [] : [sql`user_id = ${options.userId}`])
      ])
      const total = yield* sql<Row>`SELECT COUNT(*) AS n FROM ds_events WHERE ${where}`
      const rows = yield* sql<Row>`SELECT * FROM ds_events WHERE ${where} ORDER BY pk DESC LIMIT ${limit} OFFSET ${offset}`
      return { data: rows.map(decodeEvent), totalCount: num(total[0]?.n ?? 0) }
    }))

  const get: DirectoryEvents.Service["get"] = (id) =>
    orDie(Effect.flatMap(sql<Row>`SELECT * FROM ds_events WHERE id = ${id}`, (rows) =>
      rows[0] === undefined
        ? Effect.fail(new Errors.DirectoryEventNotFound({ eventId: id }))
        : Effect.succeed(decodeEvent(rows[0]))))

  const recordFailure: DirectoryEvents.Service["recordFailure"] = (connectionId, context, outcome) =>
    orDie(transaction(
      sql,
      recordEvent(sql, ids, {
        connectionId,
        type: "scim.provisioning_failed",
        userId: null,
        resourceId: null,
        context,
        outcome,
        user: null,
        diff: null
      })
    ))

  const prune: DirectoryEvents.Service["prune"] = (before) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const cutoff = before ?? (yield* now) - config.eventRetentionMillis
        const rows = yield* sql<Row>`SELECT COUNT(*) AS n FROM ds_events WHERE timestamp < ${cutoff}`
        yield* sql`DELETE FROM ds_events WHERE timestamp < ${cutoff}`
        return num(rows[0]?.n ?? 0)
      })
    ))

  return { list, get, recordFailure, prune } satisfies DirectoryEvents.Service
})

const decodeEndpoint = (r: Row): Webhooks.Endpoint => ({
  id: String(r.id),
  url: String(r.url),
  secret: String(r.secret),
  events: parseOrNull(r.events),
  createdAt: num(r.created_at)
})

const decodeAttempt = (r: Row): Webhooks.DeliveryAttempt => ({
  id: String(r.id),
  messageId: String(r.message_id),
  endpointId: String(r.endpoint_id),
  attempt: num(r.attempt),
  statusCode: numOrNull(r.status_code),
  error: strOrNull(r.error),
  durationMillis: num(r.duration_ms),
  timestamp: num(r.timestamp)
})

export const makeWebhooks = Effect.gen(function*() {
  const sql = yield* SqlClient
  const ids = yield* IdGenerator

  const get: Webhooks.Service["get"] = (id) =>
    orDie(Effect.flatMap(sql<Row>`SELECT * FROM ds_webhook_endpoints WHERE id = ${id}`, (rows) =>
      rows[0] === undefined
        ? Effect.fail(new Errors.WebhookEndpointNotFound({ endpointId: id }))
        : Effect.succeed(decodeEndpoint(rows[0]))))

  const create: Webhooks.Service["create"] = (input) =>
    orDie(Effect.gen(function*() {
      const id = yield* ids.id("whe")
      const secret = "whsec_" + base64(yield* ids.bytes(24))
      const at = yield* now
      yield* sql`INSERT INTO ds_webhook_endpoints ${
        sql.insert({
          id,
          url: input.url,
          secret,
          events: input.events === undefined ? null : JSON.stringify(input.events),
          created_at: at
        })
      }`
      const endpoint: Webhooks.Endpoint = { id, url: input.url, secret, events: input.events ?? null, createdAt: at }
      return endpoint
    }))

  const list: Webhooks.Service["list"] = (p) =>
    orDie(Effect.gen(function*() {
      const { limit, offset } = page(p)
      const total = yield* sql<Row>`SELECT COUNT(*) AS n FROM ds_webhook_endpoints`
      const rows = yield* sql<Row>`SELECT * FROM ds_webhook_endpoints ORDER BY pk LIMIT ${limit} OFFSET ${offset}`
      return { data: rows.map(decodeEndpoint), totalCount: num(total[0]?.n ?? 0) }
    }))

  const remove: Webhooks.Service["remove"] = (id) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        yield* get(id)
        yield* sql`DELETE FROM ds_webhook_messages WHERE endpoint_id = ${id} AND status = 'pending'`
        yield* sql`DELETE FROM ds_webhook_endpoints WHERE id = ${id}`
      })
    ))

  const deliveries: Webhooks.Service["deliveries"] = (id, p) =>
    orDie(Effect.gen(function*() {
      yield* get(id)
      const { limit, offset } = page(p)
      const total = yield* sql<Row>`SELECT COUNT(*) AS n FROM ds_delivery_attempts WHERE endpoint_id = ${id}`
      const rows = yield* sql<Row>`SELECT * FROM ds_delivery_attempts WHERE endpoint_id = ${id} ORDER BY pk DESC LIMIT ${limit} OFFSET ${offset}`
      return { data: rows.map(decodeAttempt), totalCount: num(total[0]?.n ?? 0) }
    }))

  return { create, get, list, remove, deliveries } satisfies Webhooks.Service
})

const decodeMessage = (r: Row): Outbox.Message => ({
  id: String(r.id),
  endpointId: String(r.endpoint_id),
  eventType: r.event_type as Webhooks.EventType,
  payload: String(r.payload),
  status: r.status as Outbox.Status,
  attempts: num(r.attempts),
  nextAttemptAt: numOrNull(r.next_attempt_at),
  createdAt: num(r.created_at),
  deliveredAt: numOrNull(r.delivered_at)
})

export const makeOutbox = Effect.gen(function*() {
  const sql = yield* SqlClient
  const ids = yield* IdGenerator
  const { retrySchedule } = yield* Config

  const lock = (id: string) =>
    Effect.flatMap(sql<Row>`SELECT * FROM ds_webhook_messages WHERE id = ${id} ${forUpdate(sql)}`, (rows) =>
      rows[0] === undefined
        ? Effect.fail(new Errors.WebhookMessageNotFound({ messageId: id }))
        : Effect.succeed(decodeMessage(rows[0])))

  const skipLocked = sql.onDialectOrElse({
    pg: () => sql.literal("FOR UPDATE SKIP LOCKED"),
    orElse: () => sql.literal("")
  })

  const claim: Outbox.Service["claim"] = (options = {}) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const at = yield* now
        const limit = Math.max(1, options.limit ?? 10)
        const until = at + (options.leaseMillis ?? 60_000)
        const due = yield* sql<Row>`SELECT id FROM ds_webhook_messages
          WHERE status = 'pending' AND next_attempt_at <= ${at} AND (locked_until IS NULL OR locked_until <= ${at})
          ORDER BY next_attempt_at, pk LIMIT ${limit} ${skipLocked}`
        if (due.length === 0) return []
        const dueIds = due.map((r) => String(r.id))
        yield* sql`UPDATE ds_webhook_messages SET locked_until = ${until} WHERE ${sql.in("id", dueIds)}`
        const rows = yield* sql<Row>`SELECT m.*, e.url, e.secret FROM ds_webhook_messages m
          JOIN ds_webhook_endpoints e ON e.id = m.endpoint_id WHERE ${sql.in("m.id", dueIds)} ORDER BY m.next_attempt_at, m.pk`
        return rows.map((r): Outbox.Claimed => ({ ...decodeMessage(r), url: String(r.url), secret: String(r.secret) }))
      })
    ))

  const recordAttempt: Outbox.Service["recordAttempt"] = (messageId, result) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        const message = yield* lock(messageId)
        const at = yield* now
        const attempt = message.attempts + 1
        yield* sql`INSERT INTO ds_delivery_attempts ${
          sql.insert({
            id: yield* ids.id("att"),
            message_id: messageId,
            endpoint_id: message.endpointId,
            attempt,
            status_code: result.statusCode ?? null,
            error: result.error ?? null,
            duration_ms: Math.round(result.durationMillis),
            timestamp: at
          })
        }`
        const ok = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300
        const delay = retrySchedule[attempt - 1]
        const status: Outbox.Status = ok ? "delivered" : delay === undefined ? "failed" : "pending"
        yield* sql`UPDATE ds_webhook_messages SET ${
          sql.update({
            attempts: attempt,
            status,
            next_attempt_at: status === "pending" ? at + delay! : null,
            locked_until: null,
            delivered_at: ok ? at : null
          })
        } WHERE id = ${messageId}`
        return yield* lock(messageId)
      })
    ))

  const replay: Outbox.Service["replay"] = (messageId) =>
    orDie(transaction(
      sql,
      Effect.gen(function*() {
        yield* lock(messageId)
        const at = yield* now
        yield* sql`UPDATE ds_webhook_messages SET status = 'pending', attempts = 0, next_attempt_at = ${at}, locked_until = NULL, delivered_at = NULL WHERE id = ${messageId}`
        return yield* lock(messageId)
      })
    ))

  const get: Outbox.Service["get"] = (messageId) => orDie(lock(messageId))

  const list: Outbox.Service["list"] = (options = {}) =>
    orDie(Effect.gen(function*() {
      const { limit, offset } = page(options)
      const where = sql.and([
        ...(options.endpointId === undefined ? [] : [sql`endpoint_id = ${options.endpointId}`]),
        ...(options.status === undefined ? [] : [sql`status = ${options.status}`])
      ])
      const total = yield* sql<Row>`SELECT COUNT(*) AS n FROM ds_webhook_messages WHERE ${where}`
      const rows = yield* sql<Row>`SELECT * FROM ds_webhook_messages WHERE ${where} ORDER BY pk LIMIT ${limit} OFFSET ${offset}`
      return { data: rows.map(decodeMessage), totalCount: num(total[0]?.n ?? 0) }
    }))

  const attempts: Outbox.Service["attempts"] = (messageId) =>
    orDie(Effect.gen(function*() {
      yield* lock(messageId)
      const rows = yield* sql<Row>`SELECT * FROM ds_delivery_attempts WHERE message_id = ${messageId} ORDER BY pk`
      return rows.map(decodeAttempt)
    }))

  return { claim, recordAttempt, replay, get, list, attempts } satisfies Outbox.Service
})
