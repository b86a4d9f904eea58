/**
 * The SCIM protocol messages of RFC 7644 as Effect Schemas: `ListResponse` (§3.4.2), `PatchOp` (§3.5.2),
 * `SearchRequest` (§3.4.3) and `BulkRequest` / `BulkResponse` (§3.7). The error message is in `ScimError`.
 *
 * @module
 */
import { Schema } from "effect"
import * as Schemas from "./Schemas.js"

const Rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })
const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

/**
 * A list response (RFC 7644 §3.4.2) over any resource schema: `totalResults`, `Resources`,
 * `startIndex` and `itemsPerPage` (integers, as Okta insists).
 *
 * @example
 * import { Schema } from "effect"
 * import { Messages, Resource } from "@dirsync/scim-schema"
 * const Users = Messages.ListResponse(Resource.User)
 * Schema.decodeUnknownSync(Users)({ schemas: [Schemas.ListResponseUrn], totalResults: 0, Resources: [] })
 */
export const ListResponse = <A, I>(resource: Schema.Schema<A, I, never>) =>
  Schema.Struct({
    schemas: Schema.Array(Schema.String),
    totalResults: NonNegativeInt,
    itemsPerPage: optional(NonNegativeInt),
    startIndex: optional(Schema.Int),
    Resources: optional(Schema.Array(resource))
  })

/** A list response's type over resources of type `A`. */
export interface ListResponse<A> {
  readonly schemas: ReadonlyArray<string>
  readonly totalResults: number
  readonly itemsPerPage?: number
  readonly startIndex?: number
  readonly Resources?: ReadonlyArray<A>
}

/**
 * Builds a list response page: `Resources` is always present (empty when nothing matched, as Okta and
 * Entra expect) and `itemsPerPage` is the number of resources actually returned.
 *
 * @example
 * import { Messages } from "@dirsync/scim-schema"
 * Messages.listResponse({ resources: [], totalResults: 0, startIndex: 1 })
 * // { schemas: [ListResponseUrn], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] }
 */
export const listResponse = <A>(options: {
  readonly resources: ReadonlyArray<A>
  readonly totalResults: number
  readonly startIndex?: number
}): ListResponse<A> & { readonly Resources: ReadonlyArray<A> } => ({
  schemas: [Schemas.ListResponseUrn],
  totalResults: options.totalResults,
  itemsPerPage: options.resources.length,
  startIndex: options.startIndex ?? 1,
  Resources: options.resources
})

/** A PATCH operation's `op` (RFC 7644 §3.5.2), lower case as the RFC writes it. */
export const PatchOperationOp = Schema.Literal("add", "replace", "remove")
/** `"add" | "replace" | "remove"`. */
export type PatchOperationOp = typeof PatchOperationOp.Type

/**
 * One PATCH operation: `op`, optional `path`, optional `value` of any JSON shape (the PATCH engine
 * checks it against the attribute definitions). Clients that write `op` in another case (Entra's
 * `"Replace"`) are normalised before decoding (see `@dirsync/idp-profiles`), or use {@link normalizePatchOp}.
 */
export const PatchOperation = Schema.Struct({
  op: PatchOperationOp,
  path: optional(Schema.String),
  value: optional(Schema.Unknown)
})
/** A PATCH operation's type. */
export type PatchOperation = typeof PatchOperation.Type

const PatchOpSchemas = Schema.Array(Schema.String).pipe(
  Schema.filter((s) => s.includes(Schemas.PatchOpUrn), {
    description: `an array containing "${Schemas.PatchOpUrn}"`
  })
)

const NonEmptyOperations = Schema.Array(PatchOperation).pipe(
  Schema.filter((operations): operations is readonly [PatchOperation, ...Array<PatchOperation>] => operations.length > 0, {
    description: "at least one operation"
  })
)

/** Options of {@link patchOp}. */
export interface PatchOpOptions {
  /**
   * Accept an empty `Operations` list (Microsoft's SCIM validator sends one); `@dirsync/scim-patch`
   * applies it as a no-op under its option of the same name. Default `false`: RFC 7644 §3.5.2 asks for
   * at least one operation.
   */
  readonly allowEmptyOperations?: boolean
}

/**
 * The PATCH request body Schema with options: {@link PatchOp} by default, or one that accepts an empty
 * `Operations` list with `allowEmptyOperations: true`.
 *
 * @example
 * import { Schema } from "effect"
 * import { Messages, Schemas } from "@dirsync/scim-schema"
 * const Lenient = Messages.patchOp({ allowEmptyOperations: true })
 * Schema.decodeUnknownSync(Lenient)({ schemas: [Schemas.PatchOpUrn], Operations: [] }) // accepted
 */
export const patchOp = (options: PatchOpOptions = {}) =>
  Schema.Struct({
    schemas: PatchOpSchemas,
    Operations: options.allowEmptyOperations === true ? Schema.Array(PatchOperation) : NonEmptyOperations
  })

/**
 * A PATCH request body (RFC 7644 §3.5.2): `schemas` with the PatchOp URN and at least one operation
 * (an empty list fails with `Operations: expected at least one operation`; see {@link patchOp} to
 * accept it).
 *
 * @example
 * import { Schema } from "effect"
 * import { Messages, Schemas } from "@dirsync/scim-schema"
 * Schema.decodeUnknownSync(Messages.PatchOp)({ schemas: [Schemas.PatchOpUrn], Operations: [{ op: "replace", value: { active: false } }] })
 */
export const PatchOp = Schema.Struct({ schemas: PatchOpSchemas, Operations: NonEmptyOperations })
/** A PATCH request body's type. */
export type PatchOp = typeof PatchOp.Type

/**
 * Lower-cases the `op` of every operation and re-keys `operations` / `OPERATIONS` to `Operations` and
 * `Schemas` to `schemas`, leaving everything else alone: the structural case-insensitivity Microsoft asks
 * of service providers. Returns non-objects unchanged.
 *
 * @example
 * import { Messages } from "@dirsync/scim-schema"
 * Messages.normalizePatchOp({ schemas: [], operations: [{ op: "Replace", path: "active", value: false }] })
 * // { schemas: [], Operations: [{ op: "replace", path: "active", value: false }] }
 */
export const normalizePatchOp = (input: unknown): unknown => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) {
    const lower = key.toLowerCase()
    if (lower === "operations" && Array.isArray(value)) {
      out.Operations = value.map((operation: unknown) => {
        if (typeof operation !== "object" || operation === null || Array.isArray(operation)) return operation
        const op: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(operation)) {
          const kl = k.toLowerCase()
          const name = kl === "op" || kl === "path" || kl === "value" ? kl : k
          op[name] = name === "op" && typeof v === "string" ? v.toLowerCase() : v
        }
        return op
      })
    } else if (lower === "schemas") out.schemas = value
    else out[key] = value
  }
  return out
}

/**
 * A POST `/.search` request (RFC 7644 §3.4.3): the query parameters of a GET as a JSON body.
 *
 * @example
 * import { Schema } from "effect"
 * import { Messages, Schemas } from "@dirsync/scim-schema"
 * Schema.decodeUnknownSync(Messages.SearchRequest)({ schemas: [Schemas.SearchRequestUrn], filter: "userName eq \"bjensen\"", count: 10 })
 */
export const SearchRequest = Schema.Struct({
  schemas: Schema.Array(Schema.String),
  attributes: optional(Schema.Array(Schema.String)),
  excludedAttributes: optional(Schema.Array(Schema.String)),
  filter: optional(Schema.String),
  sortBy: optional(Schema.String),
  sortOrder: optional(Schema.Literal("ascending", "descending")),
  startIndex: optional(Schema.Int),
  count: optional(NonNegativeInt)
})
/** A search request's type. */
export type SearchRequest = typeof SearchRequest.Type

/** The HTTP methods a bulk operation may use (RFC 7644 §3.7). */
export const BulkMethod = Schema.Literal("POST", "PUT", "PATCH", "DELETE")

/** One operation of a bulk request (RFC 7644 §3.7). */
export const BulkRequestOperation = Schema.Struct(
  {
    method: BulkMethod,
    bulkId: optional(Schema.String),
    version: optional(Schema.String),
    path: Schema.String,
    data: optional(Schema.Unknown)
  },
  Rest
)

/**
 * A bulk request (RFC 7644 §3.7): `failOnErrors` and the operations.
 *
 * @example
 * import { Schema } from "effect"
 * import { Messages, Schemas } from "@dirsync/scim-schema"
 * Schema.decodeUnknownSync(Messages.BulkRequest)({ schemas: [Schemas.BulkRequestUrn], Operations: [{ method: "DELETE", path: "/Users/1" }] })
 */
export const BulkRequest = Schema.Struct({
  schemas: Schema.Array(Schema.String),
  failOnErrors: optional(Schema.Int),
  Operations: Schema.Array(BulkRequestOperation)
})
/** A bulk request's type. */
export type BulkRequest = typeof BulkRequest.Type

/** One operation result of a bulk response (RFC 7644 §3.7): `status` is the HTTP status as a string. */
export const BulkResponseOperation = Schema.Struct(
  {
    method: BulkMethod,
    bulkId: optional(Schema.String),
    version: optional(Schema.String),
    location: optional(Schema.String),
    status: Schema.String,
    response: optional(Schema.Unknown)
  },
  Rest
)

/**
 * A bulk response (RFC 7644 §3.7).
 *
 * @example
 * import { Schema } from "effect"
 * import { Messages, Schemas } from "@dirsync/scim-schema"
 * Schema.decodeUnknownSync(Messages.BulkResponse)({ schemas: [Schemas.BulkResponseUrn], Operations: [{ method: "DELETE", status: "204" }] })
 */
export const BulkResponse = Schema.Struct({
  schemas: Schema.Array(Schema.String),
  Operations: Schema.Array(BulkResponseOperation)
})
/** A bulk response's type. */
export type BulkResponse = typeof BulkResponse.Type
