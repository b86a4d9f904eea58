import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ADMIN_KEY, call, createPgDatabase, eventually, type Server, startReceiver, startServer } from "./harness.js"

const USER = "urn:ietf:params:scim:schemas:core:2.0:User"

describe("two server processes on one PostgreSQL", () => {
  let a: Server
  let b: Server
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let db: Awaited<ReturnType<typeof createPgDatabase>>

  beforeAll(async () => {
    db = await createPgDatabase()
    receiver = await startReceiver()
    // The first process runs the migrations; the second starts on the migrated database.
    a = await startServer({ DATABASE_URL: db.url })
    b = await startServer({ DATABASE_URL: db.url })
  })

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await receiver?.close()
    await db?.drop()
  })

  it("serves the same connection from both and delivers each webhook exactly once", async () => {
    const admin = (s: Server, path: string, body?: unknown) =>
      call(`${s.url}${path}`, { method: body === undefined ? "GET" : "POST", token: ADMIN_KEY, body, headers: { "content-type": "application/json" } })
    const endpoint = await admin(a, "/v1/webhook_endpoints", { url: receiver.url })
    receiver.setSecret(endpoint.json.secret)
    const conn = await admin(b, "/v1/enterprise_connections", { name: "Scale", protocol: "oidc", provider: "okta" })
    const ds = await call(`${a.url}/v1/enterprise_connections/${conn.json.id}/directory_sync`, { method: "POST", token: ADMIN_KEY })
    const token = ds.json.bearer_token as string

    const n = 12
    const created = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        call(`${(i % 2 === 0 ? a : b).url}/scim/v2/${conn.json.id}/Users`, {
          method: "POST",
          token,
          body: { schemas: [USER], userName: `scale${i}@example.com`, active: true }
        }))
    )
    expect(created.map((r) => r.status)).toEqual(Array(n).fill(201))
    // Both processes see every user.
    for (const s of [a, b]) {
      const list = await call(`${s.url}/scim/v2/${conn.json.id}/Users?count=0`, { token })
      expect(list.json.totalResults).toBe(n)
    }
    // A duplicate userName through the other process is refused by the database.
    const dup = await call(`${b.url}/scim/v2/${conn.json.id}/Users`, { method: "POST", token, body: { schemas: [USER], userName: "SCALE0@example.com" } })
    expect(dup.status).toBe(409)

    await eventually(() => receiver.deliveries.filter((d) => d.type === "user.created").length >= n || undefined)
    // Give both dispatchers several more polling rounds to deliver anything twice.
    await new Promise((r) => setTimeout(r, 1500))
    const ids = receiver.deliveries.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(receiver.deliveries.filter((d) => d.type === "user.created")).toHaveLength(n)
    expect(receiver.deliveries.every((d) => d.verified)).toBe(true)
  })
})
