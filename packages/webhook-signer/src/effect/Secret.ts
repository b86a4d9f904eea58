/**
 * Webhook secrets for the Effect API, held as `Redacted` so they never reach logs: symmetric
 * `whsec_<base64>` secrets (`v1`) and Ed25519 `whsk_`/`whpk_` keys (`v1a`), per Standard Webhooks 1.0.0
 * ("Signature scheme").
 *
 * @module
 */
import { Data, Effect, Redacted } from "effect"
import * as Base64 from "../internal/base64.js"
import type { SecretReason } from "../internal/failure.js"
import { SecretFailure } from "../internal/failure.js"
import * as Keys from "../internal/keys.js"
import { fromSecretPromise } from "../internal/effect.js"

/**
 * Why a secret cannot be used: `"Empty"`, `"InvalidEncoding"`, `"InvalidLength"`, `"WrongKind"` or
 * `"Unsupported"` (no Ed25519 in this runtime's Web Crypto).
 */
export type Reason = SecretReason

/**
 * A secret or key cannot be used. The message names the prefix only, never the secret.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { Secret } from "@dirsync/webhook-signer/effect"
 *
 * Secret.parse(Redacted.make("whsec_")).pipe(Effect.catchTag("WebhookSecretError", (e) => Effect.succeed(e.reason)))
 * ```
 */
export class WebhookSecretError extends Data.TaggedError("WebhookSecretError")<{
  readonly reason: Reason
  readonly message: string
}> {}

/** The kind of a secret: `"symmetric"` (`whsec_`), `"secretKey"` (`whsk_`) or `"publicKey"` (`whpk_`). */
export type Kind = Keys.SecretKind

/** A decoded secret: its kind and raw bytes. */
export interface Parsed {
  readonly kind: Kind
  readonly bytes: Uint8Array
}

/**
 * Generates a symmetric `whsec_` secret of `bytes` random bytes (24 to 64, default 32) from
 * `crypto.getRandomValues`. A size outside that range is a defect.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Secret } from "@dirsync/webhook-signer/effect"
 *
 * const secret = Effect.runSync(Secret.generate()) // Redacted<"whsec_…">
 * ```
 */
export const generate = (options?: { readonly bytes?: number | undefined }): Effect.Effect<Redacted.Redacted<string>> =>
  Effect.sync(() => {
    const size = options?.bytes ?? 32
    if (!Number.isInteger(size) || size < 24 || size > 64) {
      throw new RangeError(`Cannot generate webhook secret: size "${String(size)}" must be from 24 to 64 bytes`)
    }
    return Redacted.make(Keys.SYMMETRIC_PREFIX + Base64.encode(crypto.getRandomValues(new Uint8Array(size))))
  })

/**
 * Decodes a secret and tells its kind; fails with `WebhookSecretError` when it is unusable.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { Secret } from "@dirsync/webhook-signer/effect"
 *
 * Effect.runSync(Secret.parse(Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))).kind // "symmetric"
 * ```
 */
export const parse = (secret: Redacted.Redacted<string>): Effect.Effect<Parsed, WebhookSecretError> =>
  Effect.try({ try: () => Keys.parse(Redacted.value(secret)), catch: (error) => error }).pipe(
    Effect.catchAll((error) =>
      error instanceof SecretFailure
        ? Effect.fail(new WebhookSecretError({ reason: error.reason, message: error.message }))
        : Effect.die(error)
    )
  )

/** An Ed25519 key pair for `v1a` signatures: the secret key redacted, the public key plain. */
export interface KeyPair {
  readonly secretKey: Redacted.Redacted<string>
  readonly publicKey: string
}

/**
 * Generates an Ed25519 key pair (`whsk_…`, `whpk_…`); fails with `"Unsupported"` where Web Crypto has
 * no Ed25519.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Secret } from "@dirsync/webhook-signer/effect"
 *
 * const { secretKey, publicKey } = await Effect.runPromise(Secret.generateKeyPair)
 * ```
 */
export const generateKeyPair: Effect.Effect<KeyPair, WebhookSecretError> = fromSecretPromise(async () => {
  const pair = await Keys.generateKeyPair()
  return { secretKey: Redacted.make(pair.secretKey), publicKey: pair.publicKey }
})

/**
 * The `whpk_` public key of a `whsk_` secret key.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Secret } from "@dirsync/webhook-signer/effect"
 *
 * const publicKey = await Effect.runPromise(Secret.publicKey(secretKey))
 * ```
 */
export const publicKey = (secretKey: Redacted.Redacted<string>): Effect.Effect<string, WebhookSecretError> =>
  fromSecretPromise(() => Keys.derivePublicKey(Redacted.value(secretKey)))

