/**
 * Verifies webhooks per Standard Webhooks 1.0.0 ("Verifying signatures"): reads `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` (or their `svix-` forms), rejects a timestamp outside the
 * tolerance (default 5 minutes, both directions), and accepts the webhook when any signature in the
 * space-separated list matches any configured secret — `v1` HMAC-SHA256 compared in constant time, `v1a`
 * Ed25519 checked with Web Crypto. Signatures of other versions are ignored.
 *
 * @module
 */
import * as Core from "./internal/core.js"
import { SecretFailure, VerificationFailure } from "./internal/failure.js"
import { WebhookSecretError } from "./Secret.js"
import { WebhookVerificationError } from "./WebhookVerificationError.js"

/** Anything headers can be read from: a Fetch `Headers`, Node's `req.headers`, or a plain record. */
export type HeadersLike = Core.HeadersLike

/** The request to verify: the raw body (text or bytes, exactly as received) and its headers. */
export type Request<B extends Core.Body = Core.Body> = Core.Request<B>

/** A verified webhook: `id`, `timestamp` (Unix seconds), the `body` as given and the matching `version`. */
export type Verified<B extends Core.Body = Core.Body> = Core.Verified<B>

/** The default tolerance, in seconds, between the webhook's timestamp and now (both directions). */
export const DEFAULT_TOLERANCE_SECONDS = Core.DEFAULT_TOLERANCE_SECONDS

/** The options of `verify`. */
export interface VerifyOptions {
  /**
   * The secrets to accept: `whsec_…` (or unprefixed base64) for `v1`, `whpk_…` (or `whsk_…`) for `v1a`.
   * Several during a rotation; any match is enough.
   */
  readonly secrets: string | ReadonlyArray<string>
  /** Allowed distance between the timestamp and now, in seconds; default 300. `Infinity` turns the check off. */
  readonly toleranceSeconds?: number | undefined
  /** The clock, in milliseconds; default `Date.now`. */
  readonly now?: (() => number) | undefined
}

const tolerance = (value: number | undefined): number => {
  const seconds = value ?? Core.DEFAULT_TOLERANCE_SECONDS
  if (typeof seconds !== "number" || Number.isNaN(seconds) || seconds < 0) {
    throw new RangeError(`Cannot verify webhook: tolerance "${String(value)}" must be a number of seconds ≥ 0`)
  }
  return seconds
}

/**
 * Verifies a webhook and resolves to its id, timestamp and body; rejects with
 * `WebhookVerificationError` (with a `reason`) when it does not verify, or `WebhookSecretError` when a
 * configured secret is unusable. Pass the raw body: a re-serialised JSON body will not verify.
 *
 * @example
 * ```ts
 * import { WebhookVerifier } from "@dirsync/webhook-signer"
 *
 * // in a fetch-style handler
 * const body = await request.text()
 * const { id } = await WebhookVerifier.verify({ body, headers: request.headers }, { secrets: "whsec_…" })
 * const event = JSON.parse(body)
 * ```
 */
export const verify = async <B extends Core.Body>(request: Request<B>, options: VerifyOptions): Promise<Verified<B>> => {
  const config: Core.VerifyConfig = {
    secrets: options.secrets,
    toleranceSeconds: tolerance(options.toleranceSeconds),
    nowMillis: (options.now ?? Date.now)()
  }
  try {
    return await Core.verify(request, config)
  } catch (error) {
    if (error instanceof VerificationFailure) {
      throw new WebhookVerificationError(error.reason, error.message, error.id, error.timestamp)
    }
    if (error instanceof SecretFailure) throw new WebhookSecretError(error.reason, error.message)
    throw error
  }
}

/**
 * Whether a webhook verifies, without saying why not. Rejects only for an unusable secret.
 *
 * @example
 * ```ts
 * import { WebhookVerifier } from "@dirsync/webhook-signer"
 *
 * if (!(await WebhookVerifier.isValid({ body, headers }, { secrets }))) return new Response(null, { status: 401 })
 * ```
 */
export const isValid = async (request: Request, options: VerifyOptions): Promise<boolean> => {
  try {
    await verify(request, options)
    return true
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false
    throw error
  }
}
