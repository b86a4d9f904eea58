import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Secret, WebhookSigner, WebhookVerificationError, WebhookVerifier } from "../src/index.js"

const secret = Secret.generate()
const received: Array<{ readonly status: number; readonly id?: string; readonly reason?: string }> = []

const readBody = async (req: IncomingMessage): Promise<Uint8Array> => {
  const chunks: Array<Uint8Array> = []
  for await (const chunk of req) chunks.push(chunk as Uint8Array)
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

// A Node receiver as the README shows it: raw bytes and req.headers.
const server: Server = createServer(async (req, res) => {
  const body = await readBody(req)
  try {
    const { id } = await WebhookVerifier.verify({ body, headers: req.headers }, { secrets: secret })
    received.push({ status: 204, id })
    res.writeHead(204).end()
  } catch (error) {
    if (!WebhookVerificationError.is(error)) throw error
    received.push({ status: 400, reason: error.reason })
    res.writeHead(400).end(error.message)
  }
})

let url = ""
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe("over real HTTP", () => {
  it("a Node http receiver accepts what we send and rejects a tampered body", async () => {
    const body = JSON.stringify({ type: "user.created", data: { id: "user_1", name: "Zoë" } })
    const headers = await WebhookSigner.sign({ id: "msg_http_1", body }, { secrets: secret })
    const ok = await fetch(url, { method: "POST", body, headers: { ...headers, "content-type": "application/json" } })
    expect(ok.status).toBe(204)
    const bad = await fetch(url, { method: "POST", body: body.replace("Zoë", "Zoe"), headers })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain("none of the 1 well-formed signature")
    expect(received.slice(-2)).toEqual([
      { status: 204, id: "msg_http_1" },
      { status: 400, reason: "NoMatchingSignature" }
    ])
  })

  it("a Request/Response handler verifies from request.headers and request.text()", async () => {
    const handler = async (request: Request): Promise<Response> => {
      const body = await request.text()
      try {
        const { id } = await WebhookVerifier.verify({ body, headers: request.headers }, { secrets: secret })
        return Response.json({ id, type: (JSON.parse(body) as { type: string }).type })
      } catch (error) {
        if (WebhookVerificationError.is(error)) return new Response(error.reason, { status: 400 })
        throw error
      }
    }
    const body = JSON.stringify({ type: "user.updated" })
    const headers = await WebhookSigner.sign({ id: "msg_fetch_1", body }, { secrets: secret, headers: "svix" })
    const ok = await handler(new Request(url, { method: "POST", body, headers }))
    expect(await ok.json()).toEqual({ id: "msg_fetch_1", type: "user.updated" })
    const missing = await handler(new Request(url, { method: "POST", body }))
    expect(missing.status).toBe(400)
    expect(await missing.text()).toBe("MissingHeaders")
  })
})
