/**
 * The domain errors of Directory Sync. They name the condition, carry what a caller needs to explain it
 * (and, for SCIM-facing errors, the RFC 7644 §3.12 `scimType`), and never an HTTP status: the HTTP layer maps
 * them to responses. {@link toScimError} gives the SCIM status a SCIM endpoint would answer with.
 *
 * @module
 */
import { Data } from "effect"

/** The `scimType` values of RFC 7644 §3.12, Table 9. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive"

/** No enterprise connection has this id. */
export class ConnectionNotFound extends Data.TaggedError("ConnectionNotFound")<{
  readonly connectionId: string
}> {
  override get message() {
    return `Cannot find enterprise connection "${this.connectionId}"`
  }
}

/** Directory Sync cannot be enabled on this connection (it is not a SAML or OIDC connection). */
export class DirectorySyncUnsupported extends Data.TaggedError("DirectorySyncUnsupported")<{
  readonly connectionId: string
  readonly protocol: string
}> {
  override get message() {
    return `Cannot enable Directory Sync on connection "${this.connectionId}": protocol "${this.protocol}" is not saml or oidc`
  }
}

/** The operation needs Directory Sync enabled on the connection, and it is not. */
export class DirectorySyncDisabled extends Data.TaggedError("DirectorySyncDisabled")<{
  readonly connectionId: string
}> {
  override get message() {
    return `Directory Sync is not enabled on connection "${this.connectionId}"`
  }
}

/** A SCIM bearer token is missing, unknown, expired (rotated out) or belongs to a disabled connection. */
export class InvalidToken extends Data.TaggedError("InvalidToken")<{
  readonly reason: "missing" | "unknown" | "expired" | "disabled"
}> {
  override get message() {
    return `Cannot authenticate SCIM request: token is ${this.reason}`
  }
}

/** No SCIM User with this id in the connection. */
export class UserNotFound extends Data.TaggedError("UserNotFound")<{
  readonly connectionId: string
  readonly id: string
}> {
  override get message() {
    return `Cannot find User "${this.id}"`
  }
}

/** No SCIM Group with this id in the connection. */
export class GroupNotFound extends Data.TaggedError("GroupNotFound")<{
  readonly connectionId: string
  readonly id: string
}> {
  override get message() {
    return `Cannot find Group "${this.id}"`
  }
}

/** No application user with this id. */
export class ApplicationUserNotFound extends Data.TaggedError("ApplicationUserNotFound")<{
  readonly userId: string
}> {
  override get message() {
    return `Cannot find user "${this.userId}"`
  }
}

/** No session with this id. */
export class SessionNotFound extends Data.TaggedError("SessionNotFound")<{
  readonly sessionId: string
}> {
  override get message() {
    return `Cannot find session "${this.sessionId}"`
  }
}

/** No directory event with this id. */
export class DirectoryEventNotFound extends Data.TaggedError("DirectoryEventNotFound")<{
  readonly eventId: string
}> {
  override get message() {
    return `Cannot find directory event "${this.eventId}"`
  }
}

/** No webhook endpoint with this id. */
export class WebhookEndpointNotFound extends Data.TaggedError("WebhookEndpointNotFound")<{
  readonly endpointId: string
}> {
  override get message() {
    return `Cannot find webhook endpoint "${this.endpointId}"`
  }
}

/** No webhook message with this id. */
export class WebhookMessageNotFound extends Data.TaggedError("WebhookMessageNotFound")<{
  readonly messageId: string
}> {
  override get message() {
    return `Cannot find webhook message "${this.messageId}"`
  }
}

/** A deactivated user cannot start a session. */
export class UserDeactivated extends Data.TaggedError("UserDeactivated")<{
  readonly userId: string
}> {
  override get message() {
    return `Cannot start a session for user "${this.userId}": the user is deactivated`
  }
}

/** A unique attribute (`userName`, group `displayName`) is already taken in the connection. */
export class UniquenessConflict extends Data.TaggedError("UniquenessConflict")<{
  readonly attribute: string
  readonly value: string
  readonly scimType: "uniqueness"
}> {
  override get message() {
    return `Cannot store resource: ${this.attribute} "${this.value}" is already taken`
  }
}

/** An `If-Match` version does not match the resource's current version. */
export class PreconditionFailed extends Data.TaggedError("PreconditionFailed")<{
  readonly expected: string
  readonly actual: string
}> {
  override get message() {
    return `Cannot modify resource: version ${this.expected} does not match current version ${this.actual}`
  }
}

/**
 * The request's content is not acceptable: a bad value, a read-only attribute, a PATCH path that does not
 * resolve, an email rule of the connection. `scimType` says which (RFC 7644 §3.12).
 */
export class InvalidValue extends Data.TaggedError("InvalidValue")<{
  readonly scimType: ScimType
  readonly detail: string
}> {
  override get message() {
    return this.detail
  }
}

/** A list filter cannot be parsed or refers to something that cannot be filtered. */
export class InvalidFilter extends Data.TaggedError("InvalidFilter")<{
  readonly filter: string
  readonly detail: string
  readonly scimType: "invalidFilter"
}> {
  override get message() {
    return this.detail
  }
}

/** Any error of a SCIM provisioning operation. */
export type ScimOperationError =
  | ConnectionNotFound
  | DirectorySyncDisabled
  | UserNotFound
  | GroupNotFound
  | UniquenessConflict
  | PreconditionFailed
  | InvalidValue
  | InvalidFilter

/** Any domain error of this package. */
export type ProvisioningError =
  | ScimOperationError
  | DirectorySyncUnsupported
  | InvalidToken
  | ApplicationUserNotFound
  | SessionNotFound
  | DirectoryEventNotFound
  | WebhookEndpointNotFound
  | WebhookMessageNotFound
  | UserDeactivated

/** The SCIM error a SCIM endpoint answers for a domain error (RFC 7644 §3.12). */
export interface ScimErrorOutcome {
  readonly status: number
  readonly scimType?: ScimType
  readonly detail: string
}

/**
 * Maps a domain error to the SCIM error status, `scimType` and detail (RFC 7644 §3.12). Directory events
 * record this as their outcome; a SCIM endpoint may answer with it.
 *
 * @example
 * import { Errors } from "@dirsync/provisioning"
 * Errors.toScimError(new Errors.UserNotFound({ connectionId: "conn_1", id: "42" })).status // 404
 */
export const toScimError = (error: ProvisioningError): ScimErrorOutcome => {
  switch (error._tag) {
    case "UserNotFound":
    case "GroupNotFound":
    case "ConnectionNotFound":
    case "ApplicationUserNotFound":
    case "SessionNotFound":
    case "DirectoryEventNotFound":
    case "WebhookEndpointNotFound":
    case "WebhookMessageNotFound":
      return { status: 404, detail: error.message }
    case "InvalidToken":
    case "DirectorySyncDisabled":
      return { status: 401, detail: error.message }
    case "UniquenessConflict":
      return { status: 409, scimType: "uniqueness", detail: error.message }
    case "PreconditionFailed":
      return { status: 412, detail: error.message }
    case "InvalidValue":
      return { status: 400, scimType: error.scimType, detail: error.detail }
    case "InvalidFilter":
      return { status: 400, scimType: "invalidFilter", detail: error.detail }
    case "UserDeactivated":
    case "DirectorySyncUnsupported":
      return { status: 400, detail: error.message }
  }
}
