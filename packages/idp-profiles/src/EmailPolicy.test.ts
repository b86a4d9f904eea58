import { Either } from "effect"
import { describe, expect, it } from "vitest"
import * as EmailPolicy from "./EmailPolicy.js"
import * as UserMapping from "./UserMapping.js"

const user = (...emails: ReadonlyArray<string>) =>
  UserMapping.toApplicationUser({ userName: "ada", emails: emails.map((value) => ({ value })) })

describe("EmailPolicy", () => {
  it("has the admin API's defaults", () => {
    expect(EmailPolicy.fromConnection({})).toEqual({ requireEmail: false, restrictEmailDomains: true, domains: [] })
    expect(EmailPolicy.fromConnection({ require_email: true, restrict_email_domains: false, domains: ["a.io"] }))
      .toEqual({ requireEmail: true, restrictEmailDomains: false, domains: ["a.io"] })
  })

  it.each<[string, ReadonlyArray<string>, Partial<EmailPolicy.Policy>, "ok" | "missing" | "domain"]>([
    ["no e-mail, not required", [], {}, "ok"],
    ["no e-mail, required", [], { requireEmail: true }, "missing"],
    ["any e-mail without domains", ["ada@anywhere.io"], {}, "ok"],
    ["an e-mail in the domains", ["ada@example.com"], { domains: ["example.com"] }, "ok"],
    ["a sub-domain, upper case", ["ada@ENG.Example.com"], { domains: ["example.com"] }, "ok"],
    ["a listed domain with @ and a trailing dot", ["ada@example.com"], { domains: ["@Example.com."] }, "ok"],
    ["an e-mail outside the domains", ["ada@evil.io"], { domains: ["example.com"] }, "domain"],
    ["a look-alike suffix", ["ada@notexample.com"], { domains: ["example.com"] }, "domain"],
    ["a domain as a prefix", ["ada@example.com.evil.io"], { domains: ["example.com"] }, "domain"],
    ["a second e-mail outside", ["ada@example.com", "ada@evil.io"], { domains: ["example.com"] }, "domain"],
    ["outside, restriction off", ["ada@evil.io"], { domains: ["example.com"], restrictEmailDomains: false }, "ok"],
    ["not required, no e-mail, with domains", [], { domains: ["example.com"] }, "ok"]
  ])("%s", (_, emails, policy, expected) => {
    const result = EmailPolicy.check(user(...emails), { ...EmailPolicy.defaults, ...policy })
    expect(Either.isLeft(result) ? result.left.reason : "ok").toBe(expected)
  })

  it("fails with scimType invalidValue and a detail naming the address", () => {
    const result = EmailPolicy.check(user("ada@evil.io"), { ...EmailPolicy.defaults, domains: ["example.com"] })
    if (Either.isRight(result)) throw new Error("expected a violation")
    expect(result.left._tag).toBe("EmailPolicyViolation")
    expect(result.left.scimType).toBe("invalidValue")
    expect(result.left.email).toBe("ada@evil.io")
    expect(result.left.message).toBe(
      "E-mail address \"ada@evil.io\" of user \"ada\" is outside the connection's domains (example.com)"
    )
  })
})
