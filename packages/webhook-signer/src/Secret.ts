/**
 * Webhook secrets in the Standard Webhooks serialisation (1.0.0, "Signature scheme"): symmetric
 * `whsec_<base64>` secrets for HMAC-SHA256 (`v1`), and Ed25519 key pairs for `v1a` as `whsk_<base64 of
 * the 32-byte seed>` (secret key) and `whpk_<base64 of the 32-byte public key>` (public key).
 *
 * @module
 */
import * as Base64 from "./internal/base64.js"
import { SecretFailure, type SecretReason } from "./internal/failure.js"
import * as Keys from "./internal/keys.js"

/** The prefix of symmetric secrets. */
export const SYMMETRIC_PREFIX = Keys.SYMMETRIC_PREFIX
/** The prefix of Ed25519 secret keys. */
export const SECRET_KEY_PREFIX = Keys.SECRET_KEY_PREFIX
/** The prefix of Ed25519 public keys. */
export const PUBLIC_KEY_PREFIX = Keys.PUBLIC_KEY_PREFIX

/**
 * Why a secret cannot be used: `"Empty"`, `"InvalidEncoding"` (not standard base64), `"InvalidLength"`
 * (an Ed25519 key that is not 32 bytes, or a generated length outside 24–64), `"WrongKind"` (signing with a
 * `whpk_` public key) or `"Unsupported"` (the runtime has no Ed25519 in Web Crypto).
 */
export type Reason = SecretReason

/**
 * A secret or key cannot be used. The message names the prefix only, never the secret.
 *
 * @example
 * ```ts
 * import { Secret } from "@dirsync/webhook-signer"
 *
 * try { Secret.parse("whsec_not base64!") } catch (e) { if (e instanceof Secret.WebhookSecretError) e.reason }
 * ```
 */
export class WebhookSecretError extends Error {
  /** Discriminator, the same as the Effect API's error. */
  readonly _tag = "WebhookSecretError" as const
  override readonly name = "WebhookSecretError"
  constructor(
    /** What is wrong with the secret. */
    readonly reason: Reason,
    message: string
  ) {
    super(message)
  }
}

const rethrow = (error: unknown): never => {
  throw error instanceof SecretFailure ? new WebhookSecretError(error.reason, error.message) : error
}

/** The kind of a secret: `"symmetric"` (`whsec_`), `"secretKey"` (`whsk_`) or `"publicKey"` (`whpk_`). */
export type Kind = Keys.SecretKind

/** A decoded secret: its kind and raw bytes. */
export interface Parsed {
  readonly kind: Kind
  readonly bytes: Uint8Array
}

/** The default size of generated symmetric secrets, in bytes. */
export const DEFAULT_BYTES = 32

/**
 * Generates a symmetric secret: `whsec_` followed by the base64 of `bytes` random bytes (24 to 64,
 * default 32) from `crypto.getRandomValues`.
 *
 * @example
 * ```ts
 * import { Secret } from "@dirsync/webhook-signer"
 *
 * const secret = Secret.generate() // "whsec_…" (32 random bytes)
 * ```
 */
export const generate = (options?: { readonly bytes?: number | undefined }): string => {
  const size = options?.bytes ?? DEFAULT_BYTES
  if (!Number.isInteger(size) || size < 24 || size > 64) {
    throw new WebhookSecretError(
      "InvalidLength",
      `Cannot generate webhook secret: size "${String(size)}" must be a whole number of bytes from 24 to 64`
    )
  }
  return Keys.SYMMETRIC_PREFIX + Base64.encode(crypto.getRandomValues(new Uint8Array(size)))
}

/**
 * Decodes a secret and tells its kind. Symmetric secrets may come with or without `whsec_` (as the
 * `standardwebhooks` and `svix` libraries accept); Ed25519 keys must be 32 bytes. Throws
 * `WebhookSecretError`.
 *
 * @example
 * ```ts
 * import { Secret } from "@dirsync/webhook-signer"
 *
 * Secret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").kind // "symmetric" (24 bytes)
 * ```
 */
export const parse = (secret: string): Parsed => {
  try {
    return Keys.parse(secret)
  } catch (error) {
    return rethrow(error)
  }
}

/**
 * Whether a string is a usable secret or key.
 *
 * @example
 * ```ts
 * import { Secret } from "@dirsync/webhook-signer"
 *
 * Secret.isValid("whsec_") // false
 * ```
 */
export const isValid = (secret: string): boolean => {
  try {
    Keys.parse(secret)
    return true
  } catch {
    return false
  }
}

/** An Ed25519 key pair for `v1a` signatures. */
export interface KeyPair {
  /** `whsk_…`: signs; keep it private. */
  readonly secretKey: string
  /** `whpk_…`: verifies; give it to receivers. */
  readonly publicKey: string
}

/**
 * Generates an Ed25519 key pair for asymmetric (`v1a`) signatures. Rejects with `WebhookSecretError`
 * (`"Unsupported"`) where Web Crypto has no Ed25519.
 *
 * @example
 * ```ts
 * import { Secret } from "@dirsync/webhook-signer"
 *
 * const { secretKey, publicKey } = await Secret.generateKeyPair() // "whsk_…", "whpk_…"
 * ```
 */
export const generateKeyPair = async (): Promise<KeyPair> => {
  try {
    return await Keys.generateKeyPair()
  } catch (error) {
    return rethrow(error)
  }
}

/**
 * The `whpk_` public key of a `whsk_` secret key.
 *
 * @example
 * ```ts
 * import { Secret } from "@dirsync/webhook-signer"
 *
 * const publicKey = await Secret.publicKey("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=")
 * ```
 */
export const publicKey = async (secretKey: string): Promise<string> => {
  try {
    return await Keys.derivePublicKey(secretKey)
  } catch (error) {
    return rethrow(error)
  }
}
