// Deno smoke test: @dirsync/scim-filter from its JSR entry point (src/index.ts).
import { Filter, Path } from "@dirsync/scim-filter"
import { Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"
import { assert, assertEquals } from "./assert.ts"

Deno.test("Filter.parse, compile and format", () => {
  const text = 'userName eq "BJensen@example.com" and emails[type eq "work"]'
  const parsed = Filter.parse(text)
  assert(Either.isRight(parsed), "parse failed")
  const matches = Filter.compile(parsed.right, Schemas.UserResource)
  assert(matches({ userName: "bjensen@example.com", emails: [{ type: "work", value: "b@example.com" }] }), "no match")
  assert(!matches({ userName: "bjensen@example.com", emails: [{ type: "home", value: "b@example.com" }] }), "false match")
  assertEquals(Filter.format(parsed.right), text, "format")
})

Deno.test("Filter.parse reports where a filter breaks", () => {
  const broken = Filter.parse('userName eq "unterminated')
  assert(Either.isLeft(broken), "accepted a broken filter")
  assertEquals(broken.left._tag, "FilterParseError", "error tag")
})

Deno.test("Path module is exported", () => {
  assert(typeof Path === "object" && Object.keys(Path).length > 0, "Path is empty")
})
