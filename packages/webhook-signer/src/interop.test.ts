import { describe, expect, it } from "vitest"
import * as fc from "fast-check"
import { Webhook as StandardWebhook } from "standardwebhooks"
import { Webhook as SvixWebhook } from "svix"
import { Secret, WebhookSigner, WebhookVerifier } from "./index.js"
import { symmetric } from "../testdata/vectors.js"

// The peers read the real clock, so these tests sign at the current time; nothing here depends on how
// long a step takes (the tolerance is five minutes).
const nowSeconds = () => Math.floor(Date.now() / 1000)

const jsonBody = fc.jsonValue().map((value) => JSON.stringify({ type: "user.created", data: value }))
const msgId = fc.stringMatching(/^msg_[A-Za-z0-9]{10,27}$/)

describe("interop with standardwebhooks", () => {
  it("produces the same signature as standardwebhooks for the published vector", async () => {
    const theirs = new StandardWebhook(symmetric.secret).sign(symmetric.id, new Date(symmetric.timestamp * 1000), symmetric.body)
    expect(theirs).toBe(symmetric.signature)
    expect(await WebhookSigner.signature(symmetric, symmetric.secret)).toBe(theirs)
  })

  it("standardwebhooks verifies what we sign", async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, msgId, async (body, id) => {
        const secret = Secret.generate()
        const headers = await WebhookSigner.sign({ id, body }, { secrets: secret })
        expect(new StandardWebhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body))
      }),
      { numRuns: 100 }
    )
  })

  it("standardwebhooks verifies our rotation header with either secret", async () => {
    const [oldSecret, newSecret] = [Secret.generate(), Secret.generate({ bytes: 24 })]
    const body = '{"type":"user.updated"}'
    const headers = await WebhookSigner.sign({ id: "msg_rotation", body }, { secrets: [oldSecret, newSecret] })
    expect(new StandardWebhook(oldSecret).verify(body, { ...headers })).toEqual({ type: "user.updated" })
    expect(new StandardWebhook(newSecret).verify(body, { ...headers })).toEqual({ type: "user.updated" })
    expect(() => new StandardWebhook(Secret.generate()).verify(body, { ...headers })).toThrow("No matching signature")
  })

  it("we verify what standardwebhooks signs", async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, msgId, async (body, id) => {
        const secret = Secret.generate({ bytes: 24 })
        const timestamp = nowSeconds()
        const signature = new StandardWebhook(secret).sign(id, new Date(timestamp * 1000), body)
        const headers = { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature }
        await expect(WebhookVerifier.verify({ body, headers }, { secrets: secret })).resolves.toEqual({
          id,
          timestamp,
          body,
          version: "v1"
        })
      }),
      { numRuns: 100 }
    )
  })

  it("we reject what standardwebhooks signs when the body is altered", async () => {
    const secret = Secret.generate()
    const timestamp = nowSeconds()
    const signature = new StandardWebhook(secret).sign("msg_x", new Date(timestamp * 1000), '{"a":1}')
    const headers = { "webhook-id": "msg_x", "webhook-timestamp": String(timestamp), "webhook-signature": signature }
    await expect(WebhookVerifier.verify({ body: '{"a":2}', headers }, { secrets: secret })).rejects.toMatchObject({
      reason: "NoMatchingSignature"
    })
  })
})

describe("interop with svix (v1)", () => {
  it("svix verifies what we sign, from the svix-* headers and from the webhook-* headers", async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, msgId, async (body, id) => {
        const secret = Secret.generate()
        const both = await WebhookSigner.sign({ id, body }, { secrets: secret })
        const svixOnly = await WebhookSigner.sign({ id, body }, { secrets: secret, headers: "svix" })
        const webhookOnly = await WebhookSigner.sign({ id, body }, { secrets: secret, headers: "webhook" })
        for (const headers of [both, svixOnly, webhookOnly]) {
          expect(new SvixWebhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body))
        }
      }),
      { numRuns: 50 }
    )
  })

  it("svix rejects what we sign with another secret", async () => {
    const body = "{}"
    const headers = await WebhookSigner.sign({ id: "msg_1", body }, { secrets: Secret.generate() })
    expect(() => new SvixWebhook(Secret.generate()).verify(body, { ...headers })).toThrow()
  })

  it("we verify what svix signs, delivered as a Clerk-style svix-* request", async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, msgId, async (body, id) => {
        const secret = Secret.generate({ bytes: 24 })
        const timestamp = nowSeconds()
        const signature = new SvixWebhook(secret).sign(id, new Date(timestamp * 1000), body)
        const request = new Request("https://example.com/webhooks", {
          method: "POST",
          body,
          headers: { "svix-id": id, "svix-timestamp": String(timestamp), "svix-signature": signature }
        })
        const text = await request.text()
        await expect(WebhookVerifier.verify({ body: text, headers: request.headers }, { secrets: secret })).resolves.toMatchObject({
          id,
          timestamp
        })
      }),
      { numRuns: 50 }
    )
  })
})
