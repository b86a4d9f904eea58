// Consumer check: @dirsync/provisioning installed from its tarball (its SQL layers need a database driver,
// which is the application's choice; this checks the package loads and its pure parts work).
import { Errors, IdGenerator, Outbox, Provisioning } from "@dirsync/provisioning"
import { Effect } from "effect"

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`@dirsync/provisioning: ${what}`)
}

const ids = await Effect.runPromise(
  Effect.gen(function* () {
    const generator = yield* IdGenerator.IdGenerator
    return yield* Effect.all([generator.id("user"), generator.id("conn")])
  }).pipe(Effect.provide(IdGenerator.layer))
)
check(ids[0].startsWith("user_") && ids[1].startsWith("conn_"), "IdGenerator.layer makes prefixed ids")
check(Outbox.nextDelay(1) === Outbox.schedule[0], "Outbox.nextDelay follows the schedule")
check(typeof Provisioning.layer === "function" && typeof Errors.toScimError === "function", "Provisioning.layer is exported")

console.log("@dirsync/provisioning ok")
