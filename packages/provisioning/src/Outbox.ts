/**
 * The webhook outbox (`msg_…`): messages written in the transaction of the change, claimed by one dispatcher
 * at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, a write transaction on SQLite), retried on the
 * {@link schedule} (Svix-like: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — about 28 hours), every attempt
 * recorded, failed messages replayable. Sending the HTTP request is the dispatcher's job (the server app).
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { Page, Paged } from "./Connections.js"
import type { WebhookMessageNotFound } from "./Errors.js"
import type { DeliveryAttempt, EventType } from "./Webhooks.js"

/**
 * Delays before retries, in milliseconds: the first attempt is immediate, attempt n+1 waits `schedule[n-1]`.
 * After the last retry fails the message is `failed`.
 */
export const schedule: ReadonlyArray<number> = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000
]

/**
 * The delay before the next attempt after `attempts` failed attempts, or `undefined` when none is left.
 *
 * @example
 * import { Outbox } from "@dirsync/provisioning"
 * Outbox.nextDelay(1) // 5000
 * Outbox.nextDelay(8) // undefined
 */
export const nextDelay = (attempts: number): number | undefined => schedule[attempts - 1]

/** A message's state. */
export type Status = "pending" | "delivered" | "failed"

/** An outbox message. */
export interface Message {
  readonly id: string
  readonly endpointId: string
  readonly eventType: EventType
  /** The JSON body to send (a {@link Webhooks.Payload}), exactly as signed. */
  readonly payload: string
  readonly status: Status
  readonly attempts: number
  readonly nextAttemptAt: number | null
  readonly createdAt: number
  readonly deliveredAt: number | null
}

/** A claimed message with what is needed to send it. */
export interface Claimed extends Message {
  readonly url: string
  readonly secret: string
}

/** The result of one delivery attempt, as the dispatcher saw it. */
export interface AttemptResult {
  readonly statusCode?: number | undefined
  readonly error?: string | undefined
  readonly durationMillis: number
}

/** The outbox service. */
export interface Service {
  /**
   * Claims up to `limit` due messages for `leaseMillis` (default 60 s): other dispatchers skip them until
   * the lease ends or an attempt is recorded.
   */
  readonly claim: (options?: {
    readonly limit?: number | undefined
    readonly leaseMillis?: number | undefined
  }) => Effect.Effect<ReadonlyArray<Claimed>>
  /**
   * Records an attempt: a 2xx status marks the message delivered; otherwise the next retry is scheduled or,
   * with no retry left, the message is marked failed.
   */
  readonly recordAttempt: (
    messageId: string,
    result: AttemptResult
  ) => Effect.Effect<Message, WebhookMessageNotFound>
  /** Makes a message (failed or not) due now again, with a fresh retry schedule. */
  readonly replay: (messageId: string) => Effect.Effect<Message, WebhookMessageNotFound>
  readonly get: (messageId: string) => Effect.Effect<Message, WebhookMessageNotFound>
  readonly list: (options?: Page & {
    readonly endpointId?: string | undefined
    readonly status?: Status | undefined
  }) => Effect.Effect<Paged<Message>>
  readonly attempts: (messageId: string) => Effect.Effect<ReadonlyArray<DeliveryAttempt>, WebhookMessageNotFound>
}

/** The outbox tag. */
export class Outbox extends Context.Tag("@dirsync/provisioning/Outbox")<Outbox, Service>() {}
