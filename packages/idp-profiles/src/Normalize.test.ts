import { Attribute, ResourceSchema, SchemaDefinition, Schemas } from "@dirsync/scim-schema"
import { Filter } from "@dirsync/scim-filter"
import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Fixup from "./Fixup.js"
import * as Normalize from "./Normalize.js"

const E = Schemas.EnterpriseUserUrn
const ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User"
const acme = SchemaDefinition.make({
  id: ACME,
  name: "AcmeUser",
  attributes: [Attribute.make("isContractor", "boolean"), Attribute.make("badge", "string")]
})
const users: Normalize.Options = { profile: "entra", schema: ResourceSchema.withExtension(Schemas.UserResource, acme) }
const groups: Normalize.Options = { profile: "entra", schema: Schemas.GroupResource }

const patch = (operations: ReadonlyArray<unknown>, options = users) =>
  Normalize.patchRequest({ schemas: [Normalize.PatchOpUrn], Operations: operations }, options)
const ops = (operations: ReadonlyArray<unknown>, options = users) =>
  (patch(operations, options).body as { Operations: ReadonlyArray<unknown> }).Operations
const messages = (operations: ReadonlyArray<unknown>, options = users) =>
  Fixup.format(patch(operations, options).fixups)

describe("Normalize.patchRequest", () => {
  it.each([
    ["Add", "add"],
    ["Replace", "replace"],
    ["Remove", "remove"],
    ["REPLACE", "replace"],
    ["rEmOvE", "remove"]
  ])("reads op %s as %s and records it", (raw, op) => {
    const result = patch([{ op: raw, path: "nickName", ...(op === "remove" ? {} : { value: "Babs" }) }])
    expect((result.body as any).Operations[0].op).toBe(op)
    expect(Fixup.format(result.fixups)).toEqual([`op "${raw}" -> "${op}"`])
  })

  it("leaves an unknown op alone for the strict layer to reject", () => {
    expect(ops([{ op: "Move", path: "nickName" }])).toEqual([{ op: "Move", path: "nickName" }])
  })

  it("re-keys structural members given in another case", () => {
    const result = Normalize.patchRequest(
      { Schemas: [Normalize.PatchOpUrn], operations: [{ Op: "add", PATH: "nickName", Value: "Babs" }] },
      users
    )
    expect(result.body).toEqual({
      schemas: [Normalize.PatchOpUrn],
      Operations: [{ op: "add", path: "nickName", value: "Babs" }]
    })
    expect(result.fixups.map((f) => f.code)).toEqual(["key-case", "key-case", "key-case", "key-case", "key-case"])
  })

  it("adds a missing schemas member", () => {
    const result = Normalize.patchRequest({ Operations: [] }, users)
    expect(result.body).toEqual({ schemas: [Normalize.PatchOpUrn], Operations: [] })
    expect(result.fixups.map((f) => f.code)).toEqual(["schemas-added"])
  })

  it.each([
    ["active", "False", false],
    ["active", "true", true],
    ["active", " TRUE ", true],
    [`${ACME}:isContractor`, "True", true],
    ["emails[type eq \"work\"].primary", "false", false]
  ])("turns %s %j into a boolean because the schema says boolean", (path, value, expected) => {
    expect(ops([{ op: "replace", path, value }])).toEqual([{ op: "replace", path, value: expected }])
    expect(messages([{ op: "replace", path, value }])).toEqual([`${path} ${JSON.stringify(value)} -> ${expected}`])
  })

  it("leaves \"True\" alone where the schema says string", () => {
    expect(ops([{ op: "replace", path: "title", value: "True" }])).toEqual([
      { op: "replace", path: "title", value: "True" }
    ])
    expect(ops([{ op: "replace", path: `${ACME}:badge`, value: "False" }])).toEqual([
      { op: "replace", path: `${ACME}:badge`, value: "False" }
    ])
  })

  it("repairs booleans inside complex and multi-valued values", () => {
    expect(ops([{ op: "add", path: "emails", value: [{ value: "a@example.com", primary: "True" }] }])).toEqual([
      { op: "add", path: "emails", value: [{ value: "a@example.com", primary: true }] }
    ])
    expect(ops([{ op: "replace", value: { active: "False", [E]: { manager: "42" } } }])).toEqual([
      { op: "replace", value: { active: false, [E]: { manager: { value: "42" } } } }
    ])
  })

  it("expands dotted and URN-qualified keys of a pathless value into paths", () => {
    expect(ops([{ op: "replace", value: { "name.givenName": "Kkom", [`${E}:department`]: "Sales", title: "Boss" } }]))
      .toEqual([
        { op: "replace", value: { title: "Boss" } },
        { op: "replace", path: "name.givenName", value: "Kkom" },
        { op: "replace", path: `${E}:department`, value: "Sales" }
      ])
  })

  it("moves an enterprise attribute given at the top of a pathless value under its URN", () => {
    expect(ops([{ op: "replace", value: { department: "Sales" } }])).toEqual([
      { op: "replace", path: `${E}:department`, value: "Sales" }
    ])
  })

  it.each([
    ["manager", [{ value: "42", $ref: "../Users/42" }], { value: "42", $ref: "../Users/42" }],
    ["manager", "42", { value: "42" }],
    [`${E}:manager`, "42", { value: "42" }],
    [`${E}:manager`, { value: "42" }, { value: "42" }]
  ])("reads manager at %s given as %j", (path, value, expected) => {
    expect(ops([{ op: "Replace", path, value }])).toEqual([{ op: "replace", path, value: expected }])
  })

  it.each([
    ["replace", `${E}:manager`, "", [{ op: "remove", path: `${E}:manager` }]],
    ["replace", `${E}:manager`, null, [{ op: "remove", path: `${E}:manager` }]],
    ["replace", "title", null, [{ op: "remove", path: "title" }]],
    ["add", "members", null, []]
  ])("turns %s of %s with %j into %j", (op, path, value, expected) => {
    const options = path === "members" ? groups : users
    expect(ops([{ op, path, value }], options)).toEqual(expected)
    expect(patch([{ op, path, value }], options).fixups.map((f) => f.code)).toEqual(["null-value"])
  })

  it("keeps an empty string for a string attribute", () => {
    expect(ops([{ op: "replace", path: "title", value: "" }])).toEqual([{ op: "replace", path: "title", value: "" }])
  })

  it.each<[string, unknown, ReadonlyArray<string>]>([
    ["objects", [{ value: "u1" }, { value: "u2", $ref: null }], ["members[value eq \"u1\"]", "members[value eq \"u2\"]"]],
    ["bare ids", ["u1", "u2"], ["members[value eq \"u1\"]", "members[value eq \"u2\"]"]],
    ["one object", { value: "u1" }, ["members[value eq \"u1\"]"]],
    ["a quote in an id", [{ value: "a\"b" }], ["members[value eq \"a\\\"b\"]"]],
    ["no value but a display", [{ display: "Ada" }], ["members[display eq \"Ada\"]"]]
  ])("turns remove of members with a value list (%s) into filtered removals", (_, value, paths) => {
    expect(ops([{ op: "Remove", path: "members", value }], groups)).toEqual(
      paths.map((path) => ({ op: "remove", path }))
    )
  })

  it("drops a remove with an empty value list instead of removing every member", () => {
    expect(ops([{ op: "remove", path: "members", value: [] }], groups)).toEqual([])
    expect(messages([{ op: "remove", path: "members", value: [] }], groups)).toEqual([
      "remove \"members\" with an empty value list -> dropped"
    ])
  })

  it("keeps remove without a value, and remove on a value path, as they are", () => {
    const removals = [{ op: "remove", path: "members" }, { op: "remove", path: "members[value eq \"x\"]" }]
    expect(ops(removals, groups)).toEqual(removals)
  })

  it("wraps single values for multi-valued attributes and bare member ids", () => {
    expect(ops([{ op: "add", path: "members", value: "u1" }], groups)).toEqual([
      { op: "add", path: "members", value: [{ value: "u1" }] }
    ])
    expect(ops([{ op: "add", path: "emails", value: { value: "a@example.com" } }])).toEqual([
      { op: "add", path: "emails", value: [{ value: "a@example.com" }] }
    ])
  })

  it("drops null sub-attributes such as Entra's \"$ref\": null", () => {
    expect(ops([{ op: "Add", path: "members", value: [{ $ref: null, value: "u1" }] }], groups)).toEqual([
      { op: "add", path: "members", value: [{ value: "u1" }] }
    ])
  })

  it("reads an empty path as no path", () => {
    expect(ops([{ op: "replace", path: "", value: { active: false } }])).toEqual([
      { op: "replace", value: { active: false } }
    ])
  })

  it("reads the pre-2018 dot before an extension attribute as a colon", () => {
    expect(ops([{ op: "replace", path: `${E}.department`, value: "Sales" }])).toEqual([
      { op: "replace", path: `${E}:department`, value: "Sales" }
    ])
  })

  it("drops the resource's own id from a pathless value, but not another id", () => {
    const rename = [{ op: "replace", value: { id: "g1", displayName: "Admins" } }]
    expect(ops(rename, { ...groups, resourceId: "g1" })).toEqual([{ op: "replace", value: { displayName: "Admins" } }])
    expect(ops(rename, { ...groups, resourceId: "g2" })).toEqual(rename)
  })

  it("leaves paths it cannot resolve and non-object bodies untouched", () => {
    expect(ops([{ op: "replace", path: "nope[", value: "x" }])).toEqual([{ op: "replace", path: "nope[", value: "x" }])
    expect(Normalize.patchRequest("text", users)).toEqual({ body: "text", fixups: [] })
  })

  it("never throws, on any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        Normalize.patchRequest(body, users)
        Normalize.patchRequest({ Operations: [body] }, groups)
        Normalize.resource(body, users)
      })
    )
  })

  const entraOperation = fc.oneof(
    fc.record({
      op: fc.constantFrom("Replace", "replace", "REPLACE", "Add"),
      path: fc.constantFrom("active", "title", "name.givenName", "emails[type eq \"work\"].value", `${E}:manager`),
      value: fc.oneof(fc.constantFrom("True", "False", "x", ""), fc.boolean(), fc.constant(null))
    }),
    fc.record({
      op: fc.constantFrom("Replace", "replace"),
      value: fc.dictionary(
        fc.constantFrom("active", "title", "name.familyName", `${E}:employeeNumber`, "department", "nickName"),
        fc.oneof(fc.constantFrom("True", "False", "y"), fc.constant(null))
      )
    })
  )

  it("is idempotent: a normalised body normalises to itself with no fix-ups", () => {
    fc.assert(
      fc.property(fc.array(entraOperation, { maxLength: 5 }), (operations) => {
        const once = patch(operations)
        const twice = Normalize.patchRequest(once.body, users)
        expect(twice.body).toEqual(once.body)
        expect(twice.fixups).toEqual([])
      })
    )
  })
})

describe("Normalize.resource", () => {
  it("re-keys attribute names to their canonical case, recursively", () => {
    const result = Normalize.resource(
      { Schemas: [Schemas.UserUrn], UserName: "ada", NAME: { GivenName: "Ada" }, Emails: [{ VALUE: "a@x.io" }] },
      users
    )
    expect(result.body).toEqual({
      schemas: [Schemas.UserUrn],
      userName: "ada",
      name: { givenName: "Ada" },
      emails: [{ value: "a@x.io" }]
    })
    expect(Fixup.format(result.fixups)).toEqual([
      "key \"Schemas\" -> \"schemas\"",
      "attribute \"UserName\" -> \"userName\"",
      "attribute \"NAME\" -> \"name\"",
      "attribute \"name.GivenName\" -> \"name.givenName\"",
      "attribute \"Emails\" -> \"emails\"",
      "attribute \"emails.VALUE\" -> \"emails.value\""
    ])
  })

  it("repairs booleans by type, in the core, in complex values and in extensions", () => {
    const { body } = Normalize.resource(
      {
        schemas: [Schemas.UserUrn, ACME],
        userName: "ada",
        active: "False",
        title: "True",
        emails: [{ value: "a@x.io", primary: "True" }],
        [ACME]: { isContractor: "true", badge: "false" }
      },
      users
    )
    expect(body).toEqual({
      schemas: [Schemas.UserUrn, ACME],
      userName: "ada",
      active: false,
      title: "True",
      emails: [{ value: "a@x.io", primary: true }],
      [ACME]: { isContractor: true, badge: "false" }
    })
  })

  it("moves extension attributes sent at the top level under their URN and lists the URN", () => {
    const { body, fixups } = Normalize.resource(
      { schemas: [Schemas.UserUrn], userName: "ada", department: "Sales", manager: ["42"], employeeNumber: null },
      users
    )
    expect(body).toEqual({
      schemas: [Schemas.UserUrn, E],
      userName: "ada",
      [E]: { department: "Sales", manager: { value: "42" } }
    })
    expect(fixups.map((f) => f.code)).toEqual([
      "extension-attribute",
      "extension-attribute",
      "complex-shape",
      "complex-shape",
      "null-value",
      "schemas-added"
    ])
  })

  it("keeps what the request says explicitly under the URN over a top-level duplicate", () => {
    const { body } = Normalize.resource(
      { schemas: [Schemas.UserUrn, E], userName: "ada", department: "Top", [E]: { department: "Nested" } },
      users
    )
    expect((body as any)[E]).toEqual({ department: "Nested" })
  })

  it("nests dotted and URN-qualified keys", () => {
    const { body } = Normalize.resource(
      { schemas: [Schemas.UserUrn], userName: "ada", "name.givenName": "Ada", [`${E}:department`]: "Sales" },
      users
    )
    expect(body).toEqual({
      schemas: [Schemas.UserUrn, E],
      userName: "ada",
      name: { givenName: "Ada" },
      [E]: { department: "Sales" }
    })
  })

  it("keeps unknown attributes and unknown extension URNs as sent", () => {
    const input = { schemas: [Schemas.UserUrn], userName: "ada", favouriteColour: "teal", "urn:x:y:User": { a: 1 } }
    expect(Normalize.resource(input, users)).toEqual({ body: input, fixups: [] })
  })

  it("adds schemas when missing", () => {
    expect(Normalize.resource({ userName: "ada" }, users).body).toEqual({ schemas: [Schemas.UserUrn], userName: "ada" })
  })

  it("is idempotent on its own output", () => {
    fc.assert(
      fc.property(
        fc.record({
          UserName: fc.string(),
          active: fc.constantFrom("True", "False", true, null),
          department: fc.option(fc.string(), { nil: null }),
          manager: fc.oneof(fc.string(), fc.constant(null), fc.array(fc.record({ value: fc.string() }), { maxLength: 1 })),
          emails: fc.array(fc.record({ value: fc.string(), primary: fc.constantFrom("true", false) }), { maxLength: 3 })
        }),
        (input) => {
          const once = Normalize.resource(input, users)
          const twice = Normalize.resource(once.body, users)
          expect(twice.body).toEqual(once.body)
          expect(twice.fixups).toEqual([])
        }
      )
    )
  })
})

describe("Normalize.filter", () => {
  it.each([
    ["externalId eq jyoung", "externalId eq \"jyoung\""],
    ["externalId eq 0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", "externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\""],
    ["userName EQ ada@example.com and active eq true", "userName EQ \"ada@example.com\" and active eq true"],
    ["emails[type eq work].value eq a@b.io", "emails[type eq \"work\"].value eq \"a@b.io\""],
    ["(userName eq a) or (userName eq b)", "(userName eq \"a\") or (userName eq \"b\")"],
    ["meta.lastModified gt 2011-05-13T04:42:34Z", "meta.lastModified gt \"2011-05-13T04:42:34Z\""]
  ])("quotes the unquoted values of %s", (input, output) => {
    const { text, fixups } = Normalize.filter(input, "entra")
    expect(text).toBe(output)
    expect(fixups.length).toBeGreaterThan(0)
    expect(Either.isRight(Filter.parse(text, { unquotedValues: false }))).toBe(true)
  })

  it("leaves literals as literals, unless the schema says the attribute is a string", () => {
    expect(Normalize.filter("externalId eq 12345", "entra").text).toBe("externalId eq 12345")
    expect(Normalize.filter("externalId eq 12345", "entra", users.schema).text).toBe("externalId eq \"12345\"")
    expect(Normalize.filter("active eq true", "entra", users.schema).text).toBe("active eq true")
    expect(Normalize.filter("title pr and x eq null", "okta").text).toBe("title pr and x eq null")
  })

  it("never touches quoted strings, whatever they contain", () => {
    const text = "userName eq \"a eq b\" and displayName eq \"x\\\" eq y\""
    expect(Normalize.filter(text, "okta")).toEqual({ text, fixups: [] })
  })

  const value = fc.oneof(
    fc.string().map((s) => JSON.stringify(s)),
    fc.integer().map(String),
    fc.constantFrom("true", "false", "null")
  )
  const compare = fc.tuple(
    fc.constantFrom("userName", "externalId", "emails.value", "name.givenName", `${E}:department`),
    fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"),
    value
  ).map(([a, op, v]) => `${a} ${op} ${v}`)
  const filterText: fc.Arbitrary<string> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      compare,
      fc.tuple(tie("node"), fc.constantFrom("and", "or"), tie("node")).map(([l, o, r]) => `(${l as string}) ${o} (${r as string})`),
      tie("node").map((f) => `not (${f as string})`)
    )
  })).node as fc.Arbitrary<string>

  it("changes nothing in a filter whose values are all quoted or literal", () => {
    fc.assert(
      fc.property(filterText, (text) => {
        expect(Normalize.filter(text, "generic")).toEqual({ text, fixups: [] })
      })
    )
  })

  it("quotes any unquoted token so that it parses as that string", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][\w.@+-]{0,30}$/), (token) => {
        fc.pre(!/^(true|false|null)$/i.test(token))
        const { text } = Normalize.filter(`externalId eq ${token}`, "entra")
        const parsed = Filter.parse(text, { unquotedValues: false })
        expect(Either.isRight(parsed) && parsed.right._tag === "Compare" && parsed.right.value).toBe(token)
      })
    )
  })
})
