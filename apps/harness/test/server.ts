/** Starts the real dirsync server (apps/server) on a random port with SQLite in a temporary folder. */
import { type ChildProcess, spawn } from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { fileURLToPath } from "node:url"

const here = NodePath.dirname(fileURLToPath(import.meta.url))
const serverDir = NodePath.resolve(here, "../../server")
export const tsx = NodePath.resolve(here, "../../../node_modules/.bin/tsx")
export const harnessMain = NodePath.resolve(here, "../src/main.ts")
export const ADMIN_KEY = "dsk_harness_test_key_0123456789abcdef"

export interface Server {
  readonly url: string
  readonly process: ChildProcess
  readonly stop: () => Promise<void>
}

export const startServer = (): Promise<Server> => {
  const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "dirsync-harness-"))
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [NodePath.join(serverDir, "src/main.ts")], {
      cwd: serverDir,
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: NodePath.join(dir, "db.sqlite"),
        DIRSYNC_ADMIN_KEY: ADMIN_KEY,
        DIRSYNC_ALLOW_PRIVATE_WEBHOOKS: "true",
        DIRSYNC_WEBHOOK_POLL_MS: "100",
        DIRSYNC_RATE_LIMIT_PER_SECOND: "100000"
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    const logs: Array<string> = []
    let started = false
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join("")}`)), 90_000)
    const feed = (chunk: Buffer) => {
      const text = chunk.toString("utf8")
      logs.push(text)
      const m = /Listening on http:\/\/[^:]+:(\d+)/.exec(text)
      if (m && !started) {
        started = true
        clearTimeout(timer)
        resolve({
          url: `http://127.0.0.1:${m[1]}`,
          process: child,
          stop: () =>
            new Promise((res) => {
              const done = () => {
                NodeFs.rmSync(dir, { recursive: true, force: true })
                res()
              }
              if (child.exitCode !== null) return done()
              child.once("exit", done)
              child.kill("SIGTERM")
            })
        })
      }
    }
    child.stdout!.on("data", feed)
    child.stderr!.on("data", feed)
    child.once("exit", (code) => {
      if (!started) {
        clearTimeout(timer)
        reject(new Error(`server exited with ${code}:\n${logs.join("")}`))
      }
    })
  })
}

/** An admin API call. */
export const admin = async (server: Server, method: string, path: string, body?: unknown): Promise<any> => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text === "" ? undefined : JSON.parse(text)
}

/** Creates a connection, enables Directory Sync, and returns its SCIM base URL (on 127.0.0.1) and token. */
export const connection = async (server: Server, provider: "okta" | "entra" | "generic") => {
  const conn = await admin(server, "POST", "/v1/enterprise_connections", { name: `Harness ${provider}`, protocol: "saml", provider })
  const sync = await admin(server, "POST", `/v1/enterprise_connections/${conn.id}/directory_sync`)
  return { id: String(conn.id), baseUrl: `${server.url}/scim/v2/${conn.id}`, token: String(sync.bearer_token) }
}
