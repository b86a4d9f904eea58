import { describe, expect, it } from "@effect/vitest"
import rfcSchemas from "../testdata/schemas-8.7.1.json" with { type: "json" }
import { Attribute, Discovery, ResourceSchema, Schemas } from "./index.js"

const user = (name: string) => Attribute.find(Schemas.User.attributes, name)
const sub = (definition: Attribute.Definition | undefined, name: string) => Attribute.find(definition?.subAttributes, name)

describe("Schemas", () => {
  it.each([
    ["userName", { type: "string", required: true, caseExact: false, uniqueness: "server", mutability: "readWrite" }],
    ["password", { mutability: "writeOnly", returned: "never" }],
    ["groups", { mutability: "readOnly", multiValued: true, type: "complex" }],
    ["emails", { multiValued: true, type: "complex" }],
    ["profileUrl", { type: "reference", referenceTypes: ["external"] }],
    ["active", { type: "boolean" }]
  ] as const)("User.%s has the RFC 7643 §8.7.1 characteristics", (name, expected) => {
    expect(user(name)).toMatchObject(expected)
  })

  it("multi-valued attributes carry value, display, type with canonical values, and primary", () => {
    for (const [name, canonical] of [
      ["emails", ["work", "home", "other"]],
      ["phoneNumbers", ["work", "home", "mobile", "fax", "pager", "other"]],
      ["ims", ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]],
      ["photos", ["photo", "thumbnail"]]
    ] as const) {
      const attribute = user(name)
      expect(attribute?.subAttributes?.map((s) => s.name)).toEqual(["value", "display", "type", "primary"])
      expect(sub(attribute, "type")?.canonicalValues).toEqual(canonical)
      expect(sub(attribute, "primary")?.type).toBe("boolean")
    }
  })

  it("manager is complex with value, $ref and a read-only displayName", () => {
    const manager = Attribute.find(Schemas.EnterpriseUser.attributes, "manager")
    expect(manager?.subAttributes?.map((s) => s.name)).toEqual(["value", "$ref", "displayName"])
    expect(sub(manager, "displayName")?.mutability).toBe("readOnly")
    expect(sub(manager, "$ref")?.referenceTypes).toEqual(["User"])
  })

  it("Group members are immutable references to Users or Groups", () => {
    const members = Attribute.find(Schemas.Group.attributes, "members")
    expect(members?.subAttributes?.every((s) => s.mutability === "immutable")).toBe(true)
    expect(sub(members, "type")?.canonicalValues).toEqual(["User", "Group"])
  })

  it.each([
    [{ attribute: "id" }, { name: "id", caseExact: true, mutability: "readOnly", returned: "always" }],
    [{ attribute: "EXTERNALID" }, { name: "externalId", caseExact: true }],
    [{ attribute: "meta", subAttribute: "LastModified" }, { name: "lastModified", type: "dateTime" }],
    [{ urn: Schemas.UserUrn, attribute: "id" }, { name: "id" }],
    [{ attribute: "schemas" }, { returned: "always", multiValued: true }]
  ] as const)("ResourceSchema.resolve finds the common attribute %j", (reference, expected) => {
    const resolved = ResourceSchema.resolve(Schemas.UserResource, reference)
    expect(resolved?.common).toBe(true)
    expect(resolved?.subAttribute ?? resolved?.attribute).toMatchObject(expected)
  })

  it("common attributes are not found under an extension URN", () => {
    expect(ResourceSchema.resolve(Schemas.UserResource, { urn: Schemas.EnterpriseUserUrn, attribute: "id" })).toBeUndefined()
  })

  it("schema attributes win over common ones and extensions resolve by URN", () => {
    expect(ResourceSchema.resolve(Schemas.UserResource, { attribute: "userName" })?.common).toBeUndefined()
    const path = ResourceSchema.parsePath(Schemas.UserResource, `${Schemas.EnterpriseUserUrn}:manager.value`)
    expect(ResourceSchema.resolve(Schemas.UserResource, path)?.schema.id).toBe(Schemas.EnterpriseUserUrn)
  })

  describe("generated /Schemas documents agree with RFC 7643 §8.7.1", () => {
    const generated = Discovery.schemaDocuments([Schemas.UserResource, Schemas.GroupResource], { baseUrl: "/v2" })
    type Doc = { readonly name: string; readonly subAttributes?: ReadonlyArray<Doc> } & Record<string, unknown>
    const compare = (ours: ReadonlyArray<Doc>, rfc: ReadonlyArray<Doc>, where: string) => {
      expect(ours.map((a) => a.name), where).toEqual(rfc.map((a) => a.name))
      rfc.forEach((expected, index) => {
        const actual = ours[index]!
        for (const [key, value] of Object.entries(expected)) {
          if (key === "subAttributes" || key === "description") continue
          expect(actual[key], `${where}.${expected.name}.${key}`).toEqual(value)
        }
        if (expected.subAttributes !== undefined) {
          compare(actual.subAttributes ?? [], expected.subAttributes, `${where}.${expected.name}`)
        }
      })
    }
    it.each(rfcSchemas.map((s) => [s.id, s] as const))("%s", (id, rfc) => {
      const ours = generated.find((d) => d.id === id)
      expect(ours).toBeDefined()
      expect(ours?.name).toBe(rfc.name)
      expect(ours?.description).toBe(rfc.description)
      expect(ours?.meta.location).toBe(rfc.meta.location)
      compare(ours!.attributes as unknown as ReadonlyArray<Doc>, rfc.attributes as unknown as ReadonlyArray<Doc>, id)
    })
  })
})
