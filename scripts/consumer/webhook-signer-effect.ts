// Consumer check: the `@dirsync/webhook-signer/effect` subpath, with `effect` installed.
import { Secret, WebhookSigner, WebhookVerifier } from "@dirsync/webhook-signer/effect"
import { Effect, Either } from "effect"

const program = Effect.gen(function* () {
  const secret = yield* Secret.generate()
  const body = JSON.stringify({ type: "user.deleted", data: { id: "user_123" } })
  const headers = yield* WebhookSigner.sign({ id: "msg_2", body }, { secrets: secret })
  const verified = yield* WebhookVerifier.verify({ body, headers }, { secrets: secret })
  const tampered = yield* Effect.either(WebhookVerifier.verify({ body: "{}", headers }, { secrets: secret }))
  return { id: verified.id, rejected: Either.isLeft(tampered) && tampered.left._tag === "WebhookVerificationError" }
})

const result = await Effect.runPromise(program)
if (result.id !== "msg_2" || !result.rejected) throw new Error("@dirsync/webhook-signer/effect: sign/verify")
console.log("@dirsync/webhook-signer/effect ok")
