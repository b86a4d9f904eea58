/**
 * Webhook endpoint failures: the receiver answers 500, then hangs past the attempt timeout, then is down;
 * each message is retried on the (compressed) schedule and arrives once the receiver recovers. A message that
 * exhausts its schedule is marked failed and is replayed through the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, eventually, type Server, sqliteUrl } from "../harness.js"
import { admin, connection, endpoint, query, report, startControlledReceiver, startServer, user } from "./helpers.js"

const SCHEDULE = [200, 400, 800, 1600, 3200]

describe("webhook endpoint failures", () => {
  let server: Server
  let database: string
  let scim: { id: string; token: string; scim: string }
  const cleanup: Array<() => Promise<unknown>> = []

  beforeAll(async () => {
    database = sqliteUrl()
    server = await startServer({
      DATABASE_URL: database,
      DIRSYNC_WEBHOOK_RETRY_SCHEDULE_MS: SCHEDULE.join(","),
      DIRSYNC_WEBHOOK_TIMEOUT_MS: "300",
      DIRSYNC_WEBHOOK_POLL_MS: "50"
    })
    cleanup.push(() => server.stop())
    scim = await connection(server.url, "webhook failures")
  })
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined)
  })

  const attemptsOf = async (endpointId: string) => {
    const r = await admin(server.url, `/v1/webhook_endpoints/${endpointId}/deliveries?limit=500`)
    expect(r.status).toBe(200)
    return r.json.data as Array<{ message_id: string; attempt: number; status_code: number | null; error: string | null; attempted_at: number }>
  }

  it("retries through 500s, timeouts and downtime on the schedule, and delivers everything on recovery", async () => {
    const receiver = await startControlledReceiver()
    cleanup.push(receiver.close)
    const hook = await endpoint(server.url, receiver.url)
    receiver.setSecret(hook.secret)
    receiver.setMode((_id, hit) => (hit === 1 ? "fail" : "hang"))
    const ids: Array<string> = []
    for (let i = 0; i < 5; i++) {
      const r = await call(`${scim.scim}/Users`, { method: "POST", token: scim.token, body: user(`retry${i}@example.com`) })
      expect(r.status).toBe(201)
      ids.push(r.json.id)
    }
    const messages = (await query(database, `SELECT id FROM ds_webhook_messages WHERE endpoint_id = '${hook.id}'`)).map((m) => String(m["id"]))
    expect(messages.length).toBe(5)
    const hitsOf = (id: string) => receiver.hits.filter((h) => h.id === id).length
    // Attempt 1: a 500. Attempt 2: no answer within the timeout. Attempt 3: the receiver is down.
    const recorded = (n: number) => async () => {
      const attempts = await attemptsOf(hook.id)
      return messages.every((m) => attempts.filter((a) => a.message_id === m).length >= n)
    }
    await eventually(() => messages.every((m) => hitsOf(m) >= 2))
    await eventually(recorded(2))
    await receiver.down()
    await eventually(recorded(3))
    receiver.setMode("ok")
    await receiver.up()
    await eventually(() => messages.every((m) => receiver.ids.has(m)))

    const attempts = await attemptsOf(hook.id)
    for (const m of messages) {
      const mine = attempts.filter((a) => a.message_id === m).sort((a, b) => a.attempt - b.attempt)
      expect(mine.length).toBe(4)
      expect(mine[0]!.status_code).toBe(500)
      expect(mine[1]!.status_code).toBeNull()
      expect(mine[1]!.error).toMatch(/abort|timeout/i)
      expect(mine[2]!.status_code).toBeNull()
      expect(mine[2]!.error).toMatch(/ECONNREFUSED|refused/i)
      expect(mine[3]!.status_code).toBe(204)
      // Never sooner than the schedule says.
      for (let k = 1; k < mine.length; k++) {
        expect(mine[k]!.attempted_at - mine[k - 1]!.attempted_at).toBeGreaterThanOrEqual(SCHEDULE[k - 1]!)
      }
    }
    const rows = await query(database, `SELECT status FROM ds_webhook_messages WHERE endpoint_id = '${hook.id}'`)
    expect(rows.every((r) => r["status"] === "delivered")).toBe(true)
    expect(receiver.received.filter((d) => messages.includes(d.id)).every((d) => d.verified)).toBe(true)
    report("webhook failures", { messages: messages.length, attemptsEach: 4, schedule: SCHEDULE })
    await admin(server.url, `/v1/webhook_endpoints/${hook.id}`, { method: "DELETE" })
  }, 40_000)

  it("marks a message failed after its last retry and replays it through the admin API", async () => {
    const receiver = await startControlledReceiver()
    cleanup.push(receiver.close)
    const hook = await endpoint(server.url, receiver.url)
    receiver.setSecret(hook.secret)
    receiver.setMode("fail")
    const r = await call(`${scim.scim}/Users`, { method: "POST", token: scim.token, body: user("exhausted@example.com") })
    expect(r.status).toBe(201)
    const [message] = (await query(database, `SELECT id FROM ds_webhook_messages WHERE endpoint_id = '${hook.id}'`)).map((m) => String(m["id"]))
    expect(message).toBeDefined()
    const statusOf = async () => String((await query(database, `SELECT status FROM ds_webhook_messages WHERE id = '${message}'`))[0]?.["status"])
    await eventually(async () => (await statusOf()) === "failed", 30_000)
    const attempts = (await attemptsOf(hook.id)).filter((a) => a.message_id === message)
    expect(attempts.length).toBe(SCHEDULE.length + 1)
    expect(attempts.every((a) => a.status_code === 500)).toBe(true)
    expect(receiver.ids.has(message!)).toBe(false)

    // Without the admin key the replay is refused; with it the message is due again and arrives.
    const refused = await call(`${server.url}/v1/webhook_messages/${message}/retry`, { method: "POST" })
    expect(refused.status).toBe(401)
    receiver.setMode("ok")
    const replay = await admin(server.url, `/v1/webhook_messages/${message}/retry`, { method: "POST" })
    expect(replay.status).toBe(200)
    expect(replay.json).toMatchObject({ id: message, status: "pending", attempts: 0 })
    await eventually(() => receiver.ids.has(message!))
    await eventually(async () => (await statusOf()) === "delivered")
    const missing = await admin(server.url, `/v1/webhook_messages/msg_does_not_exist/retry`, { method: "POST" })
    expect(missing.status).toBe(404)
  }, 40_000)
})
