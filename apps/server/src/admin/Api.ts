/**
 * The admin API as an `HttpApi` definition: snake_case JSON, `Authorization: Bearer <admin key>`, lists as
 * `{ data, total_count }` with `limit`/`offset`. `GET /openapi.json` is generated from this definition.
 *
 * @module
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware, HttpApiSchema, HttpApiSecurity, OpenApi } from "@effect/platform"
import { DirectoryEvents } from "@dirsync/provisioning"
import { Schema } from "effect"

// ---------------------------------------------------------------------------------------------------------
// Errors: `{ "error": { "type": "...", "message": "..." } }` with the HTTP status of the condition.

const ErrorDetail = Schema.Struct({ type: Schema.String, message: Schema.String })

/** 401: the admin key is missing or wrong. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()(
  "Unauthorized",
  { error: ErrorDetail },
  HttpApiSchema.annotations({ status: 401, description: "Missing or wrong admin key" })
) {}

/** 404: no such object. */
export class NotFound extends Schema.TaggedError<NotFound>()(
  "NotFound",
  { error: ErrorDetail },
  HttpApiSchema.annotations({ status: 404 })
) {}

/** 400: the request cannot be carried out as sent. */
export class BadRequest extends Schema.TaggedError<BadRequest>()(
  "BadRequest",
  { error: ErrorDetail },
  HttpApiSchema.annotations({ status: 400 })
) {}

/** Builds an error body. */
export const errorOf = <A>(ctor: new(args: { error: { type: string; message: string } }) => A, type: string, message: string): A =>
  new ctor({ error: { type, message } })

// ---------------------------------------------------------------------------------------------------------
// Authentication

/** The admin key check on every `/v1/*` endpoint. */
export class AdminAuth extends HttpApiMiddleware.Tag<AdminAuth>()("AdminAuth", {
  failure: Unauthorized,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

// ---------------------------------------------------------------------------------------------------------
// Shapes

const Timestamp = Schema.Number.annotations({ description: "Unix time in milliseconds" })
const Nullable = <S extends Schema.Schema.Any>(s: S) => Schema.NullOr(s)

const Protocol = Schema.Literal("saml", "oidc")
const Provider = Schema.Literal("okta", "entra", "generic")

const AttributeMapping = Schema.Struct({
  scim_path: Schema.String.annotations({ description: "SCIM attribute path, URN-qualified for extensions" }),
  metadata_key: Schema.String.annotations({ description: "Key in the user's public_metadata" })
})

/** An enterprise connection. */
export const Connection = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("enterprise_connection"),
  name: Schema.String,
  protocol: Protocol,
  provider: Provider,
  domains: Schema.Array(Schema.String),
  require_email: Schema.Boolean,
  restrict_email_domains: Schema.Boolean,
  attribute_mappings: Schema.Array(AttributeMapping),
  directory_sync: Schema.Struct({ enabled: Schema.Boolean, scim_base_url: Nullable(Schema.String) }),
  created_at: Timestamp,
  updated_at: Timestamp
}).annotations({ identifier: "EnterpriseConnection" })

/** Creating a connection. */
export const CreateConnection = Schema.Struct({
  name: Schema.String.pipe(Schema.minLength(1)),
  protocol: Protocol,
  provider: Schema.optional(Provider).annotations({ description: "default generic" }),
  domains: Schema.optional(Schema.Array(Schema.String)),
  require_email: Schema.optional(Schema.Boolean).annotations({ description: "default false" }),
  restrict_email_domains: Schema.optional(Schema.Boolean).annotations({
    description: "default true; applies only when domains is not empty"
  }),
  attribute_mappings: Schema.optional(Schema.Array(AttributeMapping))
})

/** Changing a connection. */
export const UpdateConnection = Schema.Struct({
  name: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  provider: Schema.optional(Provider),
  domains: Schema.optional(Schema.Array(Schema.String)),
  require_email: Schema.optional(Schema.Boolean),
  restrict_email_domains: Schema.optional(Schema.Boolean),
  attribute_mappings: Schema.optional(Schema.Array(AttributeMapping))
})

/** The answer to enabling Directory Sync; the token is shown only here. */
export const DirectorySyncEnabled = Schema.Struct({
  enabled: Schema.Boolean,
  scim_base_url: Schema.String,
  bearer_token: Schema.String
})

/** The answer to rotating the token. */
export const TokenRotated = Schema.Struct({
  bearer_token: Schema.String,
  previous_token_expires_at: Timestamp
})

/** A SCIM user of a connection as the admin sees it. */
export const DirectoryUser = Schema.Struct({
  object: Schema.Literal("directory_user"),
  user_id: Schema.String,
  scim_id: Schema.String,
  user_name: Schema.String,
  external_id: Nullable(Schema.String),
  email: Nullable(Schema.String),
  status: Schema.Literal("active", "deactivated"),
  last_synced_at: Timestamp
}).annotations({ identifier: "DirectoryUser" })

const EventType = Schema.Literal(...DirectoryEvents.eventTypes)

/** A directory event: one SCIM request and what came of it. */
export const DirectoryEvent = Schema.Struct({
  event_id: Schema.String,
  object: Schema.Literal("directory_event"),
  type: EventType,
  timestamp: Timestamp,
  connection_id: Schema.String,
  user_id: Nullable(Schema.String),
  resource_id: Nullable(Schema.String),
  payload: Schema.Struct({
    method: Schema.String,
    path: Schema.String,
    query: Nullable(Schema.String),
    body: Schema.Unknown
  }),
  outcome: Schema.Struct({
    status: Schema.Number,
    scim_type: Nullable(Schema.String),
    detail: Nullable(Schema.String)
  }),
  fixups: Schema.Array(Schema.Struct({ code: Schema.String, message: Schema.String })),
  user: Schema.Unknown,
  diff: Schema.Unknown
}).annotations({ identifier: "DirectoryEvent" })

/** An application user. */
export const User = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("user"),
  username: Nullable(Schema.String),
  first_name: Nullable(Schema.String),
  last_name: Nullable(Schema.String),
  email_addresses: Schema.Array(Schema.Struct({ email_address: Schema.String, primary: Schema.Boolean })),
  primary_email_address: Nullable(Schema.String),
  external_id: Nullable(Schema.String),
  public_metadata: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  deactivated: Schema.Boolean,
  status: Schema.Literal("active", "deactivated"),
  directory: Nullable(Schema.Struct({ connection_id: Schema.String, scim_id: Nullable(Schema.String) })),
  created_at: Timestamp,
  updated_at: Timestamp
}).annotations({ identifier: "User" })

/** A session. */
export const Session = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("session"),
  user_id: Schema.String,
  status: Schema.Literal("active", "revoked", "ended"),
  created_at: Timestamp,
  revoked_at: Nullable(Timestamp),
  revoke_reason: Nullable(Schema.String),
  ended_at: Nullable(Timestamp)
}).annotations({ identifier: "Session" })

/** A webhook endpoint (the secret is only in the creation answer). */
export const WebhookEndpoint = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("webhook_endpoint"),
  url: Schema.String,
  events: Nullable(Schema.Array(Schema.String)).annotations({ description: "null: every event type" }),
  created_at: Timestamp
}).annotations({ identifier: "WebhookEndpoint" })

/** The answer to creating a webhook endpoint. */
export const WebhookEndpointCreated = Schema.Struct({
  ...WebhookEndpoint.fields,
  secret: Schema.String
})

/** Creating a webhook endpoint. */
export const CreateWebhookEndpoint = Schema.Struct({
  url: Schema.String,
  events: Schema.optional(
    Schema.Array(Schema.Literal("user.created", "user.updated", "session.revoked", "group.created", "group.updated", "group.deleted"))
  ).annotations({ description: "event types; all when absent" })
})

/** One delivery attempt of a webhook message. */
export const Delivery = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("webhook_delivery"),
  message_id: Schema.String,
  endpoint_id: Schema.String,
  attempt: Schema.Number,
  status_code: Nullable(Schema.Number),
  error: Nullable(Schema.String),
  duration_ms: Schema.Number,
  attempted_at: Timestamp
}).annotations({ identifier: "WebhookDelivery" })

/** A webhook message. */
export const WebhookMessage = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("webhook_message"),
  endpoint_id: Schema.String,
  event_type: Schema.String,
  status: Schema.Literal("pending", "delivered", "failed"),
  attempts: Schema.Number,
  next_attempt_at: Nullable(Timestamp),
  created_at: Timestamp,
  delivered_at: Nullable(Timestamp)
}).annotations({ identifier: "WebhookMessage" })

/** A list answer. */
export const List = <S extends Schema.Schema.Any>(item: S) =>
  Schema.Struct({ data: Schema.Array(item), total_count: Schema.Number })

const PageParams = {
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500))).annotations({
    description: "default 50, at most 500"
  }),
  offset: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative()))
}

const IdPath = Schema.Struct({ id: Schema.String })

// ---------------------------------------------------------------------------------------------------------
// Endpoints

/** Enterprise connections and their Directory Sync. */
export class ConnectionsGroup extends HttpApiGroup.make("connections")
  .add(HttpApiEndpoint.post("create", "/v1/enterprise_connections").setPayload(CreateConnection).addSuccess(Connection, { status: 201 }))
  .add(HttpApiEndpoint.get("list", "/v1/enterprise_connections").setUrlParams(Schema.Struct(PageParams)).addSuccess(List(Connection)))
  .add(HttpApiEndpoint.get("get", "/v1/enterprise_connections/:id").setPath(IdPath).addSuccess(Connection))
  .add(HttpApiEndpoint.patch("update", "/v1/enterprise_connections/:id").setPath(IdPath).setPayload(UpdateConnection).addSuccess(Connection))
  .add(
    HttpApiEndpoint.del("remove", "/v1/enterprise_connections/:id").setPath(IdPath).addSuccess(
      Schema.Struct({ id: Schema.String, object: Schema.Literal("enterprise_connection"), deleted: Schema.Boolean })
    )
  )
  .add(HttpApiEndpoint.post("enableDirectorySync", "/v1/enterprise_connections/:id/directory_sync").setPath(IdPath).addSuccess(DirectorySyncEnabled))
  .add(HttpApiEndpoint.post("rotateToken", "/v1/enterprise_connections/:id/directory_sync/rotate_token").setPath(IdPath).addSuccess(TokenRotated))
  .add(
    HttpApiEndpoint.del("disableDirectorySync", "/v1/enterprise_connections/:id/directory_sync").setPath(IdPath).addSuccess(
      Schema.Struct({ enabled: Schema.Boolean })
    )
  )
  .add(
    HttpApiEndpoint.get("directoryUsers", "/v1/enterprise_connections/:id/directory_users")
      .setPath(IdPath)
      .setUrlParams(Schema.Struct({ ...PageParams, status: Schema.optional(Schema.Literal("active", "deactivated")) }))
      .addSuccess(List(DirectoryUser))
  )
  .add(
    HttpApiEndpoint.get("directoryEvents", "/v1/enterprise_connections/:id/directory_events")
      .setPath(IdPath)
      .setUrlParams(Schema.Struct({ ...PageParams, type: Schema.optional(EventType) }))
      .addSuccess(List(DirectoryEvent))
  )
  .addError(NotFound)
  .addError(BadRequest)
  .middleware(AdminAuth)
{}

/** Directory events. */
export class EventsGroup extends HttpApiGroup.make("events")
  .add(HttpApiEndpoint.get("get", "/v1/directory_events/:id").setPath(IdPath).addSuccess(DirectoryEvent))
  .addError(NotFound)
  .middleware(AdminAuth)
{}

/** Application users and their sessions. */
export class UsersGroup extends HttpApiGroup.make("users")
  .add(
    HttpApiEndpoint.get("list", "/v1/users")
      .setUrlParams(Schema.Struct({ ...PageParams, status: Schema.optional(Schema.Literal("active", "deactivated")) }))
      .addSuccess(List(User))
  )
  .add(HttpApiEndpoint.get("get", "/v1/users/:id").setPath(IdPath).addSuccess(User))
  .add(HttpApiEndpoint.post("createSession", "/v1/users/:id/sessions").setPath(IdPath).addSuccess(Session, { status: 201 }))
  .add(HttpApiEndpoint.get("listSessions", "/v1/users/:id/sessions").setPath(IdPath).addSuccess(List(Session)))
  .add(HttpApiEndpoint.get("getSession", "/v1/sessions/:id").setPath(IdPath).addSuccess(Session))
  .add(HttpApiEndpoint.post("revokeSession", "/v1/sessions/:id/revoke").setPath(IdPath).addSuccess(Session))
  .addError(NotFound)
  .addError(BadRequest)
  .middleware(AdminAuth)
{}

/** Webhook endpoints, deliveries and retries. */
export class WebhooksGroup extends HttpApiGroup.make("webhooks")
  .add(HttpApiEndpoint.post("create", "/v1/webhook_endpoints").setPayload(CreateWebhookEndpoint).addSuccess(WebhookEndpointCreated, { status: 201 }))
  .add(HttpApiEndpoint.get("list", "/v1/webhook_endpoints").setUrlParams(Schema.Struct(PageParams)).addSuccess(List(WebhookEndpoint)))
  .add(HttpApiEndpoint.get("get", "/v1/webhook_endpoints/:id").setPath(IdPath).addSuccess(WebhookEndpoint))
  .add(
    HttpApiEndpoint.del("remove", "/v1/webhook_endpoints/:id").setPath(IdPath).addSuccess(
      Schema.Struct({ id: Schema.String, object: Schema.Literal("webhook_endpoint"), deleted: Schema.Boolean })
    )
  )
  .add(
    HttpApiEndpoint.get("deliveries", "/v1/webhook_endpoints/:id/deliveries")
      .setPath(IdPath)
      .setUrlParams(Schema.Struct(PageParams))
      .addSuccess(List(Delivery))
  )
  .add(HttpApiEndpoint.post("retry", "/v1/webhook_messages/:id/retry").setPath(IdPath).addSuccess(WebhookMessage))
  .addError(NotFound)
  .addError(BadRequest)
  .middleware(AdminAuth)
{}

/** The admin API. */
export class AdminApi extends HttpApi.make("dirsync-admin")
  .add(ConnectionsGroup)
  .add(EventsGroup)
  .add(UsersGroup)
  .add(WebhooksGroup)
  .annotateContext(
    OpenApi.annotations({
      title: "dirsync admin API",
      description:
        "Manage enterprise connections, Directory Sync, application users, sessions, directory events and webhooks. " +
        "Authenticate with `Authorization: Bearer <admin key>`."
    })
  )
{}
