/**
 * Sessions (`sess_…`): a stand-in for sign-in. Deactivating a user revokes every active session in the same
 * transaction; a deactivated user cannot start one.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { ApplicationUserNotFound, SessionNotFound, UserDeactivated } from "./Errors.js"

/** A session's state. */
export type Status = "active" | "revoked" | "ended"

/** A session. */
export interface Session {
  readonly id: string
  readonly userId: string
  readonly status: Status
  readonly createdAt: number
  readonly revokedAt: number | null
  readonly revokeReason: string | null
  readonly endedAt: number | null
}

/** The admin API's JSON of a session; also the `data` of `session.revoked` webhooks. */
export interface SessionJson {
  readonly id: string
  readonly object: "session"
  readonly user_id: string
  readonly status: Status
  readonly created_at: number
  readonly revoked_at: number | null
  readonly revoke_reason: string | null
  readonly ended_at: number | null
}

/**
 * The admin API JSON of a session.
 *
 * @example
 * import { Sessions } from "@dirsync/provisioning"
 * declare const session: Sessions.Session
 * Sessions.toJson(session).status // "active" | "revoked" | "ended"
 */
export const toJson = (s: Session): SessionJson => ({
  id: s.id,
  object: "session",
  user_id: s.userId,
  status: s.status,
  created_at: s.createdAt,
  revoked_at: s.revokedAt,
  revoke_reason: s.revokeReason,
  ended_at: s.endedAt
})

/** The sessions service. */
export interface Service {
  /** Starts a session; fails with `UserDeactivated` for a deactivated user. */
  readonly create: (userId: string) => Effect.Effect<Session, ApplicationUserNotFound | UserDeactivated>
  readonly get: (id: string) => Effect.Effect<Session, SessionNotFound>
  readonly listByUser: (userId: string) => Effect.Effect<ReadonlyArray<Session>, ApplicationUserNotFound>
  /** Revokes an active session (a no-op on one already revoked or ended) and emits `session.revoked`. */
  readonly revoke: (id: string, reason?: string) => Effect.Effect<Session, SessionNotFound>
  /** Ends an active session (sign-out). */
  readonly end: (id: string) => Effect.Effect<Session, SessionNotFound>
}

/** The sessions tag. */
export class Sessions extends Context.Tag("@dirsync/provisioning/Sessions")<Sessions, Service>() {}
