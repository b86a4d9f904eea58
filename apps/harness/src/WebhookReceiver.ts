/**
 * A webhook receiver: an HTTP server that verifies every delivery with `@dirsync/webhook-signer`
 * (Standard Webhooks, `whsec_…` secrets), answers 204 to good ones and 400 to bad ones, drops
 * duplicates by `webhook-id` (delivery is at least once), and keeps the events ordered by `sequence`
 * per resource so a stale delivery is recognised as such.
 *
 * @module
 */
import { WebhookVerificationError, WebhookVerifier } from "@dirsync/webhook-signer"
import * as NodeHttp from "node:http"

/** One verified event. */
export interface Event {
  /** The `webhook-id` header. */
  readonly id: string
  readonly type: string
  readonly sequence: number
  readonly timestamp: number
  /** The resource the event is about: a user's SCIM id (`data.directory.scim_id`), else `data.id`. */
  readonly resource: string
  /** True when an event with a higher sequence for the same resource arrived first. */
  readonly stale: boolean
  readonly receivedAt: number
  readonly data: any
}

/** Counts of what the receiver saw. */
export interface Stats {
  readonly deliveries: number
  readonly verified: number
  readonly duplicates: number
  readonly rejected: number
}

/** Options of `start`. */
export interface Options {
  /** `whsec_…` signing secret(s); an empty list rejects everything until `setSecret`. */
  readonly secret: string | ReadonlyArray<string>
  /** Port to listen on (0 picks a free one). */
  readonly port?: number
  /** Interface (default 127.0.0.1). */
  readonly host?: string
  /** Called once per new verified event, in arrival order. */
  readonly onEvent?: (event: Event) => void
  /** Called for each rejected delivery. */
  readonly onRejected?: (reason: string) => void
}

/** A running receiver. */
export interface Receiver {
  /** `http://host:port/webhooks`. */
  readonly url: string
  readonly port: number
  /** The verified, de-duplicated events in arrival order. */
  readonly events: () => ReadonlyArray<Event>
  /** The events ordered by resource then sequence. */
  readonly ordered: () => ReadonlyArray<Event>
  readonly stats: () => Stats
  /** Replaces the accepted secrets (e.g. once the server has answered the endpoint's secret). */
  readonly setSecret: (secret: string | ReadonlyArray<string>) => void
  readonly close: () => Promise<void>
}

const resourceOf = (data: any): string =>
  typeof data?.directory?.scim_id === "string" ? data.directory.scim_id : String(data?.id ?? "")

/**
 * Starts a receiver.
 *
 * @example
 * const receiver = await WebhookReceiver.start({ secret: "whsec_…", port: 0 })
 * // register receiver.url as a webhook endpoint, provision, then:
 * receiver.events().filter((e) => e.type === "user.created")
 */
export const start = (options: Options): Promise<Receiver> => {
  const events: Array<Event> = []
  const seen = new Set<string>()
  const highest = new Map<string, number>()
  const stats = { deliveries: 0, verified: 0, duplicates: 0, rejected: 0 }
  let secrets = typeof options.secret === "string" ? [options.secret] : [...options.secret]

  const server = NodeHttp.createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      stats.deliveries++
      const body = Buffer.concat(chunks).toString("utf8")
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v
      WebhookVerifier.verify({ body, headers }, { secrets }).then(
        () => {
          const id = headers["webhook-id"] ?? headers["svix-id"] ?? ""
          stats.verified++
          if (seen.has(id)) {
            stats.duplicates++
          } else {
            seen.add(id)
            let payload: any
            try {
              payload = JSON.parse(body)
            } catch {
              payload = {}
            }
            const resource = resourceOf(payload.data)
            const sequence = Number(payload.sequence ?? 0)
            const key = `${String(payload.type).split(".")[0]}:${resource}`
            const stale = (highest.get(key) ?? -Infinity) > sequence
            if (!stale) highest.set(key, sequence)
            const event: Event = {
              id,
              type: String(payload.type),
              sequence,
              timestamp: Number(payload.timestamp ?? 0),
              resource,
              stale,
              receivedAt: Date.now(),
              data: payload.data
            }
            events.push(event)
            options.onEvent?.(event)
          }
          res.writeHead(204).end()
        },
        (error: unknown) => {
          stats.rejected++
          const reason = WebhookVerificationError.is(error) ? error.message : String(error)
          options.onRejected?.(reason)
          res.writeHead(400, { "content-type": "text/plain" }).end(reason)
        }
      )
    })
  })

  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port
      const host = options.host ?? "127.0.0.1"
      resolve({
        url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/webhooks`,
        port,
        events: () => events,
        ordered: () =>
          [...events].sort((a, b) => (a.resource === b.resource ? a.sequence - b.sequence : a.resource < b.resource ? -1 : 1)),
        stats: () => ({ ...stats }),
        setSecret: (secret) => {
          secrets = typeof secret === "string" ? [secret] : [...secret]
        },
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections()
            server.close(() => r())
          })
      })
    })
  })
}

/** One line per event for a terminal: time, type, resource, sequence. */
export const formatEvent = (e: Event): string =>
  `${new Date(e.receivedAt).toISOString()}  ${e.type.padEnd(16)} ${e.resource}  seq=${e.sequence}${e.stale ? "  (stale)" : ""}  ${e.id}`
