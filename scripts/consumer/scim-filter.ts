// Consumer check: @dirsync/scim-filter installed from its tarball, as a user's project sees it.
import { Filter, Path } from "@dirsync/scim-filter"
import { Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`@dirsync/scim-filter: ${what}`)
}

const text = 'userName eq "BJensen@example.com" and emails[type eq "work"]'
const parsed = Filter.parse(text)
check(Either.isRight(parsed), "Filter.parse accepts a valid filter")
if (Either.isRight(parsed)) {
  const matches = Filter.compile(parsed.right, Schemas.UserResource)
  check(matches({ userName: "bjensen@example.com", emails: [{ type: "work", value: "b@example.com" }] }), "compiled filter matches (userName is caseExact: false)")
  check(!matches({ userName: "someone@example.com", emails: [{ type: "work", value: "b@example.com" }] }), "compiled filter rejects")
  check(Filter.format(parsed.right) === text, "Filter.format round-trips")
}
const broken = Filter.parse('userName eq "unterminated')
check(Either.isLeft(broken) && broken.left._tag === "FilterParseError", "Filter.parse reports a FilterParseError")
check(typeof Path === "object", "Path module is exported")

console.log("@dirsync/scim-filter ok")
