// Consumer check: @dirsync/idp-profiles installed from its tarball, as a user's project sees it.
import { Fixtures, Normalize, Profile, UserMapping } from "@dirsync/idp-profiles"
import { Schemas } from "@dirsync/scim-schema"

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`@dirsync/idp-profiles: ${what}`)
}

check(Profile.detect({ userAgent: "Okta SCIM Client 1.0.0" }).profile.name === "okta", "Profile.detect recognises Okta")
const entraPatch = {
  schemas: [Normalize.PatchOpUrn],
  Operations: [{ op: "Replace", path: "active", value: "False" }]
}
check(Profile.detect({ body: entraPatch }).profile.name === "entra", "Profile.detect recognises the Entra dialect")

const { body, fixups } = Normalize.patchRequest(entraPatch, { profile: "entra", schema: Schemas.UserResource })
const operations = (body as { Operations: ReadonlyArray<Normalize.Operation> }).Operations
check(operations[0]?.op === "replace" && operations[0]?.value === false, "Normalize.patchRequest lower-cases ops and fixes booleans")
check(fixups.length >= 2, "Normalize.patchRequest records its fix-ups")

// The recorded vendor requests ship inside the package (JSON modules).
check(Fixtures.okta.length > 0 && Fixtures.entra.length > 0, "Fixtures ship with the package")
check(UserMapping.read({ userName: "bjensen" }, "userName") === "bjensen", "UserMapping.read")

console.log("@dirsync/idp-profiles ok")
