/**
 * The Standard Webhooks signature scheme: signed content, `v1`/`v1a` signatures, header reading and
 * verification. Shared by the Promise and Effect APIs; throws `VerificationFailure`/`SecretFailure`.
 *
 * @internal
 */
import * as Base64 from "./base64.js"
import * as Content from "./content.js"
import { SecretFailure, VerificationFailure } from "./failure.js"
import { describe, importSecret, type ImportedKey, type SymmetricKey } from "./keys.js"
import * as Sha256 from "./sha256.js"

/** A webhook body: the exact bytes sent, or their UTF-8 text. */
export type Body = string | Uint8Array

/** What is signed. */
export interface Message {
  /** The message id (`msg_…`), kept across retries; it must not contain `.`. */
  readonly id: string
  /** The body exactly as sent. */
  readonly body: Body
  /** The attempt time: a `Date` or Unix seconds. Defaults to now. */
  readonly timestamp?: Date | number | undefined
}

/** Which header names to emit. */
export type HeaderFamily = "both" | "webhook" | "svix"

/** The headers of a signed webhook. */
export type WebhookHeaders = Readonly<Record<string, string>>

/** Anything headers can be read from: a Fetch `Headers`, Node's `IncomingHttpHeaders`, or a plain record. */
export type HeadersLike =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

const MAX_SECONDS = 1e11

/** Unix seconds of a `Date` or a number of seconds; rejects what is not a plausible time in seconds. */
export const toSeconds = (timestamp: Date | number): number => {
  const seconds = typeof timestamp === "number" ? timestamp : Math.floor(timestamp.getTime() / 1000)
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new RangeError(`Cannot sign webhook: timestamp "${String(timestamp)}" is not a whole number of Unix seconds`)
  }
  if (seconds >= MAX_SECONDS) {
    throw new RangeError(
      `Cannot sign webhook: timestamp "${seconds}" looks like milliseconds; pass Unix seconds or a Date`
    )
  }
  return seconds
}

const checkId = (id: string): void => {
  if (typeof id !== "string" || id.length === 0 || id.includes(".") || /[\s,]/.test(id)) {
    throw new TypeError(
      `Cannot sign webhook: id "${String(id)}" must be a non-empty string without ".", "," or whitespace`
    )
  }
}

const asList = <A>(value: A | ReadonlyArray<A>): ReadonlyArray<A> =>
  Array.isArray(value) ? (value as ReadonlyArray<A>) : [value as A]

/** Normalises the `secrets` option and rejects an empty list. */
export const secretList = (secrets: string | ReadonlyArray<string>): ReadonlyArray<string> => {
  const list = asList(secrets)
  if (list.length === 0) throw new SecretFailure("Empty", "Cannot use webhook secrets: the list is empty")
  return list
}

/**
 * Signed content up to this many bytes is MACed in JavaScript with the key's cached pad states: for small
 * bodies the round trip to Web Crypto's worker thread costs more than the hash. Longer content goes to
 * `crypto.subtle`.
 */
export const JS_MAX_BYTES = 2048

/**
 * Imports the secrets, and the `CryptoKey`s of symmetric ones (once per secret), so that any MAC can then
 * start without an `await`; synchronous once everything is cached.
 */
const importAll = (
  secrets: ReadonlyArray<string>
): ReadonlyArray<ImportedKey> | Promise<ReadonlyArray<ImportedKey>> => {
  const keys = secrets.map(importSecret)
  const waiting: Array<Promise<unknown>> = []
  for (const key of keys) {
    if (key instanceof Promise) waiting.push(key)
    else if (key.kind === "symmetric") {
      const cryptoKey = key.cryptoKey()
      if (cryptoKey instanceof Promise) waiting.push(cryptoKey)
    }
  }
  return waiting.length === 0
    ? (keys as ReadonlyArray<ImportedKey>)
    : Promise.all(waiting).then(() => importAll(secrets))
}

/**
 * The HMAC of `content`, computed now in JavaScript or started now on Web Crypto (which copies its input
 * when called), so `content` may be reused as soon as this returns.
 */
const hmac = (key: SymmetricKey, content: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array> => {
  if (content.length <= JS_MAX_BYTES) return Sha256.hmac(key.pads, content)
  const cryptoKey = key.cryptoKey() as CryptoKey
  return crypto.subtle.sign("HMAC", cryptoKey, content).then((mac) => new Uint8Array(mac))
}

/** One `v1,…`/`v1a,…` signature, computed or started now (see `hmac`). */
const signWith = (key: ImportedKey, secret: string, content: Uint8Array<ArrayBuffer>): string | Promise<string> => {
  switch (key.kind) {
    case "symmetric": {
      const digest = hmac(key, content)
      return digest instanceof Uint8Array
        ? "v1," + Base64.encode(digest)
        : digest.then((bytes) => "v1," + Base64.encode(bytes))
    }
    case "secretKey":
      return crypto.subtle
        .sign("Ed25519", key.privateKey, content)
        .then((bytes) => "v1a," + Base64.encode(new Uint8Array(bytes)))
    case "publicKey":
      throw new SecretFailure(
        "WrongKind",
        `Cannot sign with webhook key ${describe(secret)}: a public key only verifies; sign with its "whsk_" secret key`
      )
  }
}

/** The `webhook-signature` value: one `v1,…`/`v1a,…` signature per secret, space-separated. */
export const signature = async (
  id: string,
  seconds: number,
  body: Body,
  secrets: string | ReadonlyArray<string>
): Promise<string> => {
  checkId(id)
  const list = secretList(secrets)
  const imported = importAll(list)
  const keys = imported instanceof Promise ? await imported : imported
  // the content lives in a shared buffer: every signature starts before the next await
  const content = Content.encode(id, seconds, body)
  const parts = keys.map((key, i) => signWith(key, list[i]!, content))
  return parts.length === 1 ? parts[0]! : (await Promise.all(parts)).join(" ")
}

/** Builds the header object for one family or both. */
export const headers = (id: string, seconds: number, value: string, family: HeaderFamily): WebhookHeaders => {
  const ts = String(seconds)
  switch (family) {
    case "webhook":
      return { "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": value }
    case "svix":
      return { "svix-id": id, "svix-timestamp": ts, "svix-signature": value }
    case "both":
      return {
        "webhook-id": id,
        "webhook-timestamp": ts,
        "webhook-signature": value,
        "svix-id": id,
        "svix-timestamp": ts,
        "svix-signature": value
      }
  }
}

const readHeader = (source: HeadersLike, name: string): string | undefined => {
  if (typeof (source as { get?: unknown }).get === "function") {
    const value = (source as { get(name: string): string | null | undefined }).get(name)
    return value === null || value === undefined ? undefined : value
  }
  const record = source as Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  let value = record[name]
  if (value === undefined) {
    for (const key of Object.keys(record)) {
      if (key.length === name.length && key.toLowerCase() === name) {
        value = record[key]
        break
      }
    }
  }
  if (value === undefined) return undefined
  if (typeof value === "string") return value
  return value.length === 0 ? undefined : value.join(" ")
}

const pick = (source: HeadersLike, field: "id" | "timestamp" | "signature"): string | undefined => {
  const standard = readHeader(source, `webhook-${field}`)
  if (standard !== undefined && standard.length > 0) return standard
  const svix = readHeader(source, `svix-${field}`)
  return svix !== undefined && svix.length > 0 ? svix : undefined
}

/** A verified webhook. */
export interface Verified<B extends Body = Body> {
  /** The `webhook-id` (use it to drop duplicate deliveries). */
  readonly id: string
  /** The `webhook-timestamp`, in Unix seconds. */
  readonly timestamp: number
  /** The body, as given. */
  readonly body: B
  /** The scheme of the matching signature. */
  readonly version: "v1" | "v1a"
}

/** What `verify` reads. */
export interface Request<B extends Body = Body> {
  readonly body: B
  readonly headers: HeadersLike
}

/** The resolved verification settings. */
export interface VerifyConfig {
  readonly secrets: string | ReadonlyArray<string>
  readonly toleranceSeconds: number
  readonly nowMillis: number
}

/** The default timestamp tolerance, both directions. */
export const DEFAULT_TOLERANCE_SECONDS = 300

const TIMESTAMP = /^[0-9]{1,11}$/

const timingSafeEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/** Checks headers, timestamp tolerance and signatures; throws `VerificationFailure` or `SecretFailure`. */
export const verify = async <B extends Body>(request: Request<B>, config: VerifyConfig): Promise<Verified<B>> => {
  const secrets = secretList(config.secrets)
  const id = pick(request.headers, "id")
  const timestampText = pick(request.headers, "timestamp")
  const signatureText = pick(request.headers, "signature")
  if (id === undefined || timestampText === undefined || signatureText === undefined) {
    const missing = [
      id === undefined ? "webhook-id" : undefined,
      timestampText === undefined ? "webhook-timestamp" : undefined,
      signatureText === undefined ? "webhook-signature" : undefined
    ].filter((name) => name !== undefined)
    throw new VerificationFailure(
      "MissingHeaders",
      `Cannot verify webhook: missing header ${missing.map((name) => `"${name}"`).join(", ")} (or its "svix-" form)`,
      id,
      undefined
    )
  }
  const label = `Cannot verify webhook "${id}"`
  const trimmed = timestampText.trim()
  if (!TIMESTAMP.test(trimmed)) {
    throw new VerificationFailure(
      "InvalidTimestamp",
      `${label}: timestamp "${timestampText}" is not a whole number of Unix seconds`,
      id,
      undefined
    )
  }
  const timestamp = Number(trimmed)
  const now = Math.floor(config.nowMillis / 1000)
  const tolerance = config.toleranceSeconds
  if (now - timestamp > tolerance) {
    throw new VerificationFailure(
      "TimestampTooOld",
      `${label}: timestamp "${timestamp}" is ${now - timestamp} s old, more than the ${tolerance} s tolerance`,
      id,
      timestamp
    )
  }
  if (timestamp - now > tolerance) {
    throw new VerificationFailure(
      "TimestampTooNew",
      `${label}: timestamp "${timestamp}" is ${timestamp - now} s in the future, more than the ${tolerance} s tolerance`,
      id,
      timestamp
    )
  }

  const v1: Array<Uint8Array> = []
  const v1a: Array<Uint8Array<ArrayBuffer>> = []
  for (const token of signatureText.split(/\s+/)) {
    const comma = token.indexOf(",")
    if (comma <= 0) continue
    const version = token.slice(0, comma)
    let value = token.slice(comma + 1)
    if (value.endsWith(",")) value = value.slice(0, -1)
    if (version !== "v1" && version !== "v1a") continue
    const bytes = Base64.decode(value)
    if (bytes === undefined) continue
    if (version === "v1" && bytes.length === 32) v1.push(bytes)
    else if (version === "v1a" && bytes.length === 64) v1a.push(bytes)
  }

  const imported = importAll(secrets)
  const keys = imported instanceof Promise ? await imported : imported
  // the content lives in a shared buffer: every check starts before the next await
  const content = Content.encode(id, timestamp, request.body)
  const checks = keys.map((key) => {
    if (key.kind === "symmetric") return v1.length === 0 ? undefined : hmac(key, content)
    return v1a.length === 0
      ? undefined
      : Promise.all(v1a.map((candidate) => crypto.subtle.verify("Ed25519", key.publicKey, candidate, content)))
  })
  for (const check of checks) {
    const result = check instanceof Promise ? await check : check
    if (result instanceof Uint8Array) {
      for (const candidate of v1) {
        if (timingSafeEqual(candidate, result)) return { id, timestamp, body: request.body, version: "v1" }
      }
    } else if (result !== undefined && result.includes(true)) {
      return { id, timestamp, body: request.body, version: "v1a" }
    }
  }
  const seen = v1.length + v1a.length
  throw new VerificationFailure(
    "NoMatchingSignature",
    `${label}: none of the ${seen} well-formed signature${seen === 1 ? "" : "s"} matches the ${keys.length} configured secret${
      keys.length === 1 ? "" : "s"
    }`,
    id,
    timestamp
  )
}
