/**
 * SCIM Groups of a connection (RFC 7644 §3.3–§3.6) and their memberships. Membership changes are
 * serialised by the database (row lock on the group), so concurrent adds and removes lose nothing; member
 * adds are idempotent and unknown member ids are kept rather than failing the request.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type {
  ConnectionNotFound,
  DirectorySyncDisabled,
  GroupNotFound,
  InvalidFilter,
  InvalidValue,
  PreconditionFailed,
  UniquenessConflict
} from "./Errors.js"
import type { ListQuery, ListResult, PatchOperation, PatchOutcome, RequestContext, Resource } from "./Scim.js"

/** Errors of a SCIM Group write. */
export type WriteError =
  | ConnectionNotFound
  | DirectorySyncDisabled
  | GroupNotFound
  | UniquenessConflict
  | PreconditionFailed
  | InvalidValue

/** The `data` of `group.*` webhooks. */
export interface GroupJson {
  readonly id: string
  readonly object: "group"
  readonly connection_id: string
  readonly display_name: string
  readonly external_id: string | null
  /** SCIM ids of the members, and the application user id when the member is a known user. */
  readonly members: ReadonlyArray<{ readonly scim_id: string; readonly user_id: string | null }>
  readonly created_at: number
  readonly updated_at: number
}

/** Options of a group read: `excludeMembers` skips loading `members` (Entra's `excludedAttributes=members`). */
export interface GetOptions {
  readonly excludeMembers?: boolean | undefined
}

/** The SCIM Groups service. */
export interface Service {
  /** Creates a group: `scim.group.created` event and `group.created` webhook. */
  readonly create: (
    connectionId: string,
    resource: Resource,
    context: RequestContext
  ) => Effect.Effect<Resource, WriteError>
  readonly get: (connectionId: string, id: string, options?: GetOptions) => Effect.Effect<Resource, GroupNotFound>
  readonly list: (
    connectionId: string,
    query?: ListQuery,
    options?: GetOptions
  ) => Effect.Effect<ListResult, InvalidFilter>
  readonly replace: (
    connectionId: string,
    id: string,
    resource: Resource,
    context: RequestContext
  ) => Effect.Effect<Resource, WriteError>
  readonly patch: (
    connectionId: string,
    id: string,
    operations: ReadonlyArray<PatchOperation>,
    context: RequestContext
  ) => Effect.Effect<PatchOutcome, WriteError>
  readonly remove: (connectionId: string, id: string, context: RequestContext) => Effect.Effect<void, WriteError>
  /** The SCIM ids of the groups a SCIM user belongs to. */
  readonly groupsOfUser: (connectionId: string, scimUserId: string) => Effect.Effect<ReadonlyArray<string>>
}

/** The SCIM Groups tag. */
export class ScimGroups extends Context.Tag("@dirsync/provisioning/ScimGroups")<ScimGroups, Service>() {}
