import { describe, expect, it } from "vitest"
import * as fc from "fast-check"
import { Secret, WebhookSigner, WebhookVerifier } from "./index.js"
import { CACHE_LIMIT, cacheSize } from "./internal/keys.js"
import { asymmetric, symmetric } from "../testdata/vectors.js"

const SECRET_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
const SECRET_B = "whsec_dGhpcyBpcyB0aGUgbmV3IHNlY3JldCBrZXkh"

describe("WebhookSigner.signature", () => {
  it("matches the published v1 (HMAC-SHA256) vector", async () => {
    const value = await WebhookSigner.signature(symmetric, symmetric.secret)
    expect(value).toBe(symmetric.signature)
  })

  it("matches the vector with the secret given without its whsec_ prefix", async () => {
    const value = await WebhookSigner.signature(symmetric, symmetric.secret.slice("whsec_".length))
    expect(value).toBe(symmetric.signature)
  })

  it("matches the published v1a (Ed25519) vector", async () => {
    const value = await WebhookSigner.signature(asymmetric, asymmetric.secretKey)
    expect(value).toBe(asymmetric.signature)
  })

  it("signs the same bytes for a string body and its UTF-8 encoding", async () => {
    const body = '{"name":"Zoë 🚀"}'
    const message = { id: "msg_1", timestamp: 1700000000 }
    const fromText = await WebhookSigner.signature({ ...message, body }, SECRET_A)
    const fromBytes = await WebhookSigner.signature({ ...message, body: new TextEncoder().encode(body) }, SECRET_A)
    expect(fromBytes).toBe(fromText)
  })

  it("accepts a Date and seconds alike", async () => {
    const fromDate = await WebhookSigner.signature({ ...symmetric, timestamp: new Date(symmetric.timestamp * 1000 + 999) }, SECRET_A)
    expect(fromDate).toBe(symmetric.signature)
  })

  it("emits one signature per secret, in order, space-separated", async () => {
    const value = await WebhookSigner.signature(symmetric, [SECRET_A, SECRET_B, asymmetric.secretKey])
    const parts = value.split(" ")
    expect(parts).toHaveLength(3)
    expect(parts[0]).toBe(symmetric.signature)
    expect(parts[1]).toBe(await WebhookSigner.signature(symmetric, SECRET_B))
    expect(parts[2]).toBe(asymmetric.signature)
  })

  it("stamps the message from the given clock when it has no timestamp", async () => {
    const { timestamp: _, ...message } = symmetric
    expect(await WebhookSigner.signature(message, SECRET_A, () => symmetric.timestamp * 1000 + 500)).toBe(
      symmetric.signature
    )
  })
})

describe("WebhookSigner.sign", () => {
  it("returns the webhook-* and svix-* headers with the same values by default", async () => {
    const headers = await WebhookSigner.sign(symmetric, { secrets: SECRET_A })
    expect(headers).toEqual({
      "webhook-id": symmetric.id,
      "webhook-timestamp": String(symmetric.timestamp),
      "webhook-signature": symmetric.signature,
      "svix-id": symmetric.id,
      "svix-timestamp": String(symmetric.timestamp),
      "svix-signature": symmetric.signature
    })
  })

  it.each([
    ["webhook", ["webhook-id", "webhook-signature", "webhook-timestamp"]],
    ["svix", ["svix-id", "svix-signature", "svix-timestamp"]]
  ] as const)("returns only the %s family when asked", async (family, names) => {
    const headers = await WebhookSigner.sign(symmetric, { secrets: SECRET_A, headers: family })
    expect(Object.keys(headers).sort()).toEqual(names)
  })

  it("stamps the current time from the now option", async () => {
    const headers = await WebhookSigner.sign({ id: "msg_1", body: "{}" }, { secrets: SECRET_A, now: () => 1_700_000_123_456 })
    expect(headers["webhook-timestamp"]).toBe("1700000123")
  })

  it.each([
    ["an id with a dot", { id: "msg.1", body: "", timestamp: 1 }, TypeError],
    ["an empty id", { id: "", body: "", timestamp: 1 }, TypeError],
    ["an id with a space", { id: "msg 1", body: "", timestamp: 1 }, TypeError],
    ["a fractional timestamp", { id: "msg_1", body: "", timestamp: 1.5 }, RangeError],
    ["a negative timestamp", { id: "msg_1", body: "", timestamp: -1 }, RangeError],
    ["a timestamp in milliseconds", { id: "msg_1", body: "", timestamp: 1_700_000_000_000 }, RangeError],
    ["an invalid Date", { id: "msg_1", body: "", timestamp: new Date(Number.NaN) }, RangeError]
  ] as const)("rejects %s", async (_, message, type) => {
    await expect(WebhookSigner.sign(message, { secrets: SECRET_A })).rejects.toBeInstanceOf(type)
  })

  it.each([
    ["a public key", "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=", "WrongKind"],
    ["an empty secret", "whsec_", "Empty"],
    ["a secret that is not base64", "whsec_not base64!", "InvalidEncoding"],
    ["a short Ed25519 key", "whsk_AAAA", "InvalidLength"]
  ] as const)("rejects %s with a WebhookSecretError", async (_, secret, reason) => {
    const error = await WebhookSigner.sign(symmetric, { secrets: secret }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(Secret.WebhookSecretError)
    expect((error as Secret.WebhookSecretError).reason).toBe(reason)
    const material = secret.slice(secret.indexOf("_") + 1)
    if (material.length > 0) expect((error as Error).message).not.toContain(material)
  })

  it("rejects an empty list of secrets", async () => {
    await expect(WebhookSigner.sign(symmetric, { secrets: [] })).rejects.toMatchObject({ reason: "Empty" })
  })

  it("imports each secret once however many messages it signs", async () => {
    const secret = Secret.generate()
    const before = cacheSize()
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => WebhookSigner.sign({ id: `msg_${i}`, body: "{}" }, { secrets: secret }))
    )
    expect(cacheSize()).toBe(before + 1)
  })

  it("keeps the key cache bounded", async () => {
    for (let i = 0; i < CACHE_LIMIT + 50; i++) {
      await WebhookSigner.signature({ id: "msg_1", timestamp: 1, body: "" }, Secret.generate({ bytes: 24 }))
    }
    expect(cacheSize()).toBe(CACHE_LIMIT)
  })

  it("round-trips through verify for any body, id and secret", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: "grapheme" }), fc.uint8Array({ maxLength: 2048 })),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        async (body, id, key, timestamp) => {
          const secret = "whsec_" + btoa(String.fromCharCode(...key))
          const headers = await WebhookSigner.sign({ id, body, timestamp }, { secrets: secret })
          const verified = await WebhookVerifier.verify(
            { body, headers },
            { secrets: secret, now: () => timestamp * 1000 }
          )
          expect(verified).toEqual({ id, timestamp, body, version: "v1" })
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe("WebhookSigner — both HMAC paths", () => {
  it("signs the same as a direct Web Crypto HMAC on either side of the JavaScript/Web Crypto threshold", async () => {
    const key = await crypto.subtle.importKey("raw", Secret.parse(SECRET_A).bytes as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign"
    ])
    // "msg_1.1700000000." is 17 bytes: a 2031-byte body is the longest content MACed in JavaScript
    const lengths = [0, 1, 2000, 2030, 2031, 2032, 2033, 4096, 70_000]
    for (const length of lengths) {
      const body = "b".repeat(length)
      const message = { id: "msg_1", timestamp: 1_700_000_000, body }
      const expected =
        "v1," + btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", key, WebhookSigner.content(message) as Uint8Array<ArrayBuffer>))))
      expect(await WebhookSigner.signature(message, SECRET_A)).toBe(expected)
      const headers = await WebhookSigner.sign(message, { secrets: SECRET_A })
      expect(await WebhookVerifier.isValid({ body, headers }, { secrets: SECRET_A, now: () => 1_700_000_000_000 })).toBe(true)
      expect(await WebhookVerifier.isValid({ body: body + "!", headers }, { secrets: SECRET_A, now: () => 1_700_000_000_000 })).toBe(false)
    }
  })
})

describe("WebhookSigner — many calls in flight", () => {
  // Calls in flight share one scratch buffer for the signed content while Web Crypto MACs the long ones;
  // each must still sign exactly its own message.
  const reference = async (message: { id: string; timestamp: number; body: string | Uint8Array }) => {
    const key = await crypto.subtle.importKey("raw", Secret.parse(SECRET_A).bytes as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign"
    ])
    const mac = await crypto.subtle.sign("HMAC", key, WebhookSigner.content(message) as Uint8Array<ArrayBuffer>)
    return "v1," + btoa(String.fromCharCode(...new Uint8Array(mac)))
  }

  it.each([2, 9, 64])("signs and verifies %i different messages issued together", async (count) => {
    const messages = Array.from({ length: count }, (_, i) => ({
      id: `msg_${i}`,
      timestamp: 1_700_000_000 + i,
      // short, long, non-ASCII and byte bodies, so every call writes different content to the shared buffer
      body: i % 4 === 3 ? new TextEncoder().encode(`{"n":${i}}`) : (i % 2 === 0 ? "é" : "x").repeat(i * 97 + (i % 3) * 3000)
    }))
    const signatures = await Promise.all(messages.map((message) => WebhookSigner.signature(message, SECRET_A)))
    expect(signatures).toEqual(await Promise.all(messages.map(reference)))
    const verified = await Promise.all(
      messages.map((message, i) =>
        WebhookVerifier.isValid(
          // every third message is checked against its neighbour's signature and must fail
          { body: message.body, headers: { "webhook-id": message.id, "webhook-timestamp": String(message.timestamp), "webhook-signature": signatures[i % 3 === 2 ? (i + 1) % count : i]! } },
          { secrets: SECRET_A, now: () => 1_700_000_000_000 }
        )
      )
    )
    expect(verified).toEqual(messages.map((_, i) => i % 3 !== 2))
  })
  it("signs Ed25519 (v1a) messages issued together each over its own content", async () => {
    const messages = Array.from({ length: 24 }, (_, i) => ({ id: `msg_${i}`, timestamp: 1_700_000_000, body: "é".repeat(i * 500) }))
    const signatures = await Promise.all(messages.map((message) => WebhookSigner.signature(message, asymmetric.secretKey)))
    for (const [i, message] of messages.entries()) {
      const headers = { "webhook-id": message.id, "webhook-timestamp": String(message.timestamp), "webhook-signature": signatures[i]! }
      expect(await WebhookVerifier.isValid({ body: message.body, headers }, { secrets: asymmetric.secretKey, now: () => 1_700_000_000_000 })).toBe(true)
    }
  })
})

describe("WebhookSigner.content", () => {
  it("is id, timestamp and body joined by full stops", () => {
    const bytes = WebhookSigner.content({ id: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp: 1674087231, body: "{}" })
    expect(new TextDecoder().decode(bytes)).toBe("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W.1674087231.{}")
  })
})
