/**
 * Webhook endpoints (`whe_…`): where change notifications go, with the signing secret (`whsec_…`) and an
 * optional event-type filter. Messages are queued by the {@link Outbox} in the transaction of the change.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { Page, Paged } from "./Connections.js"
import type { WebhookEndpointNotFound } from "./Errors.js"

/** The webhook event types. */
export type EventType =
  | "user.created"
  | "user.updated"
  | "session.revoked"
  | "group.created"
  | "group.updated"
  | "group.deleted"

/** Every webhook event type. */
export const eventTypes: ReadonlyArray<EventType> = [
  "user.created",
  "user.updated",
  "session.revoked",
  "group.created",
  "group.updated",
  "group.deleted"
]

/**
 * A webhook body (Standard Webhooks payload): `sequence` grows by one per user (for `user.*` and
 * `session.*`) or per group (`group.*`), so receivers can drop stale, out-of-order deliveries.
 */
export interface Payload {
  readonly type: EventType
  readonly object: "event"
  readonly timestamp: number
  readonly sequence: number
  readonly data: unknown
}

/** A webhook endpoint; `events: null` receives every type. */
export interface Endpoint {
  readonly id: string
  readonly url: string
  readonly secret: string
  readonly events: ReadonlyArray<EventType> | null
  readonly createdAt: number
}

/** One delivery attempt of a message. */
export interface DeliveryAttempt {
  readonly id: string
  readonly messageId: string
  readonly endpointId: string
  readonly attempt: number
  readonly statusCode: number | null
  readonly error: string | null
  readonly durationMillis: number
  readonly timestamp: number
}

/** The webhook endpoints service. */
export interface Service {
  /** Registers an endpoint with a fresh `whsec_…` secret. */
  readonly create: (input: {
    readonly url: string
    readonly events?: ReadonlyArray<EventType> | undefined
  }) => Effect.Effect<Endpoint>
  readonly get: (id: string) => Effect.Effect<Endpoint, WebhookEndpointNotFound>
  readonly list: (page?: Page) => Effect.Effect<Paged<Endpoint>>
  /** Removes the endpoint; its pending messages are dropped. */
  readonly remove: (id: string) => Effect.Effect<void, WebhookEndpointNotFound>
  /** Delivery attempts to the endpoint, newest first. */
  readonly deliveries: (id: string, page?: Page) => Effect.Effect<Paged<DeliveryAttempt>, WebhookEndpointNotFound>
}

/** The webhook endpoints tag. */
export class Webhooks extends Context.Tag("@dirsync/provisioning/Webhooks")<Webhooks, Service>() {}
