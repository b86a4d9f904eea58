// Deno smoke test: @dirsync/scim-patch from its JSR entry point (src/index.ts).
import { PatchOp } from "@dirsync/scim-patch"
import { Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"
import { assert, assertEquals } from "./assert.ts"

Deno.test("PatchOp.apply deactivates a user the way Okta does", () => {
  const user = { schemas: [Schemas.UserUrn], id: "2819c223", userName: "bjensen", active: true }
  const result = PatchOp.apply(user, [{ op: "replace", value: { active: false } }], { schema: Schemas.UserResource })
  assert(Either.isRight(result), "apply failed")
  assertEquals(result.right.resource["active"], false, "active")
  assertEquals([result.right.changed, result.right.changedPaths], [true, ["active"]], "changes")
  assertEquals(user.active, true, "input left unchanged")
})

Deno.test("PatchOp.apply refuses a remove without a path", () => {
  const user = { schemas: [Schemas.UserUrn], id: "2819c223", userName: "bjensen" }
  const result = PatchOp.apply(user, [{ op: "remove" }], { schema: Schemas.UserResource })
  assert(Either.isLeft(result), "remove without a path succeeded")
  assertEquals(result.left.scimType, "noTarget", "scimType")
})
