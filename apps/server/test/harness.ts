/**
 * Test harness: starts real server processes on random ports, a real webhook receiver on 127.0.0.1
 * that verifies every delivery with the `standardwebhooks` package, and fresh PostgreSQL databases.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as NodeCrypto from "node:crypto"
import * as NodeFs from "node:fs"
import * as NodeHttp from "node:http"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { fileURLToPath } from "node:url"
import { Webhook } from "standardwebhooks"
import { PgClient } from "@effect/sql-pg"
import { Reactivity } from "@effect/experimental"
import { Effect, Redacted } from "effect"

const here = NodePath.dirname(fileURLToPath(import.meta.url))
const serverDir = NodePath.resolve(here, "..")

export const ADMIN_KEY = "dsk_test_admin_key_0123456789abcdef"

export interface Server {
  readonly url: string
  readonly process: ChildProcess
  readonly logs: Array<string>
  readonly stop: () => Promise<number | null>
}

/**
 * Starts a server with the given environment and waits until it listens. It runs as ONE node process
 * (`node --import tsx`), so signals (SIGTERM, or SIGKILL in the crash tests) reach the server itself rather
 * than a launcher that would leave it running.
 */
export const startServer = (env: Record<string, string>): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", NodePath.join(serverDir, "src/main.ts")], {
      cwd: serverDir,
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        DIRSYNC_ADMIN_KEY: ADMIN_KEY,
        DIRSYNC_ALLOW_PRIVATE_WEBHOOKS: "true",
        DIRSYNC_WEBHOOK_POLL_MS: "100",
        ...env
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    const logs: Array<string> = []
    let buffer = ""
    let started = false
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join("\n")}`)), 90_000)
    const onLine = (line: string) => {
      logs.push(line)
      const m = /Listening on http:\/\/[^:]+:(\d+)/.exec(line)
      if (m && !started) {
        started = true
        clearTimeout(timer)
        const url = `http://127.0.0.1:${m[1]}`
        resolve({
          url,
          process: child,
          logs,
          stop: () =>
            new Promise((res) => {
              if (child.exitCode !== null || child.signalCode !== null) return res(child.exitCode)
              child.once("exit", (code) => res(code))
              child.kill("SIGTERM")
            })
        })
      }
    }
    const feed = (chunk: Buffer) => {
      buffer += chunk.toString("utf8")
      let i: number
      while ((i = buffer.indexOf("\n")) >= 0) {
        onLine(buffer.slice(0, i))
        buffer = buffer.slice(i + 1)
      }
    }
    child.stdout!.on("data", feed)
    child.stderr!.on("data", feed)
    child.once("exit", (code) => {
      if (!started) {
        clearTimeout(timer)
        reject(new Error(`server exited with ${code}:\n${logs.join("\n")}`))
      }
    })
  })

/** A fresh SQLite file in a temporary folder. */
export const sqliteUrl = (): string => NodePath.join(NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "dirsync-")), "db.sqlite")

const pgAdminUrl = () => process.env["DIRSYNC_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

const withPg = <A>(f: (sql: PgClient.PgClient) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(PgClient.make({ url: Redacted.make(pgAdminUrl()), maxConnections: 1 }), f)
    ).pipe(Effect.provide(Reactivity.layer))
  )

/** Creates a fresh PostgreSQL database and returns its URL and a function that drops it. */
export const createPgDatabase = async (): Promise<{ url: string; drop: () => Promise<void> }> => {
  const name = `dirsync_t_${NodeCrypto.randomBytes(6).toString("hex")}`
  await withPg((sql) => sql.unsafe(`CREATE DATABASE ${name}`))
  const u = new URL(pgAdminUrl())
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    drop: () => withPg((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined)
  }
}

export interface Delivery {
  readonly id: string
  readonly type: string
  readonly payload: Record<string, any>
  readonly verified: boolean
  readonly svixMatches: boolean
}

/** A webhook receiver on 127.0.0.1 that verifies each delivery with `standardwebhooks`. */
export const startReceiver = async () => {
  const deliveries: Array<Delivery> = []
  let secret = ""
  const server = NodeHttp.createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8")
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))
      let verified = false
      let payload: Record<string, any> = {}
      try {
        payload = new Webhook(secret).verify(body, headers) as Record<string, any>
        verified = true
      } catch {
        verified = false
      }
      const svixMatches = headers["svix-id"] === headers["webhook-id"] &&
        headers["svix-signature"] === headers["webhook-signature"] &&
        headers["svix-timestamp"] === headers["webhook-timestamp"]
      deliveries.push({ id: headers["webhook-id"] ?? "", type: payload["type"] ?? "", payload, verified, svixMatches })
      res.writeHead(verified ? 204 : 400).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    deliveries,
    setSecret: (s: string) => {
      secret = s
    },
    close: () => new Promise<void>((r) => server.close(() => r()))
  }
}

/** Waits until `check` returns a value (polling), or fails after `ms`. */
export const eventually = async <A>(check: () => A | undefined | Promise<A | undefined>, ms = 20_000): Promise<A> => {
  const until = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v as A
    if (Date.now() > until) throw new Error("condition not met in time")
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A JSON request. */
export const call = async (
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}
) => {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token) headers["authorization"] = `Bearer ${init.token}`
  if (init.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/scim+json"
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body))
  const response = await fetch(url, { method: init.method ?? "GET", headers, ...(body === undefined ? {} : { body }) })
  const text = await response.text()
  let json: any = undefined
  try {
    json = text === "" ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, json, text }
}

/** A GET with no User-Agent header at all (node:http sends none unless told). */
export const getWithoutUserAgent = (url: string, token: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = NodeHttp.request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
    })
    req.on("error", reject)
    req.end()
  })
