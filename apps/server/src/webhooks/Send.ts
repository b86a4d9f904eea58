/**
 * Sends one webhook POST with the address checks enforced at connection time: unless private addresses are
 * allowed, every address a host name resolves to is checked when the socket connects (so a DNS answer that
 * changed since the endpoint was registered is caught, and the checked address is the one connected to),
 * IP-literal hosts are checked before connecting, and redirects are followed by hand — at most
 * `maxRedirects` hops, each one checked the same way — instead of by the HTTP client.
 *
 * @module
 */
import * as NodeDns from "node:dns"
import * as NodeHttp from "node:http"
import * as NodeHttps from "node:https"
import type { LookupFunction } from "node:net"
import * as NodeNet from "node:net"
import { isPrivateAddress } from "../admin/WebhookUrl.js"

/** Options of {@link post}. */
export interface Options {
  /** Allow loopback and private addresses (`DIRSYNC_ALLOW_PRIVATE_WEBHOOKS`). */
  readonly allowPrivate: boolean
  /** Overall timeout of the attempt, every redirect hop included. */
  readonly timeoutMillis: number
  /** Redirect hops followed at most (default 3); a further redirect is answered as the attempt's status. */
  readonly maxRedirects?: number | undefined
  /** Resolver (default `dns.lookup`). */
  readonly lookup?: LookupFunction | undefined
  /** Which addresses are refused when private ones are not allowed (default {@link isPrivateAddress}). */
  readonly isRefused?: ((address: string) => boolean) | undefined
  /** Aborts the attempt. */
  readonly signal?: AbortSignal | undefined
}

/** The outcome of an attempt that got an HTTP answer. */
export interface Answer {
  readonly status: number
  /** The URL that gave the answer (differs from the endpoint URL after redirects). */
  readonly url: string
  readonly redirects: number
}

/** Raised when an address check refuses a hop. */
export class RefusedAddress extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`refused: "${host}" resolves to the private or loopback address ${address}`)
    this.name = "RefusedAddress"
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

type LookupAll = (err: NodeJS.ErrnoException | null, addresses: Array<NodeDns.LookupAddress>) => void

/** A resolver that resolves every address and refuses the connection when any of them is refused. */
const guardedLookup = (base: LookupFunction, isRefused: (address: string) => boolean): LookupFunction =>
  ((hostname: string, options: NodeDns.LookupOptions, callback: (...args: Array<any>) => void) => {
    const done: LookupAll = (err, addresses) => {
      if (err) return callback(err)
      const list = Array.isArray(addresses) ? addresses : [addresses as unknown as NodeDns.LookupAddress]
      const refused = list.find((a) => isRefused(a.address))
      if (refused) return callback(new RefusedAddress(hostname, refused.address))
      if (options.all) return callback(null, list)
      const first = list[0]
      if (!first) return callback(Object.assign(new Error(`"${hostname}" does not resolve`), { code: "ENOTFOUND" }))
      return callback(null, first.address, first.family)
    }
    ;(base as unknown as (h: string, o: NodeDns.LookupOptions, cb: LookupAll) => void)(
      hostname,
      { ...options, all: true },
      done
    )
  }) as LookupFunction

const once = (
  url: URL,
  body: string,
  headers: Record<string, string>,
  lookup: LookupFunction | undefined,
  signal: AbortSignal
): Promise<{ status: number; location: string | undefined }> =>
  new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? NodeHttps.request : NodeHttp.request)(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        signal,
        ...(lookup === undefined ? {} : { lookup }),
        agent: false
      },
      (response) => {
        response.resume()
        const location = response.headers.location
        response.on("end", () => resolve({ status: response.statusCode ?? 0, location }))
        response.on("error", reject)
      }
    )
    request.on("error", reject)
    request.end(body)
  })

/**
 * POSTs `body` to `url`, checking every hop; resolves with the final answer, rejects when no answer came
 * (network error, timeout, refused address).
 *
 * @example
 * const answer = await post("https://app.example.com/hooks", "{}", { "content-type": "application/json" }, {
 *   allowPrivate: false,
 *   timeoutMillis: 15_000
 * })
 * answer.status // 204
 */
export const post = async (
  url: string,
  body: string,
  headers: Record<string, string>,
  options: Options
): Promise<Answer> => {
  const isRefused = options.isRefused ?? isPrivateAddress
  const lookup = options.allowPrivate ? options.lookup : guardedLookup(options.lookup ?? NodeDns.lookup, isRefused)
  const timeout = AbortSignal.timeout(options.timeoutMillis)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const maxRedirects = options.maxRedirects ?? 3
  let current = new URL(url)
  for (let redirects = 0;; redirects++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") {
      throw new Error(`refused: redirect to a ${current.protocol} URL`)
    }
    if (current.username || current.password) throw new Error("refused: credentials in the URL")
    const host = current.hostname.replace(/^\[|\]$/g, "")
    if (!options.allowPrivate && (host === "localhost" || host.endsWith(".localhost"))) {
      throw new RefusedAddress(host, "127.0.0.1")
    }
    if (!options.allowPrivate && NodeNet.isIP(host) !== 0 && isRefused(host)) throw new RefusedAddress(host, host)
    const answer = await once(current, body, headers, lookup, signal)
    if (!REDIRECTS.has(answer.status) || answer.location === undefined || redirects >= maxRedirects) {
      return { status: answer.status, url: current.toString(), redirects }
    }
    current = new URL(answer.location, current)
  }
}
