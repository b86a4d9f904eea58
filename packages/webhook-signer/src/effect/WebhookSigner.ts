/**
 * Signs webhooks per Standard Webhooks 1.0.0 ("Signature scheme", "Webhook headers") in Effect: the
 * timestamp comes from `Clock` (so `TestClock` drives it) and secrets are `Redacted`. Headers are
 * `webhook-id`, `webhook-timestamp`, `webhook-signature` and the same under `svix-*`.
 *
 * @module
 */
import type { Redacted } from "effect"
import { Clock, Effect } from "effect"
import * as Core from "../internal/core.js"
import { fromSecretPromise, reveal } from "../internal/effect.js"
import type { WebhookSecretError } from "./Secret.js"

/** What is signed: `id` (no `.`), `body` exactly as sent, and an optional `timestamp` (`Date` or Unix seconds; `Clock` by default). */
export type Message = Core.Message

/** Which header names `sign` returns: `"both"` (default), `"webhook"` or `"svix"`. */
export type HeaderFamily = Core.HeaderFamily

/** The headers of a signed webhook. */
export type WebhookHeaders = Core.WebhookHeaders

/** One redacted secret, or several during a rotation. */
export type Secrets = Redacted.Redacted<string> | ReadonlyArray<Redacted.Redacted<string>>

/** The options of `sign`. */
export interface SignOptions {
  /** `whsec_…` secrets (`v1`) and/or `whsk_…` keys (`v1a`); each adds a signature. */
  readonly secrets: Secrets
  /** Which header names to return; default `"both"`. */
  readonly headers?: HeaderFamily | undefined
}

const seconds = (message: Message): Effect.Effect<number> =>
  message.timestamp === undefined
    ? Effect.map(Clock.currentTimeMillis, (millis) => Core.toSeconds(new Date(millis)))
    : Effect.sync(() => Core.toSeconds(message.timestamp!))

/**
 * The `webhook-signature` value of a message: one `v1,…`/`v1a,…` per secret, space-separated.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { WebhookSigner } from "@dirsync/webhook-signer/effect"
 *
 * const value = WebhookSigner.signature({ id: "msg_1", body: "{}" }, Redacted.make("whsec_…"))
 * ```
 */
export const signature = (message: Message, secrets: Secrets): Effect.Effect<string, WebhookSecretError> =>
  Effect.flatMap(seconds(message), (ts) =>
    fromSecretPromise(() => Core.signature(message.id, ts, message.body, reveal(secrets)))
  )

/**
 * Signs a message and returns its headers. A message without a timestamp is stamped from `Clock`. An
 * invalid id or timestamp is a defect; an unusable secret fails with `WebhookSecretError`.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { WebhookSigner } from "@dirsync/webhook-signer/effect"
 *
 * const program = Effect.gen(function* () {
 *   const body = JSON.stringify({ type: "user.created", data: {} })
 *   const headers = yield* WebhookSigner.sign({ id: "msg_1", body }, { secrets: Redacted.make("whsec_…") })
 *   return { body, headers }
 * })
 * ```
 */
export const sign = (message: Message, options: SignOptions): Effect.Effect<WebhookHeaders, WebhookSecretError> =>
  Effect.flatMap(seconds(message), (ts) =>
    fromSecretPromise(async () => {
      const value = await Core.signature(message.id, ts, message.body, reveal(options.secrets))
      return Core.headers(message.id, ts, value, options.headers ?? "both")
    })
  )
