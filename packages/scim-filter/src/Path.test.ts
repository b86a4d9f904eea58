import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { arbitraryInnerFilter } from "../testdata/arbitraries.js"
import { Filter, Path } from "./index.js"

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
const parsed = (text: string, options?: Filter.ParseOptions): Path.Path => {
  const result = Path.parse(text, options)
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}
const failure = (text: string): Filter.FilterParseError => {
  const result = Path.parse(text)
  if (Either.isRight(result)) throw new Error(`parsed ${JSON.stringify(text)} as ${Path.format(result.right)}`)
  return result.left
}

describe("Path.parse()", () => {
  const cases: ReadonlyArray<readonly [string, Path.Path]> = [
    ["userName", { _tag: "AttributePath", path: { attribute: "userName" } }],
    ["name.givenName", { _tag: "AttributePath", path: { attribute: "name", subAttribute: "givenName" } }],
    [`${ENTERPRISE}:manager`, { _tag: "AttributePath", path: { urn: ENTERPRISE, attribute: "manager" } }],
    [`${ENTERPRISE}:manager.value`, { _tag: "AttributePath", path: { urn: ENTERPRISE, attribute: "manager", subAttribute: "value" } }],
    ["members", { _tag: "AttributePath", path: { attribute: "members" } }],
    [
      "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]",
      { _tag: "ValuePath", path: { attribute: "members" }, filter: Filter.compare("value", "eq", "2819c223-7f76-453a-919d-413861904646") }
    ],
    [
      "emails[type eq \"work\"].value",
      { _tag: "ValuePath", path: { attribute: "emails" }, filter: Filter.compare("type", "eq", "work"), subAttribute: "value" }
    ],
    [
      "addresses[type eq \"work\"].formatted",
      { _tag: "ValuePath", path: { attribute: "addresses" }, filter: Filter.compare("type", "eq", "work"), subAttribute: "formatted" }
    ],
    [
      "members[value eq 2819c223]",
      { _tag: "ValuePath", path: { attribute: "members" }, filter: Filter.compare("value", "eq", "2819c223") }
    ],
    [
      "emails[type eq \"work\" and value ew \"@example.com\"]",
      {
        _tag: "ValuePath",
        path: { attribute: "emails" },
        filter: Filter.and(Filter.compare("type", "eq", "work"), Filter.compare("value", "ew", "@example.com"))
      }
    ],
    [
      `${ENTERPRISE}:manager[value pr].displayName`,
      { _tag: "ValuePath", path: { urn: ENTERPRISE, attribute: "manager" }, filter: Filter.present("value"), subAttribute: "displayName" }
    ],
    ["  userName  ", { _tag: "AttributePath", path: { attribute: "userName" } }]
  ]
  it.each(cases)("parse(%j)", (text, path) => {
    expect(parsed(text)).toStrictEqual(path)
    expect(parsed(Path.format(path))).toStrictEqual(path)
  })

  const errors: ReadonlyArray<readonly [string, number, string]> = [
    ["", 1, "attribute path"],
    ["name.", 6, "attribute name"],
    ["name.givenName.x", 15, "letter, digit"],
    ["userName eq \"x\"", 10, "\"[\" or the end of the path"],
    ["members[", 9, "attribute path"],
    ["members[value eq \"x\"", 21, "\"]\""],
    ["members[value eq]", 17, "a value"],
    ["members[value eq \"x\"].", 23, "attribute name"],
    ["members[value eq \"x\"].display.x", 30, "the end of the path"],
    ["members[value eq \"x\"] extra", 23, "the end of the path"],
    ["name.givenName[value pr]", 15, "operator"],
    ["members[value[x pr]]", 14, "operator"],
    [`${ENTERPRISE}:`, ENTERPRISE.length + 2, "attribute name after the schema URN"],
    ["[value eq 1]", 1, "attribute path"]
  ]
  it.each(errors)("parse(%j) fails at position %i with scimType invalidPath", (text, position, expected) => {
    const error = failure(text)
    expect(error).toMatchObject({ _tag: "FilterParseError", scimType: "invalidPath", input: text, position })
    expect(error.expected).toContain(expected)
    expect(error.message).toBe(`Cannot parse path ${JSON.stringify(text)}: ${error.reason} at position ${position}`)
  })

  it("never throws on any input (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        const result = Path.parse(`members[${text}`)
        if (Either.isLeft(result)) expect(result.left.position).toBeLessThanOrEqual(text.length + 9)
      }),
      { numRuns: 1000 }
    )
  })

  it("parse(format(path)) is the identity (fast-check)", () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,6}$/)
    const attributePath = fc.tuple(fc.option(fc.constant(ENTERPRISE), { nil: undefined }), name).map(([urn, attribute]) =>
      urn === undefined ? { attribute } : { urn, attribute }
    )
    const arbitraryPath: fc.Arbitrary<Path.Path> = fc.oneof(
      fc.tuple(attributePath, fc.option(name, { nil: undefined })).map(([p, sub]): Path.Path => ({
        _tag: "AttributePath",
        path: sub === undefined ? p : { ...p, subAttribute: sub }
      })),
      fc.tuple(attributePath, arbitraryInnerFilter, fc.option(name, { nil: undefined })).map(
        ([p, filter, sub]): Path.Path =>
          sub === undefined
            ? { _tag: "ValuePath", path: p, filter }
            : { _tag: "ValuePath", path: p, filter, subAttribute: sub }
      )
    )
    fc.assert(
      fc.property(arbitraryPath, (path) => {
        expect(parsed(Path.format(path))).toStrictEqual(path)
      }),
      { numRuns: 500 }
    )
  })
})
