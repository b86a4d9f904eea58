/**
 * Where ids and secrets come from. Ids are prefixed strings (`user_…`, `conn_…`, `sess_…`, `dse_…`,
 * `msg_…`, `whe_…`, `dst_…`, `att_…`) followed by a random, time-ordered suffix; SCIM resource ids are UUIDs.
 * Tests swap {@link layer} for {@link layerSequential} to get predictable values.
 *
 * @module
 */
import { Context, Effect, Layer } from "effect"

/** The id prefixes this package uses. */
export type Prefix = "user" | "conn" | "sess" | "dse" | "msg" | "whe" | "dst" | "att"

/** The generator service. */
export interface Service {
  /** A new id with the given prefix, e.g. `user_01hx…`. */
  readonly id: (prefix: Prefix) => Effect.Effect<string>
  /** A new SCIM resource id (a UUID). */
  readonly uuid: Effect.Effect<string>
  /** `n` random bytes for secrets (bearer tokens, webhook signing secrets). */
  readonly bytes: (n: number) => Effect.Effect<Uint8Array>
}

/** The id generator tag. */
export class IdGenerator extends Context.Tag("@dirsync/provisioning/IdGenerator")<IdGenerator, Service>() {}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"

const encode = (bytes: Uint8Array): string => {
  let out = ""
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/**
 * Builds the random generator on Web Crypto: ids are `prefix_` + 10 characters of time + 16 random characters.
 *
 * @example
 * import { Effect } from "effect"
 * import { IdGenerator } from "@dirsync/provisioning"
 * const id = Effect.flatMap(IdGenerator.IdGenerator, (g) => g.id("user")).pipe(Effect.provide(IdGenerator.layer))
 */
export const make: Effect.Effect<Service> = Effect.sync(() => {
  const random = (n: number) => crypto.getRandomValues(new Uint8Array(n))
  // The random part of ids is drawn from a block refilled every 256 ids: a `getRandomValues` call per id
  // was a measurable share of a SCIM create (several ids each). Secrets (`bytes`) are still drawn fresh.
  const POOL = 10 * 256
  let pool = new Uint8Array(0)
  let at = 0
  const idRandom = () => {
    if (at + 10 > pool.length) {
      pool = random(POOL)
      at = 0
    }
    at += 10
    return pool.subarray(at - 10, at)
  }
  let last = 0
  let counter = 0
  return {
    id: (prefix) =>
      Effect.sync(() => {
        const now = Date.now()
        counter = now === last ? counter + 1 : 0
        last = now
        const time = new Uint8Array(8)
        new DataView(time.buffer).setBigUint64(0, BigInt(now) * 4096n + BigInt(counter & 4095))
        return `${prefix}_${encode(time.subarray(1)).slice(0, 12)}${encode(idRandom())}`
      }),
    uuid: Effect.sync(() => crypto.randomUUID()),
    bytes: (n) => Effect.sync(() => random(n))
  }
})

/** The random generator as a layer. */
export const layer: Layer.Layer<IdGenerator> = Layer.effect(IdGenerator, make)

/**
 * A predictable generator for tests: ids are `prefix_000001`, `prefix_000002`…, UUIDs count up, and bytes are
 * derived from a counter (never use it outside tests).
 *
 * @example
 * import { IdGenerator } from "@dirsync/provisioning"
 * const TestIds = IdGenerator.layerSequential
 */
export const layerSequential: Layer.Layer<IdGenerator> = Layer.sync(IdGenerator, () => {
  const counters = new Map<string, number>()
  const next = (key: string) => {
    const n = (counters.get(key) ?? 0) + 1
    counters.set(key, n)
    return n
  }
  return {
    id: (prefix) => Effect.sync(() => `${prefix}_${String(next(prefix)).padStart(6, "0")}`),
    uuid: Effect.sync(() => `00000000-0000-4000-8000-${String(next("uuid")).padStart(12, "0")}`),
    bytes: (n) =>
      Effect.sync(() => {
        const seed = next("bytes")
        return Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 255)
      })
  }
})
