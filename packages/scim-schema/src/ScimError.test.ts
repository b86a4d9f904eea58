import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Exit, Schema } from "effect"
import { ScimError } from "./index.js"

describe("ScimError", () => {
  it("body() writes exactly schemas, status as a string, scimType and detail", () => {
    expect(ScimError.body(409, { scimType: "uniqueness", detail: "taken" })).toStrictEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "409",
      scimType: "uniqueness",
      detail: "taken"
    })
    expect(Object.keys(ScimError.body(404))).toEqual(["schemas", "status"])
  })

  it("a ScimError serialises to the wire body with no _tag", () => {
    const error = ScimError.make(400, "Cannot parse filter", "invalidFilter")
    const wire = JSON.parse(JSON.stringify(error))
    expect(wire).toStrictEqual({
      schemas: [ScimError.ErrorUrn],
      status: "400",
      scimType: "invalidFilter",
      detail: "Cannot parse filter"
    })
    expect(error._tag).toBe("ScimError")
    expect(error.message).toBe("Cannot parse filter")
  })

  it.effect("code can fail with a ScimError and recover it by tag", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(Effect.fail(ScimError.uniqueness("userName \"bjensen\" is taken")))
      expect(Exit.isFailure(exit)).toBe(true)
      const body = yield* Effect.fail(ScimError.notFound("gone")).pipe(
        Effect.catchTag("ScimError", (e) => Effect.succeed(e.toBody()))
      )
      expect(body.status).toBe("404")
    }))

  it.each(ScimError.scimTypes.map((t) => [t]))("the Body schema decodes scimType %s", (scimType) => {
    const wire = ScimError.body(400, { scimType, detail: "x" })
    expect(Schema.decodeUnknownSync(ScimError.Body)(wire)).toStrictEqual(wire)
    expect(ScimError.fromBody(wire)).toMatchObject({ status: 400, scimType, detail: "x" })
  })

  it.each([
    [{ schemas: [ScimError.ErrorUrn], status: 409 }],
    [{ schemas: ["urn:other"], status: "409" }],
    [{ schemas: [ScimError.ErrorUrn], status: "409", scimType: "conflict" }],
    [{ schemas: [ScimError.ErrorUrn], status: "nine" }]
  ])("the Body schema rejects %j", (input) => {
    expect(Either.isLeft(Schema.decodeUnknownEither(ScimError.Body)(input))).toBe(true)
  })
})
