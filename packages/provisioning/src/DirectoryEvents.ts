/**
 * Directory events (`dse_…`): every SCIM write as the IdP sent it (method, path, query, body with
 * `password` and tokens redacted), its outcome, the fix-ups applied, the resulting user and, for updates, a
 * before/after diff. Failed operations are recorded as `scim.provisioning_failed` in their own transaction.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { Page, Paged } from "./Connections.js"
import type { DirectoryEventNotFound } from "./Errors.js"
import type { Fixup, RequestContext, Resource } from "./Scim.js"
import type { UserJson } from "./Users.js"

/** The directory event types. */
export const eventTypes = [
  "scim.user.created",
  "scim.user.patched",
  "scim.user.deleted",
  "scim.group.created",
  "scim.group.patched",
  "scim.group.deleted",
  "scim.provisioning_failed"
] as const

/** The type of a directory event. */
export type EventType = (typeof eventTypes)[number]

/** The request as recorded (secrets redacted). */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: string | null
  readonly body: unknown
}

/** How the operation ended: a SCIM status, and for errors the `scimType` and detail. */
export interface Outcome {
  readonly status: number
  readonly scimType?: string | undefined
  readonly detail?: string | undefined
}

/** A directory event. */
export interface DirectoryEvent {
  readonly id: string
  readonly connectionId: string
  readonly type: EventType
  readonly timestamp: number
  readonly userId: string | null
  readonly resourceId: string | null
  readonly request: RecordedRequest
  readonly outcome: Outcome
  readonly fixups: ReadonlyArray<Fixup>
  /** The application user after the operation. */
  readonly user: UserJson | null
  /** Before and after of the SCIM resource, for updates. */
  readonly diff: { readonly before: Resource | null; readonly after: Resource | null } | null
}

/** The admin API's JSON of a directory event. */
export interface DirectoryEventJson {
  readonly event_id: string
  readonly object: "directory_event"
  readonly type: EventType
  readonly timestamp: number
  readonly connection_id: string
  readonly user_id: string | null
  readonly resource_id: string | null
  readonly payload: RecordedRequest
  readonly outcome: Outcome
  readonly fixups: ReadonlyArray<Fixup>
  readonly user: UserJson | null
  readonly diff: { readonly before: Resource | null; readonly after: Resource | null } | null
}

/**
 * The admin API JSON of a directory event.
 *
 * @example
 * import { DirectoryEvents } from "@dirsync/provisioning"
 * declare const event: DirectoryEvents.DirectoryEvent
 * DirectoryEvents.toJson(event).event_id
 */
export const toJson = (e: DirectoryEvent): DirectoryEventJson => ({
  event_id: e.id,
  object: "directory_event",
  type: e.type,
  timestamp: e.timestamp,
  connection_id: e.connectionId,
  user_id: e.userId,
  resource_id: e.resourceId,
  payload: e.request,
  outcome: e.outcome,
  fixups: e.fixups,
  user: e.user,
  diff: e.diff
})

/** Filters of the event list; newest first. */
export interface ListOptions extends Page {
  readonly type?: EventType | undefined
  readonly userId?: string | undefined
}

/** The directory events service. */
export interface Service {
  readonly list: (connectionId: string, options?: ListOptions) => Effect.Effect<Paged<DirectoryEvent>>
  readonly get: (id: string) => Effect.Effect<DirectoryEvent, DirectoryEventNotFound>
  /**
   * Records a `scim.provisioning_failed` event for a request that failed before reaching a provisioning
   * operation (a body that does not decode, say), in its own transaction.
   */
  readonly recordFailure: (connectionId: string, context: RequestContext, outcome: Outcome) => Effect.Effect<string>
  /** Deletes events older than the retention (layer option `eventRetentionMillis`) or `before`; returns the count. */
  readonly prune: (before?: number) => Effect.Effect<number>
}

/** The directory events tag. */
export class DirectoryEvents extends Context.Tag("@dirsync/provisioning/DirectoryEvents")<DirectoryEvents, Service>() {}
