/**
 * The small pieces the reliability fixes rest on: JSON nesting depth, the dispatcher's claim lease and the
 * configuration of the retry schedule and token overlap.
 */
import { ConfigProvider, Effect, Option } from "effect"
import { describe, expect, it } from "vitest"
import { config } from "../../src/Config.js"
import { nestingDepth } from "../../src/scim/Wire.js"
import { leaseMillis } from "../../src/webhooks/Dispatcher.js"

describe("nestingDepth", () => {
  const table: Array<[string, number]> = [
    ["1", 0],
    ["{}", 1],
    ['{"a":[1,{"b":"[["}]}', 3],
    ['"[[[[["', 0],
    ['["\\"[[["]', 1],
    ["[".repeat(5000) + "]".repeat(5000), 5000],
    ['{"a":"\\\\"}', 1]
  ]
  for (const [text, depth] of table) it(`${text.slice(0, 30)} -> ${depth}`, () => expect(nestingDepth(text)).toBe(depth))
})

describe("leaseMillis", () => {
  it("covers a whole batch of attempts plus a margin", () => {
    expect(leaseMillis(15_000)).toBe(120_000)
    expect(leaseMillis(1_000)).toBe(12_000)
  })
})

describe("configuration", () => {
  const read = (env: Record<string, string>) =>
    Effect.runPromise(Effect.either(Effect.withConfigProvider(config, ConfigProvider.fromMap(new Map(Object.entries(env))))))
  it("reads the retry schedule and the token overlap", async () => {
    const r = await read({ DIRSYNC_WEBHOOK_RETRY_SCHEDULE_MS: "200, 400,800", DIRSYNC_TOKEN_OVERLAP_MS: "1500" })
    expect(r._tag).toBe("Right")
    if (r._tag === "Right") {
      expect(r.right.webhookRetryScheduleMillis).toEqual(Option.some([200, 400, 800]))
      expect(r.right.tokenOverlapMillis).toEqual(Option.some(1500))
    }
    const d = await read({})
    expect(d._tag === "Right" && Option.isNone(d.right.webhookRetryScheduleMillis)).toBe(true)
  })
  it("refuses a malformed schedule", async () => {
    for (const bad of ["a,b", "-1", "1.5", ","]) expect((await read({ DIRSYNC_WEBHOOK_RETRY_SCHEDULE_MS: bad }))._tag).toBe("Left")
  })
})
