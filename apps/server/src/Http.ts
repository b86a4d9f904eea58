/**
 * The HTTP application: the admin API (an `HttpApi`, documented at `GET /openapi.json`), the SCIM route,
 * the dashboard at `/dashboard`, `/healthz`, `/metrics` and a JSON 404, behind the request-id/log/metrics middleware.
 *
 * @module
 */
import { HttpLayerRouter, HttpMiddleware } from "@effect/platform"
import { Layer } from "effect"
import { AdminApi } from "./admin/Api.js"
import * as AdminHandlers from "./admin/Handlers.js"
import * as Dashboard from "./dashboard/Routes.js"
import * as Health from "./Health.js"
import { PublicUrl } from "./PublicUrl.js"
import * as RequestId from "./RequestId.js"
import * as ScimRouter from "./scim/Router.js"

/** Every route. */
export const routes = Layer.mergeAll(
  HttpLayerRouter.addHttpApi(AdminApi, { openapiPath: "/openapi.json" }).pipe(Layer.provide(AdminHandlers.layer)),
  ScimRouter.routes,
  Dashboard.routes,
  Health.routes,
  Health.notFound
).pipe(Layer.provide(PublicUrl.layer))

/** The served application (needs an `HttpServer`, the domain services and the server services). */
export const layer = HttpLayerRouter.serve(routes, { disableLogger: true, middleware: RequestId.middleware }).pipe(
  // The platform's tracing middleware parses the URL, redacts the headers and opens a server span on every
  // request; with no tracer exporter configured that is pure overhead, so it is switched off.
  HttpMiddleware.withTracerDisabledWhen(() => true)
)
