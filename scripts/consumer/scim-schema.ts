// Consumer check: @dirsync/scim-schema installed from its tarball, as a user's project sees it.
import { Discovery, Projection, Resource, ScimError, Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`@dirsync/scim-schema: ${what}`)
}

const decoded = Resource.decodeUser({ schemas: [Schemas.UserUrn], UserName: "bjensen", active: true })
check(Either.isRight(decoded) && decoded.right.userName === "bjensen", "decodeUser accepts a User (case-insensitive keys)")

const invalid = Resource.decodeUser({ schemas: [Schemas.UserUrn], userName: "bjensen", emails: [{ value: 1 }] })
check(Either.isLeft(invalid), "decodeUser rejects a non-string e-mail")
if (Either.isLeft(invalid)) {
  const body = ScimError.toBody(ScimError.invalidValue(invalid.left.message))
  check(body.status === "400" && body.scimType === "invalidValue", "ScimError.toBody gives the RFC 7644 §3.12 body")
}

const user = { schemas: [Schemas.UserUrn], id: "1", userName: "bjensen", password: "s3cret", displayName: "Babs" }
const projected = Projection.apply(user, Schemas.UserResource, { attributes: ["userName"] })
check(projected["userName"] === "bjensen" && !("displayName" in projected) && !("password" in projected), "Projection.apply")
check(Discovery.builtInResourceTypes.length >= 2, "Discovery.builtInResourceTypes")

console.log("@dirsync/scim-schema ok")
