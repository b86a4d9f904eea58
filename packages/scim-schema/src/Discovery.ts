/**
 * Discovery documents generated from the attribute definitions: `/Schemas` (RFC 7643 §7, the form of
 * §8.7.1 and §8.7.2), `/ResourceTypes` (§6) and `/ServiceProviderConfig` (§5), plus Effect Schemas to
 * decode them.
 * Custom extension schemas registered at run time appear the same way as the built-in ones: pass the
 * resource schemas a connection really uses.
 *
 * @module
 */
import { Schema } from "effect"
import type * as Attribute from "./Attribute.js"
import type * as ResourceSchema from "./ResourceSchema.js"
import type { SchemaDefinition } from "./SchemaDefinition.js"
import * as Schemas from "./Schemas.js"

// --- /Schemas -----------------------------------------------------------------------------------------

/** One attribute as a `/Schemas` document lists it (RFC 7643 §7). */
export interface AttributeDocument {
  readonly name: string
  readonly type: Attribute.Type
  readonly multiValued: boolean
  readonly description: string
  readonly required: boolean
  readonly caseExact: boolean
  readonly canonicalValues?: ReadonlyArray<string>
  readonly referenceTypes?: ReadonlyArray<string>
  readonly subAttributes?: ReadonlyArray<AttributeDocument>
  readonly mutability: Attribute.Mutability
  readonly returned: Attribute.Returned
  readonly uniqueness: Attribute.Uniqueness
}

/** A `/Schemas` resource (RFC 7643 §7). */
export interface SchemaDocument {
  readonly schemas: ReadonlyArray<string>
  readonly id: string
  readonly name: string
  readonly description: string
  readonly attributes: ReadonlyArray<AttributeDocument>
  readonly meta: { readonly resourceType: "Schema"; readonly location: string }
}

const attributeDocument = (d: Attribute.Definition): AttributeDocument => ({
  name: d.name,
  type: d.type,
  multiValued: d.multiValued,
  description: d.description,
  required: d.required,
  caseExact: d.caseExact,
  ...(d.canonicalValues === undefined ? {} : { canonicalValues: d.canonicalValues }),
  ...(d.referenceTypes === undefined ? {} : { referenceTypes: d.referenceTypes }),
  ...(d.subAttributes === undefined ? {} : { subAttributes: d.subAttributes.map(attributeDocument) }),
  mutability: d.mutability,
  returned: d.returned,
  uniqueness: d.uniqueness
})

/** Where discovery documents live: the SCIM base URL without a trailing slash, e.g. `https://example.com/scim/v2/conn_1`. */
export interface Location {
  readonly baseUrl: string
}

/**
 * The `/Schemas/{id}` document of one schema definition, in the form of RFC 7643 §8.7.1.
 *
 * @example
 * import { Discovery, Schemas } from "@dirsync/scim-schema"
 * Discovery.schemaDocument(Schemas.User, { baseUrl: "https://example.com/v2" }).meta.location
 * // "https://example.com/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
 */
export const schemaDocument = (definition: SchemaDefinition, location: Location): SchemaDocument => ({
  schemas: [Schemas.SchemaUrn],
  id: definition.id,
  name: definition.name,
  description: definition.description,
  attributes: definition.attributes.map(attributeDocument),
  meta: { resourceType: "Schema", location: `${location.baseUrl}/Schemas/${definition.id}` }
})

/** Options of {@link schemaDocuments}. */
export interface SchemaDocumentsOptions {
  /**
   * Also list the schemas of the discovery resources (ServiceProviderConfig, ResourceType and Schema,
   * RFC 7643 §8.7.2) after the resource schemas. Default `true`.
   */
  readonly discoverySchemas?: boolean
}

/**
 * The `/Schemas` documents: every schema the resource types use (core schemas and extensions, each
 * once, in order of first appearance), then the schemas of the discovery resources
 * (ServiceProviderConfig, ResourceType, Schema; RFC 7643 §8.7.2) unless `discoverySchemas` is `false`.
 *
 * @example
 * import { Discovery, Schemas } from "@dirsync/scim-schema"
 * Discovery.schemaDocuments([Schemas.UserResource, Schemas.GroupResource], { baseUrl: "https://example.com/v2" }).length // 6
 */
export const schemaDocuments = (
  resources: ReadonlyArray<ResourceSchema.ResourceSchema>,
  location: Location,
  options: SchemaDocumentsOptions = {}
): ReadonlyArray<SchemaDocument> => {
  const seen = new Map<string, SchemaDefinition>()
  const discovery = options.discoverySchemas === false ? [] : Schemas.discovery
  for (const d of [...resources.flatMap((r) => [r.core, ...r.extensions]), ...discovery]) {
    if (!seen.has(d.id.toLowerCase())) seen.set(d.id.toLowerCase(), d)
  }
  return [...seen.values()].map((d) => schemaDocument(d, location))
}

// --- /ResourceTypes -----------------------------------------------------------------------------------

/** A resource type to publish: its name, endpoint, description, schemas and which extensions are required. */
export interface ResourceTypeOptions {
  readonly name: string
  readonly endpoint: string
  readonly description?: string
  readonly schema: ResourceSchema.ResourceSchema
  /** URNs of extensions a resource of this type must include (default: none). */
  readonly requiredExtensions?: ReadonlyArray<string>
}

/** A `/ResourceTypes` resource (RFC 7643 §6). */
export const ResourceType = Schema.Struct(
  {
    schemas: Schema.Array(Schema.String),
    id: Schema.optionalWith(Schema.String, { exact: true }),
    name: Schema.String,
    description: Schema.optionalWith(Schema.String, { exact: true }),
    endpoint: Schema.String,
    schema: Schema.String,
    schemaExtensions: Schema.optionalWith(
      Schema.Array(Schema.Struct({ schema: Schema.String, required: Schema.Boolean })),
      { exact: true }
    ),
    meta: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), { exact: true })
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)
/** A `/ResourceTypes` resource's type. */
export type ResourceType = typeof ResourceType.Type

/**
 * The `/ResourceTypes/{name}` document (RFC 7643 §6, as in §8.6).
 *
 * @example
 * import { Discovery, Schemas } from "@dirsync/scim-schema"
 * Discovery.resourceType({ name: "User", endpoint: "/Users", description: "User Account", schema: Schemas.UserResource }, { baseUrl: "https://example.com/v2" }).schemaExtensions
 * // [{ schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false }]
 */
export const resourceType = (options: ResourceTypeOptions, location: Location): ResourceType => {
  const required = new Set((options.requiredExtensions ?? []).map((u) => u.toLowerCase()))
  return {
    schemas: [Schemas.ResourceTypeUrn],
    id: options.name,
    name: options.name,
    endpoint: options.endpoint,
    ...(options.description === undefined ? {} : { description: options.description }),
    schema: options.schema.core.id,
    ...(options.schema.extensions.length === 0
      ? {}
      : {
          schemaExtensions: options.schema.extensions.map((e) => ({
            schema: e.id,
            required: required.has(e.id.toLowerCase())
          }))
        }),
    meta: { location: `${location.baseUrl}/ResourceTypes/${options.name}`, resourceType: "ResourceType" }
  }
}

/**
 * The built-in resource types: User (`/Users`, core User with the Enterprise User extension, optional)
 * and Group (`/Groups`), with the names and descriptions of RFC 7643 §8.6.
 */
export const builtInResourceTypes: ReadonlyArray<ResourceTypeOptions> = [
  { name: "User", endpoint: "/Users", description: "User Account", schema: Schemas.UserResource },
  { name: "Group", endpoint: "/Groups", description: "Group", schema: Schemas.GroupResource }
]

// --- /ServiceProviderConfig ---------------------------------------------------------------------------

/** An authentication scheme of the service provider configuration (RFC 7643 §5). */
export const AuthenticationScheme = Schema.Struct(
  {
    type: Schema.String,
    name: Schema.String,
    description: Schema.String,
    specUri: Schema.optionalWith(Schema.String, { exact: true }),
    documentationUri: Schema.optionalWith(Schema.String, { exact: true }),
    primary: Schema.optionalWith(Schema.Boolean, { exact: true })
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)
/** An authentication scheme's type. */
export type AuthenticationScheme = typeof AuthenticationScheme.Type

const Supported = Schema.Struct({ supported: Schema.Boolean })

/** The `/ServiceProviderConfig` document (RFC 7643 §5, as in §8.5); unknown fields are kept. */
export const ServiceProviderConfig = Schema.Struct(
  {
    schemas: Schema.Array(Schema.String),
    documentationUri: Schema.optionalWith(Schema.String, { exact: true }),
    patch: Supported,
    bulk: Schema.Struct({ supported: Schema.Boolean, maxOperations: Schema.Int, maxPayloadSize: Schema.Int }),
    filter: Schema.Struct({ supported: Schema.Boolean, maxResults: Schema.Int }),
    changePassword: Supported,
    sort: Supported,
    etag: Supported,
    authenticationSchemes: Schema.Array(AuthenticationScheme),
    meta: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), { exact: true })
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)
/** The `/ServiceProviderConfig` document's type. */
export type ServiceProviderConfig = typeof ServiceProviderConfig.Type

/**
 * What the service really supports; every flag defaults to `false` (and limits to 0) so the document
 * never claims more than is true.
 */
export interface ServiceProviderConfigOptions {
  readonly documentationUri?: string
  readonly patch?: boolean
  readonly bulk?: { readonly maxOperations: number; readonly maxPayloadSize: number }
  readonly filter?: { readonly maxResults: number }
  readonly changePassword?: boolean
  readonly sort?: boolean
  readonly etag?: boolean
  /** Defaults to one OAuth bearer token scheme (RFC 6750), marked primary. */
  readonly authenticationSchemes?: ReadonlyArray<AuthenticationScheme>
}

/** The OAuth bearer token scheme (RFC 6750) as RFC 7643 §8.5 describes it. */
export const oauthBearerToken: AuthenticationScheme = {
  type: "oauthbearertoken",
  name: "OAuth Bearer Token",
  description: "Authentication scheme using the OAuth Bearer Token Standard",
  specUri: "https://www.rfc-editor.org/info/rfc6750",
  primary: true
}

/**
 * The `/ServiceProviderConfig` document for what the service truthfully supports.
 *
 * @example
 * import { Discovery } from "@dirsync/scim-schema"
 * Discovery.serviceProviderConfig({ patch: true, filter: { maxResults: 100 } }, { baseUrl: "https://example.com/v2" }).filter
 * // { supported: true, maxResults: 100 }
 */
export const serviceProviderConfig = (
  options: ServiceProviderConfigOptions,
  location: Location
): ServiceProviderConfig => ({
  schemas: [Schemas.ServiceProviderConfigUrn],
  ...(options.documentationUri === undefined ? {} : { documentationUri: options.documentationUri }),
  patch: { supported: options.patch ?? false },
  bulk: options.bulk === undefined
    ? { supported: false, maxOperations: 0, maxPayloadSize: 0 }
    : { supported: true, ...options.bulk },
  filter: options.filter === undefined ? { supported: false, maxResults: 0 } : { supported: true, ...options.filter },
  changePassword: { supported: options.changePassword ?? false },
  sort: { supported: options.sort ?? false },
  etag: { supported: options.etag ?? false },
  authenticationSchemes: options.authenticationSchemes ?? [oauthBearerToken],
  meta: { location: `${location.baseUrl}/ServiceProviderConfig`, resourceType: "ServiceProviderConfig" }
})
