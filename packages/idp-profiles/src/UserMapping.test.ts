import { Attribute, ResourceSchema, Schemas } from "@dirsync/scim-schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Normalize from "./Normalize.js"
import * as UserMapping from "./UserMapping.js"

const E = Schemas.EnterpriseUserUrn
const ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User"

describe("UserMapping.toApplicationUser", () => {
  it("maps the core attributes", () => {
    expect(UserMapping.toApplicationUser({
      userName: "bjensen",
      externalId: "00u1",
      name: { givenName: "Barbara", familyName: "Jensen" },
      emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
      active: true
    })).toEqual({
      username: "bjensen",
      firstName: "Barbara",
      lastName: "Jensen",
      emailAddresses: [{ email: "bjensen@example.com", primary: true }],
      primaryEmail: "bjensen@example.com",
      externalId: "00u1",
      active: true,
      publicMetadata: {}
    })
  })

  it("reads attribute names in any case", () => {
    const user = UserMapping.toApplicationUser({
      UserName: "ada",
      NAME: { GivenName: "Ada" },
      Emails: [{ Value: "ada@x.io", Primary: "True" }],
      Active: "False",
      ExternalID: "e1"
    })
    expect(user).toMatchObject({ username: "ada", firstName: "Ada", primaryEmail: "ada@x.io", active: false, externalId: "e1" })
  })

  it.each<[string, ReadonlyArray<unknown>, string | null]>([
    ["the primary one (Okta)", [{ value: "h@x.io", type: "home" }, { value: "p@x.io", primary: true }, { value: "w@x.io", type: "work" }], "p@x.io"],
    ["the work one when none is primary (Entra)", [{ value: "h@x.io", type: "home" }, { value: "w@x.io", type: "Work" }], "w@x.io"],
    ["the first otherwise", [{ value: "a@x.io" }, { value: "b@x.io", type: "other" }], "a@x.io"],
    ["none without addresses", [], null],
    ["none when the values are not strings", [{ value: 1 }, { type: "work" }], null]
  ])("chooses as primary e-mail %s", (_, emails, primary) => {
    const user = UserMapping.toApplicationUser({ userName: "u", emails })
    expect(user.primaryEmail).toBe(primary)
    expect(user.emailAddresses.filter((e) => e.primary).length).toBe(primary === null ? 0 : 1)
  })

  it("keeps each address once, ignoring case, and keeps a primary flag found on a duplicate", () => {
    const user = UserMapping.toApplicationUser({
      userName: "u",
      emails: [{ value: "A@x.io", type: "work" }, { value: "b@x.io" }, { value: "a@X.io", primary: true }]
    })
    expect(user.emailAddresses).toEqual([{ email: "A@x.io", primary: true }, { email: "b@x.io", primary: false }])
  })

  it.each([
    [undefined, true],
    [true, true],
    [false, false],
    ["False", false],
    ["true", true]
  ])("reads active %j as %j", (active, expected) => {
    expect(UserMapping.toApplicationUser({ userName: "u", active }).active).toBe(expected)
  })

  it("copies mapped attributes to public metadata and skips missing ones", () => {
    const user = UserMapping.toApplicationUser(
      {
        userName: "u",
        title: "Engineer",
        phoneNumbers: [{ type: "work", value: "1" }, { type: "mobile", value: "2" }],
        [E]: { department: "R&D", manager: { value: "m1" } },
        [ACME]: { badge: 42 }
      },
      [
        { scimPath: "title", metadataKey: "title" },
        { scimPath: `${E}:department`, metadataKey: "department" },
        { scimPath: `${E}:manager.value`, metadataKey: "managerId" },
        { scimPath: "phoneNumbers[type eq \"mobile\"].value", metadataKey: "mobile" },
        { scimPath: `${ACME}:badge`, metadataKey: "badge" },
        { scimPath: `${E}:costCenter`, metadataKey: "costCenter" }
      ]
    )
    expect(user.publicMetadata).toEqual({ title: "Engineer", department: "R&D", managerId: "m1", mobile: "2", badge: 42 })
  })
})

describe("UserMapping.read", () => {
  const user = {
    userName: "u",
    name: { givenName: "Ada" },
    emails: [{ value: "w@x.io", type: "work" }, { value: "p@x.io", type: "home", primary: true }],
    [E]: { Department: "R&D" }
  }
  it.each<[string, unknown]>([
    ["userName", "u"],
    [`${Schemas.UserUrn}:userName`, "u"],
    ["name.givenName", "Ada"],
    ["NAME.GIVENNAME", "Ada"],
    ["emails.value", "p@x.io"],
    ["emails[type eq \"work\"].value", "w@x.io"],
    ["emails[type eq work].value", "w@x.io"],
    ["emails[type eq \"other\"].value", undefined],
    [`${E}:department`, "R&D"],
    [`${ACME}:badge`, undefined],
    ["name[type eq \"x\"].givenName", undefined],
    ["not a path!", undefined]
  ])("reads %s", (path, expected) => {
    expect(UserMapping.read(user, path)).toEqual(expected)
  })
})

describe("UserMapping.customSchemas", () => {
  it("builds one extension schema per custom URN, ignoring core and enterprise paths", () => {
    const schemas = UserMapping.customSchemas([
      { scimPath: "title", metadataKey: "title" },
      { scimPath: `${E}:department`, metadataKey: "department" },
      { scimPath: `${ACME}:badge`, metadataKey: "badge" },
      { scimPath: `${ACME}:isContractor`, metadataKey: "contractor", type: "boolean" },
      { scimPath: `${ACME}:site.code`, metadataKey: "siteCode" },
      { scimPath: `${ACME}:site.name`, metadataKey: "siteName" },
      { scimPath: "urn:example:other:1.0:User:tag", metadataKey: "tag" }
    ])
    expect(schemas.map((s) => [s.id, s.name])).toEqual([[ACME, "AcmeUser"], ["urn:example:other:1.0:User", "OtherUser"]])
    const acme = schemas[0]!
    expect(acme.attributes.map((a) => [a.name, a.type])).toEqual([
      ["badge", "string"],
      ["isContractor", "boolean"],
      ["site", "complex"]
    ])
    expect(Attribute.find(acme.attributes, "site")?.subAttributes?.map((s) => s.name)).toEqual(["code", "name"])
  })

  it("customSchema() is undefined without custom URNs", () => {
    expect(UserMapping.customSchema([{ scimPath: `${E}:department`, metadataKey: "d" }])).toBeUndefined()
    expect(UserMapping.customSchema([{ scimPath: `${ACME}:badge`, metadataKey: "b" }])?.id).toBe(ACME)
  })

  it("teaches normalisation the custom attributes' types", () => {
    const custom = UserMapping.customSchemas([{ scimPath: `${ACME}:isContractor`, metadataKey: "c", type: "boolean" }])
    const schema = custom.reduce(ResourceSchema.withExtension, Schemas.UserResource)
    const { body } = Normalize.resource({ userName: "u", [ACME]: { isContractor: "True" } }, { profile: "entra", schema })
    expect((body as any)[ACME]).toEqual({ isContractor: true })
  })
})

describe("UserMapping round trip", () => {
  const scimUser = fc.record({
    schemas: fc.constant([Schemas.UserUrn, E]),
    userName: fc.string({ minLength: 1 }),
    externalId: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
    name: fc.record({ givenName: fc.string({ minLength: 1 }), familyName: fc.string({ minLength: 1 }) }, { requiredKeys: [] }),
    emails: fc.array(
      fc.record({
        value: fc.emailAddress(),
        type: fc.constantFrom("work", "home", "other"),
        primary: fc.boolean()
      }, { requiredKeys: ["value"] }),
      { maxLength: 4 }
    ),
    active: fc.boolean(),
    [E]: fc.record({ department: fc.string(), manager: fc.record({ value: fc.string({ minLength: 1 }) }) })
  }, { requiredKeys: ["schemas", "userName"] })

  it("a user sent back unchanged (GET then PUT) maps to the same application user", () => {
    const mappings = [{ scimPath: `${E}:department`, metadataKey: "department" }, {
      scimPath: `${E}:manager.value`,
      metadataKey: "manager"
    }]
    fc.assert(
      fc.property(scimUser, (user) => {
        const stored = Normalize.resource(user, { profile: "okta", schema: Schemas.UserResource }).body
        const putBack = Normalize.resource(JSON.parse(JSON.stringify(stored)), { profile: "okta", schema: Schemas.UserResource })
        expect(putBack.fixups).toEqual([])
        expect(UserMapping.toApplicationUser(putBack.body, mappings)).toEqual(UserMapping.toApplicationUser(user, mappings))
      })
    )
  })
})
