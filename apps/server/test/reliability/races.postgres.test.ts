/**
 * Races across two server processes on one PostgreSQL database: concurrent creates of one userName,
 * 50 concurrent PATCHes of one user, concurrent group membership adds and removes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, createPgDatabase, type Server } from "../harness.js"
import { connection, ERROR, GROUP, PATCH, report, startServer, user } from "./helpers.js"

describe("races across two processes on one PostgreSQL", () => {
  let a: Server
  let b: Server
  let conn: { id: string; token: string; scim: string }
  let path = ""
  const cleanup: Array<() => Promise<unknown>> = []
  // Request i goes to process a or b, alternately.
  const scim = (i: number, suffix: string, init: Parameters<typeof call>[1] = {}) =>
    call(`${(i % 2 === 0 ? a : b).url}${path}${suffix}`, { token: conn.token, ...init })

  beforeAll(async () => {
    const db = await createPgDatabase()
    cleanup.push(db.drop)
    a = await startServer({ DATABASE_URL: db.url })
    cleanup.push(() => a.stop())
    b = await startServer({ DATABASE_URL: db.url })
    cleanup.push(() => b.stop())
    conn = await connection(a.url, "races")
    path = new URL(conn.scim).pathname
  })
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined)
  })

  it("concurrent creates of one userName: exactly one 201, every other a 409 uniqueness", async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => scim(i, "/Users", { method: "POST", body: user(`Same.Person@example.com`) }))
    )
    const created = answers.filter((r) => r.status === 201)
    const conflicts = answers.filter((r) => r.status === 409)
    expect(created.length).toBe(1)
    expect(conflicts.length).toBe(29)
    for (const r of conflicts) expect(r.json).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" })
    // Case differs: still the same userName.
    const again = await scim(1, "/Users", { method: "POST", body: user("same.person@EXAMPLE.com") })
    expect(again.status).toBe(409)
    const list = await scim(0, `/Users?filter=${encodeURIComponent('userName eq "same.person@example.com"')}`)
    expect(list.json.totalResults).toBe(1)
    report("race creates", { requests: 31, created: 1, conflicts: 30 })
  })

  it("50 concurrent PATCHes of one user: no change lost, every answer a new version", async () => {
    const created = await scim(0, "/Users", { method: "POST", body: user("patched@example.com") })
    expect(created.status).toBe(201)
    const id = created.json.id as string
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        scim(i, `/Users/${id}`, {
          method: "PATCH",
          body: { schemas: [PATCH], Operations: [{ op: "add", path: "phoneNumbers", value: [{ value: `+1-555-01${String(i).padStart(2, "0")}`, type: "work" }] }] }
        }))
    )
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200))
    const versions = answers.map((r) => r.json.meta.version as string)
    expect(new Set(versions).size).toBe(50)
    expect(versions).not.toContain(created.json.meta.version)
    // The number of phone numbers each answer saw is a permutation of 1..50: the writes were serialised.
    const seen = answers.map((r) => (r.json.phoneNumbers as Array<unknown>).length).sort((x, y) => x - y)
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    const final = await scim(1, `/Users/${id}`)
    const numbers = new Set((final.json.phoneNumbers as Array<{ value: string }>).map((p) => p.value))
    expect(numbers.size).toBe(50)
    for (let i = 0; i < 50; i++) expect(numbers.has(`+1-555-01${String(i).padStart(2, "0")}`)).toBe(true)
    // Ordered by the number of phone numbers they saw, the versions are the order of the writes; the last is current.
    const byOrder = answers.slice().sort((x, y) => x.json.phoneNumbers.length - y.json.phoneNumbers.length)
    expect(final.json.meta.version).toBe(byOrder[49]!.json.meta.version)
    report("race patches", { patches: 50, distinctVersions: new Set(versions).size, phoneNumbers: numbers.size })
  })

  it("concurrent membership adds and removes: no member lost, none left behind", async () => {
    const users: Array<string> = []
    for (let i = 0; i < 40; i++) {
      const r = await scim(i, "/Users", { method: "POST", body: user(`member${i}@example.com`) })
      expect(r.status).toBe(201)
      users.push(r.json.id)
    }
    const group = await scim(0, "/Groups", { method: "POST", body: { schemas: [GROUP], displayName: "Racers" } })
    expect(group.status).toBe(201)
    const gid = group.json.id as string
    const adds = await Promise.all(
      users.map((u, i) =>
        scim(i, `/Groups/${gid}`, { method: "PATCH", body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: u }] }] } }))
    )
    for (const r of adds) expect([200, 204]).toContain(r.status)
    const membersOf = async () => {
      const g = await scim(1, `/Groups/${gid}`)
      expect(g.status).toBe(200)
      return new Set(((g.json.members ?? []) as Array<{ value: string }>).map((m) => m.value))
    }
    expect(await membersOf()).toEqual(new Set(users))
    // Remove the even ones, concurrently with adding the odd ones again (a no-op that must not resurrect anyone).
    const removed = users.filter((_, i) => i % 2 === 0)
    const kept = users.filter((_, i) => i % 2 === 1)
    const mixed = await Promise.all([
      ...removed.map((u, i) =>
        scim(i, `/Groups/${gid}`, {
          method: "PATCH",
          body: { schemas: [PATCH], Operations: [{ op: "remove", path: `members[value eq "${u}"]` }] }
        })),
      ...kept.map((u, i) =>
        scim(i + 1, `/Groups/${gid}`, { method: "PATCH", body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: u }] }] } }))
    ])
    for (const r of mixed) expect([200, 204]).toContain(r.status)
    expect(await membersOf()).toEqual(new Set(kept))
    report("race membership", { adds: users.length, removes: removed.length, reAdds: kept.length, final: kept.length })
  })
})
