/**
 * Crash safety: a provisioning load (creates, patches, deactivations) against a server process that is
 * killed with SIGKILL at random moments and restarted each time. Afterwards every write that got a 2xx
 * answer is in the database, no user exists twice, and every committed change's webhook has been delivered
 * (at least once; the receiver de-duplicates by `webhook-id`).
 */
import { afterAll, describe, expect, it } from "vitest"
import { call, eventually, type Server } from "../harness.js"
import { connection, endpoint, kill, PATCH, query, random, report, startControlledReceiver, startServer, user } from "./helpers.js"

const USERS = 500 // 4 writes each: create, two patches, deactivation -> 2,000 writes per database
const WORKERS = 8
const KILLS = 3

/** Registers the crash scenario for one database. */
export const scenario = (label: string, database: () => Promise<{ url: string; drop: () => Promise<void> }>, seed: number) =>
  describe(`crash safety on ${label}`, () => {
    const cleanup: Array<() => Promise<unknown>> = []
    afterAll(async () => {
      for (const f of cleanup.reverse()) await f().catch(() => undefined)
    })

    it(`keeps every acknowledged write through ${KILLS} SIGKILLs and delivers every webhook`, async () => {
      const rand = random(seed)
      const db = await database()
      cleanup.push(db.drop)
      const receiver = await startControlledReceiver()
      cleanup.push(receiver.close)
      const env = {
        DATABASE_URL: db.url,
        DIRSYNC_RATE_LIMIT_PER_SECOND: "1000000",
        DIRSYNC_WEBHOOK_TIMEOUT_MS: "1000",
        DIRSYNC_WEBHOOK_POLL_MS: "100"
      }
      let server: Server = await startServer(env)
      let up: Promise<Server> = Promise.resolve(server)
      cleanup.push(() => server.stop())
      const hook = await endpoint(server.url, receiver.url)
      receiver.setSecret(hook.secret)
      const conn = await connection(server.url, `crash ${label}`)
      const path = new URL(conn.scim).pathname

      // One SCIM request, repeated through crashes until the server answers it.
      let networkErrors = 0
      const send = async (method: string, suffix: string, body: unknown) => {
        for (;;) {
          const current = await up
          try {
            return await call(`${current.url}${path}${suffix}`, { method, token: conn.token, body })
          } catch {
            networkErrors++
            await new Promise((r) => setTimeout(r, 50))
          }
        }
      }

      interface Acked {
        id: string
        displayName?: string
        active: boolean
      }
      const acked = new Map<string, Acked>()
      let writesAcked = 0
      let recoveredCreates = 0

      const expectStatus = (r: { status: number; text: string }, status: number) => {
        if (r.status !== status) {
          const errors = server.logs.filter((l) => /"logLevel":"(ERROR|FATAL|WARN)/i.test(l) && !/webhook/.test(l)).slice(-5)
          throw new Error(`expected ${status}, got ${r.status}: ${r.text}\n${errors.join("\n")}`)
        }
      }
      const lifecycle = async (n: number) => {
        const userName = `crash${n}@example.com`
        let r = await send("POST", "/Users", user(userName))
        let id: string
        if (r.status === 201) {
          id = r.json.id
          writesAcked++
        } else {
          // The create committed but its answer was lost in a crash: the IdP's retry gets 409, then it looks the user up.
          expectStatus(r, 409)
          const found = await send("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, undefined)
          expect(found.json.totalResults).toBe(1)
          id = found.json.Resources[0].id
          recoveredCreates++
        }
        const state: Acked = { id, active: true }
        acked.set(userName, state)
        for (const v of ["v1", "v2"]) {
          const displayName = `${userName} ${v}`
          r = await send("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: displayName }] })
          expectStatus(r, 200)
          state.displayName = displayName
          writesAcked++
        }
        r = await send("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] })
        expectStatus(r, 200)
        state.active = false
        writesAcked++
      }

      let next = 0
      const load = Promise.all(
        Array.from({ length: WORKERS }, async () => {
          while (next < USERS) await lifecycle(next++)
        })
      )
      let loadDone = false
      void load.then(() => (loadDone = true), () => (loadDone = true))

      // The killer: SIGKILL at a random moment while the load runs, restart, repeat.
      const killedAtWrites: Array<number> = []
      while (killedAtWrites.length < KILLS && !loadDone) {
        // A random moment, once the restarted server has taken some writes.
        const from = writesAcked
        const after = 20 + Math.floor(rand() * 150)
        while (!loadDone && writesAcked < from + after) await new Promise((r) => setTimeout(r, 5 + Math.floor(rand() * 20)))
        if (loadDone) break
        const victim = server
        killedAtWrites.push(writesAcked)
        let restarted!: (s: Server) => void
        up = new Promise((r) => (restarted = r))
        await kill(victim)
        server = await startServer(env)
        restarted(server)
      }
      await load
      expect(killedAtWrites.length).toBe(KILLS)

      // Every acknowledged write is there, as acknowledged.
      for (const [userName, state] of acked) {
        const r = await call(`${server.url}${path}/Users/${state.id}`, { token: conn.token })
        expect(r.status).toBe(200)
        expect(r.json.userName).toBe(userName)
        expect(r.json.displayName).toBe(state.displayName)
        expect(r.json.active).toBe(state.active)
      }
      expect(acked.size).toBe(USERS)

      // No user twice: in the database and through SCIM.
      const duplicates = await query(
        db.url,
        "SELECT user_name_lower, COUNT(*) AS n FROM ds_directory_users GROUP BY connection_id, user_name_lower HAVING COUNT(*) > 1"
      )
      expect(duplicates).toEqual([])
      const all = await call(`${server.url}${path}/Users?count=0`, { token: conn.token })
      expect(all.json.totalResults).toBe(USERS)

      // Every committed change's webhook arrives (after the last crash's claims expire).
      const messages = await eventually(async () => {
        const rows = await query(db.url, "SELECT id, status FROM ds_webhook_messages")
        return rows.every((m) => m["status"] === "delivered" && receiver.ids.has(String(m["id"]))) ? rows : undefined
      }, 60_000)
      // Patches of SCIM-only attributes (displayName) change no application user and emit no webhook; creates
      // and deactivations do: at least one message each.
      expect(messages.length).toBeGreaterThanOrEqual(2 * USERS)
      for (const state of acked.values()) {
        const mine = receiver.received.filter((d) => d.data?.directory?.scim_id === state.id)
        expect(mine.some((d) => d.type === "user.created")).toBe(true)
        expect(mine.some((d) => d.type === "user.updated" && d.data?.deactivated === true)).toBe(true)
      }
      expect(receiver.received.every((d) => d.verified)).toBe(true)
      const duplicateDeliveries = receiver.received.length - receiver.ids.size

      report(`crash ${label}`, {
        seed,
        writesAcked,
        recoveredCreates,
        kills: killedAtWrites.length,
        killedAtWrites,
        networkErrors,
        webhookMessages: messages.length,
        duplicateDeliveries
      })
    }, 180_000)
  })

