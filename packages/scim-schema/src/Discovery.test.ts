import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import resourceTypes from "../testdata/resource-types.json" with { type: "json" }
import serviceProviderConfig from "../testdata/service-provider-config.json" with { type: "json" }
import { Attribute, Discovery, ResourceSchema, SchemaDefinition, Schemas } from "./index.js"

const location = { baseUrl: "https://example.com/v2" }

describe("Discovery", () => {
  it("RFC 7643 §8.5 service provider configuration decodes and encodes back unchanged", () => {
    const decoded = Schema.decodeUnknownSync(Discovery.ServiceProviderConfig)(serviceProviderConfig)
    expect(Schema.encodeSync(Discovery.ServiceProviderConfig)(decoded)).toStrictEqual(serviceProviderConfig)
  })

  it.each(resourceTypes.map((r) => [r.name, r] as const))(
    "RFC 7643 §8.6 resource type %s decodes and encodes back unchanged",
    (_, input) => {
      const decoded = Schema.decodeUnknownSync(Discovery.ResourceType)(input)
      expect(Schema.encodeSync(Discovery.ResourceType)(decoded)).toStrictEqual(input)
    }
  )

  it("generates the resource types of RFC 7643 §8.6 from the definitions", () => {
    const [users, groups] = Discovery.builtInResourceTypes
    expect(
      Discovery.resourceType({ ...users!, requiredExtensions: [Schemas.EnterpriseUserUrn] }, location)
    ).toStrictEqual(resourceTypes[0])
    expect(Discovery.resourceType(groups!, location)).toStrictEqual(resourceTypes[1])
  })

  it("serviceProviderConfig claims only what is configured", () => {
    const none = Discovery.serviceProviderConfig({}, location)
    expect([none.patch, none.bulk.supported, none.filter.supported, none.changePassword, none.sort, none.etag]).toEqual([
      { supported: false },
      false,
      false,
      { supported: false },
      { supported: false },
      { supported: false }
    ])
    expect(none.authenticationSchemes.map((s) => s.type)).toEqual(["oauthbearertoken"])
    const some = Discovery.serviceProviderConfig(
      { patch: true, filter: { maxResults: 100 }, bulk: { maxOperations: 10, maxPayloadSize: 1024 } },
      location
    )
    expect(some).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 100 },
      bulk: { supported: true, maxOperations: 10, maxPayloadSize: 1024 },
      meta: { location: "https://example.com/v2/ServiceProviderConfig", resourceType: "ServiceProviderConfig" }
    })
    expect(Schema.decodeUnknownSync(Discovery.ServiceProviderConfig)(some)).toStrictEqual(some)
  })

  it("a custom extension registered at run time appears in /Schemas and /ResourceTypes", () => {
    const acme = SchemaDefinition.make({
      id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
      name: "AcmeUser",
      attributes: [Attribute.make("badgeNumber", "string", { caseExact: true })]
    })
    const users = ResourceSchema.withExtension(Schemas.UserResource, acme)
    const docs = Discovery.schemaDocuments([users, Schemas.GroupResource], location)
    expect(docs.map((d) => d.id)).toEqual([
      Schemas.UserUrn,
      Schemas.EnterpriseUserUrn,
      acme.id,
      Schemas.GroupUrn,
      Schemas.ServiceProviderConfigUrn,
      Schemas.ResourceTypeUrn,
      Schemas.SchemaUrn
    ])
    expect(Discovery.schemaDocuments([users], location, { discoverySchemas: false }).map((d) => d.id)).toEqual([
      Schemas.UserUrn,
      Schemas.EnterpriseUserUrn,
      acme.id
    ])
    expect(docs[2]?.attributes[0]).toMatchObject({ name: "badgeNumber", caseExact: true, returned: "default" })
    const type = Discovery.resourceType({ name: "User", endpoint: "/Users", schema: users }, location)
    expect(type.schemaExtensions?.map((e) => e.schema)).toEqual([Schemas.EnterpriseUserUrn, acme.id])
  })

  it("/Schemas documents are served with the Schema URN and their location", () => {
    const doc = Discovery.schemaDocument(Schemas.Group, location)
    expect(doc.schemas).toEqual([Schemas.SchemaUrn])
    expect(doc.meta).toEqual({ resourceType: "Schema", location: `https://example.com/v2/Schemas/${Schemas.GroupUrn}` })
    expect(JSON.parse(JSON.stringify(doc)).attributes[1].subAttributes[1]).toEqual({
      name: "$ref",
      type: "reference",
      multiValued: false,
      description: "The URI corresponding to a SCIM resource that is a member of this Group.",
      required: false,
      caseExact: false,
      referenceTypes: ["User", "Group"],
      mutability: "immutable",
      returned: "default",
      uniqueness: "none"
    })
  })
})
