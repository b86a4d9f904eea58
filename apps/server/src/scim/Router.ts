/**
 * The SCIM HTTP entry point: one route, `/scim/v2/*`, that authenticates the bearer token (401 for a
 * missing, wrong or disabled token), applies the per-token rate limit (429 + `Retry-After`), reads the body
 * (media types, 413) and hands the request to {@link Operations.run} or {@link Bulk.run}. Every failure,
 * including 404, 405, 413 and unexpected defects, is answered with the RFC 7644 §3.12 error body in
 * `application/scim+json`.
 *
 * @module
 */
import { HttpLayerRouter, type HttpServerRequest } from "@effect/platform"
import { DirectoryEvents, DirectorySync, ScimGroups, ScimUsers } from "@dirsync/provisioning"
import { Clock, Effect, Layer } from "effect"
import { ServerConfigTag } from "../Config.js"
import { Metrics } from "../Metrics.js"
import { PublicUrl, scimBaseUrl } from "../PublicUrl.js"
import { RateLimiter } from "../RateLimit.js"
import * as Bulk from "./Bulk.js"
import * as Capabilities from "./Capabilities.js"
import * as Operations from "./Operations.js"
import * as Wire from "./Wire.js"

const unauthorized = (detail: string) =>
  new Wire.ScimFailure({ status: 401, detail, headers: { "www-authenticate": 'Bearer realm="scim"' } })

/** The SCIM route. */
export const routes = Layer.effectDiscard(
  Effect.gen(function*() {
    const router = yield* HttpLayerRouter.HttpRouter
    const directorySync = yield* DirectorySync.DirectorySync
    const limiter = yield* RateLimiter
    const config = yield* ServerConfigTag
    const publicUrl = yield* PublicUrl
    const services: Operations.Services = {
      users: yield* ScimUsers.ScimUsers,
      groups: yield* ScimGroups.ScimGroups,
      events: yield* DirectoryEvents.DirectoryEvents,
      metrics: yield* Metrics
    }

    const handle = (request: HttpServerRequest.HttpServerRequest) =>
      Effect.gen(function*() {
        const url = new URL(request.url, "http://localhost")
        // `request.headers` builds a new object on every read: read it once.
        const headers = request.headers
        const all = url.pathname.split("/").filter((s) => s !== "")
        const connectionId = all[2]
        const segments = all.slice(3)
        const authorization = headers["authorization"] ?? ""
        const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
        if (!match) return yield* Effect.fail(unauthorized("Missing bearer token: send Authorization: Bearer <token>"))
        const connection = yield* directorySync.authenticate(match[1]!).pipe(
          Effect.mapError((e) => unauthorized(e.message))
        )
        if (connection.id !== connectionId) {
          return yield* Effect.fail(unauthorized("The bearer token does not belong to this connection"))
        }
        const decision = limiter.take(connection.id, yield* Clock.currentTimeMillis)
        if (!decision.allowed) {
          services.metrics.inc("dirsync_rate_limited_total", "SCIM requests refused by the rate limit")
          return yield* Effect.fail(
            new Wire.ScimFailure({
              status: 429,
              detail: `Too many requests: the limit is ${config.rateLimitPerSecond} per second per token`,
              headers: { "retry-after": String(decision.retryAfterSeconds) }
            })
          )
        }
        const hasBody = request.method === "POST" || request.method === "PUT" || request.method === "PATCH"
        const { raw, body } = hasBody ? yield* Wire.readJson(request, config.maxBodyBytes).pipe(
          Effect.tapError((f) =>
            f.status === 413 || f.status === 400 || f.status === 415
              ? services.events.recordFailure(connection.id, { method: request.method, path: url.pathname, query: url.search.slice(1) || undefined, rawBody: null, userAgent: headers["user-agent"] }, {
                status: f.status,
                scimType: f.scimType,
                detail: f.detail
              })
              : Effect.void
          )
        ) : { raw: undefined, body: undefined }
        const target: Operations.Target = { connection, base: scimBaseUrl(publicUrl, connection.id) }
        const scimRequest: Operations.ScimRequest = {
          method: request.method,
          segments,
          path: url.pathname,
          query: url.searchParams,
          body,
          rawBody: body === undefined ? raw : body,
          ifMatch: headers["if-match"],
          ifNoneMatch: headers["if-none-match"],
          userAgent: headers["user-agent"]
        }
        if (segments.length === 1 && segments[0]!.toLowerCase() === "bulk") {
          if (request.method !== "POST") {
            return yield* Effect.fail(new Wire.ScimFailure({ status: 405, detail: `Method ${request.method} is not allowed on /Bulk`, headers: { allow: "POST" } }))
          }
          return yield* Bulk.run(services, target, scimRequest)
        }
        if (segments.length === 1 && segments[0]!.toLowerCase() === "serviceproviderconfig" && request.method === "GET") {
          return { status: 200, body: Capabilities.serviceProviderConfig(target.base, config.maxBodyBytes) }
        }
        return yield* Operations.run(services, target, scimRequest)
      }).pipe(
        Effect.map((result: Operations.ScimResult) =>
          result.body === undefined
            ? Wire.empty(result.status, { ...result.headers })
            : Wire.json(result.body, result.status, { ...result.headers })
        ),
        Effect.catchTag("ScimFailure", (f) => Effect.succeed(Wire.failureResponse(f))),
        Effect.catchAllCause((cause) =>
          Effect.logError("SCIM request failed unexpectedly", cause).pipe(
            Effect.as(Wire.failureResponse(new Wire.ScimFailure({ status: 500, detail: "Internal server error" })))
          )
        )
      )

    yield* router.add("*", "/scim/v2/*", handle)
    yield* router.add("*", "/scim/v2", handle)
  })
)
