// Deno smoke test: @dirsync/scim-schema from its JSR entry point (src/index.ts).
import { Discovery, Projection, Resource, ScimError, Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"
import { assert, assertEquals } from "./assert.ts"

Deno.test("Resource.decodeUser accepts a User and rejects a bad one", () => {
  const user = Resource.decodeUser({ schemas: [Schemas.UserUrn], UserName: "bjensen", active: true })
  assert(Either.isRight(user), "decodeUser rejected a valid User")
  assertEquals(user.right.userName, "bjensen", "userName")
  const bad = Resource.decodeUser({ schemas: [Schemas.UserUrn], userName: "bjensen", emails: [{ value: 1 }] })
  assert(Either.isLeft(bad), "decodeUser accepted a numeric e-mail")
  const body = ScimError.toBody(ScimError.invalidValue(bad.left.message))
  assertEquals([body.status, body.scimType], ["400", "invalidValue"], "error body")
})

Deno.test("Projection.apply and Discovery documents", () => {
  const user = { schemas: [Schemas.UserUrn], id: "1", userName: "bjensen", password: "s3cret", displayName: "Babs" }
  assertEquals(
    Projection.apply(user, Schemas.UserResource, { attributes: ["userName"] }),
    { schemas: [Schemas.UserUrn], id: "1", userName: "bjensen" },
    "projection"
  )
  const config = Discovery.serviceProviderConfig({ patch: true, filter: { maxResults: 100 } }, { baseUrl: "https://example.com/v2" })
  assertEquals([config.patch.supported, config.filter], [true, { supported: true, maxResults: 100 }], "ServiceProviderConfig")
})
