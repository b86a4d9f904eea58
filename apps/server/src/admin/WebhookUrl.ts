/**
 * Webhook endpoint URL checks: `http`/`https` only, and unless `DIRSYNC_ALLOW_PRIVATE_WEBHOOKS=true`, no
 * loopback, private, link-local or otherwise internal address (checked on every address the host name
 * resolves to), so the server cannot be turned against its own network. The same check runs again when each
 * webhook is sent (see `webhooks/Send.ts`): DNS answers change, and redirects are checked hop by hop.
 *
 * @module
 */
import { Effect } from "effect"
import * as NodeDns from "node:dns/promises"
import * as NodeNet from "node:net"

/**
 * Whether an IP address is loopback, private, link-local, unique-local, CGNAT, multicast or unspecified.
 *
 * @example
 * isPrivateAddress("127.0.0.1") // true
 * isPrivateAddress("93.184.216.34") // false
 */
export const isPrivateAddress = (ip: string): boolean => {
  if (NodeNet.isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split(".").map(Number)
    return (
      a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
    )
  }
  const lower = ip.toLowerCase()
  if (lower === "::" || lower === "::1") return true
  // IPv4-mapped, IPv4-compatible and NAT64 forms, dotted (`::ffff:127.0.0.1`) or hex (`::ffff:7f00:1`).
  const embedded = /^(?:::ffff:|::|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(lower)
  if (embedded) {
    if (embedded[1]) return isPrivateAddress(embedded[1])
    const hi = parseInt(embedded[2]!, 16)
    const lo = parseInt(embedded[3]!, 16)
    return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`)
  }
  return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(lower)
}

/** Checks a webhook URL; fails with a message saying why it is refused. */
export const check = (raw: string, allowPrivate: boolean): Effect.Effect<string, string> =>
  Effect.gen(function*() {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return yield* Effect.fail(`Cannot use webhook URL "${raw}": not a valid URL`)
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return yield* Effect.fail(`Cannot use webhook URL "${raw}": only http and https are allowed`)
    }
    if (url.username || url.password) {
      return yield* Effect.fail(`Cannot use webhook URL "${raw}": credentials in the URL are not allowed`)
    }
    if (allowPrivate) return url.toString()
    const host = url.hostname.replace(/^\[|\]$/g, "")
    const addresses = NodeNet.isIP(host)
      ? [host]
      : yield* Effect.tryPromise(() => NodeDns.lookup(host, { all: true })).pipe(
        Effect.map((list) => list.map((a) => a.address)),
        Effect.mapError(() => `Cannot use webhook URL "${raw}": host "${host}" does not resolve`)
      )
    if (host === "localhost" || host.endsWith(".localhost") || addresses.some(isPrivateAddress)) {
      return yield* Effect.fail(
        `Cannot use webhook URL "${raw}": it points at a private or loopback address (set DIRSYNC_ALLOW_PRIVATE_WEBHOOKS=true to allow)`
      )
    }
    return url.toString()
  })
