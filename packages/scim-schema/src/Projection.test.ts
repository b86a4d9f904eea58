import { describe, expect, it } from "@effect/vitest"
import enterprise from "../testdata/user-enterprise.json" with { type: "json" }
import { Attribute, Projection, ResourceSchema, SchemaDefinition, Schemas } from "./index.js"

const E = Schemas.EnterpriseUserUrn
const user = {
  schemas: [Schemas.UserUrn, E],
  id: "1",
  externalId: "x1",
  userName: "bjensen",
  password: "secret",
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [
    { value: "b@example.com", type: "work", primary: true },
    { value: "babs@example.org", type: "home" }
  ],
  meta: { resourceType: "User", lastModified: "2011-05-13T04:42:34Z" },
  [E]: { department: "Tours", manager: { value: "2", displayName: "John" } },
  custom: 7
}

describe("Projection.apply", () => {
  it.each([
    ["no options: everything but password", {}, (({ password: _, ...rest }) => rest)(user)],
    ["attributes=userName keeps id and schemas", { attributes: ["userName"] }, { schemas: user.schemas, id: "1", userName: "bjensen" }],
    [
      "attributes=name.givenName keeps only that sub-attribute",
      { attributes: ["name.givenName"] },
      { schemas: user.schemas, id: "1", name: { givenName: "Barbara" } }
    ],
    [
      "attributes=emails.value projects every value",
      { attributes: ["EMAILS.VALUE"] },
      { schemas: user.schemas, id: "1", emails: [{ value: "b@example.com" }, { value: "babs@example.org" }] }
    ],
    [
      "attributes=password never returns it",
      { attributes: ["password", "userName"] },
      { schemas: user.schemas, id: "1", userName: "bjensen" }
    ],
    [
      "URN-qualified core attribute",
      { attributes: [`${Schemas.UserUrn}:userName`] },
      { schemas: user.schemas, id: "1", userName: "bjensen" }
    ],
    [
      "URN-qualified extension sub-attribute",
      { attributes: [`${E}:manager.value`] },
      { schemas: user.schemas, id: "1", [E]: { manager: { value: "2" } } }
    ],
    [
      "a whole extension by its URN",
      { attributes: [E.toLowerCase()] },
      { schemas: user.schemas, id: "1", [E]: user[E] }
    ],
    [
      "meta.lastModified",
      { attributes: ["meta.lastModified"] },
      { schemas: user.schemas, id: "1", meta: { lastModified: "2011-05-13T04:42:34Z" } }
    ],
    ["an unknown attribute by name", { attributes: ["Custom"] }, { schemas: user.schemas, id: "1", custom: 7 }],
    [
      "attributes as one comma-separated string",
      { attributes: ["userName,externalId"] },
      { schemas: user.schemas, id: "1", externalId: "x1", userName: "bjensen" }
    ]
  ] as const)("%s", (_, options, expected) => {
    expect(Projection.apply(user, Schemas.UserResource, options)).toStrictEqual(expected)
  })

  it.each([
    ["excludedAttributes=emails", ["emails"], ["emails", "password"]],
    ["excludedAttributes cannot remove id or schemas", ["id", "schemas"], ["password"]],
    ["excludedAttributes=name.familyName", ["name.familyName"], ["password"]],
    ["excluding a whole extension", [E], ["password", E]],
    ["excluding an extension attribute", [`${E}:department`], ["password"]]
  ] as const)("%s", (_, excludedAttributes, removed) => {
    const result = Projection.apply(user, Schemas.UserResource, { excludedAttributes })
    expect(Object.keys(result).sort()).toEqual(Object.keys(user).filter((k) => !(removed as ReadonlyArray<string>).includes(k)).sort())
    if (excludedAttributes[0] === "name.familyName") expect(result.name).toStrictEqual({ givenName: "Barbara" })
    if (excludedAttributes[0] === `${E}:department`) expect(result[E]).toStrictEqual({ manager: user[E].manager })
  })

  it("Entra's excludedAttributes=members drops a group's members", () => {
    const group = { schemas: [Schemas.GroupUrn], id: "g", displayName: "G", members: [{ value: "1" }] }
    expect(Projection.apply(group, Schemas.GroupResource, { excludedAttributes: ["members"] })).toStrictEqual({
      schemas: [Schemas.GroupUrn],
      id: "g",
      displayName: "G"
    })
  })

  it("request-only attributes appear only when asked for", () => {
    const acme = SchemaDefinition.make({
      id: "urn:example:acme:2.0:User",
      name: "Acme",
      attributes: [Attribute.make("secretLevel", "integer", { returned: "request" }), Attribute.make("badge", "string")]
    })
    const schema = ResourceSchema.withExtension(Schemas.UserResource, acme)
    const resource = { schemas: [Schemas.UserUrn], id: "1", userName: "b", [acme.id]: { secretLevel: 3, badge: "B" } }
    expect(Projection.apply(resource, schema)[acme.id]).toStrictEqual({ badge: "B" })
    expect(Projection.apply(resource, schema, { excludedAttributes: ["userName"] })[acme.id]).toStrictEqual({ badge: "B" })
    expect(Projection.apply(resource, schema, { attributes: [`${acme.id}:secretLevel`] })[acme.id]).toStrictEqual({
      secretLevel: 3
    })
  })

  it("keeps the stored case of keys and does not change its input", () => {
    const stored = { Schemas: [Schemas.UserUrn], ID: "1", UserName: "b", Password: "p" }
    const copy = structuredClone(stored)
    expect(Projection.apply(stored, Schemas.UserResource, { attributes: ["username"] })).toStrictEqual({
      Schemas: [Schemas.UserUrn],
      ID: "1",
      UserName: "b"
    })
    expect(stored).toStrictEqual(copy)
  })

  it("the RFC 7643 §8.3 user never shows its password", () => {
    expect(Projection.apply(enterprise, Schemas.UserResource)).not.toHaveProperty("password")
  })

  it("answers a default projection exactly as the full projection would, on every shape of stored resource", () => {
    // excluding an attribute no resource has runs the full projection with the default rules
    const full = (resource: Record<string, unknown>, schema: ResourceSchema.ResourceSchema) =>
      Projection.apply(resource, schema, { excludedAttributes: ["urn:example:nothing"] })
    const variants: Record<string, ReadonlyArray<unknown>> = {
      password: [undefined, "secret"],
      PassWord: [undefined, "secret"],
      emails: [undefined, [], [{ value: "a@example.com", primary: true }], [{}, { value: "b@example.com" }]],
      name: [undefined, {}, { givenName: "Barbara" }],
      [Schemas.EnterpriseUserUrn]: [undefined, {}, { department: "Sales" }, { manager: { value: "m" } }, "text"],
      custom: [undefined, [{}], { nested: [] }]
    }
    const shapes = Object.entries(variants).reduce<Array<Record<string, unknown>>>(
      (acc, [key, values]) => acc.flatMap((r) => values.map((v) => (v === undefined ? r : { ...r, [key]: v }))),
      [{ schemas: [Schemas.UserUrn], id: "1", userName: "bjensen" }]
    )
    expect(shapes.length).toBe(2 * 2 * 4 * 3 * 5 * 3)
    for (const shape of shapes) expect(Projection.apply(shape, Schemas.UserResource)).toEqual(full(shape, Schemas.UserResource))
    for (const members of [undefined, [], [{ value: "u1", display: "U" }], [{}]]) {
      const group = { schemas: [Schemas.GroupUrn], id: "g", displayName: "G", ...(members === undefined ? {} : { members }) }
      expect(Projection.apply(group, Schemas.GroupResource)).toEqual(full(group, Schemas.GroupResource))
    }
  })
})
