/**
 * Discovery documents (RFC 7644 §4, RFC 7643 §5–§7): `/ServiceProviderConfig`, `/ResourceTypes` and
 * `/Schemas`, generated from the attribute definitions of @dirsync/scim-schema plus, per connection, a
 * schema for each custom extension URN used by its attribute mappings.
 *
 * @module
 */
import type { Connections } from "@dirsync/provisioning"
import { Attribute, SchemaDefinition, Schemas } from "@dirsync/scim-schema"

/** Paging defaults, documented in the README and advertised here. */
export const DEFAULT_COUNT = 100
/** The largest page a list returns. */
export const MAX_COUNT = 1000
/** The most operations a Bulk request may hold. */
export const BULK_MAX_OPERATIONS = 1000

const meta = (base: string, resourceType: string, path: string) => ({ resourceType, location: `${base}${path}` })

/** `GET /ServiceProviderConfig` (RFC 7643 §5), saying truthfully what is supported. */
export const serviceProviderConfig = (base: string, maxBodyBytes: number) => ({
  schemas: [Schemas.ServiceProviderConfigUrn],
  patch: { supported: true },
  bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: maxBodyBytes },
  filter: { supported: true, maxResults: MAX_COUNT },
  changePassword: { supported: false },
  sort: { supported: true },
  etag: { supported: true },
  authenticationSchemes: [
    {
      type: "oauthbearertoken",
      name: "OAuth Bearer Token",
      description: "Authentication with the connection's Directory Sync bearer token",
      specUri: "https://www.rfc-editor.org/rfc/rfc6750",
      primary: true
    }
  ],
  meta: meta(base, "ServiceProviderConfig", "/ServiceProviderConfig")
})

/** The schemas of custom extension URNs in a connection's attribute mappings. */
export const customSchemas = (
  connection: Connections.EnterpriseConnection
): ReadonlyArray<SchemaDefinition.SchemaDefinition> => {
  const known = new Set([Schemas.UserUrn, Schemas.EnterpriseUserUrn, Schemas.GroupUrn].map((u) => u.toLowerCase()))
  const byUrn = new Map<string, Set<string>>()
  for (const m of connection.attributeMappings) {
    const i = m.scimPath.lastIndexOf(":")
    if (!m.scimPath.toLowerCase().startsWith("urn:") || i < 0) continue
    const urn = m.scimPath.slice(0, i)
    if (known.has(urn.toLowerCase())) continue
    const attr = m.scimPath.slice(i + 1).split(".")[0] ?? ""
    if (attr === "") continue
    byUrn.set(urn, (byUrn.get(urn) ?? new Set()).add(attr))
  }
  return [...byUrn].map(([urn, attrs]) =>
    SchemaDefinition.make({
      id: urn,
      name: urn.split(":").at(-2) ?? "Custom",
      description: `Custom attributes of connection ${connection.name}`,
      attributes: [...attrs].map((a) => Attribute.make(a, "string", { description: `Custom attribute ${a}` }))
    })
  )
}

/** One `/Schemas` document. */
export const schemaDocument = (base: string, def: SchemaDefinition.SchemaDefinition) => ({
  schemas: [Schemas.SchemaUrn],
  id: def.id,
  name: def.name,
  description: def.description,
  attributes: def.attributes,
  meta: meta(base, "Schema", `/Schemas/${def.id}`)
})

/** Every schema of a connection: core User, enterprise User, Group and custom extensions. */
export const allSchemas = (connection: Connections.EnterpriseConnection) => [
  Schemas.User,
  Schemas.EnterpriseUser,
  Schemas.Group,
  ...customSchemas(connection)
]

/** The `/ResourceTypes` documents (RFC 7643 §6). */
export const resourceTypes = (base: string, connection: Connections.EnterpriseConnection) => {
  const custom = customSchemas(connection)
  return [
    {
      schemas: [Schemas.ResourceTypeUrn],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: Schemas.UserUrn,
      schemaExtensions: [
        { schema: Schemas.EnterpriseUserUrn, required: false },
        ...custom.map((s) => ({ schema: s.id, required: false }))
      ],
      meta: meta(base, "ResourceType", "/ResourceTypes/User")
    },
    {
      schemas: [Schemas.ResourceTypeUrn],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "Group",
      schema: Schemas.GroupUrn,
      schemaExtensions: [],
      meta: meta(base, "ResourceType", "/ResourceTypes/Group")
    }
  ]
}

/** A discovery list response (RFC 7644 §4: `ListResponse` of all documents). */
export const listResponse = (resources: ReadonlyArray<unknown>) => ({
  schemas: [Schemas.ListResponseUrn],
  totalResults: resources.length,
  itemsPerPage: resources.length,
  startIndex: 1,
  Resources: resources
})
