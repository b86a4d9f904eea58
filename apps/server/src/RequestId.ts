/**
 * Request ids, JSON access logs and HTTP metrics for every request, as an outer middleware.
 *
 * Each request gets an id (`req_…`, or the caller's `X-Request-Id` when it looks sane), every log line
 * written while serving it carries `request_id`, and the response echoes it in `X-Request-Id`.
 *
 * @module
 */
import { HttpApp, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, FiberRef, LogLevel } from "effect"
import * as NodeCrypto from "node:crypto"
import * as Log from "./Log.js"
import { Metrics, recordRequest } from "./Metrics.js"

// Random bytes are drawn in blocks: one `randomBytes` call per request was a measurable share of a request.
const BLOCK = 12 * 256
let pool = NodeCrypto.randomBytes(BLOCK)
let offset = 0

/** A fresh request id. */
export const make = (): string => {
  if (offset + 12 > BLOCK) {
    pool = NodeCrypto.randomBytes(BLOCK)
    offset = 0
  }
  offset += 12
  return `req_${pool.toString("base64url", offset - 12, offset)}`
}

/** Collapses a path into a low-cardinality route label for metrics. */
export const routeLabel = (path: string): string => {
  const p = path.split("?")[0] ?? ""
  const scim = /^\/scim\/v2\/[^/]+(\/[^/]+)?(\/.+)?$/.exec(p)
  if (scim) return `/scim/v2/:connection${scim[1] ?? ""}${scim[2] ? (scim[2] === "/.search" ? "/.search" : "/:id") : ""}`
  if (p.startsWith("/v1/")) {
    return p
      .split("/")
      .map((seg) => (/^(conn|user|sess|dse|whe|msg)_/.test(seg) ? `:id` : seg))
      .join("/")
  }
  if (p === "/healthz" || p === "/metrics" || p === "/openapi.json" || p === "/") return p
  return "other"
}

/** The server-wide middleware: request id, access log, metrics. */
export const middleware = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest | Metrics> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const metrics = yield* Metrics
    const logRequests = LogLevel.greaterThanEqual(LogLevel.Info, yield* FiberRef.get(FiberRef.currentMinimumLogLevel))
    const incoming = request.headers["x-request-id"]
    const requestId = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : make()
    const started = Date.now()
    yield* HttpApp.appendPreResponseHandler((_req, response) =>
      Effect.sync(() => {
        const path = request.url.split("?")[0] ?? request.url
        const seconds = (Date.now() - started) / 1000
        recordRequest(metrics, routeLabel(path), request.method, response.status, seconds)
        if (logRequests) {
          Log.info("request", {
            request_id: requestId,
            method: request.method,
            path,
            status: response.status,
            duration_ms: Math.round(seconds * 1000),
            user_agent: request.headers["user-agent"] ?? ""
          })
        }
        return HttpServerResponse.setHeader(response, "x-request-id", requestId)
      })
    )
    return yield* app.pipe(Effect.annotateLogs("request_id", requestId))
  })
