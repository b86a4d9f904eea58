import { Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { BABS, group, JOHN, KIM, MANDY, messages, user } from "../testdata/messages.js"
import { PatchOp } from "./index.js"

const ENTERPRISE = Schemas.EnterpriseUserUrn
const USERS: PatchOp.Options = { schema: Schemas.UserResource }
const GROUPS: PatchOp.Options = { schema: Schemas.GroupResource }
const STRICT_USERS: PatchOp.Options = { schema: Schemas.UserResource, strict: true }
const STRICT_GROUPS: PatchOp.Options = { schema: Schemas.GroupResource, strict: true }

const ok = (
  resource: Record<string, unknown>,
  operations: ReadonlyArray<PatchOp.Operation>,
  options: PatchOp.Options
): PatchOp.PatchResult => {
  const result = PatchOp.apply(resource, operations, options)
  if (Either.isLeft(result)) throw new Error(`expected success, got ${result.left.detail}`)
  return result.right
}

const err = (
  resource: Record<string, unknown>,
  operations: ReadonlyArray<PatchOp.Operation>,
  options: PatchOp.Options
): PatchOp.PatchError => {
  const result = PatchOp.apply(resource, operations, options)
  if (Either.isRight(result)) throw new Error(`expected failure, got ${JSON.stringify(result.right.resource)}`)
  return result.left
}

// --- RFC 7644 §3.5.2 ----------------------------------------------------------------------------------

const REF = (id: string) => `https://example.com/v2/Users/${id}`
const JAMES = "08e1d05d-121c-4561-8b96-473d93df9210"
const workAddress = (user.addresses as Array<Record<string, unknown>>)[0]!

describe("RFC 7644 §3.5.2 examples", () => {
  const cases: ReadonlyArray<{
    readonly section: string
    readonly resource: Record<string, unknown>
    readonly schema: PatchOp.Options["schema"]
    readonly operations: ReadonlyArray<PatchOp.Operation>
    readonly expected: Record<string, unknown>
  }> = [
    {
      section: "3.5.2.1 add a member to a group",
      resource: { ...group, members: [] },
      schema: Schemas.GroupResource,
      operations: [{
        op: "add",
        path: "members",
        value: [{ display: "Babs Jensen", $ref: REF(BABS), value: BABS }]
      }],
      expected: { ...group, members: [{ display: "Babs Jensen", $ref: REF(BABS), value: BABS }] }
    },
    {
      section: "3.5.2.1 add without path: emails value appended, nickname added",
      resource: user,
      schema: Schemas.UserResource,
      operations: [{
        op: "add",
        value: { emails: [{ value: "babs@jensen.org", type: "home" }], nickname: "Babs" }
      }],
      // the home email is already there: no duplicate (RFC 7644 §3.5.2.1, "no changes SHOULD be made")
      expected: { ...user, nickName: "Babs" }
    },
    {
      section: "3.5.2.1 add without path: a new email value",
      resource: user,
      schema: Schemas.UserResource,
      operations: [{ op: "add", value: { emails: [{ value: "babs@example.org", type: "other" }], nickName: "Babs" } }],
      expected: {
        ...user,
        nickName: "Babs",
        emails: [...(user.emails as Array<unknown>), { value: "babs@example.org", type: "other" }]
      }
    },
    {
      section: "3.5.2.2 remove a single member",
      resource: group,
      schema: Schemas.GroupResource,
      operations: [{ op: "remove", path: `members[value eq "${BABS}"]` }],
      expected: {
        ...group,
        members: [{ value: MANDY, display: "Mandy Pepperidge" }, { value: KIM, display: "Kim Kimura" }]
      }
    },
    {
      section: "3.5.2.2 remove all members",
      resource: group,
      schema: Schemas.GroupResource,
      operations: [{ op: "remove", path: "members" }],
      expected: { schemas: group.schemas, id: group.id, displayName: group.displayName, meta: group.meta }
    },
    {
      section: "3.5.2.2 remove with a complex filter",
      resource: user,
      schema: Schemas.UserResource,
      operations: [{ op: "remove", path: "emails[type eq \"work\" and value ew \"example.com\"]" }],
      expected: { ...user, emails: [{ value: "babs@jensen.org", type: "home" }] }
    },
    {
      section: "3.5.2.2 remove all members, then add members",
      resource: group,
      schema: Schemas.GroupResource,
      operations: [
        { op: "remove", path: "members" },
        {
          op: "add",
          path: "members",
          value: [
            { display: "Babs Jensen", $ref: REF(BABS), value: BABS },
            { display: "James Smith", $ref: REF(JAMES), value: JAMES }
          ]
        }
      ],
      expected: {
        ...group,
        members: [
          { display: "Babs Jensen", $ref: REF(BABS), value: BABS },
          { display: "James Smith", $ref: REF(JAMES), value: JAMES }
        ]
      }
    },
    {
      section: "3.5.2.3 replace all members",
      resource: group,
      schema: Schemas.GroupResource,
      operations: [{
        op: "replace",
        path: "members",
        value: [
          { display: "Babs Jensen", $ref: REF(BABS), value: BABS },
          { display: "James Smith", $ref: REF(JAMES), value: JAMES }
        ]
      }],
      expected: {
        ...group,
        members: [
          { display: "Babs Jensen", $ref: REF(BABS), value: BABS },
          { display: "James Smith", $ref: REF(JAMES), value: JAMES }
        ]
      }
    },
    {
      section: "3.5.2.3 replace the work address",
      resource: user,
      schema: Schemas.UserResource,
      operations: [{
        op: "replace",
        path: "addresses[type eq \"work\"]",
        value: {
          type: "work",
          streetAddress: "911 Universal City Plaza",
          locality: "Hollywood",
          region: "CA",
          postalCode: "91608",
          country: "US",
          formatted: "911 Universal City Plaza\nHollywood, CA 91608 US",
          primary: true
        }
      }],
      expected: {
        ...user,
        addresses: [{
          type: "work",
          streetAddress: "911 Universal City Plaza",
          locality: "Hollywood",
          region: "CA",
          postalCode: "91608",
          country: "US",
          formatted: "911 Universal City Plaza\nHollywood, CA 91608 US",
          primary: true
        }]
      }
    },
    {
      section: "3.5.2.3 replace the work address's streetAddress",
      resource: user,
      schema: Schemas.UserResource,
      operations: [{ op: "replace", path: "addresses[type eq \"work\"].streetAddress", value: "1010 Broadway Ave" }],
      expected: { ...user, addresses: [{ ...workAddress, streetAddress: "1010 Broadway Ave" }] }
    },
    {
      section: "3.5.2.3 replace without path",
      resource: { ...user, emails: [{ value: "old@example.com", type: "work" }] },
      schema: Schemas.UserResource,
      operations: [{
        op: "replace",
        value: {
          emails: [
            { value: "bjensen@example.com", type: "work", primary: true },
            { value: "babs@jensen.org", type: "home" }
          ],
          nickname: "Babs"
        }
      }],
      expected: { ...user, nickName: "Babs" }
    }
  ]

  for (const strict of [true, false]) {
    for (const c of cases) {
      it(`${c.section} (${strict ? "strict" : "lenient"})`, () => {
        const result = ok(c.resource, c.operations, { schema: c.schema, strict })
        expect(result.resource).toEqual(c.expected)
        expect(result.changed).toBe(true)
      })
    }
  }

  it("remove without a path fails with noTarget (§3.5.2.2)", () => {
    const error = err(user, [{ op: "remove" }], STRICT_USERS)
    expect(error.scimType).toBe("noTarget")
    expect(error.operationIndex).toBe(0)
  })

  it("replace on a value path that matches nothing fails with noTarget (§3.5.2.3)", () => {
    const error = err(user, [{ op: "replace", path: "emails[type eq \"other\"].value", value: "x@y.z" }], STRICT_USERS)
    expect(error.scimType).toBe("noTarget")
  })

  it("replace of a missing attribute adds it (§3.5.2.3)", () => {
    expect(ok(user, [{ op: "replace", path: "nickName", value: "Babs" }], STRICT_USERS).resource.nickName).toBe("Babs")
  })
})

// --- Okta and Entra as recorded ------------------------------------------------------------------------

describe("IdP messages (testdata)", () => {
  for (const message of messages) {
    it(`${message.idp}: ${message.name}`, () => {
      const options = message.type === "User" ? USERS : GROUPS
      const before = structuredClone(message.resource)
      const result = ok(message.resource, message.operations, options)
      expect(result.resource).toEqual(message.expected)
      expect(result.changedPaths).toEqual(message.changedPaths)
      expect(result.changed).toBe(message.changedPaths.length > 0)
      expect(message.resource).toEqual(before)
    })
  }
})

describe("IdP tolerances (each one switchable)", () => {
  it("Entra: replace on an unmatched value path adds the element; off -> noTarget", () => {
    const ops: ReadonlyArray<PatchOp.Operation> = [
      { op: "replace", path: "emails[type eq \"other\"].value", value: "b@other.org" }
    ]
    expect(ok(user, ops, USERS).resource.emails).toEqual([
      ...(user.emails as Array<unknown>),
      { type: "other", value: "b@other.org" }
    ])
    expect(err(user, ops, { ...USERS, addOnMissingValuePath: false }).scimType).toBe("noTarget")
  })

  it("Entra: add on an unmatched value path with a whole value adds it merged with the filter's values", () => {
    const result = ok(user, [{ op: "add", path: "ims[type eq \"xmpp\"]", value: { value: "babs@jabber.org" } }], USERS)
    expect(result.resource.ims).toEqual([{ type: "xmpp", value: "babs@jabber.org" }])
  })

  it("Entra: an unmatched value path with a non-eq filter still fails with noTarget", () => {
    const error = err(user, [{ op: "replace", path: "emails[value co \"zzz\"].type", value: "x" }], USERS)
    expect(error.scimType).toBe("noTarget")
  })

  it("Microsoft's SCIM validator: empty Operations succeed unchanged; off -> invalidSyntax", () => {
    const result = ok(user, [], USERS)
    expect(result).toEqual({ resource: user, changed: false, changedPaths: [] })
    const error = err(user, [], { ...USERS, allowEmptyOperations: false })
    expect(error.scimType).toBe("invalidSyntax")
    expect(error.operationIndex).toBeUndefined()
  })

  it("Entra (aadOptscim062020): dotted and URN keys of a pathless value are expanded; off -> stored literally", () => {
    const value = { "name.givenName": "Barb", [`${ENTERPRISE}:employeeNumber`]: "42" }
    const expanded = ok(user, [{ op: "replace", value }], USERS).resource
    expect((expanded.name as Record<string, unknown>).givenName).toBe("Barb")
    expect((expanded[ENTERPRISE] as Record<string, unknown>).employeeNumber).toBe("42")
    expect(expanded["name.givenName"]).toBeUndefined()
    const literal = ok(user, [{ op: "replace", value: { "name.givenName": "Barb" } }], {
      ...USERS,
      expandDottedKeys: false
    }).resource
    expect(literal["name.givenName"]).toBe("Barb")
    expect(err(user, [{ op: "replace", value }], STRICT_USERS).scimType).toBe("invalidPath")
  })

  it("Okta: a group rename carrying the group's own id is not a mutability error; off -> mutability", () => {
    const ops: ReadonlyArray<PatchOp.Operation> = [{ op: "replace", value: { id: group.id, displayName: "Guides" } }]
    expect(ok(group, ops, GROUPS).resource.displayName).toBe("Guides")
    expect(err(group, ops, { ...GROUPS, ignoreIdInValue: false }).scimType).toBe("mutability")
    expect(err(group, [{ op: "replace", value: { id: "other", displayName: "Guides" } }], GROUPS).scimType)
      .toBe("mutability")
  })

  it("Okta, JumpCloud: removing a member that is already gone succeeds unchanged; off -> noTarget", () => {
    const ops: ReadonlyArray<PatchOp.Operation> = [{ op: "remove", path: "members[value eq \"gone\"]" }]
    const result = ok(group, ops, GROUPS)
    expect(result.changed).toBe(false)
    expect(result.resource).toBe(group)
    const error = err(group, ops, { ...GROUPS, allowRemoveNoMatch: false })
    expect(error.scimType).toBe("noTarget")
    expect(error.detail).toBe(
      "Operation 1 (remove \"members[value eq \\\"gone\\\"]\"): No value of \"members\" matches [value eq \"gone\"]"
    )
    expect(
      err(group, [{ op: "remove", path: "members", value: [{ value: "gone" }] }], STRICT_GROUPS).scimType
    ).toBe("noTarget")
  })

  it("Entra: manager as an array of one reference, by its unqualified path", () => {
    const result = ok(user, [{ op: "add", path: "manager", value: [{ $ref: REF(MANDY), value: MANDY }] }], USERS)
    expect((result.resource[ENTERPRISE] as Record<string, unknown>).manager).toEqual({ $ref: REF(MANDY), value: MANDY })
    expect(err(user, [{ op: "add", path: "manager", value: [{ value: MANDY }] }], STRICT_USERS).scimType)
      .toBe("invalidValue")
  })

  it("Entra: manager removal by null", () => {
    const result = ok(user, [{ op: "replace", path: `${ENTERPRISE}:manager`, value: null }], USERS)
    expect(result.resource[ENTERPRISE]).toEqual({ employeeNumber: "701984", department: "Tour Operations" })
  })

  it("Entra without the flag: string booleans are read as booleans; strict -> invalidValue", () => {
    expect(ok(user, [{ op: "replace", path: "active", value: "False" }], USERS).resource.active).toBe(false)
    expect(err(user, [{ op: "replace", path: "active", value: "False" }], STRICT_USERS).scimType).toBe("invalidValue")
  })

  it("Entra: op names in any case (\"Replace\"); strict -> invalidSyntax", () => {
    const ops = [{ op: "Replace" as "replace", path: "active", value: false }]
    expect(ok(user, ops, USERS).resource.active).toBe(false)
    expect(err(user, ops, STRICT_USERS).scimType).toBe("invalidSyntax")
  })

  it("unknown attributes are kept as plain JSON; strict -> invalidPath", () => {
    const ops: ReadonlyArray<PatchOp.Operation> = [{ op: "add", path: "urn:okta:custom:1.0:User:badge", value: "B-7" }]
    expect(ok(user, ops, USERS).resource["urn:okta:custom:1.0:User"]).toEqual({ badge: "B-7" })
    expect(err(user, ops, STRICT_USERS).scimType).toBe("invalidPath")
    expect(err(user, [{ op: "add", path: "favouriteColour", value: "blue" }], STRICT_USERS).scimType)
      .toBe("invalidPath")
  })
})

// --- semantics -------------------------------------------------------------------------------------------

describe("multi-valued attributes", () => {
  it("add does not duplicate equal values (emails compare ignoring case)", () => {
    const result = ok(user, [{
      op: "add",
      path: "emails",
      value: [{ value: "BJENSEN@example.com", type: "Work", primary: true }]
    }], USERS)
    expect(result.changed).toBe(false)
    expect(result.resource).toBe(user)
  })

  it("add of a member already present (by value) is no change, even with another display", () => {
    const result = ok(group, [{ op: "add", path: "members", value: [{ value: BABS, display: "B." }] }], GROUPS)
    expect(result.changed).toBe(false)
  })

  it("add of a single value to a multi-valued attribute is wrapped (lenient) or rejected (strict)", () => {
    const ops: ReadonlyArray<PatchOp.Operation> = [{ op: "add", path: "members", value: { value: JOHN } }]
    expect((ok(group, ops, GROUPS).resource.members as Array<unknown>).at(-1)).toEqual({ value: JOHN })
    expect(err(group, ops, STRICT_GROUPS).scimType).toBe("invalidValue")
  })

  it("a new primary value makes the others non-primary (RFC 7643 §2.4)", () => {
    const result = ok(user, [{ op: "add", path: "emails", value: [{ value: "new@example.com", primary: true }] }], USERS)
    expect(result.resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: false },
      { value: "babs@jensen.org", type: "home" },
      { value: "new@example.com", primary: true }
    ])
  })

  it("setting primary through a value path moves it", () => {
    const result = ok(user, [{ op: "replace", path: "emails[type eq \"home\"].primary", value: true }], USERS)
    expect(result.resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: false },
      { value: "babs@jensen.org", type: "home", primary: true }
    ])
  })

  it("two primary values in one replace are invalidValue", () => {
    const error = err(user, [{
      op: "replace",
      path: "emails",
      value: [{ value: "a@example.com", primary: true }, { value: "b@example.com", primary: true }]
    }], USERS)
    expect(error.scimType).toBe("invalidValue")
  })

  it("remove of a sub-attribute on matched values only", () => {
    const result = ok(user, [{ op: "remove", path: "emails[type eq \"work\"].primary" }], USERS)
    expect(result.resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work" },
      { value: "babs@jensen.org", type: "home" }
    ])
  })

  it("removing the last matched value leaves the attribute unassigned", () => {
    const result = ok(user, [{ op: "remove", path: "phoneNumbers[type eq \"work\"]" }], USERS)
    expect("phoneNumbers" in result.resource).toBe(false)
    expect(result.changedPaths).toEqual(["phoneNumbers"])
  })

  it("Okta: replace of members with an empty array clears the membership", () => {
    const result = ok(group, [{ op: "replace", path: "members", value: [] }], GROUPS)
    expect(result.resource.members).toBeUndefined()
    expect(result.changedPaths).toEqual(["members"])
    const empty = { ...group, members: [] }
    const again = ok(empty, [{ op: "replace", path: "members", value: [] }], GROUPS)
    expect(again.changed).toBe(false)
    expect(again.resource).toBe(empty)
  })

  it("value filters compare as the schema says: type is not case-exact", () => {
    const result = ok(user, [{ op: "replace", path: "emails[TYPE eq \"WORK\"].value", value: "w@example.com" }], STRICT_USERS)
    expect((result.resource.emails as Array<Record<string, unknown>>)[0]!.value).toBe("w@example.com")
  })

  it("value filters on a multi-valued attribute of simple values use `value` for the element", () => {
    const result = ok(user, [{ op: "remove", path: `schemas[value eq "${ENTERPRISE}"]` }], STRICT_USERS)
    expect(result.resource.schemas).toEqual([Schemas.UserUrn])
  })

  it("Entra: add on emails[type eq \"work\"].value for a user without emails creates the email", () => {
    const plain = { schemas: [Schemas.UserUrn], id: "1", userName: "bjensen" }
    const result = ok(plain, [{ op: "add", path: "emails[type eq \"work\"].value", value: "b@example.com" }], USERS)
    expect(result.resource.emails).toEqual([{ type: "work", value: "b@example.com" }])
  })

  it("add with a value path merges the given sub-attributes into matched values", () => {
    const result = ok(user, [{ op: "add", path: "emails[type eq \"home\"]", value: { display: "Home" } }], USERS)
    expect((result.resource.emails as Array<unknown>)[1]).toEqual({ value: "babs@jensen.org", type: "home", display: "Home" })
  })
})

describe("mutability and required (RFC 7643 §7)", () => {
  const cases: ReadonlyArray<readonly [string, PatchOp.Operation, PatchOp.Options, string]> = [
    ["replace of readOnly id", { op: "replace", path: "id", value: "x" }, USERS, "mutability"],
    ["add to readOnly groups", { op: "add", path: "groups", value: [{ value: "g" }] }, USERS, "mutability"],
    ["replace of readOnly meta.created", { op: "replace", path: "meta.created", value: "2020-01-01T00:00:00Z" }, USERS, "mutability"],
    ["change of an immutable member value", { op: "replace", path: `members[value eq "${BABS}"].value`, value: "x" }, GROUPS, "mutability"],
    ["remove of required userName", { op: "remove", path: "userName" }, USERS, "invalidValue"],
    ["replace of required userName by null", { op: "replace", path: "userName", value: null }, USERS, "invalidValue"],
    ["remove of required schemas", { op: "remove", path: "schemas" }, USERS, "invalidValue"],
    ["strict: readOnly manager.displayName in a value", { op: "replace", path: `${ENTERPRISE}:manager`, value: { value: "m", displayName: "M" } }, STRICT_USERS, "mutability"]
  ]
  for (const [name, operation, options, scimType] of cases) {
    it(`${name} -> ${scimType}`, () => {
      expect(err(options.schema === Schemas.GroupResource ? group : user, [operation], options).scimType).toBe(scimType)
    })
  }

  it("lenient: a readOnly sub-attribute in a value is dropped", () => {
    const result = ok(user, [{ op: "replace", path: `${ENTERPRISE}:manager`, value: { value: MANDY, displayName: "M" } }], USERS)
    expect((result.resource[ENTERPRISE] as Record<string, unknown>).manager).toEqual({ value: MANDY })
  })

  it("setting an immutable attribute to its current value is no change", () => {
    const result = ok(group, [{ op: "replace", path: `members[value eq "${BABS}"].value`, value: BABS }], GROUPS)
    expect(result.changed).toBe(false)
  })
})

describe("errors", () => {
  const cases: ReadonlyArray<readonly [string, PatchOp.Operation, string]> = [
    ["unparsable path", { op: "replace", path: "emails[type eq", value: "x" }, "invalidPath"],
    ["filter on a single-valued attribute", { op: "replace", path: "name[givenName eq \"x\"]", value: "x" }, "invalidPath"],
    ["sub-attribute of a simple attribute", { op: "replace", path: "active.value", value: true }, "invalidPath"],
    ["unknown sub-attribute (strict)", { op: "replace", path: "name.nickname", value: "x" }, "invalidPath"],
    ["wrong type", { op: "replace", path: "active", value: "yes" }, "invalidValue"],
    ["wrong type in a sub-attribute", { op: "replace", path: "name", value: { givenName: 5 } }, "invalidValue"],
    ["array for a single-valued attribute", { op: "replace", path: "displayName", value: ["a", "b"] }, "invalidValue"],
    ["pathless value that is not an object", { op: "replace", value: "x" }, "invalidValue"],
    ["add without a value", { op: "add", path: "nickName" }, "invalidValue"],
    ["unknown op", { op: "copy" as "add", path: "nickName", value: "x" }, "invalidSyntax"]
  ]
  for (const [name, operation, scimType] of cases) {
    it(`${name} -> ${scimType}`, () => {
      const error = err(user, [{ op: "replace", path: "nickName", value: "ok" }, operation], STRICT_USERS)
      expect(error.scimType).toBe(scimType)
      expect(error.operationIndex).toBe(1)
      expect(error.detail.startsWith("Operation 2 (")).toBe(true)
      expect(error.message).toBe(error.detail)
      expect(error._tag).toBe("PatchError")
    })
  }

  it("a message is atomic: a failing second operation leaves the input untouched", () => {
    const before = structuredClone(user)
    const error = err(user, [
      { op: "replace", path: "active", value: false },
      { op: "replace", path: `${ENTERPRISE}:manager.value`, value: "m" },
      { op: "remove", path: "userName" }
    ], USERS)
    expect(error.operationIndex).toBe(2)
    expect(user).toEqual(before)
  })

  it("toScimError gives the RFC 7644 §3.12 body", () => {
    const error = err(user, [{ op: "remove" }], USERS)
    expect(PatchOp.toScimError(error).toBody()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "400",
      scimType: "noTarget",
      detail: "Operation 1 (remove without path): remove needs a path"
    })
  })
})

describe("attribute names and changed paths", () => {
  const mixedCase = {
    schemas: [Schemas.UserUrn],
    id: "1",
    UserName: "bjensen",
    NAME: { GivenName: "Barbara" },
    [ENTERPRISE.toLowerCase()]: { Department: "Ops" }
  }

  it("keeps the stored case of existing keys and uses canonical names for new ones", () => {
    const result = ok(mixedCase, [
      { op: "replace", path: "username", value: "babs" },
      { op: "replace", path: "name.givenName", value: "Babs" },
      { op: "add", path: "name.FAMILYNAME", value: "Jensen" },
      { op: "add", path: "nickname", value: "B" },
      { op: "replace", path: `${ENTERPRISE}:department`, value: "Sales" }
    ], USERS)
    expect(result.resource).toEqual({
      schemas: [Schemas.UserUrn],
      id: "1",
      UserName: "babs",
      NAME: { GivenName: "Babs", familyName: "Jensen" },
      nickName: "B",
      [ENTERPRISE.toLowerCase()]: { Department: "Sales" }
    })
    expect(result.changedPaths).toEqual([
      "userName",
      "name.givenName",
      "name.familyName",
      "nickName",
      `${ENTERPRISE}:department`
    ])
  })

  it("a new extension attribute creates the container and lists the URN in schemas", () => {
    const plain = { schemas: [Schemas.UserUrn], id: "1", userName: "bjensen" }
    const result = ok(plain, [{ op: "add", path: `${ENTERPRISE}:costCenter`, value: "4130" }], USERS)
    expect(result.resource).toEqual({
      schemas: [Schemas.UserUrn, ENTERPRISE],
      id: "1",
      userName: "bjensen",
      [ENTERPRISE]: { costCenter: "4130" }
    })
  })

  it("removing the last extension attribute removes the container and its URN", () => {
    const result = ok(
      { ...user, [ENTERPRISE]: { department: "Ops" } },
      [{ op: "remove", path: `${ENTERPRISE}:department` }],
      USERS
    )
    expect(result.resource[ENTERPRISE]).toBeUndefined()
    expect(result.resource.schemas).toEqual([Schemas.UserUrn])
    expect(result.changedPaths).toEqual([`${ENTERPRISE}:department`])
  })

  it("paths qualified with the core schema URN", () => {
    const result = ok(user, [
      { op: "replace", path: `${Schemas.UserUrn}:userName`, value: "babs@example.com" },
      { op: "replace", path: `${Schemas.UserUrn}:name.givenName`, value: "Babs" }
    ], STRICT_USERS)
    expect(result.resource.userName).toBe("babs@example.com")
    expect(result.changedPaths).toEqual(["userName", "name.givenName"])
  })

  it("a path naming the extension schema patches its attributes", () => {
    const result = ok(user, [{ op: "replace", path: ENTERPRISE, value: { costCenter: "4130" } }], USERS)
    expect(result.changedPaths).toEqual([`${ENTERPRISE}:costCenter`])
  })

  it("a replace with the current value is no change and returns the input", () => {
    const result = ok(user, [
      { op: "replace", path: "active", value: true },
      { op: "replace", path: "name.givenName", value: "Barbara" },
      { op: "replace", path: "emails[type eq \"work\"].value", value: "bjensen@example.com" }
    ], USERS)
    expect(result).toEqual({ resource: user, changed: false, changedPaths: [] })
    expect(result.resource).toBe(user)
  })

  it("a change and its undo in one message is no change", () => {
    const result = ok(user, [
      { op: "replace", path: "active", value: false },
      { op: "replace", path: "active", value: true }
    ], USERS)
    expect(result.changed).toBe(false)
  })
})
