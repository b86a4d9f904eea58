/**
 * The admin API handlers: thin translations between the snake_case wire shapes of {@link Api} and the
 * provisioning services.
 *
 * @module
 */
import { HttpApiBuilder } from "@effect/platform"
import {
  Connections,
  DirectoryEvents,
  DirectorySync,
  Outbox,
  ScimUsers,
  Sessions,
  Users,
  Webhooks
} from "@dirsync/provisioning"
import { Effect, Layer, Redacted } from "effect"
import { AdminKey } from "../AdminKey.js"
import { ServerConfigTag } from "../Config.js"
import { PublicUrl, scimBaseUrl } from "../PublicUrl.js"
import * as Api from "./Api.js"
import * as WebhookUrl from "./WebhookUrl.js"

const notFound = (e: { readonly message: string }) => Api.errorOf(Api.NotFound, "not_found", e.message)
const badRequest = (message: string) => Api.errorOf(Api.BadRequest, "invalid_request", message)
const page = (p: { readonly limit?: number | undefined; readonly offset?: number | undefined }) => ({
  limit: p.limit ?? 50,
  offset: p.offset ?? 0
})
const list = <A, B>(paged: { readonly data: ReadonlyArray<A>; readonly totalCount: number }, f: (a: A) => B) => ({
  data: paged.data.map(f),
  total_count: paged.totalCount
})

const connectionJson = (c: Connections.EnterpriseConnection, base: string) => ({
  id: c.id,
  object: "enterprise_connection" as const,
  name: c.name,
  protocol: c.protocol,
  provider: c.provider,
  domains: c.domains,
  require_email: c.requireEmail,
  restrict_email_domains: c.restrictEmailDomains,
  attribute_mappings: c.attributeMappings.map((m) => ({ scim_path: m.scimPath, metadata_key: m.metadataKey })),
  directory_sync: { enabled: c.directorySyncEnabled, scim_base_url: c.directorySyncEnabled ? scimBaseUrl(base, c.id) : null },
  created_at: c.createdAt,
  updated_at: c.updatedAt
})

const mappingsIn = (m: ReadonlyArray<{ readonly scim_path: string; readonly metadata_key: string }> | undefined) =>
  m?.map((x) => ({ scimPath: x.scim_path, metadataKey: x.metadata_key }))

/** The admin view of a directory event (snake_case throughout). */
const eventJson = (e: DirectoryEvents.DirectoryEvent) => ({
  event_id: e.id,
  object: "directory_event" as const,
  type: e.type,
  timestamp: e.timestamp,
  connection_id: e.connectionId,
  user_id: e.userId,
  resource_id: e.resourceId,
  payload: { method: e.request.method, path: e.request.path, query: e.request.query, body: e.request.body },
  outcome: { status: e.outcome.status, scim_type: e.outcome.scimType ?? null, detail: e.outcome.detail ?? null },
  fixups: e.fixups,
  user: e.user,
  diff: e.diff
})

const endpointJson = (e: Webhooks.Endpoint) => ({
  id: e.id,
  object: "webhook_endpoint" as const,
  url: e.url,
  events: e.events,
  created_at: e.createdAt
})

const messageJson = (m: Outbox.Message) => ({
  id: m.id,
  object: "webhook_message" as const,
  endpoint_id: m.endpointId,
  event_type: m.eventType,
  status: m.status,
  attempts: m.attempts,
  next_attempt_at: m.nextAttemptAt,
  created_at: m.createdAt,
  delivered_at: m.deliveredAt
})

/** Admin key authentication for every group. */
export const AuthLive = Layer.effect(
  Api.AdminAuth,
  Effect.map(AdminKey, (key) =>
    Api.AdminAuth.of({
      bearer: (token) =>
        key.verify(Redacted.value(token))
          ? Effect.void
          : Effect.fail(
            Api.errorOf(Api.Unauthorized, "unauthorized", "Missing or wrong admin key: send Authorization: Bearer <admin key>")
          )
    })
  )
)

const ConnectionsLive = HttpApiBuilder.group(Api.AdminApi, "connections", (handlers) =>
  Effect.gen(function*() {
    const connections = yield* Connections.Connections
    const directorySync = yield* DirectorySync.DirectorySync
    const scimUsers = yield* ScimUsers.ScimUsers
    const events = yield* DirectoryEvents.DirectoryEvents
    const base = yield* PublicUrl
    const ensure = (id: string) => connections.get(id).pipe(Effect.mapError(notFound))
    return handlers
      .handle("create", ({ payload }) =>
        connections.create({
          name: payload.name,
          protocol: payload.protocol,
          provider: payload.provider ?? "generic",
          domains: payload.domains,
          requireEmail: payload.require_email,
          restrictEmailDomains: payload.restrict_email_domains,
          attributeMappings: mappingsIn(payload.attribute_mappings)
        }).pipe(Effect.map((c) => connectionJson(c, base))))
      .handle("list", ({ urlParams }) =>
        connections.list(page(urlParams)).pipe(Effect.map((p) => list(p, (c) => connectionJson(c, base)))))
      .handle("get", ({ path }) => ensure(path.id).pipe(Effect.map((c) => connectionJson(c, base))))
      .handle("update", ({ path, payload }) =>
        connections.update(path.id, {
          name: payload.name,
          provider: payload.provider,
          domains: payload.domains,
          requireEmail: payload.require_email,
          restrictEmailDomains: payload.restrict_email_domains,
          attributeMappings: mappingsIn(payload.attribute_mappings)
        }).pipe(Effect.mapError(notFound), Effect.map((c) => connectionJson(c, base))))
      .handle("remove", ({ path }) =>
        connections.remove(path.id).pipe(
          Effect.mapError(notFound),
          Effect.as({ id: path.id, object: "enterprise_connection" as const, deleted: true })
        ))
      .handle("enableDirectorySync", ({ path }) =>
        directorySync.enable(path.id).pipe(
          Effect.mapError((e) => e._tag === "ConnectionNotFound" ? notFound(e) : badRequest(e.message)),
          Effect.map((r) => ({ enabled: true, scim_base_url: scimBaseUrl(base, path.id), bearer_token: r.bearerToken }))
        ))
      .handle("rotateToken", ({ path }) =>
        directorySync.rotate(path.id).pipe(
          Effect.mapError((e) => e._tag === "ConnectionNotFound" ? notFound(e) : badRequest(e.message)),
          Effect.map((r) => ({ bearer_token: r.bearerToken, previous_token_expires_at: r.previousTokenExpiresAt }))
        ))
      .handle("disableDirectorySync", ({ path }) =>
        directorySync.disable(path.id).pipe(Effect.mapError(notFound), Effect.as({ enabled: false })))
      .handle("directoryUsers", ({ path, urlParams }) =>
        ensure(path.id).pipe(
          Effect.zipRight(scimUsers.listDirectoryUsers(path.id, { ...page(urlParams), status: urlParams.status })),
          Effect.map((p) =>
            list(p, (u) => ({
              object: "directory_user" as const,
              user_id: u.userId,
              scim_id: u.scimId,
              user_name: u.userName,
              external_id: u.externalId,
              email: u.email,
              status: u.status,
              last_synced_at: u.lastSyncedAt
            }))
          )
        ))
      .handle("directoryEvents", ({ path, urlParams }) =>
        ensure(path.id).pipe(
          Effect.zipRight(events.list(path.id, { ...page(urlParams), type: urlParams.type })),
          Effect.map((p) => list(p, eventJson))
        ))
  }))

const EventsLive = HttpApiBuilder.group(Api.AdminApi, "events", (handlers) =>
  Effect.gen(function*() {
    const events = yield* DirectoryEvents.DirectoryEvents
    return handlers.handle("get", ({ path }) => events.get(path.id).pipe(Effect.mapError(notFound), Effect.map(eventJson)))
  }))

const UsersLive = HttpApiBuilder.group(Api.AdminApi, "users", (handlers) =>
  Effect.gen(function*() {
    const users = yield* Users.Users
    const sessions = yield* Sessions.Sessions
    return handlers
      .handle("list", ({ urlParams }) =>
        users.list({ ...page(urlParams), status: urlParams.status }).pipe(Effect.map((p) => list(p, Users.toJson))))
      .handle("get", ({ path }) => users.get(path.id).pipe(Effect.mapError(notFound), Effect.map(Users.toJson)))
      .handle("createSession", ({ path }) =>
        sessions.create(path.id).pipe(
          Effect.mapError((e) => e._tag === "UserDeactivated" ? badRequest(e.message) : notFound(e)),
          Effect.map(Sessions.toJson)
        ))
      .handle("listSessions", ({ path }) =>
        sessions.listByUser(path.id).pipe(
          Effect.mapError(notFound),
          Effect.map((all) => ({ data: all.map(Sessions.toJson), total_count: all.length }))
        ))
      .handle("getSession", ({ path }) => sessions.get(path.id).pipe(Effect.mapError(notFound), Effect.map(Sessions.toJson)))
      .handle("revokeSession", ({ path }) =>
        sessions.revoke(path.id, "revoked by admin").pipe(Effect.mapError(notFound), Effect.map(Sessions.toJson)))
  }))

const WebhooksLive = HttpApiBuilder.group(Api.AdminApi, "webhooks", (handlers) =>
  Effect.gen(function*() {
    const webhooks = yield* Webhooks.Webhooks
    const outbox = yield* Outbox.Outbox
    const config = yield* ServerConfigTag
    return handlers
      .handle("create", ({ payload }) =>
        WebhookUrl.check(payload.url, config.allowPrivateWebhooks).pipe(
          Effect.mapError(badRequest),
          Effect.flatMap((url) => webhooks.create({ url, events: payload.events })),
          Effect.map((e) => ({ ...endpointJson(e), secret: e.secret }))
        ))
      .handle("list", ({ urlParams }) => webhooks.list(page(urlParams)).pipe(Effect.map((p) => list(p, endpointJson))))
      .handle("get", ({ path }) => webhooks.get(path.id).pipe(Effect.mapError(notFound), Effect.map(endpointJson)))
      .handle("remove", ({ path }) =>
        webhooks.remove(path.id).pipe(
          Effect.mapError(notFound),
          Effect.as({ id: path.id, object: "webhook_endpoint" as const, deleted: true })
        ))
      .handle("deliveries", ({ path, urlParams }) =>
        webhooks.deliveries(path.id, page(urlParams)).pipe(
          Effect.mapError(notFound),
          Effect.map((p) =>
            list(p, (a) => ({
              id: a.id,
              object: "webhook_delivery" as const,
              message_id: a.messageId,
              endpoint_id: a.endpointId,
              attempt: a.attempt,
              status_code: a.statusCode,
              error: a.error,
              duration_ms: a.durationMillis,
              attempted_at: a.timestamp
            }))
          )
        ))
      .handle("retry", ({ path }) => outbox.replay(path.id).pipe(Effect.mapError(notFound), Effect.map(messageJson)))
  }))

/** Every admin handler group. */
export const layer = Layer.mergeAll(ConnectionsLive, EventsLive, UsersLive, WebhooksLive).pipe(Layer.provide(AuthLive))
