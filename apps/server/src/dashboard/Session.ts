/**
 * Dashboard sign-in sessions, stored in the database so that any server process accepts them: the cookie
 * holds a random id (32 bytes), the table only its SHA-256 hash, an expiry and the session's CSRF token.
 * Signing out deletes the row; expired rows are deleted when someone signs in.
 *
 * @module
 */
import { SqlClient } from "@effect/sql"
import { Clock, Context, Effect, Layer } from "effect"
import * as NodeCrypto from "node:crypto"

/** A signed-in dashboard session. */
export interface DashboardSession {
  /** The SHA-256 of the cookie value. */
  readonly idHash: string
  /** The CSRF token every form of this session must send back. */
  readonly csrf: string
  readonly expiresAt: number
}

/** The session store. */
export interface Service {
  /** Starts a session; returns the cookie value (shown only to the browser) and the session. */
  readonly create: Effect.Effect<{ readonly cookie: string; readonly session: DashboardSession }>
  /** The live session of a cookie value, if any. */
  readonly find: (cookie: string) => Effect.Effect<DashboardSession | undefined>
  /** Ends a session. */
  readonly remove: (cookie: string) => Effect.Effect<void>
}

/** The session store tag. */
export class DashboardSessions extends Context.Tag("@dirsync/server/dashboard/Sessions")<DashboardSessions, Service>() {}

/** How long a session lasts after sign-in. */
export const lifetimeMillis = 8 * 60 * 60 * 1000

/** The name of the session cookie. */
export const cookieName = "dirsync_dashboard"

/**
 * The SHA-256 (hex) of a value.
 *
 * @example
 * import { sha256 } from "./Session.js"
 * sha256("x").length // 64
 */
export const sha256 = (value: string): string => NodeCrypto.createHash("sha256").update(value, "utf8").digest("hex")

/**
 * A random URL-safe token of `bytes` random bytes.
 *
 * @example
 * import { randomToken } from "./Session.js"
 * randomToken(32).length // 43
 */
export const randomToken = (bytes = 32): string => NodeCrypto.randomBytes(bytes).toString("base64url")

/**
 * Constant-time comparison of two strings.
 *
 * @example
 * import { safeEqual } from "./Session.js"
 * safeEqual("a", "a") // true
 */
export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(sha256(a), "hex")
  const y = Buffer.from(sha256(b), "hex")
  return a.length > 0 && NodeCrypto.timingSafeEqual(x, y) && a === b
}

interface Row {
  readonly id_hash: string
  readonly csrf: string
  readonly expires_at: number | string
}

/** The database-backed store (its table comes from the server's migrations). */
export const layer = Layer.effect(
  DashboardSessions,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const create: Service["create"] = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const cookie = randomToken(32)
      const session: DashboardSession = { idHash: sha256(cookie), csrf: randomToken(32), expiresAt: now + lifetimeMillis }
      yield* sql`DELETE FROM dirsync_dashboard_sessions WHERE expires_at < ${now}`
      yield* sql`INSERT INTO dirsync_dashboard_sessions (id_hash, csrf, created_at, expires_at)
        VALUES (${session.idHash}, ${session.csrf}, ${now}, ${session.expiresAt})`
      return { cookie, session }
    }).pipe(Effect.orDie)
    const find: Service["find"] = (cookie) =>
      Effect.gen(function*() {
        if (cookie.length === 0 || cookie.length > 200) return undefined
        const now = yield* Clock.currentTimeMillis
        const rows = yield* sql<Row>`SELECT id_hash, csrf, expires_at FROM dirsync_dashboard_sessions
          WHERE id_hash = ${sha256(cookie)}`
        const row = rows[0]
        if (!row || Number(row.expires_at) <= now) return undefined
        return { idHash: row.id_hash, csrf: row.csrf, expiresAt: Number(row.expires_at) }
      }).pipe(Effect.orDie)
    const remove: Service["remove"] = (cookie) =>
      sql`DELETE FROM dirsync_dashboard_sessions WHERE id_hash = ${sha256(cookie)}`.pipe(Effect.asVoid, Effect.orDie)
    return { create, find, remove }
  }).pipe(Effect.orDie)
)
