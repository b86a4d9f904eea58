import { Resource, Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { group, user } from "../testdata/messages.js"
import { PatchOp } from "./index.js"

const ENTERPRISE = Schemas.EnterpriseUserUrn

const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

const frozenUser = deepFreeze(structuredClone(user))
const frozenGroup = deepFreeze(structuredClone(group))

const userPaths = [
  undefined,
  "",
  "active",
  "userName",
  "displayName",
  "nickName",
  "name",
  "name.givenName",
  "NAME.familyname",
  "emails",
  "emails.value",
  "emails.primary",
  "emails[type eq \"work\"]",
  "emails[type eq \"work\"].value",
  "emails[type eq \"other\"].value",
  "emails[primary eq true].type",
  "emails[value ew \"example.com\" or type eq \"home\"]",
  "phoneNumbers[type eq \"mobile\"].value",
  "addresses[type eq \"work\"].streetAddress",
  "addresses",
  "groups",
  "id",
  "meta.lastModified",
  "externalId",
  "schemas",
  "x509Certificates",
  "manager",
  `${ENTERPRISE}:manager`,
  `${ENTERPRISE}:manager.value`,
  `${ENTERPRISE}:department`,
  ENTERPRISE,
  "urn:example:custom:1.0:User:badge",
  "customThing",
  "emails[type eq",
  "members[value eq \"x\"]",
  "name[givenName eq \"x\"]"
]

const scalar = fc.oneof(
  fc.constantFrom("work", "home", "x@example.com", "", "False", "true", "Babs", "MIIDQzCC", "2011-05-13T04:42:34Z"),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constant(null)
)

const element = fc.record(
  {
    value: scalar,
    type: fc.constantFrom("work", "home", "other", "mobile"),
    primary: fc.boolean(),
    display: fc.string({ maxLength: 4 })
  },
  { requiredKeys: [] }
)

const value = fc.oneof(
  scalar,
  element,
  fc.array(element, { maxLength: 3 }),
  fc.array(scalar, { maxLength: 2 }),
  fc.record(
    {
      active: fc.boolean(),
      displayName: fc.string({ maxLength: 5 }),
      "name.givenName": fc.string({ maxLength: 5 }),
      [`${ENTERPRISE}:employeeNumber`]: fc.constantFrom("1", "2"),
      [ENTERPRISE]: fc.record({ department: fc.constantFrom("Ops", "Sales") }),
      emails: fc.array(element, { maxLength: 2 }),
      id: fc.constantFrom(user.id, "other"),
      userName: fc.constantFrom("bjensen", null)
    },
    { requiredKeys: [] }
  ),
  fc.anything({ maxDepth: 2 })
)

const operation: fc.Arbitrary<PatchOp.Operation> = fc
  .record({ op: fc.constantFrom("add", "replace", "remove"), path: fc.constantFrom(...userPaths), value })
  .map(({ op, path, value }) => (path === undefined ? { op, value } : { op, path, value }))

const operations = fc.array(operation, { minLength: 0, maxLength: 4 })

/** RFC 7643 §2.4: a multi-valued attribute has at most one primary value. */
const primariesOk = (resource: Record<string, unknown>): boolean =>
  Object.values(resource).every((v) =>
    !Array.isArray(v) ||
    v.filter((e) => typeof e === "object" && e !== null && (e as Record<string, unknown>).primary === true).length <= 1
  )

describe("PatchOp.apply properties", () => {
  for (const strict of [false, true]) {
    const options: PatchOp.Options = { schema: Schemas.UserResource, strict }
    it(`${strict ? "strict" : "lenient"}: succeeds with a resource that still decodes, or fails leaving the input unchanged`, () => {
      fc.assert(
        fc.property(operations, (ops) => {
          const result = PatchOp.apply(frozenUser, ops, options)
          // the input is deeply frozen: any mutation would have thrown
          expect(frozenUser).toEqual(user)
          if (Either.isRight(result)) {
            const decoded = Resource.decodeUser(result.right.resource)
            if (Either.isLeft(decoded)) throw new Error(`${JSON.stringify(ops)} -> ${decoded.left.message}`)
            expect(primariesOk(result.right.resource)).toBe(true)
            expect(result.right.changed).toBe(result.right.changedPaths.length > 0)
            if (!result.right.changed) expect(result.right.resource).toBe(frozenUser)
          } else {
            const index = result.left.operationIndex
            if (index !== undefined) {
              expect(index).toBeGreaterThanOrEqual(0)
              expect(index).toBeLessThan(ops.length)
            }
            expect(["invalidPath", "noTarget", "invalidValue", "mutability", "invalidSyntax"]).toContain(
              result.left.scimType
            )
          }
        }),
        { numRuns: 2000 }
      )
    })
  }

  it("applying operations one message at a time equals applying them in one message", () => {
    const options: PatchOp.Options = { schema: Schemas.UserResource }
    fc.assert(
      fc.property(operations, (ops) => {
        const whole = PatchOp.apply(frozenUser, ops, options)
        let current: Record<string, unknown> = frozenUser
        let failed = false
        for (const op of ops) {
          const step = PatchOp.apply(current, [op], options)
          if (Either.isLeft(step)) {
            failed = true
            break
          }
          current = step.right.resource
        }
        expect(Either.isLeft(whole)).toBe(failed)
        if (Either.isRight(whole)) expect(whole.right.resource).toEqual(current)
      }),
      { numRuns: 1000 }
    )
  })

  it("membership changes in every IdP shape agree with a set model", () => {
    const id = fc.constantFrom("a", "b", "c", "d", "e")
    const memberOp = fc.oneof(
      // Okta / Entra add, any number of members
      fc.array(id, { maxLength: 3 }).map((ids) => ({ kind: "add" as const, ids })),
      // Okta remove with a value path
      id.map((one) => ({ kind: "removeOne" as const, ids: [one] })),
      // Entra Remove with a value list
      fc.array(id, { minLength: 1, maxLength: 3 }).map((ids) => ({ kind: "removeList" as const, ids })),
      // Okta replace of the whole membership
      fc.array(id, { maxLength: 3 }).map((ids) => ({ kind: "replace" as const, ids }))
    )
    fc.assert(
      fc.property(fc.uniqueArray(id), fc.array(memberOp, { maxLength: 6 }), (initial, steps) => {
        let resource: Record<string, unknown> = { ...group, members: initial.map((value) => ({ value })) }
        let model = new Set(initial)
        for (const step of steps) {
          const members = step.ids.map((value) => ({ value }))
          const operation: PatchOp.Operation = step.kind === "add"
            ? { op: "add", path: "members", value: members }
            : step.kind === "removeOne"
            ? { op: "remove", path: `members[value eq "${step.ids[0]}"]` }
            : step.kind === "removeList"
            ? { op: "remove", path: "members", value: members }
            : { op: "replace", path: "members", value: members }
          const result = PatchOp.apply(resource, [operation], { schema: Schemas.GroupResource })
          if (Either.isLeft(result)) throw new Error(result.left.detail)
          const before = new Set(model)
          if (step.kind === "add") for (const x of step.ids) model.add(x)
          else if (step.kind === "replace") model = new Set(step.ids)
          else for (const x of step.ids) model.delete(x)
          resource = result.right.resource
          const values = ((resource.members ?? []) as Array<{ value: string }>).map((m) => m.value)
          expect(new Set(values)).toEqual(model)
          expect(values.length).toBe(model.size)
          const same = before.size === model.size && [...before].every((x) => model.has(x))
          if (step.kind !== "replace") expect(result.right.changed).toBe(!same)
          expect(Either.isRight(Resource.decodeGroup(resource))).toBe(true)
        }
      }),
      { numRuns: 1000 }
    )
  })

  it("never throws on arbitrary operations and paths", () => {
    const anyOperation = fc.record({
      op: fc.oneof(fc.constantFrom("add", "replace", "remove"), fc.string()),
      path: fc.oneof(fc.string(), fc.constant(undefined)),
      value: fc.anything()
    }, { requiredKeys: ["op"] })
    fc.assert(
      fc.property(fc.array(anyOperation, { maxLength: 3 }), fc.boolean(), (ops, strict) => {
        const result = PatchOp.apply(frozenGroup, ops as ReadonlyArray<PatchOp.Operation>, {
          schema: Schemas.GroupResource,
          strict
        })
        expect(Either.isEither(result)).toBe(true)
        expect(frozenGroup).toEqual(group)
      }),
      { numRuns: 2000 }
    )
  })
})
