import { describe, expect, it } from "@effect/vitest"
import rfcResourceSchemas from "../testdata/schemas-8.7.1.json" with { type: "json" }
import rfcDiscoverySchemas from "../testdata/schemas-8.7.2.json" with { type: "json" }
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

  it("Group members are immutable references to Users or Groups, with a writable display name", () => {
    const members = Attribute.find(Schemas.Group.attributes, "members")
    expect(members?.subAttributes?.map((s) => s.name)).toEqual(["value", "$ref", "display", "type"])
    expect(members?.subAttributes?.filter((s) => s.name !== "display").every((s) => s.mutability === "immutable")).toBe(
      true
    )
    expect(sub(members, "display")).toMatchObject({ type: "string", mutability: "readWrite", returned: "default", required: false })
    expect(sub(members, "type")?.canonicalValues).toEqual(["User", "Group"])
  })

  it("the discovery schemas describe the documents Discovery builds", () => {
    const config = (name: string) => Attribute.find(Schemas.ServiceProviderConfig.attributes, name)
    const built = Discovery.serviceProviderConfig({}, { baseUrl: "/v2" })
    // every attribute of the built document (but schemas and meta) is defined, and every required one is there
    for (const key of Object.keys(built).filter((k) => k !== "schemas" && k !== "meta")) {
      expect(config(key), key).toBeDefined()
    }
    for (const d of Schemas.ServiceProviderConfig.attributes.filter((a) => a.required)) {
      expect(Object.keys(built), d.name).toContain(d.name)
    }
    expect(sub(config("authenticationSchemes"), "type")?.canonicalValues).toContain(built.authenticationSchemes[0]?.type)
    expect(Attribute.find(Schemas.ResourceType.attributes, "schemaExtensions")).toMatchObject({ multiValued: true, required: false })
    const types = sub(Attribute.find(Schemas.Schema.attributes, "attributes"), "type")?.canonicalValues
    expect(types).toEqual(expect.arrayContaining(["string", "boolean", "decimal", "integer", "dateTime", "binary", "reference", "complex"]))
    expect(Schemas.discovery.map((d) => d.id)).toEqual([Schemas.ServiceProviderConfigUrn, Schemas.ResourceTypeUrn, Schemas.SchemaUrn])
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

  describe("generated /Schemas documents agree with RFC 7643 §8.7.1 and §8.7.2", () => {
    const generated = Discovery.schemaDocuments([Schemas.UserResource, Schemas.GroupResource], { baseUrl: "/v2" })
    type Doc = { readonly name: string; readonly subAttributes?: ReadonlyArray<Doc> } & Record<string, unknown>

    /**
     * Where our documents deliberately differ from the RFC (each one explained on its definition in
     * Schemas.ts): attributes we add, and characteristics we set otherwise. Everything else must agree.
     */
    const added: Record<string, ReadonlyArray<string>> = {
      [Schemas.GroupUrn]: ["members.display"],
      [Schemas.ServiceProviderConfigUrn]: ["etag", "authenticationSchemes.type", "authenticationSchemes.primary"]
    }
    const TYPES = ["string", "complex", "boolean", "decimal", "integer", "dateTime", "reference", "binary"]
    const changed: Record<string, Record<string, unknown>> = {
      [Schemas.ResourceTypeUrn]: { "schemaExtensions.multiValued": true, "schemaExtensions.required": false },
      [Schemas.SchemaUrn]: {
        "attributes.type.canonicalValues": TYPES,
        "attributes.subAttributes.type.canonicalValues": TYPES,
        "attributes.subAttributes.referenceTypes.multiValued": true
      }
    }

    const compare = (id: string, ours: ReadonlyArray<Doc>, rfc: ReadonlyArray<Doc>, prefix: string) => {
      const extra = added[id] ?? []
      const kept = ours.filter((a) => !extra.includes(`${prefix}${a.name}`))
      expect(kept.map((a) => a.name), `${id} ${prefix}`).toEqual(rfc.map((a) => a.name))
      rfc.forEach((expected, index) => {
        const actual = kept[index]!
        const path = `${prefix}${expected.name}`
        for (const [key, value] of Object.entries(expected)) {
          if (key === "subAttributes" || key === "description") continue
          const deliberate = changed[id]?.[`${path}.${key}`]
          expect(actual[key], `${id} ${path}.${key}`).toEqual(deliberate ?? value)
        }
        if (expected.subAttributes !== undefined) {
          compare(id, actual.subAttributes ?? [], expected.subAttributes, `${path}.`)
        }
      })
    }

    const rfcSchemas = [...rfcResourceSchemas, ...rfcDiscoverySchemas] as unknown as ReadonlyArray<
      Doc & { id: string; description: string; meta: { location: string }; attributes: ReadonlyArray<Doc> }
    >
    it.each(rfcSchemas.map((s) => [s.id, s] as const))("%s", (id, rfc) => {
      const ours = generated.find((d) => d.id === id)
      expect(ours).toBeDefined()
      expect(ours?.name).toBe(rfc.name)
      expect(ours?.description).toBe(rfc.description)
      expect(ours?.meta.location).toBe(rfc.meta.location)
      compare(id, ours!.attributes as unknown as ReadonlyArray<Doc>, rfc.attributes, "")
    })

    it("serves exactly the RFC's schemas, and every deliberate difference exists", () => {
      expect(generated.map((d) => d.id).sort()).toEqual(rfcSchemas.map((s) => s.id).sort())
      const find = (id: string, path: string): Doc | undefined => {
        let list = generated.find((d) => d.id === id)?.attributes as unknown as ReadonlyArray<Doc> | undefined
        let found: Doc | undefined
        for (const name of path.split(".")) {
          found = list?.find((a) => a.name === name)
          list = found?.subAttributes
        }
        return found
      }
      for (const [id, paths] of Object.entries(added)) for (const path of paths) expect(find(id, path), `${id} ${path}`).toBeDefined()
      for (const [id, keys] of Object.entries(changed)) {
        for (const [key, value] of Object.entries(keys)) {
          const at = key.lastIndexOf(".")
          expect(find(id, key.slice(0, at))?.[key.slice(at + 1)], `${id} ${key}`).toEqual(value)
        }
      }
    })
  })
})
