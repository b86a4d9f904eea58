import { Attribute, ResourceSchema, Schemas } from "@dirsync/scim-schema"
import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { arbitraryFilter, arbitraryOp, ENTERPRISE } from "../testdata/arbitraries.js"
import { users } from "../testdata/users.js"
import { Filter, Path } from "./index.js"

const { and, compare: cmp, not, or, present: pr, valuePath } = Filter
/** A `Compare` node whose number or boolean was written as `text`. */
const spelled = (compare: Filter.Compare, text: string): Filter.Compare => ({ ...compare, text })
const parsed = (text: string, options?: Filter.ParseOptions): Filter.Filter => {
  const result = Filter.parse(text, options)
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}
const failure = (text: string, options?: Filter.ParseOptions): Filter.FilterParseError => {
  const result = Filter.parse(text, options)
  if (Either.isRight(result)) throw new Error(`parsed ${JSON.stringify(text)} as ${Filter.format(result.right)}`)
  return result.left
}
const select = (filter: Filter.Filter, schema = Schemas.UserResource): Array<string> =>
  users.filter(Filter.compile(filter, schema)).map((u) => u.id as string)


describe("RFC 7644 §3.4.2.2 examples", () => {
  const cases: ReadonlyArray<readonly [string, Filter.Filter, ReadonlyArray<string>]> = [
    ["userName eq \"bjensen\"", cmp("userName", "eq", "bjensen"), ["u1"]],
    ["name.familyName co \"O'Malley\"", cmp("name.familyName", "co", "O'Malley"), ["u2"]],
    ["userName sw \"J\"", cmp("userName", "sw", "J"), ["u2", "u3"]],
    [
      "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
      cmp("urn:ietf:params:scim:schemas:core:2.0:User:userName", "sw", "J"),
      ["u2", "u3"]
    ],
    ["title pr", pr("title"), ["u1", "u4"]],
    ["meta.lastModified gt \"2011-05-13T04:42:34Z\"", cmp("meta.lastModified", "gt", "2011-05-13T04:42:34Z"), ["u2", "u5"]],
    ["meta.lastModified ge \"2011-05-13T04:42:34Z\"", cmp("meta.lastModified", "ge", "2011-05-13T04:42:34Z"), ["u1", "u2", "u3", "u5"]],
    ["meta.lastModified lt \"2011-05-13T04:42:34Z\"", cmp("meta.lastModified", "lt", "2011-05-13T04:42:34Z"), ["u4"]],
    ["meta.lastModified le \"2011-05-13T04:42:34Z\"", cmp("meta.lastModified", "le", "2011-05-13T04:42:34Z"), ["u1", "u3", "u4"]],
    ["title pr and userType eq \"Employee\"", and(pr("title"), cmp("userType", "eq", "Employee")), ["u1", "u4"]],
    ["title pr or userType eq \"Intern\"", or(pr("title"), cmp("userType", "eq", "Intern")), ["u1", "u2", "u4"]],
    ["schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"", cmp("schemas", "eq", ENTERPRISE), ["u1", "u5"]],
    [
      "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
      and(cmp("userType", "eq", "Employee"), or(cmp("emails", "co", "example.com"), cmp("emails.value", "co", "example.org"))),
      ["u1", "u4", "u5"]
    ],
    [
      "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
      and(cmp("userType", "ne", "Employee"), not(or(cmp("emails", "co", "example.com"), cmp("emails.value", "co", "example.org")))),
      []
    ],
    ["userType eq \"Employee\" and (emails.type eq \"work\")", and(cmp("userType", "eq", "Employee"), cmp("emails.type", "eq", "work")), ["u1", "u4", "u5"]],
    [
      "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
      and(cmp("userType", "eq", "Employee"), valuePath("emails", and(cmp("type", "eq", "work"), cmp("value", "co", "@example.com")))),
      ["u1", "u4"]
    ],
    [
      "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
      or(
        valuePath("emails", and(cmp("type", "eq", "work"), cmp("value", "co", "@example.com"))),
        valuePath("ims", and(cmp("type", "eq", "xmpp"), cmp("value", "co", "@foo.com")))
      ),
      ["u1", "u2", "u4"]
    ]
  ]

  it.each(cases)("parse(%j) gives the intended tree and selects the intended users", (text, tree, ids) => {
    expect(parsed(text)).toStrictEqual(tree)
    expect(parsed(text, { strict: true })).toStrictEqual(tree)
    expect(select(tree)).toStrictEqual(ids)
  })
})

describe("parse()", () => {
  const cases: ReadonlyArray<readonly [string, Filter.Filter]> = [
    ["userName EQ \"bjensen\"", cmp("userName", "eq", "bjensen")],
    ["USERNAME Eq \"x\"", cmp("USERNAME", "eq", "x")],
    ["title PR", pr("title")],
    ["a pr AND b pr OR c pr", or(and(pr("a"), pr("b")), pr("c"))],
    ["a pr or b pr and c pr", or(pr("a"), and(pr("b"), pr("c")))],
    ["a pr and b pr and c pr", and(and(pr("a"), pr("b")), pr("c"))],
    ["a pr and (b pr and c pr)", and(pr("a"), and(pr("b"), pr("c")))],
    ["NOT (a pr)", not(pr("a"))],
    ["not(a pr)", not(pr("a"))],
    ["(a pr)or(b pr)", or(pr("a"), pr("b"))],
    ["  \tuserName   eq\t\"x\"  ", cmp("userName", "eq", "x")],
    ["active eq true", cmp("active", "eq", true)],
    ["active eq False", spelled(cmp("active", "eq", false), "False")],
    ["manager eq NULL", cmp("manager", "eq", null)],
    ["count gt -12.5e2", spelled(cmp("count", "gt", -1250), "-12.5e2")],
    ["count eq 1.50", spelled(cmp("count", "eq", 1.5), "1.50")],
    ["count eq -0", cmp("count", "eq", -0)],
    ["count eq 1e3", spelled(cmp("count", "eq", 1000), "1e3")],
    ["count eq 0", cmp("count", "eq", 0)],
    ["x eq \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"", cmp("x", "eq", "\" \\ / \b \f \n \r \t é 😀")],
    ["x eq \"\"", cmp("x", "eq", "")],
    ["x eq \"a and b or c\"", cmp("x", "eq", "a and b or c")],
    ["members.$ref eq \"https://example.com/v2/Users/1\"", cmp("members.$ref", "eq", "https://example.com/v2/Users/1")],
    [
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"",
      cmp({ urn: ENTERPRISE, attribute: "manager", subAttribute: "value" }, "eq", "26118915-6090-4610-87e4-49d8ca9f808d")
    ],
    [`${ENTERPRISE}:employeeNumber eq "701984"`, cmp({ urn: ENTERPRISE, attribute: "employeeNumber" }, "eq", "701984")],
    ["not eq \"x\"", cmp("not", "eq", "x")],
    ["and pr and or pr", and(pr("and"), pr("or"))],
    ["emails[not (type eq \"work\")]", valuePath("emails", not(cmp("type", "eq", "work")))],
    ["emails[(type eq \"work\") or primary eq true]", valuePath("emails", or(cmp("type", "eq", "work"), cmp("primary", "eq", true)))],
    // Tolerances (on by default)
    ["externalId eq jyoung", cmp("externalId", "eq", "jyoung")],
    ["externalId eq 5f3b1c2e-8d4a-4e6f-9b1a-2c3d4e5f6a7b", cmp("externalId", "eq", "5f3b1c2e-8d4a-4e6f-9b1a-2c3d4e5f6a7b")],
    ["userName eq john.doe@example.com and active eq true", and(cmp("userName", "eq", "john.doe@example.com"), cmp("active", "eq", true))],
    ["externalId eq 00123", cmp("externalId", "eq", "00123")],
    ["externalId eq 123", cmp("externalId", "eq", 123)],
    ["(externalId eq abc)", cmp("externalId", "eq", "abc")],
    ["emails[value eq a@b.c]", valuePath("emails", cmp("value", "eq", "a@b.c"))],
    [
      "emails[type eq \"work\"].value eq \"jdoe@example.com\"",
      valuePath("emails", and(cmp("type", "eq", "work"), cmp("value", "eq", "jdoe@example.com")))
    ],
    ["emails[type eq \"work\"].value pr", valuePath("emails", and(cmp("type", "eq", "work"), pr("value")))],
    [
      "emails[type eq \"work\"].value eq \"a@example.com\" and userName sw \"a\"",
      and(valuePath("emails", and(cmp("type", "eq", "work"), cmp("value", "eq", "a@example.com"))), cmp("userName", "sw", "a"))
    ]
  ]

  it.each(cases)("parse(%j)", (text, tree) => {
    expect(parsed(text)).toStrictEqual(tree)
    expect(parsed(Filter.format(tree))).toStrictEqual(tree)
  })

  it("parse() keeps attribute names as written and lower-cases operators", () => {
    expect(parsed("Emails[TYPE EQ \"work\"]")).toStrictEqual(valuePath("Emails", cmp("TYPE", "eq", "work")))
  })

  it("strict parsing rejects unquoted values and the Entra value-path form", () => {
    expect(failure("externalId eq jyoung", { strict: true }).position).toBe(15)
    expect(failure("emails[type eq \"work\"].value eq \"x\"", { strict: true }).position).toBe(23)
    expect(failure("externalId eq jyoung", { unquotedValues: false }).expected).toContain("quoted string")
    // one tolerance can be switched back on in strict mode
    expect(parsed("externalId eq jyoung", { strict: true, unquotedValues: true })).toStrictEqual(
      cmp("externalId", "eq", "jyoung")
    )
    expect(parsed("externalId eq \"x\" and e[a eq 1].b pr", { valuePathSubAttribute: true, strict: true })).toStrictEqual(
      and(cmp("externalId", "eq", "x"), valuePath("e", and(cmp("a", "eq", 1), pr("b"))))
    )
  })

  it("the error names the input, the position and what was expected", () => {
    const error = failure("userName eq")
    expect(error._tag).toBe("FilterParseError")
    expect(error.message).toBe("Cannot parse filter \"userName eq\": expected a value at position 12")
    expect(error).toMatchObject({ input: "userName eq", position: 12, expected: "a value", scimType: "invalidFilter" })
  })
})

describe("parse() errors", () => {
  // [input, 1-based position, fragment of `expected`]
  const cases: ReadonlyArray<readonly [string, number, string]> = [
    ["", 1, "attribute path"],
    ["   ", 4, "attribute path"],
    ["userName", 9, "operator"],
    ["userName ", 10, "operator"],
    ["userName eq", 12, "a value"],
    ["userName eq ", 13, "a value"],
    ["userName xx \"a\"", 10, "operator"],
    ["userName equals \"a\"", 10, "operator"],
    ["userName = \"a\"", 10, "operator"],
    ["userName == \"a\"", 10, "operator"],
    ["userName eq \"a", 15, "closing quotation mark"],
    ["userName eq \"", 14, "closing quotation mark"],
    ["userName eq \"a\\", 15, "escape"],
    ["userName eq \"a\\x\"", 15, "escape"],
    ["userName eq \"a\\u12\"", 15, "hexadecimal"],
    ["userName eq \"a\\uZZZZ\"", 15, "hexadecimal"],
    ["userName eq \"a\nb\"", 15, "control character"],
    ["userName eq \"a\" extra", 17, "\"and\", \"or\" or the end of the filter"],
    ["userName eq \"a\" and", 20, "attribute path"],
    ["userName eq \"a\" or ", 20, "attribute path"],
    ["userName eq \"a\" and or", 23, "operator"],
    ["userName eq \"a\" xor b pr", 17, "the end of the filter"],
    ["and", 4, "operator"],
    ["(userName eq \"a\"", 17, "\")\""],
    ["((a pr)", 8, "\")\""],
    ["(a pr))", 7, "the end of the filter"],
    [")", 1, "attribute path"],
    ["()", 2, "attribute path"],
    ["not", 4, "operator"],
    ["not (", 6, "attribute path"],
    ["not (a pr", 10, "\")\""],
    ["not a pr", 5, "operator"],
    ["emails[type eq \"work\"", 22, "\"]\""],
    ["emails[", 8, "attribute path"],
    ["emails[]", 8, "attribute path"],
    ["emails]", 7, "operator"],
    ["emails[type eq \"work\")", 22, "\"]\""],
    ["emails[type[value eq 1]]", 12, "operator"],
    ["name.givenName[value eq 1]", 15, "operator"],
    ["emails[type eq \"work\"].", 24, "attribute name"],
    ["emails[type eq \"work\"].value", 29, "operator"],
    ["emails[type eq \"work\"].value eq", 32, "a value"],
    ["1userName eq \"a\"", 1, "attribute path"],
    ["-x pr", 1, "attribute path"],
    ["\"userName\" eq \"a\"", 1, "attribute path"],
    ["user_name. pr", 11, "attribute name"],
    ["name.given.name pr", 11, "letter, digit"],
    ["name.1x pr", 6, "attribute name"],
    ["urn:ietf:params:scim:schemas:core:2.0:User: pr", 44, "attribute name after the schema URN"],
    ["urn:ietf:params:scim:schemas:core:2.0:User:1a pr", 44, "attribute name"],
    ["userName eq 'bjensen'", 13, "quoted string"],
    ["userName eq tru", 13, "quoted string"],
    ["count eq 1.", 10, "quoted string"],
    ["count eq 01", 10, "quoted string"],
    ["count eq --1", 10, "quoted string"],
    ["count eq 1e", 10, "quoted string"],
    ["userName eq )", 13, "a value"],
    ["userName eq ]", 13, "a value"],
    ["a pr and and", 13, "operator"],
    ["userName eq \"a\" and (b pr", 26, "\")\""]
  ]

  it.each(cases)("parse(%j) fails at position %i", (text, position, expected) => {
    // Unquoted values are tolerated by default; these cases are only errors in strict mode.
    const strict = text.startsWith("count") || text.includes("'") || text.endsWith("tru")
    const error = failure(text, { strict })
    expect(error.position).toBe(position)
    expect(error.expected).toContain(expected)
    expect(error.input).toBe(text)
    expect(error.scimType).toBe("invalidFilter")
    expect(error.message).toBe(`Cannot parse filter ${JSON.stringify(text)}: ${error.reason} at position ${position}`)
  })

  it("has at least 50 malformed cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50)
  })

  it("refuses input longer than maxLength", () => {
    const error = failure(`userName eq "${"a".repeat(9000)}"`)
    expect(error.position).toBe(8193)
    expect(error.expected).toBe("at most 8192 characters")
    expect(Either.isRight(Filter.parse("a pr", { maxLength: 4 }))).toBe(true)
    expect(failure("a pr ", { maxLength: 4 }).position).toBe(5)
  })

  it("refuses nesting deeper than maxDepth without overflowing the stack", () => {
    const deep = `${"(".repeat(100_000)}a pr${")".repeat(100_000)}`
    const error = failure(deep, { maxLength: Infinity })
    expect(error.position).toBe(33)
    expect(error.reason).toBe("nesting deeper than 32 levels")
    expect(failure(`${"not (".repeat(40)}a pr${")".repeat(40)}`).reason).toBe("nesting deeper than 32 levels")
    expect(parsed(`${"(".repeat(32)}a pr${")".repeat(32)}`)).toStrictEqual(pr("a"))
    expect(failure(`${"(".repeat(5)}a pr${")".repeat(5)}`, { maxDepth: 4 }).position).toBe(5)
  })

  it("parses long flat chains without recursion", () => {
    const terms = Array.from({ length: 1000 }, (_, i) => `a${i} pr`)
    const tree = parsed(terms.join(" or "), { maxLength: Infinity })
    expect(Filter.format(tree)).toBe(terms.join(" or "))
    expect(Filter.compile(tree)({ a999: "x" })).toBe(true)
  })

  it("truncations of valid filters give typed errors with positions inside the input", () => {
    const valid = [
      "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
      "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\\u0041\""
    ]
    for (const text of valid) {
      for (let end = 0; end < text.length; end++) {
        const prefix = text.slice(0, end)
        const result = Filter.parse(prefix, { strict: true })
        if (Either.isLeft(result)) {
          expect(result.left.position).toBeGreaterThanOrEqual(1)
          expect(result.left.position).toBeLessThanOrEqual(prefix.length + 1)
        }
      }
    }
  })

  it("never throws on any input, and errors point inside the input (fast-check)", () => {
    const alphabet = fc.constantFrom(..."ab eqprnotd()[]\"\\.:$-_0123456789 \t\nuUE".split(""))
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.string({ unit: alphabet, maxLength: 60 })),
        fc.boolean(),
        (text, strict) => {
          const result = Filter.parse(text, { strict })
          if (Either.isLeft(result)) {
            expect(result.left.position).toBeGreaterThanOrEqual(1)
            expect(result.left.position).toBeLessThanOrEqual(text.length + 1)
            expect(result.left.message).toContain(`at position ${result.left.position}`)
          } else {
            expect(parsed(Filter.format(result.right))).toStrictEqual(result.right)
          }
        }
      ),
      { numRuns: 3000 }
    )
  })
})

// ---------------------------------------------------------------------------------------------------

describe("format()", () => {
  it("parse(format(tree)) is the identity on trees (fast-check)", () => {
    fc.assert(
      fc.property(arbitraryFilter, fc.boolean(), (tree, strict) => {
        expect(parsed(Filter.format(tree), { strict })).toStrictEqual(tree)
      }),
      { numRuns: 2000 }
    )
  })

  it("format() is canonical apart from the spelling of numbers and booleans, which it keeps", () => {
    expect(Filter.format(parsed("  (A PR)  AND NOT(b Eq TRUE) oR c[ d lE 1.50 ]"))).toBe(
      "A pr and not (b eq TRUE) or c[d le 1.50]"
    )
    expect(Filter.format(parsed("  (A PR)  AND NOT(b Eq true) oR c[ d lE 1.5 ]"))).toBe(
      "A pr and not (b eq true) or c[d le 1.5]"
    )
    expect(Filter.format(parsed("externalId EQ 12345678901234567890"))).toBe("externalId eq 12345678901234567890")
    // a spelling that does not stand for the value is ignored
    expect(Filter.format(spelled(cmp("n", "eq", 2), "1.50"))).toBe("n eq 2")
    expect(Filter.format(spelled(cmp("b", "eq", true), "FALSE"))).toBe("b eq true")
    expect(Filter.format(spelled(cmp("b", "eq", true), "1 or x pr"))).toBe("b eq true")
    expect(Filter.format(parsed("a pr and (b pr or c pr)"))).toBe("a pr and (b pr or c pr)")
    expect(Filter.format(or(pr("a"), or(pr("b"), pr("c"))))).toBe("a pr or (b pr or c pr)")
    expect(Filter.format(cmp("x", "eq", "quote \" and \\ and \u0001"))).toBe("x eq \"quote \\\" and \\\\ and \\u0001\"")
    expect(Filter.format(cmp("x", "eq", -0))).toBe("x eq -0")
  })
})

// ---------------------------------------------------------------------------------------------------

describe("compile() and evaluate() with the User resource schema", () => {
  const bjensen: Record<string, unknown> = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    id: "2819c223-7f76-453a-919d-413861904646",
    externalId: "Bjensen-Ext",
    userName: "BJensen@Example.com",
    displayName: "Babs Jensen",
    nickName: "",
    active: "False",
    emails: [
      { type: "work", value: "bjensen@example.com", primary: true },
      { type: "home", value: "babs@jensen.org" }
    ],
    phoneNumbers: [],
    photos: [{ type: "photo", value: null }],
    addresses: [{ type: "work", locality: "Hollywood", country: "USA" }],
    x509Certificates: [{ value: "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx" }],
    groups: [{ value: "e9e30dba-f08f-4109-8486-d5c6a331660a", display: "Tour Guides" }],
    meta: { created: "2010-01-23T04:56:22Z", lastModified: "2011-05-13T04:42:34.000+00:00", version: "W/\"a330bc54f0671c9\"" },
    [ENTERPRISE]: { employeeNumber: "701984", manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d" }, department: "Tour" },
    "urn:example:acme:1.0:User": { badge: 42, ratio: 0.5, vip: true }
  }
  const acme = {
    id: "urn:example:acme:1.0:User",
    name: "Acme",
    description: "",
    attributes: [Attribute.make("badge", "integer"), Attribute.make("ratio", "decimal"), Attribute.make("vip", "boolean")]
  }
  const schema = ResourceSchema.withExtension(Schemas.UserResource, acme)

  const cases: ReadonlyArray<readonly [string, boolean]> = [
    // caseExact=false (userName, emails.value) vs caseExact=true (id, externalId)
    ["userName eq \"bjensen@example.com\"", true],
    ["USERNAME EQ \"BJENSEN@EXAMPLE.COM\"", true],
    ["userName ne \"bjensen@example.com\"", false],
    ["userName sw \"bjensen@\"", true],
    ["userName ew \"EXAMPLE.COM\"", true],
    ["userName co \"jensen@ex\"", true],
    ["userName gt \"bj\"", true],
    ["userName lt \"BJ\"", false],
    ["externalId eq \"Bjensen-Ext\"", true],
    ["externalId eq \"bjensen-ext\"", false],
    ["externalId eq bjensen-ext", false],
    ["externalId ne \"bjensen-ext\"", true],
    ["externalId sw \"Bj\"", true],
    ["externalId sw \"bj\"", false],
    ["id eq \"2819C223-7F76-453A-919D-413861904646\"", false],
    ["id eq \"2819c223-7f76-453a-919d-413861904646\"", true],
    ["meta.version eq \"W/\\\"a330bc54f0671c9\\\"\"", true],
    // dateTime compares instants
    ["meta.lastModified eq \"2011-05-13T04:42:34Z\"", true],
    ["meta.lastModified eq \"2011-05-13T06:42:34+02:00\"", true],
    ["meta.lastModified gt \"2011-05-13T04:42:33.999Z\"", true],
    ["meta.lastModified lt \"2011-05-13T04:42:34Z\"", false],
    ["meta.created lt \"2011-01-01T00:00:00Z\"", true],
    ["meta.created gt \"not a date\"", false],
    ["meta.created sw \"2010-01\"", true],
    // booleans by type (Entra's "False" strings read as booleans); no ordering on booleans
    ["active eq false", true],
    ["active eq true", false],
    ["active ne true", true],
    ["active gt false", false],
    ["active eq \"false\"", true],
    // numbers by type
    [`urn:example:acme:1.0:User:badge eq 42`, true],
    [`urn:example:acme:1.0:User:badge eq "42"`, false],
    [`urn:example:acme:1.0:User:badge ge 42`, true],
    [`urn:example:acme:1.0:User:badge gt 42`, false],
    [`urn:example:acme:1.0:User:ratio lt 1`, true],
    [`urn:example:acme:1.0:User:badge co 4`, false],
    ["badge eq 42", true],
    ["vip eq true", true],
    // multi-valued: any value
    ["emails.value eq \"babs@jensen.org\"", true],
    ["emails.type eq \"home\"", true],
    ["emails.type ne \"work\"", true],
    ["emails.value ew \"@nowhere.org\"", false],
    ["emails eq \"BJENSEN@example.com\"", true],
    ["emails co \"jensen.org\"", true],
    ["groups eq \"e9e30dba-f08f-4109-8486-d5c6a331660a\"", true],
    ["x509Certificates eq \"MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx\"", true],
    ["x509Certificates eq \"miidqzccaqygawibagiceaawdqyjkozihvcnaqefbqawtjelmakga1uebhmcvvmx\"", false],
    ["emails[type eq \"work\" and value co \"@example.com\"]", true],
    ["emails[type eq \"home\" and value co \"@example.com\"]", false],
    ["emails[type eq \"work\"].value eq \"BJENSEN@example.com\"", true],
    ["emails[type eq \"home\"].value eq \"bjensen@example.com\"", false],
    ["emails[primary eq true]", true],
    ["emails[not (primary eq true)]", true],
    ["emails[nope eq 1]", false],
    ["addresses[locality eq \"HOLLYWOOD\"]", true],
    ["name[givenName pr]", false],
    // pr: null, "", [] and empty complex values are absent
    ["displayName pr", true],
    ["nickName pr", false],
    ["title pr", false],
    ["phoneNumbers pr", false],
    ["photos pr", true],
    ["photos.value pr", false],
    ["emails pr", true],
    ["emails.display pr", false],
    ["title eq null", true],
    ["displayName eq null", false],
    ["displayName ne null", true],
    ["displayName gt null", false],
    // extensions live under their URN; without a URN the extension is searched too
    [`${ENTERPRISE}:employeeNumber eq "701984"`, true],
    [`${ENTERPRISE.toUpperCase()}:EMPLOYEENUMBER eq "701984"`, true],
    ["employeeNumber eq \"701984\"", true],
    [`${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    [`${ENTERPRISE}:manager eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    [`${ENTERPRISE}:department pr`, true],
    ["urn:ietf:params:scim:schemas:core:2.0:User:displayName eq \"babs jensen\"", true],
    ["urn:ietf:params:scim:schemas:core:2.0:User:employeeNumber eq \"701984\"", false],
    // unknown attributes never match
    ["foo eq \"x\"", false],
    ["foo pr", false],
    ["foo eq null", false],
    ["name.nope pr", false],
    ["userName.nope pr", false],
    ["urn:example:unknown:User:userName eq \"bjensen@example.com\"", false],
    ["not (foo eq \"x\")", true],
    ["constructor pr", false],
    ["toString eq \"x\"", false],
    // a complex attribute without `value` compares nothing
    ["name eq \"Babs\"", false],
    // logic
    ["userName eq \"x\" or active eq false", true],
    ["userName eq \"x\" or not (active eq true) and emails pr", true],
    ["(userName eq \"x\" or active eq false) and foo pr", false]
  ]

  it.each(cases)("%s → %s", (text, expected) => {
    const filter = parsed(text)
    expect(Filter.compile(filter, schema)(bjensen)).toBe(expected)
    expect(Filter.evaluate(filter, bjensen, schema)).toBe(expected)
  })

  it("a resource that is not an object never matches", () => {
    const predicate = Filter.compile(parsed("title eq null"), schema)
    expect(predicate(null as never)).toBe(false)
    expect(predicate([] as never)).toBe(false)
  })
})

describe("compile() with the Group resource schema", () => {
  const group = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    id: "e9e30dba-f08f-4109-8486-d5c6a331660a",
    displayName: "Tour Guides",
    members: [
      { value: "2819c223-7f76-453a-919d-413861904646", display: "Babs Jensen" },
      { value: "902c246b-6245-4190-8e05-00816be7344a", display: "Mandy Pepperidge" }
    ]
  }
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ["displayName eq \"tour guides\"", true],
    ["members[value eq \"902c246b-6245-4190-8e05-00816be7344a\"]", true],
    ["members[value eq \"902C246B-6245-4190-8E05-00816BE7344A\"]", true],
    ["members eq \"2819c223-7f76-453a-919d-413861904646\"", true],
    ["members.value sw \"2819C223\"", true],
    ["id eq \"e9e30dba-f08f-4109-8486-d5c6a331660a\" and members[value eq \"nobody\"]", false],
    ["userName pr", false]
  ]
  it.each(cases)("%s → %s", (text, expected) => {
    expect(Filter.evaluate(parsed(text), group, Schemas.GroupResource)).toBe(expected)
  })
})

describe("compile() without a schema", () => {
  const resource = {
    UserName: "BJensen",
    externalId: "Ext-1",
    active: true,
    count: 3,
    emails: [{ TYPE: "work", value: "a@EXAMPLE.com" }],
    tags: ["Red", "blue"],
    "urn:example:ext:1.0:User": { level: "Gold" }
  }
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ["userName eq \"bjensen\"", true],
    ["externalId eq \"ext-1\"", true],
    ["active eq true", true],
    ["active eq \"true\"", false],
    ["count gt 2", true],
    ["count eq \"3\"", false],
    ["tags eq \"RED\"", true],
    ["emails eq \"a@example.com\"", true],
    ["emails[type eq \"WORK\"]", true],
    ["emails.type sw \"W\"", true],
    ["urn:example:ext:1.0:User:level eq \"gold\"", true],
    ["urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen\"", true],
    ["level eq \"gold\"", false],
    ["missing pr", false],
    ["missing eq null", true]
  ]
  it.each(cases)("%s → %s", (text, expected) => {
    expect(Filter.evaluate(parsed(text), resource)).toBe(expected)
  })
})

describe("evaluation laws (fast-check)", () => {
  const arbitraryResource = fc.dictionary(
    fc.constantFrom("a", "A", "b", "emails", "c"),
    fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.integer({ min: -2, max: 2 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.record({ type: fc.constantFrom("work", "home"), value: fc.string({ maxLength: 3 }) }), { maxLength: 3 })
    )
  )
  const small = fc.letrec<{ f: Filter.Filter }>((tie) => ({
    f: fc.oneof(
      { depthSize: "small" },
      fc.tuple(fc.constantFrom("a", "b", "emails", "emails.value", "c"), arbitraryOp, fc.oneof(fc.string({ maxLength: 2 }), fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constant(null)))
        .map(([p, op, v]) => cmp(p, op, v)),
      fc.constantFrom("a", "b", "emails", "emails.type").map((p) => pr(p)),
      fc.tuple(tie("f"), tie("f")).map(([l, r]) => and(l, r)),
      fc.tuple(tie("f"), tie("f")).map(([l, r]) => or(l, r)),
      tie("f").map(not)
    )
  })).f

  it("not, and, or follow boolean logic", () => {
    fc.assert(
      fc.property(small, small, arbitraryResource, (f, g, r) => {
        const F = Filter.compile(f)(r)
        const G = Filter.compile(g)(r)
        expect(Filter.compile(not(f))(r)).toBe(!F)
        expect(Filter.compile(and(f, g))(r)).toBe(F && G)
        expect(Filter.compile(or(f, g))(r)).toBe(F || G)
        expect(Filter.compile(parsed(Filter.format(and(f, g))))(r)).toBe(F && G)
      }),
      { numRuns: 1000 }
    )
  })
})

// ---------------------------------------------------------------------------------------------------

describe("unquoted numbers and booleans against string attributes", () => {
  // Entra ID sends `externalId eq 12345` unquoted; a miss makes it create a duplicate user.
  const user = (attributes: Record<string, unknown>) => ({ schemas: [Schemas.UserUrn], userName: "u", ...attributes })
  const group = (attributes: Record<string, unknown>) => ({ schemas: [Schemas.GroupUrn], displayName: "g", ...attributes })
  const cases: ReadonlyArray<readonly [string, Record<string, unknown>, boolean, ResourceSchema.ResourceSchema | undefined]> = [
    // string attributes compare against the literal's text (case exact or not, as the schema says)
    ["externalId eq 12345", user({ externalId: "12345" }), true, Schemas.UserResource],
    ["externalId eq \"12345\"", user({ externalId: "12345" }), true, Schemas.UserResource],
    ["externalId eq 12345", user({ externalId: "012345" }), false, Schemas.UserResource],
    ["externalId eq 12345", user({ externalId: 12345 }), false, Schemas.UserResource],
    ["externalId ne 12345", user({ externalId: "12345" }), false, Schemas.UserResource],
    ["externalId ne 12345", user({ externalId: "54321" }), true, Schemas.UserResource],
    ["externalId sw 123", user({ externalId: "12345" }), true, Schemas.UserResource],
    ["externalId ew 45", user({ externalId: "12345" }), true, Schemas.UserResource],
    ["externalId co 234", user({ externalId: "12345" }), true, Schemas.UserResource],
    ["externalId gt 12", user({ externalId: "9" }), true, Schemas.UserResource],
    ["externalId eq -7", user({ externalId: "-7" }), true, Schemas.UserResource],
    ["externalId eq -0", user({ externalId: "-0" }), true, Schemas.UserResource],
    // the spelling is kept where the number's canonical text differs
    ["externalId eq 12345.0", user({ externalId: "12345.0" }), true, Schemas.UserResource],
    ["externalId eq 12345.0", user({ externalId: "12345" }), false, Schemas.UserResource],
    ["externalId eq 1e3", user({ externalId: "1e3" }), true, Schemas.UserResource],
    ["externalId eq 1e3", user({ externalId: "1000" }), false, Schemas.UserResource],
    ["externalId eq 12345678901234567890", user({ externalId: "12345678901234567890" }), true, Schemas.UserResource],
    ["externalId eq 12345678901234567890", user({ externalId: "12345678901234567000" }), false, Schemas.UserResource],
    // booleans too; case follows the attribute's caseExact
    ["userName eq true", user({ userName: "true" }), true, Schemas.UserResource],
    ["userName eq true", user({ userName: "TRUE" }), true, Schemas.UserResource],
    ["userName eq False", user({ userName: "false" }), true, Schemas.UserResource],
    ["externalId eq True", user({ externalId: "True" }), true, Schemas.UserResource],
    ["externalId eq True", user({ externalId: "true" }), false, Schemas.UserResource],
    ["userName eq true", user({ userName: "yes" }), false, Schemas.UserResource],
    // sub-attributes, complex values, extensions, multi-valued
    ["emails.value eq 42", user({ emails: [{ value: "41" }, { value: "42" }] }), true, Schemas.UserResource],
    ["emails eq 42", user({ emails: [{ value: "42" }] }), true, Schemas.UserResource],
    ["emails[type eq work and value eq 42]", user({ emails: [{ type: "work", value: "42" }] }), true, Schemas.UserResource],
    ["emails[type eq \"work\"].value eq 42", user({ emails: [{ type: "work", value: "42" }] }), true, Schemas.UserResource],
    ["employeeNumber eq 701984", user({ [ENTERPRISE]: { employeeNumber: "701984" } }), true, Schemas.UserResource],
    [`${ENTERPRISE}:manager.value eq 7`, user({ [ENTERPRISE]: { manager: { value: "7" } } }), true, Schemas.UserResource],
    ["phoneNumbers.value eq 5550123", user({ phoneNumbers: [{ value: "5550123" }] }), true, Schemas.UserResource],
    // reference and binary attributes compare against the text as well (binary case exact)
    ["profileUrl eq 42", user({ profileUrl: "42" }), true, Schemas.UserResource],
    ["x509Certificates.value eq 1e3", user({ x509Certificates: [{ value: "1e3" }] }), true, Schemas.UserResource],
    ["x509Certificates.value eq 1e3", user({ x509Certificates: [{ value: "1E3" }] }), false, Schemas.UserResource],
    // groups
    ["displayName eq 2024", group({ displayName: "2024" }), true, Schemas.GroupResource],
    ["members[value eq 12345]", group({ members: [{ value: "12345" }] }), true, Schemas.GroupResource],
    ["members[value eq 12345]", group({ members: [{ value: "123456" }] }), false, Schemas.GroupResource],
    // other types keep their meaning: booleans by value, numbers never stand for instants, null is absence
    ["active eq true", user({ active: true }), true, Schemas.UserResource],
    ["active eq 1", user({ active: true }), false, Schemas.UserResource],
    ["meta.lastModified eq 2011", user({ meta: { lastModified: "2011" } }), false, Schemas.UserResource],
    ["externalId eq null", user({}), true, Schemas.UserResource],
    ["externalId eq null", user({ externalId: "null" }), false, Schemas.UserResource],
    // without a schema a number matches numbers by value and strings by its text
    ["externalId eq 12345", { externalId: "12345" }, true, undefined],
    ["externalId eq 12345.0", { externalId: "12345.0" }, true, undefined],
    ["externalId eq 12345.0", { externalId: 12345 }, true, undefined],
    ["externalId gt 2", { externalId: 3 }, true, undefined],
    ["externalId ne 12345", { externalId: "x" }, true, undefined],
    ["externalId eq 12345", { externalId: "x" }, false, undefined]
  ]

  it.each(cases)("%s on %j → %s", (text, resource, expected, schema) => {
    expect(Filter.evaluate(parsed(text), resource, schema)).toBe(expected)
    // the same in strict RFC grammar (a number is a valid compValue there) and after a format round trip
    const tolerated = text.includes("eq work") || text.includes("].")
    if (!tolerated) expect(Filter.compile(parsed(text, { strict: true }), schema)(resource)).toBe(expected)
    expect(Filter.compile(parsed(Filter.format(parsed(text))), schema)(resource)).toBe(expected)
  })

  it("PATCH value filters find the member an unquoted id names", () => {
    const path = Path.parse("members[value eq 12345]")
    if (Either.isLeft(path) || path.right._tag !== "ValuePath") throw new Error("expected a value path")
    const element = Filter.compile(path.right.filter)
    expect(element({ value: "12345" })).toBe(true)
    expect(element({ value: "12346" })).toBe(false)
  })

  it.each([
    ["externalId eq 12345", "12345"],
    ["externalId eq 12345.0", "12345.0"],
    ["externalId eq 12345678901234567890", "12345678901234567890"],
    ["externalId eq TRUE", "TRUE"],
    ["externalId eq false", "false"],
    ["externalId eq \"1.50\"", "1.50"],
    ["externalId eq jyoung", "jyoung"],
    ["externalId eq null", undefined]
  ] as const)("valueText(%j) is %j", (text, expected) => {
    expect(Filter.valueText(parsed(text) as Filter.Compare)).toBe(expected)
  })
})

describe("FilterFromString", () => {
  it("decodes filter text to the tree and encodes a tree to canonical text", () => {
    const decode = Schema.decodeUnknownEither(Filter.FilterFromString)
    expect(decode("userName Eq \"bjensen\"")).toStrictEqual(Either.right(cmp("userName", "eq", "bjensen")))
    expect(decode("externalId eq jyoung")).toStrictEqual(Either.right(cmp("externalId", "eq", "jyoung")))
    expect(Schema.encodeSync(Filter.FilterFromString)(and(pr("title"), cmp("active", "eq", true)))).toBe(
      "title pr and active eq true"
    )
  })

  it("fails with the parse error's message on malformed text and on non-strings", () => {
    const failed = Schema.decodeUnknownEither(Filter.FilterFromString)("userName eq")
    expect(Either.isLeft(failed) && failed.left.message).toContain(
      "Cannot parse filter \"userName eq\": expected a value at position 12"
    )
    expect(Either.isLeft(Schema.decodeUnknownEither(Filter.FilterFromString)(42))).toBe(true)
    // a number too large for a double still decodes, and keeps its spelling
    const huge = Schema.decodeUnknownSync(Filter.FilterFromString)("externalId eq 1e400")
    expect(Filter.format(huge)).toBe("externalId eq 1e400")
    expect(Either.isLeft(Schema.decodeUnknownEither(Filter.filterFromString({ strict: true }))("externalId eq jyoung"))).toBe(
      true
    )
  })

  it("decodes inside a struct, as a query parameter", () => {
    const Query = Schema.Struct({ filter: Schema.optional(Filter.FilterFromString) })
    expect(Schema.decodeUnknownSync(Query)({ filter: "emails[type eq \"work\"]" }).filter).toStrictEqual(
      valuePath("emails", cmp("type", "eq", "work"))
    )
  })

  it("Filter.Filter accepts trees and rejects other values", () => {
    const is = Schema.is(Filter.Filter)
    expect(is(parsed("a pr and not (b eq 1.50) or c[d le \"x\"]"))).toBe(true)
    expect(is({ _tag: "Compare", path: { attribute: "a" }, op: "pr", value: 1 })).toBe(false)
    expect(is({ _tag: "And", left: pr("a") })).toBe(false)
    expect(is({ _tag: "Compare", path: { attribute: "a" }, op: "eq", value: Number.NaN })).toBe(false)
    expect(is("a pr")).toBe(false)
  })

  it("decode(encode(tree)) is the identity on trees (fast-check)", () => {
    const codec = Filter.FilterFromString
    fc.assert(
      fc.property(arbitraryFilter, (tree) => {
        expect(Schema.decodeSync(codec)(Schema.encodeSync(codec)(tree))).toStrictEqual(tree)
      }),
      { numRuns: 500 }
    )
  })
})
