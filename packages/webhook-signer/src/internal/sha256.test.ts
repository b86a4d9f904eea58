import { describe, expect, it } from "vitest"
import * as fc from "fast-check"
import { hmac, hmacKey, sha256 } from "./sha256.js"

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")

const webCryptoHmac = async (key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) => {
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, data))
}

describe("internal sha256", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ]
  ])("hashes the FIPS 180-2 example %j", (text, digest) => {
    expect(hex(sha256(new TextEncoder().encode(text)))).toBe(digest)
  })

  it("matches the RFC 4231 HMAC-SHA256 test case 2", () => {
    const key = hmacKey(new TextEncoder().encode("Jefe"))
    expect(hex(hmac(key, new TextEncoder().encode("what do ya want for nothing?")))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )
  })

  it("matches Web Crypto at every length across the block and padding boundaries", async () => {
    const key = crypto.getRandomValues(new Uint8Array(32))
    const pads = hmacKey(key)
    for (let length = 0; length <= 260; length++) {
      const data = crypto.getRandomValues(new Uint8Array(length))
      expect(hex(hmac(pads, data))).toBe(hex(await webCryptoHmac(key, data)))
    }
  })

  it("matches Web Crypto for any key (including keys longer than a block) and data", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.uint8Array({ maxLength: 5000 }), async (key, data) => {
        const k = new Uint8Array(key)
        const d = new Uint8Array(data)
        expect(hex(hmac(hmacKey(k), d))).toBe(hex(await webCryptoHmac(k, d)))
      }),
      { numRuns: 200 }
    )
  })
})
