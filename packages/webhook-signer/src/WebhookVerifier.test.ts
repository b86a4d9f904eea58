import { describe, expect, it } from "vitest"
import * as fc from "fast-check"
import { Secret, WebhookSigner, WebhookVerificationError, WebhookVerifier } from "./index.js"
import { asymmetric, bogus, symmetric } from "../testdata/vectors.js"

const OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
const NEW = "whsec_dGhpcyBpcyB0aGUgbmV3IHNlY3JldCBrZXkh"
const T = 1_700_000_000
const at = (seconds: number) => () => seconds * 1000

const vectorHeaders = {
  "webhook-id": symmetric.id,
  "webhook-timestamp": String(symmetric.timestamp),
  "webhook-signature": symmetric.signature
}
const atVector = at(symmetric.timestamp)

const failure = async (promise: Promise<unknown>): Promise<WebhookVerificationError.WebhookVerificationError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(WebhookVerificationError.is(error)).toBe(true)
  return error as WebhookVerificationError.WebhookVerificationError
}

describe("WebhookVerifier.verify — published vectors", () => {
  it("accepts the v1 vector", async () => {
    const verified = await WebhookVerifier.verify(
      { body: symmetric.body, headers: vectorHeaders },
      { secrets: symmetric.secret, now: atVector }
    )
    expect(verified).toEqual({ id: symmetric.id, timestamp: symmetric.timestamp, body: symmetric.body, version: "v1" })
  })

  it("accepts the v1 vector with the secret given without its prefix", async () => {
    await expect(
      WebhookVerifier.verify({ body: symmetric.body, headers: vectorHeaders }, { secrets: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", now: atVector })
    ).resolves.toMatchObject({ version: "v1" })
  })

  it("accepts the v1a vector with the public key and with the secret key", async () => {
    const publicKey = await Secret.publicKey(asymmetric.secretKey)
    for (const secrets of [publicKey, asymmetric.secretKey]) {
      const verified = await WebhookVerifier.verify(
        { body: asymmetric.body, headers: { ...vectorHeaders, "webhook-signature": asymmetric.signature } },
        { secrets, now: atVector }
      )
      expect(verified.version).toBe("v1a")
    }
  })

  it.each(bogus)("rejects the signature %j", async (signature) => {
    const error = await failure(
      WebhookVerifier.verify(
        { body: symmetric.body, headers: { ...vectorHeaders, "webhook-signature": signature } },
        { secrets: symmetric.secret, now: atVector }
      )
    )
    expect(error.reason).toBe("NoMatchingSignature")
  })

  it("accepts a list where only one signature is valid among unknown versions and wrong MACs", async () => {
    const list = [bogus[0], bogus[1], symmetric.signature, bogus[0]].join(" ")
    await expect(
      WebhookVerifier.verify(
        { body: symmetric.body, headers: { ...vectorHeaders, "webhook-signature": list } },
        { secrets: symmetric.secret, now: atVector }
      )
    ).resolves.toMatchObject({ version: "v1" })
  })

  it("rejects the vector when the body differs by one byte", async () => {
    const error = await failure(
      WebhookVerifier.verify(
        { body: symmetric.body.replace("2432232314", "2432232315"), headers: vectorHeaders },
        { secrets: symmetric.secret, now: atVector }
      )
    )
    expect(error.reason).toBe("NoMatchingSignature")
    expect(error.message).toBe(
      `Cannot verify webhook "${symmetric.id}": none of the 1 well-formed signature matches the 1 configured secret`
    )
  })
})

describe("WebhookVerifier.verify — failures", () => {
  const body = '{"type":"user.created"}'
  const signed = () => WebhookSigner.sign({ id: "msg_1", body, timestamp: T }, { secrets: OLD, headers: "webhook" })

  it.each([
    ["webhook-id", 'missing header "webhook-id"'],
    ["webhook-timestamp", 'missing header "webhook-timestamp"'],
    ["webhook-signature", 'missing header "webhook-signature"']
  ])("reports MissingHeaders without %s, naming it", async (name, text) => {
    const headers: Record<string, string> = { ...(await signed()) }
    delete headers[name]
    const error = await failure(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) }))
    expect(error.reason).toBe("MissingHeaders")
    expect(error.message).toContain(text)
  })

  it("treats an empty header as missing", async () => {
    const headers = { ...(await signed()), "webhook-signature": "" }
    expect((await failure(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) }))).reason).toBe(
      "MissingHeaders"
    )
  })

  it.each(["hello", "1700000000.5", "-1700000000", "1e9", "0x65", "", " "])(
    "reports InvalidTimestamp for %j",
    async (timestamp) => {
      const headers = { ...(await signed()), "webhook-timestamp": timestamp }
      const error = await failure(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) }))
      expect(error.reason).toBe(timestamp === "" ? "MissingHeaders" : "InvalidTimestamp")
    }
  )

  it.each([
    [-300, undefined],
    [300, undefined],
    [-301, "TimestampTooOld"],
    [301, "TimestampTooNew"],
    [-86_400, "TimestampTooOld"],
    [0, undefined]
  ] as const)("with the default tolerance, a webhook stamped %i s from now gives %s", async (offset, reason) => {
    const headers = await signed()
    const result = WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T - offset) })
    if (reason === undefined) await expect(result).resolves.toMatchObject({ id: "msg_1", timestamp: T })
    else {
      const error = await failure(result)
      expect(error).toMatchObject({ reason, id: "msg_1", timestamp: T })
    }
  })

  it("counts whole seconds: 300.999 s of age is within the default tolerance", async () => {
    const headers = await signed()
    await expect(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: () => (T + 300) * 1000 + 999 })).resolves.toBeDefined()
  })

  it("honours a custom tolerance in both directions", async () => {
    const headers = await signed()
    const options = (now: number) => ({ secrets: OLD, toleranceSeconds: 10, now: at(now) })
    await expect(WebhookVerifier.verify({ body, headers }, options(T + 10))).resolves.toBeDefined()
    expect((await failure(WebhookVerifier.verify({ body, headers }, options(T + 11)))).reason).toBe("TimestampTooOld")
    expect((await failure(WebhookVerifier.verify({ body, headers }, options(T - 11)))).reason).toBe("TimestampTooNew")
  })

  it("skips the timestamp check with an infinite tolerance", async () => {
    await expect(
      WebhookVerifier.verify({ body: symmetric.body, headers: vectorHeaders }, { secrets: symmetric.secret, toleranceSeconds: Infinity })
    ).resolves.toMatchObject({ id: symmetric.id })
  })

  it("says how old a stale webhook is", async () => {
    const error = await failure(WebhookVerifier.verify({ body, headers: await signed() }, { secrets: OLD, now: at(T + 400) }))
    expect(error.message).toBe('Cannot verify webhook "msg_1": timestamp "1700000000" is 400 s old, more than the 300 s tolerance')
  })

  it("rejects a negative tolerance", async () => {
    await expect(
      WebhookVerifier.verify({ body, headers: await signed() }, { secrets: OLD, toleranceSeconds: -1 })
    ).rejects.toBeInstanceOf(RangeError)
  })

  it("reports an unusable secret as a WebhookSecretError, not a verification failure", async () => {
    const error = await WebhookVerifier.verify({ body, headers: await signed() }, { secrets: [OLD, "whsec_***"], now: at(T) }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(Secret.WebhookSecretError)
  })

  it("isValid answers false for a bad signature and true for a good one", async () => {
    const headers = await signed()
    expect(await WebhookVerifier.isValid({ body, headers }, { secrets: OLD, now: at(T) })).toBe(true)
    expect(await WebhookVerifier.isValid({ body: body + " ", headers }, { secrets: OLD, now: at(T) })).toBe(false)
  })
})

describe("WebhookVerifier.verify — rotation", () => {
  const body = '{"type":"user.updated"}'

  it("a message signed with the old and the new secret verifies with either", async () => {
    const headers = await WebhookSigner.sign({ id: "msg_rot", body, timestamp: T }, { secrets: [OLD, NEW] })
    for (const secrets of [OLD, NEW, [NEW, OLD]]) {
      await expect(WebhookVerifier.verify({ body, headers }, { secrets, now: at(T) })).resolves.toMatchObject({ id: "msg_rot" })
    }
    const other = Secret.generate()
    expect((await failure(WebhookVerifier.verify({ body, headers }, { secrets: other, now: at(T) }))).reason).toBe(
      "NoMatchingSignature"
    )
  })

  it("a receiver holding both secrets accepts a message signed with either alone", async () => {
    for (const secret of [OLD, NEW]) {
      const headers = await WebhookSigner.sign({ id: "msg_rot", body, timestamp: T }, { secrets: secret })
      await expect(WebhookVerifier.verify({ body, headers }, { secrets: [OLD, NEW], now: at(T) })).resolves.toBeDefined()
    }
  })

  it("mixes symmetric and asymmetric signatures in one header", async () => {
    const pair = await Secret.generateKeyPair()
    const headers = await WebhookSigner.sign({ id: "msg_mix", body, timestamp: T }, { secrets: [OLD, pair.secretKey] })
    expect(headers["webhook-signature"]).toMatch(/^v1,\S+ v1a,\S+$/)
    await expect(WebhookVerifier.verify({ body, headers }, { secrets: pair.publicKey, now: at(T) })).resolves.toMatchObject({
      version: "v1a"
    })
    await expect(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) })).resolves.toMatchObject({
      version: "v1"
    })
    const stranger = await Secret.generateKeyPair()
    expect(
      (await failure(WebhookVerifier.verify({ body, headers }, { secrets: stranger.publicKey, now: at(T) }))).reason
    ).toBe("NoMatchingSignature")
  })
})

describe("WebhookVerifier.verify — header shapes", () => {
  const body = "{}"

  it("reads svix-* headers", async () => {
    const headers = await WebhookSigner.sign({ id: "msg_s", body, timestamp: T }, { secrets: OLD, headers: "svix" })
    await expect(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) })).resolves.toMatchObject({ id: "msg_s" })
  })

  it("reads a Fetch Headers object", async () => {
    const headers = new Headers(await WebhookSigner.sign({ id: "msg_h", body, timestamp: T }, { secrets: OLD }))
    await expect(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) })).resolves.toMatchObject({ id: "msg_h" })
  })

  it("reads a record with mixed-case names", async () => {
    const signed = await WebhookSigner.sign({ id: "msg_c", body, timestamp: T }, { secrets: OLD, headers: "webhook" })
    const headers = {
      "Webhook-Id": signed["webhook-id"],
      "WEBHOOK-TIMESTAMP": signed["webhook-timestamp"],
      "Webhook-Signature": signed["webhook-signature"]
    }
    await expect(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) })).resolves.toBeDefined()
  })

  it("joins a repeated signature header (Node gives an array)", async () => {
    const signed = await WebhookSigner.sign({ id: "msg_a", body, timestamp: T }, { secrets: OLD, headers: "webhook" })
    const headers = { ...signed, "webhook-signature": [bogus[0], signed["webhook-signature"]!] }
    await expect(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) })).resolves.toBeDefined()
  })

  it("reads a comma-joined repeated header as Fetch Headers produce it", async () => {
    const signed = await WebhookSigner.sign({ id: "msg_j", body, timestamp: T }, { secrets: OLD, headers: "webhook" })
    const headers = new Headers(signed)
    headers.append("webhook-signature", bogus[0])
    expect(headers.get("webhook-signature")).toContain(", ")
    await expect(WebhookVerifier.verify({ body, headers }, { secrets: OLD, now: at(T) })).resolves.toBeDefined()
  })

  it("verifies a byte body and returns it as given", async () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x7b, 0x7d])
    const headers = await WebhookSigner.sign({ id: "msg_b", body: bytes, timestamp: T }, { secrets: OLD })
    const verified = await WebhookVerifier.verify({ body: bytes, headers }, { secrets: OLD, now: at(T) })
    expect(verified.body).toBe(bytes)
  })
})

describe("WebhookVerifier.verify — properties", () => {
  it("never accepts a body other than the signed one", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (signedBody, sentBody) => {
        fc.pre(signedBody !== sentBody)
        const headers = await WebhookSigner.sign({ id: "msg_p", body: signedBody, timestamp: T }, { secrets: OLD })
        expect(await WebhookVerifier.isValid({ body: sentBody, headers }, { secrets: OLD, now: at(T) })).toBe(false)
      }),
      { numRuns: 100 }
    )
  })

  it("on arbitrary headers only ever rejects with a WebhookVerificationError", async () => {
    const value = fc.oneof(fc.string(), fc.constantFrom(String(T), symmetric.signature, "v1a,", "v1, v1a, ,,"))
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom("webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-signature", "x"), value),
        fc.string(),
        async (headers, body) => {
          const error = await WebhookVerifier.verify({ body, headers }, { secrets: [OLD, asymmetric.secretKey], now: at(T) }).then(
            () => undefined,
            (e: unknown) => e
          )
          expect(WebhookVerificationError.is(error)).toBe(true)
        }
      ),
      { numRuns: 300 }
    )
  })
})
