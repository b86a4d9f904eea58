import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Exit, Redacted, TestClock } from "effect"
import { Secret, WebhookSigner, WebhookVerifier } from "./effect.js"
import { WebhookSigner as PlainSigner, WebhookVerifier as PlainVerifier } from "./index.js"
import { asymmetric, symmetric } from "../testdata/vectors.js"

const secret = Redacted.make(symmetric.secret)
const T = 1_700_000_000

describe("Effect API", () => {
  it.effect("signs the published v1 vector with a redacted secret", () =>
    Effect.gen(function* () {
      const value = yield* WebhookSigner.signature(symmetric, secret)
      expect(value).toBe(symmetric.signature)
    })
  )

  it.effect("signs the published v1a vector", () =>
    Effect.gen(function* () {
      expect(yield* WebhookSigner.signature(asymmetric, Redacted.make(asymmetric.secretKey))).toBe(asymmetric.signature)
    })
  )

  it.effect("stamps messages from the Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T * 1000 + 750)
      const headers = yield* WebhookSigner.sign({ id: "msg_1", body: "{}" }, { secrets: secret })
      expect(headers["webhook-timestamp"]).toBe(String(T))
      expect(headers["svix-timestamp"]).toBe(String(T))
    })
  )

  it.effect("verifies against the Clock: the tolerance edges in both directions", () =>
    Effect.gen(function* () {
      const body = '{"type":"user.created"}'
      const headers = yield* WebhookSigner.sign({ id: "msg_1", body, timestamp: T }, { secrets: secret })
      const verify = WebhookVerifier.verify({ body, headers }, { secrets: secret }).pipe(
        Effect.map((verified) => verified.id),
        Effect.catchTag("WebhookVerificationError", (error) => Effect.succeed(error.reason))
      )
      const cases: ReadonlyArray<readonly [number, string]> = [
        [T - 300, "msg_1"],
        [T - 301, "TimestampTooNew"],
        [T, "msg_1"],
        [T + 300, "msg_1"],
        [T + 301, "TimestampTooOld"]
      ]
      for (const [now, expected] of cases) {
        yield* TestClock.setTime(now * 1000)
        expect(yield* verify).toBe(expected)
      }
    })
  )

  it.effect("takes the tolerance as a Duration", () =>
    Effect.gen(function* () {
      const body = "{}"
      const headers = yield* WebhookSigner.sign({ id: "msg_1", body, timestamp: T }, { secrets: secret })
      yield* TestClock.setTime((T + 3600) * 1000)
      const strict = yield* Effect.flip(WebhookVerifier.verify({ body, headers }, { secrets: secret }))
      expect(strict).toMatchObject({ reason: "TimestampTooOld" })
      const relaxed = yield* WebhookVerifier.verify({ body, headers }, { secrets: secret, tolerance: Duration.hours(1) })
      expect(relaxed.id).toBe("msg_1")
      const off = yield* WebhookVerifier.verify({ body, headers }, { secrets: secret, tolerance: Duration.infinity })
      expect(off.id).toBe("msg_1")
    })
  )

  it.effect("fails with a tagged WebhookVerificationError carrying reason, id and timestamp", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T * 1000)
      const headers = yield* WebhookSigner.sign({ id: "msg_1", body: "{}", timestamp: T }, { secrets: secret })
      const error = yield* Effect.flip(WebhookVerifier.verify({ body: "{ }", headers }, { secrets: secret }))
      expect(error._tag).toBe("WebhookVerificationError")
      expect(error).toMatchObject({ reason: "NoMatchingSignature", id: "msg_1", timestamp: T })
      expect(error.message).toContain('Cannot verify webhook "msg_1"')
    })
  )

  it.effect("reports missing headers", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(WebhookVerifier.verify({ body: "{}", headers: {} }, { secrets: secret }))
      expect(error).toMatchObject({ _tag: "WebhookVerificationError", reason: "MissingHeaders" })
    })
  )

  it.effect("rotation: both signatures, either secret", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T * 1000)
      const next = yield* Secret.generate()
      const headers = yield* WebhookSigner.sign({ id: "msg_r", body: "{}" }, { secrets: [secret, next] })
      expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2)
      for (const one of [secret, next]) {
        expect((yield* WebhookVerifier.verify({ body: "{}", headers }, { secrets: one })).id).toBe("msg_r")
      }
    })
  )

  it.effect("an unusable secret fails with WebhookSecretError and never shows the secret", () =>
    Effect.gen(function* () {
      const bad = Redacted.make("whsec_sup3r-secret")
      const error = yield* Effect.flip(WebhookSigner.sign({ id: "msg_1", body: "{}" }, { secrets: bad }))
      expect(error).toMatchObject({ _tag: "WebhookSecretError", reason: "InvalidEncoding" })
      expect(error.message).not.toContain("sup3r")
      expect(String(bad)).not.toContain("sup3r")
    })
  )

  it.effect("an invalid message id is a defect", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(WebhookSigner.sign({ id: "msg.1", body: "{}" }, { secrets: secret }))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Die").toBe(true)
    })
  )

  it.effect("generates key pairs whose public key verifies v1a", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T * 1000)
      const pair = yield* Secret.generateKeyPair
      expect(yield* Secret.publicKey(pair.secretKey)).toBe(pair.publicKey)
      const headers = yield* WebhookSigner.sign({ id: "msg_k", body: "{}" }, { secrets: pair.secretKey })
      const verified = yield* WebhookVerifier.verify({ body: "{}", headers }, { secrets: Redacted.make(pair.publicKey) })
      expect(verified.version).toBe("v1a")
      expect((yield* Secret.parse(pair.secretKey)).kind).toBe("secretKey")
    })
  )

  it.effect("interoperates with the Promise API both ways", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T * 1000)
      const effectHeaders = yield* WebhookSigner.sign({ id: "msg_e", body: "{}" }, { secrets: secret })
      const plain = yield* Effect.promise(() =>
        PlainVerifier.verify({ body: "{}", headers: effectHeaders }, { secrets: symmetric.secret, now: () => T * 1000 })
      )
      expect(plain.id).toBe("msg_e")
      const plainHeaders = yield* Effect.promise(() =>
        PlainSigner.sign({ id: "msg_p", body: "{}", timestamp: T }, { secrets: symmetric.secret })
      )
      expect((yield* WebhookVerifier.verify({ body: "{}", headers: plainHeaders }, { secrets: secret })).id).toBe("msg_p")
    })
  )
})
