/**
 * Signs webhooks per Standard Webhooks 1.0.0 ("Signature scheme", "Webhook headers"): the signed content
 * is `${id}.${timestamp}.${body}`, each `whsec_` secret adds a `v1,<base64 HMAC-SHA256>` signature and
 * each `whsk_` key a `v1a,<base64 Ed25519>` signature to the space-separated `webhook-signature` header,
 * next to `webhook-id` and `webhook-timestamp` (Unix seconds). The same values are offered under `svix-id`,
 * `svix-timestamp` and `svix-signature` for receivers written for Svix.
 *
 * Imported keys are cached per secret, so signing many messages with one secret imports it once.
 *
 * @module
 */
import * as Content from "./internal/content.js"
import * as Core from "./internal/core.js"
import { SecretFailure } from "./internal/failure.js"
import { WebhookSecretError } from "./Secret.js"

/** A webhook body: the exact bytes sent, or their UTF-8 text. */
export type Body = Core.Body

/** What is signed: `id` (no `.`), `body` exactly as sent, and `timestamp` (a `Date` or Unix seconds; now by default). */
export type Message = Core.Message

/** Which header names `sign` returns: `"both"` (default), `"webhook"` (`webhook-*`) or `"svix"` (`svix-*`). */
export type HeaderFamily = Core.HeaderFamily

/** The headers of a signed webhook, ready to be set on the request. */
export type WebhookHeaders = Core.WebhookHeaders

/** The options of `sign`. */
export interface SignOptions {
  /**
   * One secret, or several during a rotation (each adds a signature): `whsec_…` for `v1`, `whsk_…` for
   * `v1a`.
   */
  readonly secrets: string | ReadonlyArray<string>
  /** Which header names to return; default `"both"`. */
  readonly headers?: HeaderFamily | undefined
  /** The clock used when the message has no timestamp, in milliseconds; default `Date.now`. */
  readonly now?: (() => number) | undefined
}

const rethrow = (error: unknown): never => {
  throw error instanceof SecretFailure ? new WebhookSecretError(error.reason, error.message) : error
}

/**
 * The signed content of a message, `${id}.${timestamp}.${body}`, as bytes.
 *
 * @example
 * ```ts
 * import { WebhookSigner } from "@dirsync/webhook-signer"
 *
 * new TextDecoder().decode(WebhookSigner.content({ id: "msg_1", timestamp: 1674087231, body: "{}" }))
 * // "msg_1.1674087231.{}"
 * ```
 */
export const content = (message: Message & { readonly timestamp: Date | number }): Uint8Array =>
  Content.signedContent(message.id, Core.toSeconds(message.timestamp), message.body)

/**
 * The `webhook-signature` value of a message: one `v1,…` or `v1a,…` signature per secret, space-separated.
 * Rejects with `WebhookSecretError` for an unusable secret (or a `whpk_` public key).
 *
 * @example
 * ```ts
 * import { WebhookSigner } from "@dirsync/webhook-signer"
 *
 * await WebhookSigner.signature(
 *   { id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: '{"test": 2432232314}' },
 *   "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
 * ) // "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
 * ```
 */
export const signature = async (
  message: Message,
  secrets: string | ReadonlyArray<string>,
  now: () => number = Date.now
): Promise<string> => {
  const seconds = Core.toSeconds(message.timestamp ?? new Date(now()))
  try {
    return await Core.signature(message.id, seconds, message.body, secrets)
  } catch (error) {
    return rethrow(error)
  }
}

/**
 * Signs a message and returns its headers: `webhook-id`, `webhook-timestamp`, `webhook-signature` and,
 * unless `headers` says otherwise, the same under `svix-*`. Send the body exactly as signed.
 *
 * @example
 * ```ts
 * import { WebhookSigner } from "@dirsync/webhook-signer"
 *
 * const body = JSON.stringify({ type: "user.created", data: { id: "user_1" } })
 * const headers = await WebhookSigner.sign({ id: "msg_1", body }, { secrets: "whsec_…" })
 * await fetch(url, { method: "POST", body, headers: { ...headers, "content-type": "application/json" } })
 * ```
 */
export const sign = async (message: Message, options: SignOptions): Promise<WebhookHeaders> => {
  const seconds = Core.toSeconds(message.timestamp ?? new Date((options.now ?? Date.now)()))
  try {
    const value = await Core.signature(message.id, seconds, message.body, options.secrets)
    return Core.headers(message.id, seconds, value, options.headers ?? "both")
  } catch (error) {
    return rethrow(error)
  }
}
