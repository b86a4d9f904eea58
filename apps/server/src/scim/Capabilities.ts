/**
 * What this server supports, in one place: paging and Bulk limits, and the `/ServiceProviderConfig`
 * (RFC 7643 §5) that advertises them, built with `@dirsync/scim-schema` `Discovery`. The `/Schemas` and
 * `/ResourceTypes` documents of a connection include the custom extension schemas of its attribute
 * mappings (`@dirsync/idp-profiles` `UserMapping.customSchemas`).
 *
 * @module
 */
import { UserMapping } from "@dirsync/idp-profiles"
import type { Connections } from "@dirsync/provisioning"
import { Discovery, ResourceSchema, Schemas } from "@dirsync/scim-schema"

/** The page size of a list without `count`. */
export const DEFAULT_COUNT = 100
/** The largest page a list returns. */
export const MAX_COUNT = 1000
/** The most operations a Bulk request may hold. */
export const BULK_MAX_OPERATIONS = 1000

/**
 * `GET /ServiceProviderConfig`: PATCH, Bulk, filter, sort and ETags are supported; password change is not.
 *
 * @example
 * serviceProviderConfig("https://dirsync.example.com/scim/v2/conn_1", 1048576).bulk.maxOperations // 1000
 */
export const serviceProviderConfig = (base: string, maxBodyBytes: number): Discovery.ServiceProviderConfig =>
  Discovery.serviceProviderConfig({
    patch: true,
    bulk: { maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: maxBodyBytes },
    filter: { maxResults: MAX_COUNT },
    sort: true,
    etag: true
  }, { baseUrl: base })

const userSchemas = new WeakMap<ReadonlyArray<Connections.AttributeMapping>, ResourceSchema.ResourceSchema>()

/**
 * The User resource schema of a connection: core User, the Enterprise User extension and one extension
 * per custom URN its attribute mappings use. Computed once per mapping list.
 *
 * @example
 * userSchema(connection).extensions.map((e) => e.id) // ["urn:…:enterprise:2.0:User", "urn:acme:…:User"]
 */
export const userSchema = (connection: Connections.EnterpriseConnection): ResourceSchema.ResourceSchema => {
  const mappings = connection.attributeMappings
  if (mappings.length === 0) return Schemas.UserResource
  let schema = userSchemas.get(mappings)
  if (schema === undefined) {
    schema = UserMapping.customSchemas(mappings).reduce(ResourceSchema.withExtension, Schemas.UserResource)
    userSchemas.set(mappings, schema)
  }
  return schema
}

/** The resource schema of a resource type for a connection. */
export const schemaOf = (kind: "User" | "Group", connection: Connections.EnterpriseConnection) =>
  kind === "User" ? userSchema(connection) : Schemas.GroupResource

/**
 * The `/ResourceTypes` documents of a connection (RFC 7643 §6).
 *
 * @example
 * resourceTypes(base, connection).map((r) => r.id) // ["User", "Group"]
 */
export const resourceTypes = (base: string, connection: Connections.EnterpriseConnection) =>
  Discovery.builtInResourceTypes.map((t) =>
    Discovery.resourceType({ ...t, schema: t.name === "User" ? userSchema(connection) : t.schema }, { baseUrl: base })
  )

/**
 * The `/Schemas` documents of a connection (RFC 7643 §7): the resource schemas, its custom extensions and
 * the discovery schemas.
 *
 * @example
 * schemaDocuments(base, connection).map((s) => s.id)
 */
export const schemaDocuments = (base: string, connection: Connections.EnterpriseConnection) =>
  Discovery.schemaDocuments([userSchema(connection), Schemas.GroupResource], { baseUrl: base })
