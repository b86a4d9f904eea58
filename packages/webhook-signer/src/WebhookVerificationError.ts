/**
 * The error `WebhookVerifier.verify` rejects with when a webhook does not verify: missing headers, a
 * malformed timestamp, a timestamp outside the tolerance, or no signature matching any configured secret
 * (Standard Webhooks 1.0.0, "Verifying signatures").
 *
 * @module
 */
import type { VerificationReason } from "./internal/failure.js"

/**
 * Why a webhook did not verify:
 * - `"MissingHeaders"`: `webhook-id`, `webhook-timestamp` or `webhook-signature` (and its `svix-` form) is absent;
 * - `"InvalidTimestamp"`: the timestamp is not a whole number of Unix seconds;
 * - `"TimestampTooOld"` / `"TimestampTooNew"`: the timestamp is outside the tolerance (a replay, or a skewed clock);
 * - `"NoMatchingSignature"`: no signature in the header matches any of the secrets.
 */
export type Reason = VerificationReason

/**
 * A webhook failed verification. `reason` says which check failed and `message` says it in words
 * (`Cannot verify webhook "msg_…": timestamp "…" is 400 s old, more than the 300 s tolerance`); `id` and
 * `timestamp` are the header values when they were readable. Answer such a request with 400 or 401 and
 * do not process it.
 *
 * @example
 * ```ts
 * import { WebhookVerificationError, WebhookVerifier } from "@dirsync/webhook-signer"
 *
 * try {
 *   await WebhookVerifier.verify({ body, headers }, { secrets: "whsec_…" })
 * } catch (error) {
 *   if (WebhookVerificationError.is(error)) console.warn(error.reason, error.message)
 * }
 * ```
 */
export class WebhookVerificationError extends Error {
  /** Discriminator, the same as the Effect API's error. */
  readonly _tag = "WebhookVerificationError" as const
  override readonly name = "WebhookVerificationError"

  constructor(
    /** Which check failed. */
    readonly reason: Reason,
    message: string,
    /** The `webhook-id` header, when present. */
    readonly id?: string,
    /** The `webhook-timestamp` header in Unix seconds, when it parsed. */
    readonly timestamp?: number
  ) {
    super(message)
  }
}

/**
 * Whether a value is a `WebhookVerificationError`.
 *
 * @example
 * ```ts
 * import { WebhookVerificationError } from "@dirsync/webhook-signer"
 *
 * WebhookVerificationError.is(new Error("x")) // false
 * ```
 */
export const is = (value: unknown): value is WebhookVerificationError => value instanceof WebhookVerificationError
