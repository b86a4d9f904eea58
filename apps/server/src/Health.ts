/**
 * `GET /healthz` (the database answers) and `GET /metrics` (Prometheus text format).
 *
 * @module
 */
import { HttpLayerRouter, HttpServerResponse } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { Effect, Layer } from "effect"
import { Metrics } from "./Metrics.js"

/** The health and metrics routes. */
export const routes = Layer.effectDiscard(
  Effect.gen(function*() {
    const router = yield* HttpLayerRouter.HttpRouter
    const sql = yield* SqlClient.SqlClient
    const metrics = yield* Metrics
    yield* router.add(
      "GET",
      "/healthz",
      sql`SELECT 1 AS ok`.pipe(
        Effect.timeout("5 seconds"),
        Effect.as(HttpServerResponse.unsafeJson({ status: "ok", database: "reachable" })),
        Effect.catchAllCause((cause) =>
          Effect.logWarning("health check failed", cause).pipe(
            Effect.as(HttpServerResponse.unsafeJson({ status: "unavailable", database: "unreachable" }, { status: 503 }))
          )
        )
      )
    )
    yield* router.add(
      "GET",
      "/metrics",
      Effect.promise(() => metrics.render()).pipe(
        Effect.map((body) => HttpServerResponse.text(body, { contentType: "text/plain; version=0.0.4; charset=utf-8" }))
      )
    )
  })
)

/** The JSON 404 for anything no route matches (SCIM paths answer their own SCIM errors). */
export const notFound = Layer.effectDiscard(
  Effect.gen(function*() {
    const router = yield* HttpLayerRouter.HttpRouter
    yield* router.add(
      "*",
      "/*",
      (request) =>
        Effect.succeed(
          HttpServerResponse.unsafeJson(
            { error: { type: "not_found", message: `No route for ${request.method} ${request.url.split("?")[0]}` } },
            { status: 404 }
          )
        )
    )
  })
)
