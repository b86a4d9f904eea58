// Deno smoke test: @dirsync/idp-profiles from its JSR entry point (src/index.ts, JSON fixtures included).
import { Fixtures, Normalize, Profile, UserMapping } from "@dirsync/idp-profiles"
import { PatchOp } from "@dirsync/scim-patch"
import { Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"
import { assert, assertEquals } from "./assert.ts"

Deno.test("Profile.detect recognises Okta and the Entra dialect", () => {
  assertEquals(Profile.detect({ userAgent: "Okta SCIM Client 1.0.0" }).profile.name, "okta", "okta")
  const body = { Operations: [{ op: "Replace", path: "active", value: "False" }] }
  assertEquals(Profile.detect({ body }).profile.name, "entra", "entra")
})

Deno.test("an Entra PATCH is normalised, then applied", () => {
  const request = { schemas: [Normalize.PatchOpUrn], Operations: [{ op: "Replace", path: "active", value: "False" }] }
  const { body, fixups } = Normalize.patchRequest(request, { profile: "entra", schema: Schemas.UserResource })
  assert(fixups.length >= 2, "fix-ups not recorded")
  // Normalize.Operation.op is a string (it passes unknown ops through); PatchOp.apply validates them.
  const operations = (body as { Operations: ReadonlyArray<PatchOp.Operation> }).Operations
  const user = { schemas: [Schemas.UserUrn], id: "u1", userName: "bjensen@example.com", active: true }
  const result = PatchOp.apply(user, operations, { schema: Schemas.UserResource })
  assert(Either.isRight(result), "apply failed")
  assertEquals(result.right.resource["active"], false, "active")
  assertEquals(UserMapping.read(result.right.resource, "userName"), "bjensen@example.com", "UserMapping.read")
})

Deno.test("the recorded fixtures load (JSON modules)", () => {
  assert(Fixtures.okta.length > 0 && Fixtures.entra.length > 0, "no fixtures")
  assert(Fixtures.all.every((f) => typeof f.name === "string"), "fixture without a name")
})
