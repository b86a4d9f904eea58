/**
 * Isolation between tenants (connections), token life cycle, admin surfaces, SQL injection, and what the
 * database and the logs hold: no plaintext token, admin key or password; the webhook signing secret only in
 * the one column that needs it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ADMIN_KEY, call, eventually, type Server, sqliteUrl } from "../harness.js"
import { admin, connection, dump, ERROR, GROUP, PATCH, report, startServer, user } from "./helpers.js"

const PASSWORD = "Pa55word-do-not-store-7f3a"

describe("isolation and secrets", () => {
  let server: Server
  let database: string
  let a: { id: string; token: string; scim: string }
  let b: { id: string; token: string; scim: string }
  let bUser = ""
  let bGroup = ""
  let webhookSecret = ""
  const tokens: Array<string> = []

  beforeAll(async () => {
    database = sqliteUrl()
    server = await startServer({ DATABASE_URL: database, DIRSYNC_TOKEN_OVERLAP_MS: "1500" })
    a = await connection(server.url, "Tenant A")
    b = await connection(server.url, "Tenant B")
    tokens.push(a.token, b.token)
    const hook = await admin(server.url, "/v1/webhook_endpoints", { method: "POST", body: { url: "http://127.0.0.1:9/hooks" } })
    webhookSecret = hook.json.secret
    const u = await call(`${b.scim}/Users`, { method: "POST", token: b.token, body: user("secret.person@b.example", { password: PASSWORD }) })
    expect(u.status).toBe(201)
    bUser = u.json.id
    const g = await call(`${b.scim}/Groups`, { method: "POST", token: b.token, body: { schemas: [GROUP], displayName: "B only", members: [{ value: bUser }] } })
    expect(g.status).toBe(201)
    bGroup = g.json.id
  })
  afterAll(async () => {
    await server?.stop()
  })

  it("connection A's token cannot read, change or learn of B's users and groups, even with their ids", async () => {
    const asA = (suffix: string, init: Parameters<typeof call>[1] = {}) => call(`${a.scim}${suffix}`, { token: a.token, ...init })
    const tries = [
      await asA(`/Users/${bUser}`),
      await asA(`/Groups/${bGroup}`),
      await asA(`/Users/${bUser}`, { method: "PATCH", body: { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] } }),
      await asA(`/Users/${bUser}`, { method: "PUT", body: user("secret.person@b.example", { active: false }) }),
      await asA(`/Users/${bUser}`, { method: "DELETE" }),
      await asA(`/Groups/${bGroup}`, { method: "DELETE" }),
      await asA(`/Groups/${bGroup}`, { method: "PATCH", body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: bUser }] }] } })
    ]
    for (const r of tries) {
      expect(r.status).toBe(404)
      expect(r.json.schemas).toEqual([ERROR])
    }
    // The 404 for B's id is the same as for an id that never existed: nothing to learn from it.
    const never = await asA(`/Users/00000000-0000-0000-0000-000000000000`)
    expect(never.status).toBe(404)
    expect(tries[0]!.json.detail.replace(bUser, "X")).toBe(never.json.detail.replace("00000000-0000-0000-0000-000000000000", "X"))
    for (const filter of [`id eq "${bUser}"`, `userName eq "secret.person@b.example"`, `userName sw "secret"`, `displayName eq "B only"`]) {
      const users = await asA(`/Users?filter=${encodeURIComponent(filter)}`)
      const groups = await asA(`/Groups?filter=${encodeURIComponent(filter)}`)
      for (const r of [users, groups]) {
        expect([200, 400]).toContain(r.status)
        if (r.status === 200) expect(r.json.totalResults).toBe(0)
      }
    }
    // Member values are opaque within a connection: B's user id in A's group is treated exactly like an id that
    // never existed (no error that would reveal it, no link to B's user: B's user is in no group of A).
    const ghost = "11111111-1111-1111-1111-111111111111"
    const withB = await asA("/Groups", { method: "POST", body: { schemas: [GROUP], displayName: "A group 1", members: [{ value: bUser }] } })
    const withGhost = await asA("/Groups", { method: "POST", body: { schemas: [GROUP], displayName: "A group 2", members: [{ value: ghost }] } })
    expect(withB.status).toBe(withGhost.status)
    expect(JSON.stringify(withB.json.members).replace(bUser, "X")).toBe(JSON.stringify(withGhost.json.members).replace(ghost, "X"))
    const bView = await call(`${b.scim}/Users/${bUser}`, { token: b.token })
    expect((bView.json.groups ?? []).map((g: { value: string }) => g.value)).not.toContain(withB.json.id)
    // A's token on B's base URL, and B's unchanged user.
    expect((await call(`${b.scim}/Users/${bUser}`, { token: a.token })).status).toBe(401)
    const still = await call(`${b.scim}/Users/${bUser}`, { token: b.token })
    expect(still.status).toBe(200)
    expect(still.json.active).toBe(true)
    const group = await call(`${b.scim}/Groups/${bGroup}`, { token: b.token })
    expect(group.json.members.map((m: { value: string }) => m.value)).toEqual([bUser])
  })

  it("SQL injection through filters and ids changes nothing and leaks nothing", async () => {
    const before = await dump(database)
    const payloads = [
      `x' OR '1'='1`,
      `x" or userName pr or userName eq "`,
      `'; DROP TABLE ds_directory_users; --`,
      `x'); DELETE FROM ds_directory_users; --`,
      `%' OR 1=1 --`,
      `\\' OR 1=1 --`,
      `x' UNION SELECT token_hash FROM ds_tokens --`
    ]
    let tried = 0
    for (const p of payloads) {
      for (const filter of [`userName eq "${p.replace(/"/g, '\\"')}"`, `userName co "${p.replace(/"/g, '\\"')}"`, `externalId eq "${p.replace(/"/g, '\\"')}"`, p]) {
        const r = await call(`${a.scim}/Users?filter=${encodeURIComponent(filter)}`, { token: a.token })
        tried++
        expect(r.status).toBeLessThan(500)
        if (r.status === 200) expect(r.json.totalResults).toBe(0)
        else expect(r.json.schemas).toEqual([ERROR])
      }
      for (const method of ["GET", "DELETE"]) {
        const r = await call(`${a.scim}/Users/${encodeURIComponent(p)}`, { method, token: a.token })
        tried++
        expect(r.status).toBe(404)
      }
      const s = await call(`${a.scim}/Users?sortBy=${encodeURIComponent(p)}&attributes=${encodeURIComponent(p)}`, { token: a.token })
      tried++
      expect(s.status).toBeLessThan(500)
    }
    // The directory is unchanged; the only new rows are the audit trail of the rejected requests.
    const after = await dump(database)
    for (const table of ["ds_connections", "ds_tokens", "ds_app_users", "ds_directory_users", "ds_directory_user_emails", "ds_groups", "ds_group_members", "ds_sessions", "ds_webhook_endpoints"]) {
      expect(after[table]!.replace(/"last_used_at":\d+/g, "")).toBe(before[table]!.replace(/"last_used_at":\d+/g, ""))
    }
    const beforeEvents = new Set((JSON.parse(before["ds_events"]!) as Array<{ id: string }>).map((e) => e.id))
    const newEvents = (JSON.parse(after["ds_events"]!) as Array<{ id: string; type: string }>).filter((e) => !beforeEvents.has(e.id))
    expect(newEvents.every((e) => e.type === "scim.provisioning_failed")).toBe(true)
    expect(after["ds_webhook_messages"]!.match(/"id":"msg_/g)?.length).toBe(before["ds_webhook_messages"]!.match(/"id":"msg_/g)?.length)
    report("sql injection", { requests: tried })
  })

  it("a disabled connection's token and a rotated-out token (after the overlap) get 401", async () => {
    const c = await connection(server.url, "Tenant C")
    expect((await call(`${c.scim}/Users`, { token: c.token })).status).toBe(200)
    expect((await admin(server.url, `/v1/enterprise_connections/${c.id}/directory_sync`, { method: "DELETE" })).status).toBeLessThan(300)
    const disabled = await call(`${c.scim}/Users`, { token: c.token })
    expect(disabled.status).toBe(401)
    expect(disabled.json).toMatchObject({ schemas: [ERROR], status: "401" })

    const d = await connection(server.url, "Tenant D")
    const rotated = await admin(server.url, `/v1/enterprise_connections/${d.id}/directory_sync/rotate_token`, { method: "POST" })
    expect(rotated.status).toBe(200)
    const fresh = String(rotated.json.bearer_token)
    tokens.push(c.token, d.token, fresh)
    expect(fresh).not.toBe(d.token)
    expect((await call(`${d.scim}/Users`, { token: fresh })).status).toBe(200)
    expect((await call(`${d.scim}/Users`, { token: d.token })).status).toBe(200) // inside the overlap
    await eventually(async () => (await call(`${d.scim}/Users`, { token: d.token })).status === 401, 10_000)
    expect((await call(`${d.scim}/Users`, { token: fresh })).status).toBe(200)
  })

  it("the admin API and the dashboard refuse requests without the admin key", async () => {
    const paths = [
      ["GET", "/v1/enterprise_connections"],
      ["POST", "/v1/enterprise_connections"],
      ["GET", `/v1/enterprise_connections/${a.id}`],
      ["DELETE", `/v1/enterprise_connections/${a.id}`],
      ["POST", `/v1/enterprise_connections/${a.id}/directory_sync/rotate_token`],
      ["GET", `/v1/enterprise_connections/${a.id}/directory_users`],
      ["GET", `/v1/enterprise_connections/${a.id}/directory_events`],
      ["GET", "/v1/users"],
      ["GET", "/v1/webhook_endpoints"],
      ["POST", "/v1/webhook_endpoints"],
      ["POST", "/v1/webhook_messages/msg_x/retry"]
    ] as const
    for (const [method, path] of paths) {
      for (const headers of [{}, { authorization: `Bearer ${a.token}` }, { authorization: `Bearer ${ADMIN_KEY}x` }, { authorization: ADMIN_KEY }, { authorization: `Basic ${btoa(`admin:${ADMIN_KEY}`)}` }]) {
        const r = await call(`${server.url}${path}`, { method, headers: { "content-type": "application/json", ...headers }, ...(method === "POST" ? { rawBody: "{}" } : {}) })
        expect(r.status).toBe(401)
      }
    }
    const dashboard = await fetch(`${server.url}/dashboard/connections`, { redirect: "manual", headers: { authorization: `Bearer ${ADMIN_KEY}` } })
    expect(dashboard.status).toBe(303)
    expect(dashboard.headers.get("location")).toMatch(/\/dashboard\/sign-in$/)
    expect(await dashboard.text()).not.toContain("Tenant A")
    const forged = await fetch(`${server.url}/dashboard/connections`, { redirect: "manual", headers: { cookie: "dirsync_session=forged" } })
    expect(forged.status).toBe(303)
  })

  it("the database holds no plaintext token, admin key or password; the webhook secret only where signing needs it", async () => {
    const tables = await dump(database)
    const everything = Object.values(tables).join("\n")
    for (const t of tokens) expect(everything).not.toContain(t)
    expect(everything).not.toContain(ADMIN_KEY)
    expect(everything).not.toContain(PASSWORD)
    const withSecret = Object.entries(tables).filter(([, rows]) => rows.includes(webhookSecret)).map(([name]) => name)
    expect(withSecret).toEqual(["ds_webhook_endpoints"])
    // Directory events keep the request as sent, with the password redacted.
    const events = await admin(server.url, `/v1/enterprise_connections/${b.id}/directory_events?limit=500`)
    expect(events.status).toBe(200)
    expect(JSON.stringify(events.json)).not.toContain(PASSWORD)
    // And the logs.
    const logs = server.logs.join("\n")
    for (const secret of [...tokens, ADMIN_KEY, PASSWORD, webhookSecret]) expect(logs).not.toContain(secret)
  })
})
