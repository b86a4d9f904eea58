/**
 * Helpers of the reliability suite: direct database reads (to compare what the server acknowledged with
 * what it stored), a webhook receiver whose failures the test controls and that de-duplicates by
 * `webhook-id`, and connection set-up through the admin API. Every socket is on 127.0.0.1.
 */
import { createRequire } from "node:module"
import * as NodeHttp from "node:http"
import { Reactivity } from "@effect/experimental"
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import { Webhook } from "standardwebhooks"
import { ADMIN_KEY, call, type Server, startServer as startHarnessServer } from "../harness.js"

interface SqliteDatabase {
  prepare(text: string): { all(): Array<unknown> }
  close(): void
}
const Database = createRequire(import.meta.url)("better-sqlite3") as new(
  file: string,
  options: { readonly: boolean; fileMustExist: boolean }
) => SqliteDatabase

/** Starts a server (see `../harness.ts`) with the rate limit out of the way of the load these tests make. */
export const startServer = (env: Record<string, string>): Promise<Server> =>
  startHarnessServer({ DIRSYNC_RATE_LIMIT_PER_SECOND: "1000000", ...env })

/** Kills a server with SIGKILL and waits until the process is gone. */
export const kill = (server: Server) =>
  new Promise<void>((resolve) => {
    if (server.process.exitCode !== null || server.process.signalCode !== null) return resolve()
    server.process.once("exit", () => resolve())
    server.process.kill("SIGKILL")
  })

export const USER = "urn:ietf:params:scim:schemas:core:2.0:User"
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
export const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
export const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"

/** Runs a read-only query against the server's database (SQLite file or PostgreSQL URL). */
export const query = async (databaseUrl: string, text: string): Promise<Array<Record<string, unknown>>> => {
  if (databaseUrl.startsWith("postgres")) {
    return Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(
          PgClient.make({ url: Redacted.make(databaseUrl), maxConnections: 1 }),
          (sql) => sql.unsafe<Record<string, unknown>>(text)
        )
      ).pipe(Effect.provide(Reactivity.layer))
    ) as Promise<Array<Record<string, unknown>>>
  }
  const db = new Database(databaseUrl, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(text).all() as Array<Record<string, unknown>>
  } finally {
    db.close()
  }
}

/** Every table of the database with all its rows (a "dump"), as one string per table. */
export const dump = async (databaseUrl: string): Promise<Record<string, string>> => {
  const tables = databaseUrl.startsWith("postgres")
    ? (await query(databaseUrl, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"))
    : (await query(databaseUrl, "SELECT name FROM sqlite_master WHERE type = 'table'"))
  const out: Record<string, string> = {}
  for (const t of tables) {
    const name = String(t["name"])
    out[name] = JSON.stringify(await query(databaseUrl, `SELECT * FROM "${name}"`))
  }
  return out
}

/** Row counts of the tables that change when a SCIM write is accepted. */
export const writeCounts = async (databaseUrl: string) => {
  const tables = ["ds_directory_users", "ds_groups", "ds_group_members", "ds_app_users", "ds_webhook_messages"]
  const out: Record<string, number> = {}
  for (const t of tables) {
    const rows = await query(databaseUrl, `SELECT COUNT(*) AS n FROM ${t}`).catch(() => [{ n: -1 }])
    out[t] = Number(rows[0]?.["n"])
  }
  return out
}

/** What the controllable receiver does with the next request. */
export type Mode = "ok" | "fail" | "hang"

/**
 * A webhook receiver on 127.0.0.1 that verifies signatures, keeps every delivery (with duplicates) and the
 * distinct `webhook-id`s, answers as `mode` says, and can be taken down and brought back on the same port.
 */
export const startControlledReceiver = async (port = 0) => {
  const received: Array<{ id: string; type: string; data: any; at: number; verified: boolean }> = []
  const hits: Array<{ id: string; at: number; answered: Mode }> = []
  const ids = new Set<string>()
  let secret = ""
  let mode: Mode | ((id: string, hit: number) => Mode) = "ok"
  const sockets = new Set<import("node:net").Socket>()
  const make = () =>
    NodeHttp.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => {
        const id = String(req.headers["webhook-id"] ?? "")
        const answered = typeof mode === "function" ? mode(id, hits.filter((h) => h.id === id).length + 1) : mode
        hits.push({ id, at: Date.now(), answered })
        if (answered === "hang") return
        if (answered === "fail") return void res.writeHead(500).end("no")
        const body = Buffer.concat(chunks).toString("utf8")
        let verified = false
        let payload: any = {}
        try {
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))
          payload = new Webhook(secret).verify(body, headers)
          verified = true
        } catch {
          verified = false
        }
        received.push({ id, type: payload.type ?? "", data: payload.data, at: Date.now(), verified })
        ids.add(id)
        res.writeHead(verified ? 204 : 400).end()
      })
    })
  let server = make()
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject)
      server.on("connection", (s) => {
        sockets.add(s)
        s.on("close", () => sockets.delete(s))
      })
      server.listen(p, "127.0.0.1", () => resolve((server.address() as { port: number }).port))
    })
  const actualPort = await listen(port)
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
  return {
    url: `http://127.0.0.1:${actualPort}/hooks`,
    received,
    hits,
    ids,
    setSecret: (s: string) => void (secret = s),
    /** A fixed answer, or one chosen per message and attempt number (1-based). */
    setMode: (m: Mode | ((id: string, hit: number) => Mode)) => void (mode = m),
    /** Stops listening: deliveries get "connection refused". */
    down: close,
    /** Listens again on the same port. */
    up: async () => {
      server = make()
      await listen(actualPort)
    },
    close
  }
}

/** Admin API call with the admin key. */
export const admin = (base: string, path: string, init: Parameters<typeof call>[1] = {}) =>
  call(`${base}${path}`, { token: ADMIN_KEY, ...init, headers: { "content-type": "application/json", ...init.headers } })

/** Creates a connection with Directory Sync enabled; returns its id, SCIM token and SCIM base URL. */
export const connection = async (base: string, name: string, provider = "generic") => {
  const conn = await admin(base, "/v1/enterprise_connections", {
    method: "POST",
    body: { name, protocol: "saml", provider }
  })
  if (conn.status !== 201) throw new Error(`connection: ${conn.status} ${conn.text}`)
  const ds = await admin(base, `/v1/enterprise_connections/${conn.json.id}/directory_sync`, { method: "POST" })
  if (ds.status !== 200) throw new Error(`directory_sync: ${ds.status} ${ds.text}`)
  return { id: String(conn.json.id), token: String(ds.json.bearer_token), scim: `${base}/scim/v2/${conn.json.id}` }
}

/** Registers a webhook endpoint for every event; returns its id and signing secret. */
export const endpoint = async (base: string, url: string) => {
  const r = await admin(base, "/v1/webhook_endpoints", { method: "POST", body: { url } })
  if (r.status !== 201) throw new Error(`webhook endpoint: ${r.status} ${r.text}`)
  return { id: String(r.json.id), secret: String(r.json.secret) }
}

/** A minimal SCIM user. */
export const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName,
  name: { givenName: "Test", familyName: "User" },
  emails: [{ primary: true, value: userName, type: "work" }],
  active: true,
  ...extra
})

/** A seeded pseudo-random generator (mulberry32), so a failing run can be repeated with its seed. */
export const random = (seed: number) => () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Figures each test file reports, collected into docs/reliability.md by hand after a run. */
export const report = (label: string, figures: Record<string, unknown>) => {
  console.log(`[reliability] ${label} ${JSON.stringify(figures)}`)
}
