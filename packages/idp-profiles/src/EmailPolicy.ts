/**
 * The e-mail rules a connection sets through the admin API: `require_email` (off by default, since
 * RFC 7643 §4.1 requires only `userName`) and `restrict_email_domains` (on by default: when the connection
 * lists domains, an address outside them is refused, so an IdP cannot create users for domains it does
 * not own). A violation carries scimType `invalidValue` (RFC 7644 §3.12, Table 9).
 *
 * @module
 */
import { Data, Either } from "effect"
import type { ApplicationUser } from "./UserMapping.js"

/** A connection's e-mail rules. */
export interface Policy {
  /** Refuse users without any e-mail address (admin API `require_email`, default `false`). */
  readonly requireEmail: boolean
  /** Refuse addresses outside `domains` when `domains` is not empty (admin API `restrict_email_domains`, default `true`). */
  readonly restrictEmailDomains: boolean
  /** The connection's domains (`example.com`); sub-domains of a listed domain are accepted. */
  readonly domains: ReadonlyArray<string>
}

/** The defaults of the admin API: no e-mail required, domains restricted when listed, no domains. */
export const defaults: Policy = { requireEmail: false, restrictEmailDomains: true, domains: [] }

/**
 * Builds a policy from the admin API's snake_case fields, applying the defaults.
 *
 * @example
 * import { EmailPolicy } from "@dirsync/idp-profiles"
 * EmailPolicy.fromConnection({ domains: ["example.com"] }).restrictEmailDomains // true
 */
export const fromConnection = (connection: {
  readonly require_email?: boolean | null | undefined
  readonly restrict_email_domains?: boolean | null | undefined
  readonly domains?: ReadonlyArray<string> | null | undefined
}): Policy => ({
  requireEmail: connection.require_email ?? defaults.requireEmail,
  restrictEmailDomains: connection.restrict_email_domains ?? defaults.restrictEmailDomains,
  domains: connection.domains ?? defaults.domains
})

/**
 * A user refused by the connection's e-mail rules. `reason` is `missing` (no address while
 * `require_email` is on) or `domain` (an address outside the connection's domains). The HTTP layer
 * answers 400 with `scimType` and `detail`.
 */
export class EmailPolicyViolation extends Data.TaggedError("EmailPolicyViolation")<{
  readonly reason: "missing" | "domain"
  readonly scimType: "invalidValue"
  readonly detail: string
  readonly email?: string | undefined
  readonly domains: ReadonlyArray<string>
}> {
  override get message(): string {
    return this.detail
  }
}

const domainOf = (email: string): string => email.slice(email.lastIndexOf("@") + 1).trim().toLowerCase()

const normalizeDomain = (domain: string): string => domain.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, "")

/**
 * Whether an address belongs to one of the domains: the same domain or a sub-domain of it, ignoring case.
 *
 * @example
 * import { EmailPolicy } from "@dirsync/idp-profiles"
 * EmailPolicy.inDomains("ada@eng.example.com", ["example.com"]) // true
 * EmailPolicy.inDomains("ada@example.com.evil.io", ["example.com"]) // false
 */
export const inDomains = (email: string, domains: ReadonlyArray<string>): boolean => {
  if (!email.includes("@")) return false
  const domain = domainOf(email)
  return domains.some((d) => {
    const listed = normalizeDomain(d)
    return listed !== "" && (domain === listed || domain.endsWith("." + listed))
  })
}

/**
 * Checks a mapped user against the connection's rules; every address is checked, not only the primary.
 *
 * @example
 * import { EmailPolicy, UserMapping } from "@dirsync/idp-profiles"
 * const user = UserMapping.toApplicationUser({ userName: "ada", emails: [{ value: "ada@evil.io" }] })
 * EmailPolicy.check(user, { requireEmail: false, restrictEmailDomains: true, domains: ["example.com"] })
 * // Either.left(EmailPolicyViolation { reason: "domain", scimType: "invalidValue", ... })
 */
export const check = (
  user: ApplicationUser,
  policy: Policy
): Either.Either<ApplicationUser, EmailPolicyViolation> => {
  const domains = policy.domains.filter((d) => normalizeDomain(d) !== "")
  if (policy.requireEmail && user.emailAddresses.length === 0) {
    return Either.left(
      new EmailPolicyViolation({
        reason: "missing",
        scimType: "invalidValue",
        detail: `User "${user.username}" has no e-mail address, and this connection requires one`,
        domains
      })
    )
  }
  if (policy.restrictEmailDomains && domains.length > 0) {
    const outside = user.emailAddresses.find((e) => !inDomains(e.email, domains))
    if (outside !== undefined) {
      return Either.left(
        new EmailPolicyViolation({
          reason: "domain",
          scimType: "invalidValue",
          detail: `E-mail address "${outside.email}" of user "${user.username}" is outside the connection's domains (${
            domains.join(", ")
          })`,
          email: outside.email,
          domains
        })
      )
    }
  }
  return Either.right(user)
}
