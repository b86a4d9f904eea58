/**
 * bench:server — `load` against the dirsync server on SQLite and against the floor (bench/floor.ts: bare
 * node:http + better-sqlite3, the same inserts and selects without validation), interleaved rounds of
 * 2,000 requests per operation, printing req/s, p50/p99 and the ratio to the floor.
 */
import { spawn } from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { fileURLToPath } from "node:url"
import * as Load from "../src/Load.js"
import type { Target } from "../src/Target.js"

const here = NodePath.dirname(fileURLToPath(import.meta.url))
const tsx = NodePath.resolve(here, "../../../node_modules/.bin/tsx")
const ADMIN_KEY = "dsk_bench_admin_key_0123456789abcdef"
const REQUESTS = Number(process.env["BENCH_REQUESTS"] ?? 2000)
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 2)
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 16)
const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "dirsync-bench-"))
const children: Array<ReturnType<typeof spawn>> = []

const startProcess = (args: Array<string>, cwd: string, env: Record<string, string>): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(tsx, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    children.push(child)
    // Keep only the start-up output: once the port is known the pipe is just drained, so a server that logs
    // every request pays nothing extra in the bench process.
    let log = ""
    let listening = false
    const onData = (c: Buffer) => {
      if (listening) return
      log = (log + c.toString("utf8")).slice(-65_536)
      const m = /Listening on http:\/\/[^:]+:(\d+)/.exec(log)
      if (m) {
        listening = true
        resolve(`http://127.0.0.1:${m[1]}`)
      }
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", onData)
    child.once("exit", (code) => reject(new Error(`process exited with ${code}:\n${log}`)))
  })

const main = async () => {
  const serverDir = NodePath.resolve(here, "../../server")
  const [ours, floorUrl] = await Promise.all([
    startProcess([NodePath.join(serverDir, "src/main.ts")], serverDir, {
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: NodePath.join(dir, "dirsync.sqlite"),
      DIRSYNC_ADMIN_KEY: ADMIN_KEY,
      DIRSYNC_RATE_LIMIT_PER_SECOND: "1000000"
    }),
    startProcess([NodePath.join(here, "floor.ts"), NodePath.join(dir, "floor.sqlite")], here, {})
  ])
  const adminCall = async (path: string, body?: unknown) => {
    const r = await fetch(`${ours}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body ?? {})
    })
    return r.json() as Promise<any>
  }
  const conn = await adminCall("/v1/enterprise_connections", { name: "Bench", protocol: "saml", provider: "okta" })
  const sync = await adminCall(`/v1/enterprise_connections/${conn.id}/directory_sync`)
  const targets: Record<"dirsync" | "floor", Target> = {
    dirsync: { baseUrl: `${ours}/scim/v2/${conn.id}`, token: sync.bearer_token },
    floor: { baseUrl: `${floorUrl}/scim/v2/floor`, token: "floor" }
  }
  const ops = ["create", "filter", "patch", "get", "list"] as const
  const label: Record<string, string> = {
    create: "create",
    filter: "filter userName eq",
    patch: "pathless patch",
    get: "get by id",
    list: "list (count=100)"
  }
  const results = new Map<string, Array<Load.Stats>>()
  console.log(`bench:server — a warm-up round, then ${ROUNDS} interleaved rounds × ${REQUESTS} requests per operation and server, concurrency ${CONCURRENCY}, SQLite\n`)
  // One unmeasured round first, so both servers are compiled and warm before anything is timed.
  for (const op of ops) {
    for (const name of ["dirsync", "floor"] as const) {
      await Load.run({ target: targets[name], concurrency: CONCURRENCY, requests: Math.min(REQUESTS, 500), mix: [op], seedUsers: 200, cleanup: false })
    }
  }
  console.log("warm-up done")
  for (let round = 1; round <= ROUNDS; round++) {
    for (const op of ops) {
      for (const name of round % 2 === 1 ? (["dirsync", "floor"] as const) : (["floor", "dirsync"] as const)) {
        const r = await Load.run({ target: targets[name], concurrency: CONCURRENCY, requests: REQUESTS, mix: [op], seedUsers: 200, cleanup: false })
        const s = r.operations[0]!
        if (process.env["BENCH_VERBOSE"]) console.log(`  ${name} ${op}: ${s.perSecond.toFixed(0)} req/s`)
        if (s.errors + s.rateLimited > 0) console.log(`  ${name} ${op}: ${s.errors + s.rateLimited} unexpected answers (${s.firstError})`)
        results.set(`${name}:${op}`, [...(results.get(`${name}:${op}`) ?? []), s])
      }
    }
    console.log(`round ${round} done`)
  }
  const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!
  const rows = [["operation", "dirsync req/s", "p50 ms", "p99 ms", "floor req/s", "p50 ms", "p99 ms", "ratio"]]
  for (const op of ops) {
    const d = results.get(`dirsync:${op}`)!
    const f = results.get(`floor:${op}`)!
    const dr = median(d.map((s) => s.perSecond))
    const fr = median(f.map((s) => s.perSecond))
    rows.push([
      label[op]!,
      dr.toFixed(0), median(d.map((s) => s.p50)).toFixed(1), median(d.map((s) => s.p99)).toFixed(1),
      fr.toFixed(0), median(f.map((s) => s.p50)).toFixed(1), median(f.map((s) => s.p99)).toFixed(1),
      `${(dr / fr).toFixed(2)}×`
    ])
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  console.log("")
  for (const r of rows) console.log(r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join("  "))
  console.log("\nmedian of the rounds; ratio = dirsync req/s ÷ floor req/s (target ≥ 0.5×)")
}

main()
  .catch((e) => {
    console.error(e)
    process.exitCode = 1
  })
  .finally(() => {
    for (const c of children) c.kill("SIGTERM")
    setTimeout(() => NodeFs.rmSync(dir, { recursive: true, force: true }), 500)
  })
