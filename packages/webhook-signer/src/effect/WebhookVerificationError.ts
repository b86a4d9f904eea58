/**
 * The error `WebhookVerifier.verify` fails with in the Effect API when a webhook does not verify
 * (Standard Webhooks 1.0.0, "Verifying signatures").
 *
 * @module
 */
import { Data } from "effect"
import type { VerificationReason } from "../internal/failure.js"

/**
 * Why a webhook did not verify: `"MissingHeaders"`, `"InvalidTimestamp"`, `"TimestampTooOld"`,
 * `"TimestampTooNew"` or `"NoMatchingSignature"`.
 */
export type Reason = VerificationReason

/**
 * A webhook failed verification. `reason` says which check failed and `message` says it in words; `id`
 * and `timestamp` are the header values when they were readable.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WebhookVerifier } from "@dirsync/webhook-signer/effect"
 *
 * WebhookVerifier.verify(request, { secrets }).pipe(
 *   Effect.catchTag("WebhookVerificationError", (error) => Effect.logWarning(error.reason))
 * )
 * ```
 */
export class WebhookVerificationError extends Data.TaggedError("WebhookVerificationError")<{
  readonly reason: Reason
  readonly message: string
  readonly id?: string | undefined
  readonly timestamp?: number | undefined
}> {}
