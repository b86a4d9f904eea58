// Deno smoke test: @dirsync/webhook-signer and its ./effect subpath from their JSR entry points.
import { Secret, WebhookSigner, WebhookVerifier } from "@dirsync/webhook-signer"
import * as Effectful from "@dirsync/webhook-signer/effect"
import { Effect, Either, Redacted } from "effect"
import { assert, assertEquals } from "./assert.ts"

const body = JSON.stringify({ type: "user.created", data: { id: "user_123" } })

Deno.test("sign and verify with an HMAC secret (v1)", async () => {
  const secret = Secret.generate()
  const headers = await WebhookSigner.sign({ id: "msg_1", body }, { secrets: secret })
  assert(headers["webhook-signature"].startsWith("v1,"), "v1 signature")
  assertEquals((await WebhookVerifier.verify({ body, headers }, { secrets: secret })).id, "msg_1", "verified id")
  assert(!(await WebhookVerifier.isValid({ body: body + " ", headers }, { secrets: secret })), "tampered body accepted")
})

Deno.test("sign and verify with an Ed25519 key pair (v1a)", async () => {
  const { secretKey, publicKey } = await Secret.generateKeyPair()
  const headers = await WebhookSigner.sign({ id: "msg_2", body }, { secrets: secretKey })
  assert(headers["webhook-signature"].startsWith("v1a,"), "v1a signature")
  assert(await WebhookVerifier.isValid({ body, headers }, { secrets: publicKey }), "v1a signature rejected")
})

Deno.test("the Effect API signs, verifies and fails typed", async () => {
  const secret = Redacted.make(Secret.generate())
  const outcome = await Effect.runPromise(
    Effect.gen(function* () {
      const headers = yield* Effectful.WebhookSigner.sign({ id: "msg_3", body }, { secrets: secret })
      const verified = yield* Effectful.WebhookVerifier.verify({ body, headers }, { secrets: secret })
      const tampered = yield* Effect.either(Effectful.WebhookVerifier.verify({ body: "{}", headers }, { secrets: secret }))
      return { id: verified.id, tag: Either.isLeft(tampered) ? tampered.left._tag : "accepted" }
    })
  )
  assertEquals(outcome, { id: "msg_3", tag: "WebhookVerificationError" }, "outcome")
})
