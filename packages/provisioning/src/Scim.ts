/**
 * Types shared by the SCIM operations of {@link ScimUsers} and {@link ScimGroups}: the request context a
 * directory event records, list queries (RFC 7644 §3.4.2: filter, sort, pagination) and list results.
 *
 * @module
 */
import type { EnterpriseConnection } from "./Connections.js"

/** A SCIM resource as plain JSON, as received (after normalisation) and as stored; `id` and `meta` set by us. */
export type Resource = Record<string, unknown>

/** A normalisation applied to the request before it reached the domain (from `@dirsync/idp-profiles`). */
export interface Fixup {
  readonly code: string
  readonly message: string
}

/**
 * The SCIM request behind an operation, recorded in the directory event (secrets redacted) so a failure can
 * be diagnosed from the request exactly as the IdP sent it.
 */
export interface RequestContext {
  readonly method: string
  readonly path: string
  readonly query?: string | undefined
  /** The body as received (raw text or parsed JSON), before normalisation. */
  readonly rawBody?: unknown
  /** Fix-ups applied while normalising the body. */
  readonly fixups?: ReadonlyArray<Fixup> | undefined
  /** An `If-Match` header value; a mismatch fails with `PreconditionFailed`. */
  readonly ifMatch?: string | undefined
  readonly userAgent?: string | undefined
  /**
   * The connection as the caller has just authenticated it (`DirectorySync.authenticate`): a write then
   * uses it instead of reading the connection again. Ignored unless it is the request's connection with
   * Directory Sync enabled.
   */
  readonly connection?: EnterpriseConnection | undefined
}

/** A list request (RFC 7644 §3.4.2). `startIndex` is 1-based; `count: 0` returns only `totalResults`. */
export interface ListQuery {
  /** A SCIM filter expression, e.g. `userName eq "bjensen"`. */
  readonly filter?: string | undefined
  readonly startIndex?: number | undefined
  readonly count?: number | undefined
  /** An attribute path to sort by (`userName`, `meta.lastModified`, `displayName`…); default creation order. */
  readonly sortBy?: string | undefined
  readonly sortOrder?: "ascending" | "descending" | undefined
}

/** A page of a list: `itemsPerPage` is the number of resources returned, `totalResults` is exact. */
export interface ListResult {
  readonly totalResults: number
  readonly startIndex: number
  readonly itemsPerPage: number
  readonly resources: ReadonlyArray<Resource>
}

/** One PATCH operation (RFC 7644 §3.5.2), already normalised (lower-case `op`, real booleans). */
export interface PatchOperation {
  readonly op: "add" | "replace" | "remove"
  readonly path?: string | undefined
  readonly value?: unknown
}

/** The result of a PATCH: the stored resource and whether anything changed. */
export interface PatchOutcome {
  readonly resource: Resource
  readonly changed: boolean
}

/** The URN of a SCIM list response. */
export const ListResponseUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
/** The URN of the core User schema. */
export const UserUrn = "urn:ietf:params:scim:schemas:core:2.0:User"
/** The URN of the core Group schema. */
export const GroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group"
/** The URN of the enterprise User extension. */
export const EnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
