/**
 * SCIM Users of a connection (RFC 7644 §3.3 create, §3.4 retrieve and list, §3.5.1 replace, §3.5.2 patch,
 * §3.6 delete) and the lifecycle they drive: each write is one transaction holding the SCIM resource, the
 * application user, session revocations, the directory event and the webhook outbox messages.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { Page, Paged } from "./Connections.js"
import type {
  ConnectionNotFound,
  DirectorySyncDisabled,
  InvalidFilter,
  InvalidValue,
  PreconditionFailed,
  UniquenessConflict,
  UserNotFound
} from "./Errors.js"
import type { ListQuery, ListResult, PatchOperation, PatchOutcome, RequestContext, Resource } from "./Scim.js"

/** Errors of a SCIM User write. */
export type WriteError =
  | ConnectionNotFound
  | DirectorySyncDisabled
  | UserNotFound
  | UniquenessConflict
  | PreconditionFailed
  | InvalidValue

/** A connection's directory user as the admin API lists it. */
export interface DirectoryUser {
  readonly connectionId: string
  readonly userId: string
  readonly scimId: string
  readonly userName: string
  /** The IdP's `externalId` of the SCIM User, if it sent one. */
  readonly externalId: string | null
  readonly email: string | null
  readonly status: "active" | "deactivated"
  readonly lastSyncedAt: number
}

/** The SCIM Users service. Resources carry `id` and `meta` (`resourceType`, `created`, `lastModified`, `version`). */
export interface Service {
  /** Creates a user: `scim.user.created` event and `user.created` webhook. */
  readonly create: (
    connectionId: string,
    resource: Resource,
    context: RequestContext
  ) => Effect.Effect<Resource, WriteError>
  readonly get: (connectionId: string, id: string) => Effect.Effect<Resource, UserNotFound>
  /** Lists users with a filter (RFC 7644 §3.4.2.2), sorting and 1-based pagination. */
  readonly list: (connectionId: string, query?: ListQuery) => Effect.Effect<ListResult, InvalidFilter>
  /** Replaces a user (PUT): `id`, `meta` and read-only attributes are kept. */
  readonly replace: (
    connectionId: string,
    id: string,
    resource: Resource,
    context: RequestContext
  ) => Effect.Effect<Resource, WriteError>
  /** Applies PATCH operations atomically; a request that changes nothing succeeds without webhook. */
  readonly patch: (
    connectionId: string,
    id: string,
    operations: ReadonlyArray<PatchOperation>,
    context: RequestContext
  ) => Effect.Effect<PatchOutcome, WriteError>
  /** Deletes the SCIM resource (then 404) and deactivates the application user, revoking its sessions. */
  readonly remove: (connectionId: string, id: string, context: RequestContext) => Effect.Effect<void, WriteError>
  /** The admin API's directory users of a connection. */
  readonly listDirectoryUsers: (
    connectionId: string,
    options?: Page & { readonly status?: "active" | "deactivated" | undefined }
  ) => Effect.Effect<Paged<DirectoryUser>>
}

/** The SCIM Users tag. */
export class ScimUsers extends Context.Tag("@dirsync/provisioning/ScimUsers")<ScimUsers, Service>() {}
