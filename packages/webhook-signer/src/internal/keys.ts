/**
 * Secret parsing and the bounded cache of imported `CryptoKey`s.
 *
 * @internal
 */
import * as Base64 from "./base64.js"
import { SecretFailure } from "./failure.js"
import * as Sha256 from "./sha256.js"

export const SYMMETRIC_PREFIX = "whsec_"
export const SECRET_KEY_PREFIX = "whsk_"
export const PUBLIC_KEY_PREFIX = "whpk_"

/** The three kinds of key material the specification names. */
export type SecretKind = "symmetric" | "secretKey" | "publicKey"

/** A decoded secret. */
export interface ParsedSecret {
  readonly kind: SecretKind
  readonly bytes: Uint8Array<ArrayBuffer>
}

/** Redacts a secret for messages: the prefix only. */
export const describe = (secret: string): string => {
  for (const prefix of [SYMMETRIC_PREFIX, SECRET_KEY_PREFIX, PUBLIC_KEY_PREFIX]) {
    if (secret.startsWith(prefix)) return `"${prefix}…"`
  }
  return secret.length === 0 ? `""` : `"…"`
}

/** Decodes `whsec_…` (or unprefixed base64), `whsk_…` and `whpk_…`. Throws `SecretFailure`. */
export const parse = (secret: string): ParsedSecret => {
  if (typeof secret !== "string") {
    throw new SecretFailure("Empty", "Cannot use webhook secret: expected a string")
  }
  let kind: SecretKind = "symmetric"
  let body = secret
  if (secret.startsWith(SYMMETRIC_PREFIX)) {
    body = secret.slice(SYMMETRIC_PREFIX.length)
  } else if (secret.startsWith(SECRET_KEY_PREFIX)) {
    kind = "secretKey"
    body = secret.slice(SECRET_KEY_PREFIX.length)
  } else if (secret.startsWith(PUBLIC_KEY_PREFIX)) {
    kind = "publicKey"
    body = secret.slice(PUBLIC_KEY_PREFIX.length)
  }
  if (body.length === 0) {
    throw new SecretFailure("Empty", `Cannot use webhook secret ${describe(secret)}: it is empty`)
  }
  const bytes = Base64.decode(body)
  if (bytes === undefined) {
    throw new SecretFailure(
      "InvalidEncoding",
      `Cannot use webhook secret ${describe(secret)}: expected standard base64 after the prefix`
    )
  }
  if (kind !== "symmetric" && bytes.length !== 32) {
    throw new SecretFailure(
      "InvalidLength",
      `Cannot use webhook key ${describe(secret)}: an Ed25519 key is 32 bytes, got ${bytes.length}`
    )
  }
  return { kind, bytes }
}

/**
 * A symmetric key: its HMAC pad states for the JavaScript path, its `CryptoKey` for Web Crypto — the key
 * itself once imported (so a MAC can start without an `await`), a Promise of it on first use.
 */
export interface SymmetricKey {
  readonly kind: "symmetric"
  readonly pads: Sha256.HmacKey
  readonly cryptoKey: () => CryptoKey | Promise<CryptoKey>
}

/** An imported key. */
export type ImportedKey =
  | SymmetricKey
  | { readonly kind: "secretKey"; readonly privateKey: CryptoKey; readonly publicKey: CryptoKey }
  | { readonly kind: "publicKey"; readonly publicKey: CryptoKey }

const HMAC = { name: "HMAC", hash: "SHA-256" } as const
const ED25519 = { name: "Ed25519" } as const

// RFC 8410 PrivateKeyInfo for Ed25519: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }
const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]

/** Wraps a 32-byte Ed25519 seed as PKCS #8 for `importKey`. */
export const pkcs8FromSeed = (seed: Uint8Array): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(PKCS8_PREFIX.length + seed.length)
  out.set(PKCS8_PREFIX)
  out.set(seed, PKCS8_PREFIX.length)
  return out
}

const unsupported = (cause: unknown): SecretFailure =>
  new SecretFailure(
    "Unsupported",
    `Cannot use an Ed25519 webhook key: this runtime's Web Crypto does not support Ed25519 (${String(cause)})`
  )

/** The raw public key of a 32-byte Ed25519 seed. */
export const publicKeyFromSeed = async (seed: Uint8Array): Promise<Uint8Array<ArrayBuffer>> => {
  let jwk: JsonWebKey
  try {
    const key = await crypto.subtle.importKey("pkcs8", pkcs8FromSeed(seed), ED25519, true, ["sign"])
    jwk = await crypto.subtle.exportKey("jwk", key)
  } catch (cause) {
    throw unsupported(cause)
  }
  const x = jwk.x ?? ""
  const raw = Base64.decode(x.replace(/-/g, "+").replace(/_/g, "/") + "=")
  if (raw === undefined || raw.length !== 32) throw unsupported("cannot export the public key")
  return raw
}

/** A new Ed25519 key pair as `whsk_…` and `whpk_…` strings. Throws `SecretFailure` without Ed25519. */
export const generateKeyPair = async (): Promise<{ readonly secretKey: string; readonly publicKey: string }> => {
  const seed = crypto.getRandomValues(new Uint8Array(32))
  const raw = await publicKeyFromSeed(seed)
  return { secretKey: SECRET_KEY_PREFIX + Base64.encode(seed), publicKey: PUBLIC_KEY_PREFIX + Base64.encode(raw) }
}

/** The `whpk_…` public key of a `whsk_…` secret key. Throws `SecretFailure` for anything else. */
export const derivePublicKey = async (secretKey: string): Promise<string> => {
  const parsed = parse(secretKey)
  if (parsed.kind !== "secretKey") {
    throw new SecretFailure(
      "WrongKind",
      `Cannot derive a public key from ${describe(secretKey)}: expected a "whsk_" secret key`
    )
  }
  return PUBLIC_KEY_PREFIX + Base64.encode(await publicKeyFromSeed(parsed.bytes))
}

const symmetric = (bytes: Uint8Array<ArrayBuffer>): SymmetricKey => {
  let imported: CryptoKey | Promise<CryptoKey> | undefined
  return {
    kind: "symmetric",
    pads: Sha256.hmacKey(bytes),
    cryptoKey: () =>
      (imported ??= crypto.subtle.importKey("raw", bytes, HMAC, false, ["sign"]).then((key) => (imported = key)))
  }
}

const importAsymmetric = async (parsed: ParsedSecret): Promise<ImportedKey> => {
  switch (parsed.kind) {
    case "symmetric":
      return symmetric(parsed.bytes)
    case "secretKey": {
      try {
        const raw = await publicKeyFromSeed(parsed.bytes)
        const [privateKey, publicKey] = await Promise.all([
          crypto.subtle.importKey("pkcs8", pkcs8FromSeed(parsed.bytes), ED25519, false, ["sign"]),
          crypto.subtle.importKey("raw", raw, ED25519, true, ["verify"])
        ])
        return { kind: "secretKey", privateKey, publicKey }
      } catch (cause) {
        throw cause instanceof SecretFailure ? cause : unsupported(cause)
      }
    }
    case "publicKey": {
      try {
        return {
          kind: "publicKey",
          publicKey: await crypto.subtle.importKey("raw", parsed.bytes, ED25519, true, ["verify"])
        }
      } catch (cause) {
        throw unsupported(cause)
      }
    }
  }
}

/** How many imported keys are kept; the oldest is dropped first. */
export const CACHE_LIMIT = 1024

const cache = new Map<string, ImportedKey | Promise<ImportedKey>>()

/** The number of keys currently cached (for tests). */
export const cacheSize = (): number => cache.size

const remember = (secret: string, key: ImportedKey | Promise<ImportedKey>): void => {
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next()
    if (oldest.done !== true) cache.delete(oldest.value)
  }
  cache.set(secret, key)
}

/**
 * Imports a secret, or returns the cached import: symmetric secrets synchronously, Ed25519 keys as a
 * Promise. Parsing happens once per distinct secret string; a secret that fails to parse or import is not
 * cached. Throws `SecretFailure` synchronously for a secret that does not parse.
 */
export const importSecret = (secret: string): ImportedKey | Promise<ImportedKey> => {
  const hit = cache.get(secret)
  if (hit !== undefined) return hit
  const parsed = parse(secret)
  if (parsed.kind === "symmetric") {
    const key = symmetric(parsed.bytes)
    remember(secret, key)
    return key
  }
  const pending = importAsymmetric(parsed)
  remember(secret, pending)
  pending.then(
    (key) => {
      if (cache.get(secret) === pending) cache.set(secret, key)
    },
    () => {
      if (cache.get(secret) === pending) cache.delete(secret)
    }
  )
  return pending
}
