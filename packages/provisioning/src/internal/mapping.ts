/**
 * SCIM User -> application user mapping and the connection's email rules, through `@dirsync/idp-profiles`.
 * The one place that touches the IdP profiles' mapping.
 */
import { EmailPolicy, UserMapping } from "@dirsync/idp-profiles"
import { Either } from "effect"
import type { AttributeMapping, EnterpriseConnection } from "../Connections.js"
import { InvalidValue } from "../Errors.js"
import type { Resource } from "../Scim.js"

/** The application user fields derived from a SCIM User. */
export type Mapped = Omit<UserMapping.ApplicationUser, "username"> & { readonly username: string | null }

export const toApplicationUser = (scim: Resource, mappings: ReadonlyArray<AttributeMapping>): Mapped => {
  const user = UserMapping.toApplicationUser(scim, mappings)
  return { ...user, username: user.username === "" ? null : user.username }
}

/** Checks `requireEmail` and `restrictEmailDomains` of the connection. */
export const checkEmailPolicy = (connection: EnterpriseConnection, user: Mapped): InvalidValue | undefined =>
  Either.match(
    EmailPolicy.check({ ...user, username: user.username ?? "" }, {
      requireEmail: connection.requireEmail,
      restrictEmailDomains: connection.restrictEmailDomains,
      domains: connection.domains
    }),
    { onLeft: (e) => new InvalidValue({ scimType: e.scimType, detail: e.detail }), onRight: () => undefined }
  )
