import type { Connections } from "@dirsync/provisioning"
import { Schemas } from "@dirsync/scim-schema"
import { describe, expect, it } from "vitest"
import * as Capabilities from "./Capabilities.js"

const BASE = "https://dirsync.example.com/scim/v2/conn_1"
const ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User"

const connection = (attributeMappings: Connections.EnterpriseConnection["attributeMappings"]): Connections.EnterpriseConnection => ({
  id: "conn_1",
  name: "Acme",
  protocol: "saml",
  provider: "okta",
  domains: [],
  requireEmail: false,
  restrictEmailDomains: true,
  attributeMappings,
  directorySyncEnabled: true,
  createdAt: 0,
  updatedAt: 0
})

describe("Capabilities", () => {
  it("serviceProviderConfig() advertises what the server supports and its limits", () => {
    const spc = Capabilities.serviceProviderConfig(BASE, 4096)
    expect(spc).toMatchObject({
      patch: { supported: true },
      bulk: { supported: true, maxOperations: Capabilities.BULK_MAX_OPERATIONS, maxPayloadSize: 4096 },
      filter: { supported: true, maxResults: Capabilities.MAX_COUNT },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { location: `${BASE}/ServiceProviderConfig` }
    })
  })

  it.each([
    ["no mappings", [], [Schemas.EnterpriseUserUrn]],
    ["a core attribute mapping", [{ scimPath: "title", metadataKey: "title" }], [Schemas.EnterpriseUserUrn]],
    ["a custom URN", [{ scimPath: `${ACME}:costCenter`, metadataKey: "cc" }], [Schemas.EnterpriseUserUrn, ACME]]
  ] as const)("with %s the User resource type lists extensions %o", (_, mappings, extensions) => {
    const [user, group] = Capabilities.resourceTypes(BASE, connection(mappings))
    expect(user!.schemaExtensions?.map((e) => e.schema)).toEqual(extensions)
    expect(user!.meta).toMatchObject({ location: `${BASE}/ResourceTypes/User` })
    expect(group!.name).toBe("Group")
  })

  it("schemaDocuments() adds the custom extension schema with its attributes", () => {
    const docs = Capabilities.schemaDocuments(BASE, connection([
      { scimPath: `${ACME}:costCenter`, metadataKey: "cc" },
      { scimPath: `${ACME}:badge.number`, metadataKey: "badge" }
    ]))
    expect(docs.map((d) => d.id)).toEqual(expect.arrayContaining([Schemas.UserUrn, Schemas.EnterpriseUserUrn, Schemas.GroupUrn, ACME]))
    const acme = docs.find((d) => d.id === ACME)!
    expect(acme.attributes.map((a) => a.name)).toEqual(["costCenter", "badge"])
    expect(acme.meta.location).toBe(`${BASE}/Schemas/${ACME}`)
  })

  it("userSchema() is computed once per mapping list and projects custom extensions", () => {
    const c = connection([{ scimPath: `${ACME}:costCenter`, metadataKey: "cc" }])
    expect(Capabilities.userSchema(c)).toBe(Capabilities.userSchema(c))
    expect(Capabilities.schemaOf("Group", c)).toBe(Schemas.GroupResource)
  })
})
