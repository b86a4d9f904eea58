import { describe, expect, it, layer } from "@effect/vitest"
import { Effect, Either, TestClock } from "effect"
import { Outbox, ScimUsers, Webhooks, DirectoryEvents, Sessions, Users } from "../src/index.js"
import { backends, domain } from "./backends.js"
import { connection, ctx, userBody } from "./helpers.js"

describe("Outbox.schedule", () => {
  const cases: ReadonlyArray<[number, number | undefined]> = [
    [1, 5_000],
    [2, 300_000],
    [3, 1_800_000],
    [4, 7_200_000],
    [5, 18_000_000],
    [6, 36_000_000],
    [7, 36_000_000],
    [8, undefined]
  ]
  for (const [attempts, delay] of cases) {
    it(`nextDelay(${attempts}) is ${delay}`, () => expect(Outbox.nextDelay(attempts)).toBe(delay))
  }
  it("retries for about a day", () => {
    const total = Outbox.schedule.reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThan(20 * 3_600_000)
    expect(total).toBeLessThan(30 * 3_600_000)
  })
})

for (const backend of backends) {
  layer(domain(backend.sql, { eventRetentionMillis: 3_600_000 }), { timeout: "60 seconds" })(`outbox (${backend.name})`, (it) => {
    it.effect("messages are claimed once, retried on the schedule, marked failed, and replayable", () =>
      Effect.gen(function*() {
        const webhooks = yield* Webhooks.Webhooks
        const outbox = yield* Outbox.Outbox
        const endpoint = yield* webhooks.create({ url: "https://example.com/a", events: ["user.created"] })
        const other = yield* webhooks.create({ url: "https://example.com/b", events: ["group.created"] })
        const { connectionId } = yield* connection()
        yield* (yield* ScimUsers.ScimUsers).create(connectionId, userBody("olive"), ctx("POST", "/Users"))
        const claimed = yield* outbox.claim({ limit: 10, leaseMillis: 30_000 })
        expect(claimed.map((m) => [m.endpointId, m.eventType, m.url])).toEqual([[endpoint.id, "user.created", endpoint.url]])
        expect(JSON.parse(claimed[0]!.payload)).toMatchObject({ type: "user.created", object: "event", sequence: 1 })
        expect(claimed[0]!.secret).toBe(endpoint.secret)
        expect(yield* outbox.claim()).toEqual([])
        const id = claimed[0]!.id
        let message = yield* outbox.recordAttempt(id, { statusCode: 500, durationMillis: 12 })
        expect(message).toMatchObject({ status: "pending", attempts: 1 })
        expect(message.nextAttemptAt! - (yield* TestClock.currentTimeMillis)).toBe(5_000)
        expect(yield* outbox.claim()).toEqual([])
        for (const delay of Outbox.schedule) {
          yield* TestClock.adjust(delay)
          const again = yield* outbox.claim()
          expect(again.map((m) => m.id)).toEqual([id])
          message = yield* outbox.recordAttempt(id, { error: "connect ECONNREFUSED", durationMillis: 3 })
        }
        expect(message).toMatchObject({ status: "failed", attempts: 8, nextAttemptAt: null })
        const attempts = yield* outbox.attempts(id)
        expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
        expect(attempts[0]).toMatchObject({ statusCode: 500, error: null, durationMillis: 12 })
        expect(attempts[1]).toMatchObject({ statusCode: null, error: "connect ECONNREFUSED" })
        expect((yield* webhooks.deliveries(endpoint.id)).totalCount).toBe(8)
        expect((yield* webhooks.deliveries(other.id)).totalCount).toBe(0)
        yield* outbox.replay(id)
        const replayed = yield* outbox.claim()
        expect(replayed.map((m) => m.id)).toEqual([id])
        message = yield* outbox.recordAttempt(id, { statusCode: 204, durationMillis: 5 })
        expect(message.status).toBe("delivered")
        expect(message.deliveredAt).not.toBeNull()
        yield* webhooks.remove(endpoint.id)
        yield* webhooks.remove(other.id)
      }))

    it.effect("an expired lease makes a claimed message claimable again", () =>
      Effect.gen(function*() {
        const webhooks = yield* Webhooks.Webhooks
        const outbox = yield* Outbox.Outbox
        const endpoint = yield* webhooks.create({ url: "https://example.com/c" })
        const { connectionId } = yield* connection()
        yield* (yield* ScimUsers.ScimUsers).create(connectionId, userBody("lease"), ctx("POST", "/Users"))
        const first = yield* outbox.claim({ leaseMillis: 10_000 })
        expect(first).toHaveLength(1)
        yield* TestClock.adjust(10_001)
        const second = yield* outbox.claim({ leaseMillis: 10_000 })
        expect(second.map((m) => m.id)).toEqual(first.map((m) => m.id))
        yield* webhooks.remove(endpoint.id)
      }))

    it.effect("sessions: revoke emits session.revoked; events are pruned after the retention", () =>
      Effect.gen(function*() {
        const webhooks = yield* Webhooks.Webhooks
        const outbox = yield* Outbox.Outbox
        const endpoint = yield* webhooks.create({ url: "https://example.com/d", events: ["session.revoked"] })
        const { connectionId } = yield* connection()
        yield* (yield* ScimUsers.ScimUsers).create(connectionId, userBody("sid"), ctx("POST", "/Users"))
        const user = (yield* (yield* Users.Users).list({ connectionId })).data[0]!
        const sessions = yield* Sessions.Sessions
        const s = yield* sessions.create(user.id)
        const revoked = yield* sessions.revoke(s.id, "admin")
        expect(revoked).toMatchObject({ status: "revoked", revokeReason: "admin" })
        const claimed = yield* outbox.claim({ limit: 50 })
        const mine = claimed.filter((m) => m.endpointId === endpoint.id)
        expect(mine.map((m) => JSON.parse(m.payload).data)).toEqual([expect.objectContaining({ id: s.id, status: "revoked" })])
        const missing = yield* Effect.either(sessions.get("sess_missing"))
        expect(Either.isLeft(missing) && missing.left._tag).toBe("SessionNotFound")
        const events = yield* DirectoryEvents.DirectoryEvents
        expect((yield* events.list(connectionId)).totalCount).toBe(1)
        yield* TestClock.adjust(3_600_001)
        expect(yield* events.prune()).toBeGreaterThanOrEqual(1)
        expect((yield* events.list(connectionId)).totalCount).toBe(0)
        yield* webhooks.remove(endpoint.id)
      }))
  })
}
