import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import * as fc from "fast-check"
import group from "../testdata/group.json" with { type: "json" }
import enterprise from "../testdata/user-enterprise.json" with { type: "json" }
import full from "../testdata/user-full.json" with { type: "json" }
import minimal from "../testdata/user-minimal.json" with { type: "json" }
import { DecodeError, Resource, Schemas } from "./index.js"

const roundTrip = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Schema.encodeSync(schema)(Schema.decodeUnknownSync(schema)(input))

describe("Resource", () => {
  it.each([
    ["§8.1 minimal user", minimal],
    ["§8.2 full user", full],
    ["§8.3 enterprise user", enterprise]
  ])("RFC 7643 %s decodes and encodes back unchanged", (_, input) => {
    expect(roundTrip(Resource.User, input)).toStrictEqual(input)
  })

  it("RFC 7643 §8.4 group decodes and encodes back unchanged", () => {
    expect(roundTrip(Resource.Group, group)).toStrictEqual(group)
  })

  it("types the enterprise extension under its URN key", () => {
    const user = Schema.decodeUnknownSync(Resource.User)(enterprise)
    expect(user[Schemas.EnterpriseUserUrn]?.manager?.displayName).toBe("John Smith")
  })

  it("keeps unknown attributes at every level", () => {
    const input = {
      schemas: [Schemas.UserUrn, "urn:example:acme:2.0:User"],
      userName: "b",
      "urn:example:acme:2.0:User": { badge: 7 },
      name: { givenName: "B", nickname2: ["x"] },
      emails: [{ value: "b@example.com", verified: true }],
      okta: null
    }
    expect(Either.getOrThrow(Resource.decodeUser(input))).toStrictEqual(input)
  })

  it("normalizeKeys re-keys known attributes to their canonical case", () => {
    expect(
      Resource.normalizeKeys(
        {
          SCHEMAS: [Schemas.UserUrn],
          UserName: "b",
          ID: "1",
          Meta: { LASTMODIFIED: "2011-05-13T04:42:34Z" },
          Emails: [{ VALUE: "b@example.com", Primary: true }],
          [Schemas.EnterpriseUserUrn.toUpperCase()]: { Manager: { Value: "2" }, EmployeeNUMBER: "7" },
          Custom: 1
        },
        Schemas.UserResource
      )
    ).toStrictEqual({
      schemas: [Schemas.UserUrn],
      userName: "b",
      id: "1",
      meta: { lastModified: "2011-05-13T04:42:34Z" },
      emails: [{ value: "b@example.com", primary: true }],
      [Schemas.EnterpriseUserUrn]: { manager: { value: "2" }, employeeNumber: "7" },
      Custom: 1
    })
  })

  it("normalizeKeys keeps an exact canonical key over a differently cased duplicate", () => {
    expect(Resource.normalizeKeys({ userName: "a", USERNAME: "b" }, Schemas.UserResource)).toStrictEqual({
      userName: "a",
      USERNAME: "b"
    })
  })

  const base = { schemas: [Schemas.UserUrn], userName: "b" }
  it.each([
    [{ ...base, emails: [{ value: "a" }, { value: 1 }] }, "emails[1].value: expected a string"],
    [{ schemas: [Schemas.UserUrn] }, "userName: is required"],
    [{ ...base, active: "False" }, "active: expected a boolean"],
    [{ ...base, name: "Barbara" }, "name: expected an object"],
    [{ ...base, emails: { value: "a" } }, "emails: expected an array"],
    [{ ...base, meta: { created: "yesterday" } }, "meta.created: expected an xsd:dateTime string"],
    [{ ...base, x509Certificates: [{ value: "%%" }] }, "x509Certificates[0].value: expected a base64 string"],
    [
      { ...base, [Schemas.EnterpriseUserUrn]: { manager: { value: 3 } } },
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value: expected a string"
    ],
    [{ ...base, schemas: "x" }, "schemas: expected an array"],
    ["text", "expected an object"]
  ])("decodeUser(%j) fails with %j", (input, message) => {
    const result = Resource.decodeUser(input)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left.message).toBe(message)
      expect(DecodeError.toScimError(result.left).toBody()).toStrictEqual({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "400",
        scimType: "invalidValue",
        detail: message
      })
    }
  })

  it("decodeGroup requires displayName and accepts other cases of it", () => {
    expect(Either.isRight(Resource.decodeGroup({ schemas: [Schemas.GroupUrn], DISPLAYNAME: "x" }))).toBe(true)
    const result = Resource.decodeGroup({ schemas: [Schemas.GroupUrn], members: [] })
    expect(Either.isLeft(result) && result.left.message).toBe("displayName: is required")
  })

  it("DecodeError.format gives the one-line form of any ParseError", () => {
    const result = Schema.decodeUnknownEither(Resource.Group)({ schemas: [], displayName: "g", members: [{ value: false }] })
    expect(Either.isLeft(result) && DecodeError.format(result.left)).toBe("members[0].value: expected a string")
  })

  describe("decode ∘ encode on generated resources", () => {
    const str = fc.string({ maxLength: 12 })
    const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 })
    const clean = <T extends object>(o: T) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
    const multi = fc.array(
      fc.record({ value: opt(str), display: opt(str), type: opt(fc.constantFrom("work", "home", "other")), primary: opt(fc.boolean()) })
        .map(clean),
      { maxLength: 3 }
    )
    const dateTime = fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString())
    const user = fc
      .record({
        schemas: fc.constant([Schemas.UserUrn, Schemas.EnterpriseUserUrn]),
        id: opt(fc.uuid()),
        externalId: opt(str),
        userName: str,
        name: opt(fc.record({ givenName: opt(str), familyName: opt(fc.constant(null)), formatted: opt(str) }).map(clean)),
        displayName: opt(fc.oneof(str, fc.constant(null))),
        active: opt(fc.boolean()),
        emails: opt(multi),
        phoneNumbers: opt(multi),
        roles: opt(multi),
        addresses: opt(fc.array(fc.record({ locality: opt(str), primary: opt(fc.boolean()), extra: opt(fc.jsonValue()) }).map(clean), { maxLength: 2 })),
        meta: opt(fc.record({ created: opt(dateTime), lastModified: opt(dateTime), version: opt(str) }).map(clean)),
        [Schemas.EnterpriseUserUrn]: opt(
          fc.record({ department: opt(str), manager: opt(fc.record({ value: opt(str), displayName: opt(str) }).map(clean)) }).map(clean)
        ),
        custom: opt(fc.jsonValue())
      })
      .map(clean)

    it("User round-trips unchanged", () => {
      fc.assert(
        fc.property(user, (input) => {
          const json = JSON.parse(JSON.stringify(input))
          expect(roundTrip(Resource.User, json)).toStrictEqual(json)
        }),
        { numRuns: 300 }
      )
    })

    it("decodeUser never throws on any JSON", () => {
      fc.assert(
        fc.property(fc.jsonValue(), (input) => {
          const result = Resource.decodeUser(input)
          if (Either.isLeft(result)) expect(result.left.message.length).toBeGreaterThan(0)
        }),
        { numRuns: 300 }
      )
    })
  })
})
