/**
 * The SCIM error response (RFC 7644 §3.12): the wire body
 * `{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409", "scimType": "uniqueness", "detail": "…" }`
 * with `status` as a string and the `scimType` values of RFC 7644 Table 9, an Effect Schema to decode it,
 * and a `ScimError` value that code can fail with and that converts to the body.
 *
 * @module
 */
import { Data, Schema } from "effect"

/** URN of the error message schema (RFC 7644 §3.12). */
export const ErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error" as const

/** The `scimType` values of RFC 7644 §3.12, Table 9. */
export const scimTypes = [
  "invalidFilter",
  "tooMany",
  "uniqueness",
  "mutability",
  "invalidSyntax",
  "invalidPath",
  "noTarget",
  "invalidValue",
  "invalidVers",
  "sensitive"
] as const

/** A `scimType` of RFC 7644 Table 9: the detail error keyword of a 400 (or 409 for `uniqueness`). */
export type ScimType = (typeof scimTypes)[number]

/** Effect Schema of the `scimType` values of RFC 7644 Table 9. */
export const ScimTypeSchema: Schema.Schema<ScimType> = Schema.Literal(...scimTypes)

/** The error body exactly as on the wire (RFC 7644 §3.12); nothing else, no `_tag`. */
export interface Body {
  readonly schemas: readonly [typeof ErrorUrn]
  readonly status: string
  readonly scimType?: ScimType
  readonly detail?: string
}

/**
 * Effect Schema of the wire body: `schemas` must be exactly the error URN, `status` a string of three
 * digits (an HTTP status code), `scimType` one of Table 9, `detail` a string. Unknown fields are dropped.
 *
 * @example
 * import { Schema } from "effect"
 * import { ScimError } from "@dirsync/scim-schema"
 * Schema.decodeUnknownSync(ScimError.Body)({ schemas: [ScimError.ErrorUrn], status: "404" }).status // "404"
 */
export const Body: Schema.Schema<Body> = Schema.Struct({
  schemas: Schema.Tuple(Schema.Literal(ErrorUrn)),
  status: Schema.String.pipe(Schema.pattern(/^[1-5][0-9][0-9]$/)),
  scimType: Schema.optionalWith(ScimTypeSchema, { exact: true }),
  detail: Schema.optionalWith(Schema.String, { exact: true })
})

/**
 * Builds the wire body for an HTTP status and optional `scimType` and `detail` (status written as a
 * string, as RFC 7644 §3.12 shows; absent fields are left out).
 *
 * @example
 * import { ScimError } from "@dirsync/scim-schema"
 * ScimError.body(409, { scimType: "uniqueness", detail: "userName \"bjensen\" is taken" })
 * // { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", scimType: "uniqueness", detail: "userName \"bjensen\" is taken" }
 */
export const body = (
  status: number,
  options: { readonly scimType?: ScimType | undefined; readonly detail?: string | undefined } = {}
): Body => ({
  schemas: [ErrorUrn],
  status: String(status),
  ...(options.scimType === undefined ? {} : { scimType: options.scimType }),
  ...(options.detail === undefined ? {} : { detail: options.detail })
})

/**
 * A SCIM protocol error as a value: HTTP `status` (a number), optional `scimType` and a human-readable
 * `detail`. Fail with it anywhere (`Effect.fail(new ScimError.ScimError({ … }))`) and turn it into the
 * wire body with {@link toBody} — the `_tag` never reaches the wire.
 *
 * @example
 * import { ScimError } from "@dirsync/scim-schema"
 * const error = new ScimError.ScimError({ status: 400, scimType: "invalidFilter", detail: "Cannot parse filter" })
 * ScimError.toBody(error).status // "400"
 */
export class ScimError extends Data.TaggedError("ScimError")<{
  readonly status: number
  readonly scimType?: ScimType | undefined
  readonly detail: string
}> {
  /** The error's message is its detail, so logs and `Cause.pretty` read naturally. */
  override get message(): string {
    return this.detail
  }

  /** The RFC 7644 §3.12 wire body of this error. */
  toBody(): Body {
    return body(this.status, { scimType: this.scimType, detail: this.detail })
  }

  /** JSON serialisation is the wire body, so `JSON.stringify(error)` is safe to send. */
  override toJSON(): Body {
    return this.toBody()
  }
}

/**
 * Builds a {@link ScimError}.
 *
 * @example
 * import { ScimError } from "@dirsync/scim-schema"
 * ScimError.make(409, "userName \"bjensen\" is taken", "uniqueness").status // 409
 */
export const make = (status: number, detail: string, scimType?: ScimType): ScimError =>
  new ScimError(scimType === undefined ? { status, detail } : { status, detail, scimType })

/**
 * The wire body of a {@link ScimError}.
 *
 * @example
 * import { ScimError } from "@dirsync/scim-schema"
 * ScimError.toBody(ScimError.make(404, "User \"42\" not found"))
 * // { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404", detail: "User \"42\" not found" }
 */
export const toBody = (error: ScimError): Body => error.toBody()

/**
 * Turns a decoded wire body back into a {@link ScimError} (a missing `detail` becomes `""`).
 *
 * @example
 * import { ScimError } from "@dirsync/scim-schema"
 * ScimError.fromBody({ schemas: [ScimError.ErrorUrn], status: "409", scimType: "uniqueness" }).status // 409
 */
export const fromBody = (wire: Body): ScimError =>
  new ScimError({
    status: Number(wire.status),
    detail: wire.detail ?? "",
    ...(wire.scimType === undefined ? {} : { scimType: wire.scimType })
  })

/** Shorthand for a 400 `invalidSyntax` error (a request body that cannot be parsed or decoded). */
export const invalidSyntax = (detail: string): ScimError => make(400, detail, "invalidSyntax")

/** Shorthand for a 400 `invalidValue` error (a value of the wrong type or outside what is allowed). */
export const invalidValue = (detail: string): ScimError => make(400, detail, "invalidValue")

/** Shorthand for a 400 `invalidFilter` error (a filter that cannot be parsed or evaluated). */
export const invalidFilter = (detail: string): ScimError => make(400, detail, "invalidFilter")

/** Shorthand for a 400 `invalidPath` error (a PATCH path that cannot be parsed or resolved). */
export const invalidPath = (detail: string): ScimError => make(400, detail, "invalidPath")

/** Shorthand for a 400 `noTarget` error (a PATCH path that matched nothing where something is needed). */
export const noTarget = (detail: string): ScimError => make(400, detail, "noTarget")

/** Shorthand for a 400 `mutability` error (an attempt to change a read-only or immutable attribute). */
export const mutability = (detail: string): ScimError => make(400, detail, "mutability")

/** Shorthand for a 409 `uniqueness` error (a value that must be unique is taken). */
export const uniqueness = (detail: string): ScimError => make(409, detail, "uniqueness")

/** Shorthand for a 404 error without `scimType` (an unknown resource or endpoint). */
export const notFound = (detail: string): ScimError => make(404, detail)
