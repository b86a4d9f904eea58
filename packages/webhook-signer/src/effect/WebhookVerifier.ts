/**
 * Verifies webhooks per Standard Webhooks 1.0.0 ("Verifying signatures") in Effect: now comes from
 * `Clock`, secrets are `Redacted`, the tolerance is a `Duration` (default 5 minutes, both directions), and
 * failures are `WebhookVerificationError`s with a `reason`.
 *
 * @module
 */
import { Clock, Duration, Effect } from "effect"
import * as Core from "../internal/core.js"
import { fromVerifyPromise, reveal } from "../internal/effect.js"
import type { WebhookSecretError } from "./Secret.js"
import type { WebhookVerificationError } from "./WebhookVerificationError.js"
import type { Secrets } from "./WebhookSigner.js"

/** Anything headers can be read from: a Fetch `Headers`, Node's `req.headers`, or a plain record. */
export type HeadersLike = Core.HeadersLike

/** The request to verify: the raw body (text or bytes) and its headers. */
export type Request<B extends Core.Body = Core.Body> = Core.Request<B>

/** A verified webhook: `id`, `timestamp` (Unix seconds), the `body` as given and the matching `version`. */
export type Verified<B extends Core.Body = Core.Body> = Core.Verified<B>

/** The options of `verify`. */
export interface VerifyOptions {
  /** `whsec_…` secrets (`v1`) and/or `whpk_…` keys (`v1a`); any match is enough. */
  readonly secrets: Secrets
  /** Allowed distance between the timestamp and now; default 5 minutes. `Duration.infinity` turns it off. */
  readonly tolerance?: Duration.DurationInput | undefined
}

/** The default tolerance: 5 minutes. */
export const DEFAULT_TOLERANCE: Duration.Duration = Duration.seconds(Core.DEFAULT_TOLERANCE_SECONDS)

/**
 * Verifies a webhook against the current `Clock` time.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { WebhookVerifier } from "@dirsync/webhook-signer/effect"
 *
 * const handle = (request: Request) =>
 *   Effect.gen(function* () {
 *     const body = yield* Effect.promise(() => request.text())
 *     const { id } = yield* WebhookVerifier.verify({ body, headers: request.headers }, { secrets: Redacted.make("whsec_…") })
 *     return { id, event: JSON.parse(body) }
 *   })
 * ```
 */
export const verify = <B extends Core.Body>(
  request: Request<B>,
  options: VerifyOptions
): Effect.Effect<Verified<B>, WebhookVerificationError | WebhookSecretError> =>
  Effect.flatMap(Clock.currentTimeMillis, (nowMillis) => {
    const tolerance = Duration.decode(options.tolerance ?? DEFAULT_TOLERANCE)
    const toleranceSeconds = Duration.isFinite(tolerance) ? Duration.toSeconds(tolerance) : Infinity
    return fromVerifyPromise(() =>
      Core.verify(request, { secrets: reveal(options.secrets), toleranceSeconds, nowMillis })
    )
  })
