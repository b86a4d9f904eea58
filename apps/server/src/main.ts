/**
 * dirsync server: SCIM 2.0 for Okta and Entra ID, the admin API, and the webhook dispatcher, in one process.
 *
 * Read from the top: configuration from the environment -> SQL driver chosen from DATABASE_URL -> the
 * Directory Sync domain (migrations run on start) -> HTTP server with SCIM, admin API, health and metrics,
 * plus the webhook dispatcher fibre. JSON logs; SIGTERM stops accepting connections, lets in-flight
 * requests finish, then closes the database.
 *
 * @module
 */
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Provisioning } from "@dirsync/provisioning"
import { Effect, Layer, Logger, LogLevel, Option, Redacted } from "effect"
import { createServer } from "node:http"
import * as AdminKey from "./AdminKey.js"
import { ServerConfigTag } from "./Config.js"
import * as Http from "./Http.js"
import * as Log from "./Log.js"
import { Metrics } from "./Metrics.js"
import * as Migrations from "./Migrations.js"
import { RateLimiter } from "./RateLimit.js"
import * as Sql from "./Sql.js"
import * as Dispatcher from "./webhooks/Dispatcher.js"

const Domain = Layer.unwrapEffect(
  Effect.map(ServerConfigTag, (config) =>
    Provisioning.layer({
      publicUrl: Option.getOrUndefined(config.publicUrl),
      retrySchedule: Option.getOrUndefined(config.webhookRetryScheduleMillis),
      tokenOverlapMillis: Option.getOrUndefined(config.tokenOverlapMillis)
    }))
)

const HttpServer = Layer.unwrapEffect(
  Effect.map(ServerConfigTag, (config) => NodeHttpServer.layer(createServer, { port: config.port, host: config.host }))
)

const Started = Layer.effectDiscard(
  Effect.gen(function*() {
    const config = yield* ServerConfigTag
    yield* Effect.logInfo("dirsync server started").pipe(
      Effect.annotateLogs({ database: Sql.describe(Sql.parseTarget(Redacted.value(config.databaseUrl))) })
    )
  })
)

/** The whole program. */
export const App = Layer.mergeAll(Http.layer, Dispatcher.layer, Dispatcher.gauge, Started).pipe(
  Layer.provide(HttpServer),
  Layer.provide([AdminKey.layer, RateLimiter.layer, Metrics.layer]),
  Layer.provideMerge(Domain),
  Layer.provideMerge(Migrations.layer.pipe(Layer.provideMerge(Sql.layer))),
  Layer.provide(ServerConfigTag.layer),
  Layer.provide(Log.layer),
  // No tracer exporter is configured, so spans (one per HTTP request and one per SQL statement, each with
  // attributes) would be built only to be dropped: turning the tracer off saves most of a request's CPU.
  Layer.provide(Layer.setTracerEnabled(false)),
  Layer.provide(Logger.minimumLogLevel(LogLevel.Info))
)

Layer.launch(App).pipe(NodeRuntime.runMain({ disablePrettyLogger: true }))
