/**
 * SCIM resources as Effect Schemas (RFC 7643 §3, §4): `User` (§4.1) with every core attribute including
 * the complex and multi-valued ones, the `EnterpriseUser` extension (§4.3, stored under its URN key),
 * `Group` (§4.2) and `Meta` (§3.1).
 *
 * Attributes the schemas do not know are kept as they are, at every level: identity providers send
 * custom attributes, and a GET must give back everything a client stored. `null` is accepted for any
 * optional attribute and means "unassigned" (RFC 7643 §2.5); it survives a round trip unchanged.
 * Dates stay strings (validated as xsd:dateTime) so that encoding gives back exactly what was decoded.
 *
 * Attribute names are case-insensitive (RFC 7643 §2.1): {@link normalizeKeys} re-keys known attributes
 * to their canonical case, driven by the attribute definitions, before decoding; {@link decode} does both
 * and reports the first problem as `emails[1].value: expected a string`.
 *
 * @module
 */
import { Either, Schema } from "effect"
import type * as Attribute from "./Attribute.js"
import * as DecodeError from "./DecodeError.js"
import { commonAttributes } from "./internal/common.js"
import type * as ResourceSchema from "./ResourceSchema.js"
import * as Schemas from "./Schemas.js"

// --- building blocks ----------------------------------------------------------------------------------

/** Any JSON object key not described by a schema: kept, unchecked. */
const Rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const optional = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(Schema.NullOr(schema), { exact: true })

/**
 * An xsd:dateTime string (RFC 7643 §2.3.5), e.g. `2011-05-13T04:42:34Z`. Kept as a string so that the
 * exact text round-trips.
 */
export const DateTime = Schema.String.pipe(
  Schema.pattern(/^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/),
  Schema.annotations({ description: "an xsd:dateTime string" })
)

/** A base64-encoded binary value (RFC 7643 §2.3.6). */
export const Binary = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/),
  Schema.annotations({ description: "a base64 string" })
)

/** A reference (RFC 7643 §2.3.7): a URI, which may be relative, so any string. */
export const Reference = Schema.String

/** The `meta` attribute (RFC 7643 §3.1): resource type, creation and modification times, location, version. */
export const Meta = Schema.Struct(
  {
    resourceType: optional(Schema.String),
    created: optional(DateTime),
    lastModified: optional(DateTime),
    location: optional(Reference),
    version: optional(Schema.String)
  },
  Rest
)
/** The `meta` attribute's type. */
export type Meta = typeof Meta.Type

/** The `name` complex attribute of a User (RFC 7643 §4.1.1). */
export const Name = Schema.Struct(
  {
    formatted: optional(Schema.String),
    familyName: optional(Schema.String),
    givenName: optional(Schema.String),
    middleName: optional(Schema.String),
    honorificPrefix: optional(Schema.String),
    honorificSuffix: optional(Schema.String)
  },
  Rest
)
/** The `name` attribute's type. */
export type Name = typeof Name.Type

const multiValue = <V extends Schema.Schema.Any>(value: V) =>
  Schema.Struct(
    { value: optional(value), display: optional(Schema.String), type: optional(Schema.String), primary: optional(Schema.Boolean) },
    Rest
  )

/** One value of `emails`, `phoneNumbers`, `ims`, `entitlements` or `roles` (RFC 7643 §2.4, §4.1.2). */
export const MultiValue = multiValue(Schema.String)
/** The type of one value of a multi-valued string attribute. */
export type MultiValue = typeof MultiValue.Type

/** One value of `photos` (RFC 7643 §4.1.2): the value is a URL. */
export const Photo = multiValue(Reference)
/** The type of one value of `photos`. */
export type Photo = typeof Photo.Type

/** One value of `x509Certificates` (RFC 7643 §4.1.2): the value is a base64 DER certificate. */
export const X509Certificate = multiValue(Binary)
/** The type of one value of `x509Certificates`. */
export type X509Certificate = typeof X509Certificate.Type

/** One value of `addresses` (RFC 7643 §4.1.2). */
export const Address = Schema.Struct(
  {
    formatted: optional(Schema.String),
    streetAddress: optional(Schema.String),
    locality: optional(Schema.String),
    region: optional(Schema.String),
    postalCode: optional(Schema.String),
    country: optional(Schema.String),
    type: optional(Schema.String),
    primary: optional(Schema.Boolean),
    display: optional(Schema.String)
  },
  Rest
)
/** The type of one value of `addresses`. */
export type Address = typeof Address.Type

/** One value of a User's `groups` (RFC 7643 §4.1.2) or a Group's `members` (§4.2): `value`, `$ref`, `display`, `type`. */
export const Membership = Schema.Struct(
  { value: optional(Schema.String), $ref: optional(Reference), display: optional(Schema.String), type: optional(Schema.String) },
  Rest
)
/** The type of one group membership or member. */
export type Membership = typeof Membership.Type

/** The Enterprise User extension's `manager` (RFC 7643 §4.3). */
export const Manager = Schema.Struct(
  { value: optional(Schema.String), $ref: optional(Reference), displayName: optional(Schema.String) },
  Rest
)
/** The `manager` attribute's type. */
export type Manager = typeof Manager.Type

/** The Enterprise User extension object (RFC 7643 §4.3), found under its URN key in a User. */
export const EnterpriseUser = Schema.Struct(
  {
    employeeNumber: optional(Schema.String),
    costCenter: optional(Schema.String),
    organization: optional(Schema.String),
    division: optional(Schema.String),
    department: optional(Schema.String),
    manager: optional(Manager)
  },
  Rest
)
/** The Enterprise User extension's type. */
export type EnterpriseUser = typeof EnterpriseUser.Type

const Schemas_ = Schema.Array(Schema.String)

/**
 * A User resource (RFC 7643 §4.1): `schemas` and `userName` are required; every other core attribute is
 * optional and typed; the Enterprise User extension is typed under its URN key; anything else is kept.
 *
 * @example
 * import { Schema } from "effect"
 * import { Resource, Schemas } from "@dirsync/scim-schema"
 * const user = Schema.decodeUnknownSync(Resource.User)({ schemas: [Schemas.UserUrn], userName: "bjensen" })
 */
export const User = Schema.Struct(
  {
    schemas: Schemas_,
    id: optional(Schema.String),
    externalId: optional(Schema.String),
    meta: optional(Meta),
    userName: Schema.String,
    name: optional(Name),
    displayName: optional(Schema.String),
    nickName: optional(Schema.String),
    profileUrl: optional(Reference),
    title: optional(Schema.String),
    userType: optional(Schema.String),
    preferredLanguage: optional(Schema.String),
    locale: optional(Schema.String),
    timezone: optional(Schema.String),
    active: optional(Schema.Boolean),
    password: optional(Schema.String),
    emails: optional(Schema.Array(MultiValue)),
    phoneNumbers: optional(Schema.Array(MultiValue)),
    ims: optional(Schema.Array(MultiValue)),
    photos: optional(Schema.Array(Photo)),
    addresses: optional(Schema.Array(Address)),
    groups: optional(Schema.Array(Membership)),
    entitlements: optional(Schema.Array(MultiValue)),
    roles: optional(Schema.Array(MultiValue)),
    x509Certificates: optional(Schema.Array(X509Certificate)),
    [Schemas.EnterpriseUserUrn]: optional(EnterpriseUser)
  },
  Rest
)
/** A decoded User resource. */
export type User = typeof User.Type

/**
 * A Group resource (RFC 7643 §4.2): `schemas` and `displayName` are required, `members` optional;
 * anything else is kept.
 *
 * @example
 * import { Schema } from "effect"
 * import { Resource, Schemas } from "@dirsync/scim-schema"
 * Schema.decodeUnknownSync(Resource.Group)({ schemas: [Schemas.GroupUrn], displayName: "Tour Guides", members: [] })
 */
export const Group = Schema.Struct(
  {
    schemas: Schemas_,
    id: optional(Schema.String),
    externalId: optional(Schema.String),
    meta: optional(Meta),
    displayName: Schema.String,
    members: optional(Schema.Array(Membership))
  },
  Rest
)
/** A decoded Group resource. */
export type Group = typeof Group.Type

// --- case-insensitive attribute names -----------------------------------------------------------------

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const canonicalName = (definitions: ReadonlyArray<Attribute.Definition>, key: string): string | undefined => {
  const lower = key.toLowerCase()
  for (const d of definitions) if (d.name.toLowerCase() === lower) return d.name
  return undefined
}

const rekey = (
  value: Record<string, unknown>,
  definitions: ReadonlyArray<Attribute.Definition>,
  extensions: ReadonlyArray<{ readonly id: string; readonly attributes: ReadonlyArray<Attribute.Definition> }>
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  const entries = Object.entries(value)
  const present = new Set(entries.map(([k]) => k))
  for (const [key, item] of entries) {
    const extension = extensions.find((e) => e.id.toLowerCase() === key.toLowerCase())
    if (extension !== undefined) {
      const target = extension.id
      if (target !== key && present.has(target)) {
        out[key] = item
        continue
      }
      out[target] = isObject(item) ? rekey(item, extension.attributes, []) : item
      continue
    }
    const definition = definitions.find((d) => d.name.toLowerCase() === key.toLowerCase())
    const target = definition === undefined ? key : canonicalName(definitions, key) ?? key
    // An exact canonical key wins over a differently cased duplicate: the duplicate stays as sent.
    const name = target !== key && present.has(target) ? key : target
    const subs = definition?.subAttributes
    if (subs !== undefined && name === target) {
      if (Array.isArray(item)) out[name] = item.map((e) => (isObject(e) ? rekey(e, subs, []) : e))
      else out[name] = isObject(item) ? rekey(item, subs, []) : item
    } else {
      out[name] = item
    }
  }
  return out
}

/**
 * Re-keys the attributes a resource schema knows to their canonical case (RFC 7643 §2.1: attribute names
 * are case-insensitive), recursively through complex attributes and extension objects, including the
 * common attributes `id`, `externalId`, `meta` and `schemas`. Unknown keys are left as they are; when a
 * canonical key and a differently cased one are both present, the canonical one is used and the other is
 * left as sent. Non-objects are returned unchanged.
 *
 * @example
 * import { Resource, Schemas } from "@dirsync/scim-schema"
 * Resource.normalizeKeys({ UserName: "bjensen", NAME: { GIVENNAME: "Barbara" } }, Schemas.UserResource)
 * // { userName: "bjensen", name: { givenName: "Barbara" } }
 */
export const normalizeKeys = (input: unknown, resourceSchema: ResourceSchema.ResourceSchema): unknown =>
  isObject(input)
    ? rekey(input, [...resourceSchema.core.attributes, ...commonAttributes], resourceSchema.extensions)
    : input

/**
 * Normalises attribute names ({@link normalizeKeys}) and decodes with the given Effect Schema, returning
 * the first problem as a {@link DecodeError.DecodeError} whose message says what and where
 * (`emails[1].value: expected a string`).
 *
 * @example
 * import { Either } from "effect"
 * import { Resource, Schemas } from "@dirsync/scim-schema"
 * const result = Resource.decode(Resource.User, Schemas.UserResource)({ schemas: [Schemas.UserUrn], USERNAME: "bjensen" })
 * Either.isRight(result) // true
 */
export const decode =
  <A, I>(schema: Schema.Schema<A, I, never>, resourceSchema: ResourceSchema.ResourceSchema) =>
  (input: unknown): Either.Either<A, DecodeError.DecodeError> =>
    Schema.decodeUnknownEither(schema, { errors: "first" })(normalizeKeys(input, resourceSchema)).pipe(
      Either.mapLeft((error) => DecodeError.fromParseError(error, input))
    )

/**
 * Decodes a User: {@link normalizeKeys} with {@link Schemas.UserResource}, then {@link User}.
 *
 * @example
 * import { Resource, Schemas } from "@dirsync/scim-schema"
 * Resource.decodeUser({ schemas: [Schemas.UserUrn], userName: 42 })
 * // Left(DecodeError: "userName: expected a string")
 */
export const decodeUser: (input: unknown) => Either.Either<User, DecodeError.DecodeError> = decode(User, Schemas.UserResource)

/**
 * Decodes a Group: {@link normalizeKeys} with {@link Schemas.GroupResource}, then {@link Group}.
 *
 * @example
 * import { Resource, Schemas } from "@dirsync/scim-schema"
 * Resource.decodeGroup({ schemas: [Schemas.GroupUrn], displayname: "Tour Guides" })
 */
export const decodeGroup: (input: unknown) => Either.Either<Group, DecodeError.DecodeError> = decode(Group, Schemas.GroupResource)

/**
 * Encodes a User back to JSON (the identity on the wire shape: every attribute, known or not, as decoded).
 *
 * @example
 * import { Resource, Schemas } from "@dirsync/scim-schema"
 * Resource.encodeUser({ schemas: [Schemas.UserUrn], userName: "bjensen" })
 */
export const encodeUser = (user: User): typeof User.Encoded => Schema.encodeSync(User)(user)

/**
 * Encodes a Group back to JSON.
 *
 * @example
 * import { Resource, Schemas } from "@dirsync/scim-schema"
 * Resource.encodeGroup({ schemas: [Schemas.GroupUrn], displayName: "Tour Guides" })
 */
export const encodeGroup = (group: Group): typeof Group.Encoded => Schema.encodeSync(Group)(group)
