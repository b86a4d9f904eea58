/**
 * A per-token rate limit for SCIM requests: a token bucket per connection token, refilled at
 * `DIRSYNC_RATE_LIMIT_PER_SECOND` with a burst of twice that. Kept in process memory, so with N server
 * processes the effective limit is up to N times the setting.
 *
 * @module
 */
import { Context, Effect, Layer } from "effect"
import { ServerConfigTag } from "./Config.js"

/** A rate limiter's decision: allowed, or retry after this many seconds. */
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }

/** The limiter. */
export interface Limiter {
  readonly take: (key: string, now: number) => Decision
}

/**
 * Builds a token bucket limiter.
 *
 * @example
 * const limiter = make(25, 50)
 * limiter.take("conn_1", Date.now()).allowed // true
 */
export const make = (perSecond: number, burst: number): Limiter => {
  const buckets = new Map<string, { tokens: number; at: number }>()
  return {
    take: (key, now) => {
      const b = buckets.get(key) ?? { tokens: burst, at: now }
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond)
      b.at = now
      buckets.set(key, b)
      if (buckets.size > 10_000) buckets.delete(buckets.keys().next().value!)
      if (b.tokens >= 1) {
        b.tokens -= 1
        return { allowed: true }
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perSecond)) }
    }
  }
}

/** The SCIM rate limiter as a service. */
export class RateLimiter extends Context.Tag("@dirsync/server/RateLimiter")<RateLimiter, Limiter>() {
  /** From the configuration. */
  static readonly layer = Layer.effect(
    RateLimiter,
    Effect.map(ServerConfigTag, (c) => make(c.rateLimitPerSecond, c.rateLimitPerSecond * 2))
  )
}
