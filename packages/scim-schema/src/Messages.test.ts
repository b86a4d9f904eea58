import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import minimal from "../testdata/user-minimal.json" with { type: "json" }
import { DecodeError, Messages, Resource, Schemas } from "./index.js"

const decode = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Schema.decodeUnknownEither(schema)(input).pipe(Either.mapLeft(DecodeError.format))

describe("Messages", () => {
  it("listResponse always carries Resources and itemsPerPage equal to the page length", () => {
    expect(Messages.listResponse({ resources: [], totalResults: 0 })).toStrictEqual({
      schemas: [Schemas.ListResponseUrn],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: []
    })
    const page = Messages.listResponse({ resources: [minimal], totalResults: 5, startIndex: 3 })
    expect(page.itemsPerPage).toBe(1)
    const Users = Messages.ListResponse(Resource.User)
    expect(Schema.encodeSync(Users)(Schema.decodeUnknownSync(Users)(page))).toStrictEqual(page)
  })

  it("ListResponse rejects non-integer paging fields and bad resources", () => {
    const Users = Messages.ListResponse(Resource.User)
    expect(decode(Users, { schemas: [], totalResults: "1" })).toEqual(Either.left("totalResults: expected a number"))
    expect(decode(Users, { schemas: [], totalResults: 1.5 })).toEqual(Either.left("totalResults: expected an integer"))
    expect(decode(Users, { schemas: [], totalResults: 1, Resources: [{ schemas: [] }] })).toEqual(
      Either.left("Resources[0].userName: is required")
    )
  })

  it.each([
    [{ op: "replace", value: { active: false } }],
    [{ op: "add", path: "members", value: [{ value: "1" }] }],
    [{ op: "remove", path: "members[value eq \"1\"]" }]
  ])("PatchOp decodes %j", (operation) => {
    const body = { schemas: [Schemas.PatchOpUrn], Operations: [operation] }
    expect(decode(Messages.PatchOp, body)).toEqual(Either.right(body))
  })

  it.each([
    [{ schemas: [Schemas.PatchOpUrn], Operations: [{ op: "Replace" }] }, "Operations[0].op: expected \"add\", \"replace\" or \"remove\""],
    [{ schemas: [Schemas.PatchOpUrn], Operations: [] }, "Operations: expected at least one operation"],
    [{ schemas: [Schemas.PatchOpUrn] }, "Operations: is required"],
    [{ schemas: [Schemas.PatchOpUrn], Operations: [{ op: "add" }, { op: 1 }] }, "Operations[1].op: expected \"add\", \"replace\" or \"remove\""],
    [{ schemas: ["x"], Operations: [{ op: "add" }] }, `schemas: expected an array containing "${Schemas.PatchOpUrn}"`]
  ])("PatchOp rejects %j", (body, message) => {
    const result = decode(Messages.PatchOp, body)
    expect(result).toEqual(Either.left(message))
  })

  it("patchOp({ allowEmptyOperations: true }) accepts an empty Operations list and checks the rest as PatchOp does", () => {
    const Lenient = Messages.patchOp({ allowEmptyOperations: true })
    const empty = { schemas: [Schemas.PatchOpUrn], Operations: [] }
    expect(decode(Lenient, empty)).toEqual(Either.right(empty))
    expect(decode(Lenient, { schemas: ["x"], Operations: [] })).toEqual(
      Either.left(`schemas: expected an array containing "${Schemas.PatchOpUrn}"`)
    )
    expect(decode(Lenient, { schemas: [Schemas.PatchOpUrn], Operations: [{ op: "move" }] })).toEqual(
      Either.left("Operations[0].op: expected \"add\", \"replace\" or \"remove\"")
    )
    expect(decode(Messages.patchOp(), empty)).toEqual(Either.left("Operations: expected at least one operation"))
  })

  it("normalizePatchOp lower-cases op and re-keys Operations", () => {
    const body = Messages.normalizePatchOp({
      Schemas: [Schemas.PatchOpUrn],
      operations: [{ OP: "Replace", Path: "active", Value: "False" }]
    })
    expect(body).toStrictEqual({ schemas: [Schemas.PatchOpUrn], Operations: [{ op: "replace", path: "active", value: "False" }] })
    expect(Either.isRight(decode(Messages.PatchOp, body))).toBe(true)
  })

  it("SearchRequest, BulkRequest and BulkResponse decode the RFC 7644 examples", () => {
    const search = {
      schemas: [Schemas.SearchRequestUrn],
      attributes: ["displayName", "userName"],
      filter: "displayName sw \"smith\"",
      startIndex: 1,
      count: 10
    }
    expect(decode(Messages.SearchRequest, search)).toEqual(Either.right(search))
    const bulk = {
      schemas: [Schemas.BulkRequestUrn],
      failOnErrors: 1,
      Operations: [
        { method: "POST", path: "/Users", bulkId: "qwerty", data: { schemas: [Schemas.UserUrn], userName: "Alice" } },
        { method: "DELETE", path: "/Users/b7c14771-226c-4d05-8860-134711653041", version: "W/\"0ee8add0a938e1a\"" }
      ]
    }
    expect(decode(Messages.BulkRequest, bulk)).toEqual(Either.right(bulk))
    const response = {
      schemas: [Schemas.BulkResponseUrn],
      Operations: [
        { location: "https://example.com/v2/Users/92b725cd", method: "POST", bulkId: "qwerty", version: "W/\"oY4m4wn58tkVjJxK\"", status: "201" }
      ]
    }
    expect(decode(Messages.BulkResponse, response)).toEqual(Either.right(response))
    expect(Either.isLeft(decode(Messages.BulkRequest, { schemas: [], Operations: [{ method: "GET", path: "/" }] }))).toBe(true)
  })
})
