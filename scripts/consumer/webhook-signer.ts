// Consumer check: @dirsync/webhook-signer installed from its tarball. This script also runs in a project
// without `effect`: the root entry must not need it.
import { Secret, WebhookSigner, WebhookVerifier } from "@dirsync/webhook-signer"

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`@dirsync/webhook-signer: ${what}`)
}

const secret = Secret.generate()
check(secret.startsWith("whsec_") && Secret.isValid(secret), "Secret.generate")
const body = JSON.stringify({ type: "user.created", data: { id: "user_123" } })
const headers = await WebhookSigner.sign({ id: "msg_1", body }, { secrets: secret })
check(headers["webhook-id"] === "msg_1" && headers["webhook-signature"].startsWith("v1,"), "WebhookSigner.sign")

const verified = await WebhookVerifier.verify({ body, headers }, { secrets: secret })
check(verified.id === "msg_1", "WebhookVerifier.verify accepts its own signature")
check(!(await WebhookVerifier.isValid({ body: body + " ", headers }, { secrets: secret })), "a changed body is rejected")

console.log("@dirsync/webhook-signer ok")
