// Consumer check: @dirsync/scim-patch installed from its tarball, as a user's project sees it.
import { PatchOp } from "@dirsync/scim-patch"
import { Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`@dirsync/scim-patch: ${what}`)
}

const user = { schemas: [Schemas.UserUrn], id: "2819c223", userName: "bjensen", active: true }
const result = PatchOp.apply(user, [{ op: "replace", value: { active: false } }], { schema: Schemas.UserResource })
check(Either.isRight(result), "PatchOp.apply succeeds")
if (Either.isRight(result)) {
  check(result.right.resource["active"] === false, "PatchOp.apply deactivates")
  check(result.right.changed && result.right.changedPaths.includes("active"), "PatchOp.apply reports the changed path")
}
check(user.active, "PatchOp.apply leaves its input unchanged")

const failed = PatchOp.apply(user, [{ op: "remove" }], { schema: Schemas.UserResource })
check(Either.isLeft(failed) && failed.left.scimType === "noTarget", "remove without a path is noTarget")

console.log("@dirsync/scim-patch ok")
