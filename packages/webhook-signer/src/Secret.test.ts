import { describe, expect, it } from "vitest"
import * as fc from "fast-check"
import { Secret, WebhookSigner, WebhookVerifier } from "./index.js"
import { asymmetric } from "../testdata/vectors.js"

const decodedLength = (secret: string) => atob(secret.slice("whsec_".length)).length

describe("Secret.generate", () => {
  it("makes a 32-byte whsec_ secret by default", () => {
    const secret = Secret.generate()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    expect(decodedLength(secret)).toBe(32)
  })

  it.each([24, 48, 64])("makes a %i-byte secret on request", (bytes) => {
    expect(decodedLength(Secret.generate({ bytes }))).toBe(bytes)
  })

  it.each([0, 23, 65, 32.5])("refuses %d bytes", (bytes) => {
    expect(() => Secret.generate({ bytes })).toThrow(Secret.WebhookSecretError)
  })

  it("never repeats itself", () => {
    const seen = new Set(Array.from({ length: 100 }, () => Secret.generate()))
    expect(seen.size).toBe(100)
  })
})

describe("Secret.parse", () => {
  it.each([
    ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "symmetric", 24],
    ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "symmetric", 24],
    [asymmetric.secretKey, "secretKey", 32],
    ["whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=", "publicKey", 32]
  ] as const)("reads %s as %s", (secret, kind, length) => {
    const parsed = Secret.parse(secret)
    expect(parsed.kind).toBe(kind)
    expect(parsed.bytes.length).toBe(length)
  })

  it.each([
    ["", "Empty"],
    ["whsec_", "Empty"],
    ["whsec_abc", "InvalidEncoding"],
    ["whsec_ab=c", "InvalidEncoding"],
    ["whsec_ab-_", "InvalidEncoding"],
    ["whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "InvalidLength"],
    ["whpk_", "Empty"]
  ] as const)("rejects %j with reason %s", (secret, reason) => {
    expect(() => Secret.parse(secret)).toThrow(expect.objectContaining({ reason, _tag: "WebhookSecretError" }))
    expect(Secret.isValid(secret)).toBe(false)
  })

  it("round-trips any generated secret", () => {
    fc.assert(
      fc.property(fc.integer({ min: 24, max: 64 }), (bytes) => {
        const secret = Secret.generate({ bytes })
        expect(Secret.parse(secret).bytes.length).toBe(bytes)
      })
    )
  })
})

describe("Secret key pairs", () => {
  it("derives the public key of the published Ed25519 test key", async () => {
    expect(await Secret.publicKey(asymmetric.secretKey)).toBe("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=")
  })

  it("generates a pair whose public key verifies what the secret key signs", async () => {
    const pair = await Secret.generateKeyPair()
    expect(pair.secretKey).toMatch(/^whsk_/)
    expect(pair.publicKey).toBe(await Secret.publicKey(pair.secretKey))
    const body = '{"ok":true}'
    const headers = await WebhookSigner.sign({ id: "msg_1", body, timestamp: 1_700_000_000 }, { secrets: pair.secretKey })
    expect(headers["webhook-signature"]).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/)
    const verified = await WebhookVerifier.verify({ body, headers }, { secrets: pair.publicKey, now: () => 1_700_000_000_000 })
    expect(verified.version).toBe("v1a")
  })

  it("refuses to derive a public key from a symmetric secret", async () => {
    await expect(Secret.publicKey(Secret.generate())).rejects.toMatchObject({ reason: "WrongKind" })
  })
})
