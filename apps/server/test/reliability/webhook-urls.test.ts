/**
 * Webhook URLs: endpoints on private or loopback addresses are refused unless
 * `DIRSYNC_ALLOW_PRIVATE_WEBHOOKS=true` — literal addresses in every spelling, names that resolve to such
 * addresses, redirects to them, and addresses that changed after the endpoint was registered (checked again
 * when each message is sent, on the address actually connected to).
 */
import * as NodeDns from "node:dns"
import * as NodeHttp from "node:http"
import type { LookupFunction } from "node:net"
import * as NodeOs from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { isPrivateAddress } from "../../src/admin/WebhookUrl.js"
import * as Send from "../../src/webhooks/Send.js"
import { call, eventually, type Server, sqliteUrl } from "../harness.js"
import { admin, connection, query, report, startServer, user } from "./helpers.js"

/** A receiver on `host` that counts hits and answers with `answer(path)`. */
const listen = async (host: string, port: number, answer: (path: string) => { status: number; location?: string }) => {
  const hits: Array<string> = []
  const server = NodeHttp.createServer((req, res) => {
    hits.push(req.url ?? "")
    req.resume()
    req.on("end", () => {
      const a = answer(req.url ?? "")
      res.writeHead(a.status, a.location ? { location: a.location } : {}).end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => resolve())
  })
  return { hits, port: (server.address() as { port: number }).port, close: () => new Promise<void>((r) => server.close(() => r())) }
}

/** A resolver for made-up names; anything else goes to the system resolver. */
const fakeDns = (names: Record<string, () => string>): LookupFunction =>
  ((hostname: string, options: NodeDns.LookupOptions, callback: (...args: Array<any>) => void) => {
    const pick = names[hostname]
    if (!pick) return NodeDns.lookup(hostname, options as NodeDns.LookupAllOptions, callback as any)
    const address = pick()
    return options.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4)
  }) as LookupFunction

describe("webhook URLs without DIRSYNC_ALLOW_PRIVATE_WEBHOOKS", () => {
  let server: Server
  let database: string
  beforeAll(async () => {
    database = sqliteUrl()
    server = await startServer({ DATABASE_URL: database, DIRSYNC_ALLOW_PRIVATE_WEBHOOKS: "false", DIRSYNC_WEBHOOK_POLL_MS: "50" })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it("refuses loopback, private, link-local and internal addresses in every spelling, and names resolving to them", async () => {
    const hostname = NodeOs.hostname()
    const resolved = await NodeDns.promises.lookup(hostname, { all: true }).catch(() => [])
    const refused = [
      "http://127.0.0.1/hooks",
      "http://127.1/hooks",
      "http://2130706433/hooks",
      "http://0x7f.0.0.1/hooks",
      "http://0177.0.0.1/hooks",
      "http://0.0.0.0/hooks",
      "http://localhost:8080/hooks",
      "http://api.localhost/hooks",
      "http://[::1]/hooks",
      "http://[::ffff:127.0.0.1]/hooks",
      "http://[::ffff:a00:1]/hooks",
      "http://[fd00::1]/hooks",
      "http://[fe80::1]/hooks",
      "http://10.0.0.5/hooks",
      "http://172.16.1.1/hooks",
      "http://192.168.1.1/hooks",
      "http://169.254.169.254/latest/meta-data",
      "http://100.64.0.1/hooks",
      "https://user:pass@hooks.example.com/",
      "ftp://hooks.example.com/",
      "file:///etc/passwd",
      "not a url",
      ...(resolved.length > 0 && resolved.every((a) => isPrivateAddress(a.address)) ? [`http://${hostname}/hooks`] : [])
    ]
    for (const url of refused) {
      const r = await admin(server.url, "/v1/webhook_endpoints", { method: "POST", body: { url } })
      expect(r.status, url).toBe(400)
    }
    const list = await admin(server.url, "/v1/webhook_endpoints")
    expect(list.json.total_count).toBe(0)
    report("webhook urls refused", { urls: refused.length, viaHostname: refused.includes(`http://${hostname}/hooks`) })
  })

  it("checks again when sending: an endpoint whose address became private is never contacted", async () => {
    const receiver = await listen("127.0.0.1", 0, () => ({ status: 204 }))
    // As if the endpoint had been registered while its name resolved to a public address.
    const db = (await import("node:module")).createRequire(import.meta.url)("better-sqlite3") as new(f: string) => {
      prepare(s: string): { run(...a: Array<unknown>): unknown }
      close(): void
    }
    const handle = new db(database)
    handle.prepare("INSERT INTO ds_webhook_endpoints (id, url, secret, events, created_at) VALUES (?, ?, ?, NULL, ?)").run(
      "whe_rebound",
      `http://127.0.0.1:${receiver.port}/hooks`,
      "whsec_" + Buffer.from("0123456789abcdef0123456789abcdef").toString("base64"),
      Date.now()
    )
    handle.close()
    const conn = await connection(server.url, "rebinding")
    expect((await call(`${conn.scim}/Users`, { method: "POST", token: conn.token, body: user("rebound@example.com") })).status).toBe(201)
    const attempts = await eventually(async () => {
      const r = await admin(server.url, "/v1/webhook_endpoints/whe_rebound/deliveries")
      return r.json.data.length > 0 ? r.json.data : undefined
    })
    expect(attempts[0].status_code).toBeNull()
    expect(attempts[0].error).toMatch(/refused: .*private or loopback/)
    expect(receiver.hits).toEqual([])
    const rows = await query(database, "SELECT status FROM ds_webhook_messages WHERE endpoint_id = 'whe_rebound'")
    expect(rows.map((r) => r["status"])).toEqual(["pending"])
    await receiver.close()
  })
})

describe("Send.post (the dispatcher's HTTP client)", () => {
  // In these tests 127.0.0.2 plays the internal address and 127.0.0.1 a public one.
  const isRefused = (ip: string) => ip === "127.0.0.2"

  it("follows a redirect only after checking its target; a redirect to a refused address is never contacted", async () => {
    const inside = await listen("127.0.0.2", 0, () => ({ status: 204 }))
    const outside = await listen("127.0.0.1", 0, (path) =>
      path === "/to-name"
        ? { status: 307, location: `http://internal.test:${inside.port}/x` }
        : path === "/to-ip"
        ? { status: 308, location: `http://127.0.0.2:${inside.port}/x` }
        : path === "/loop"
        ? { status: 302, location: "/loop" }
        : path === "/ok"
        ? { status: 204 }
        : { status: 307, location: "/ok" })
    const lookup = fakeDns({ "internal.test": () => "127.0.0.2", "public.test": () => "127.0.0.1" })
    const base = `http://public.test:${outside.port}`
    const options = { allowPrivate: false, timeoutMillis: 2_000, lookup, isRefused }

    await expect(Send.post(`${base}/to-name`, "{}", {}, options)).rejects.toThrow(/refused: "internal.test"/)
    await expect(Send.post(`${base}/to-ip`, "{}", {}, options)).rejects.toThrow(/refused: "127.0.0.2"/)
    expect(inside.hits).toEqual([])
    // A redirect to an allowed place is followed.
    expect(await Send.post(`${base}/start`, "{}", {}, options)).toMatchObject({ status: 204, redirects: 1 })
    // Endless redirects stop after the limit, as a failed (3xx) attempt.
    expect(await Send.post(`${base}/loop`, "{}", {}, options)).toMatchObject({ status: 302, redirects: 3 })
    // With private addresses allowed the same redirect is followed.
    expect(await Send.post(`${base}/to-name`, "{}", {}, { ...options, allowPrivate: true })).toMatchObject({ status: 204, redirects: 1 })
    expect(inside.hits).toEqual(["/x"])
    await inside.close()
    await outside.close()
  })

  it("checks the address at connection time: a name that re-resolves to a refused address is not contacted", async () => {
    const first = await listen("127.0.0.1", 0, () => ({ status: 204 }))
    const second = await listen("127.0.0.2", first.port, () => ({ status: 204 })).catch(() => undefined)
    let calls = 0
    const lookup = fakeDns({ "flip.test": () => (calls++ === 0 ? "127.0.0.1" : "127.0.0.2") })
    const options = { allowPrivate: false, timeoutMillis: 2_000, lookup, isRefused }
    expect((await Send.post(`http://flip.test:${first.port}/`, "{}", {}, options)).status).toBe(204)
    await expect(Send.post(`http://flip.test:${first.port}/`, "{}", {}, options)).rejects.toThrow(/refused: "flip.test" resolves to .*127\.0\.0\.2/)
    expect(first.hits.length).toBe(1)
    expect(second?.hits ?? []).toEqual([])
    // Literal addresses are checked before connecting, and the real policy refuses loopback.
    await expect(Send.post(`http://127.0.0.1:${first.port}/`, "{}", {}, { allowPrivate: false, timeoutMillis: 2_000 })).rejects.toThrow(/refused/)
    await expect(Send.post(`http://localhost:${first.port}/`, "{}", {}, { allowPrivate: false, timeoutMillis: 2_000 })).rejects.toThrow(/refused/)
    expect(first.hits.length).toBe(1)
    await first.close()
    await second?.close()
  })

  it("classifies addresses", () => {
    const table: Array<[string, boolean]> = [
      ["127.0.0.1", true], ["10.1.2.3", true], ["172.31.255.255", true], ["172.32.0.1", false], ["192.168.0.1", true],
      ["169.254.169.254", true], ["100.64.0.1", true], ["0.0.0.0", true], ["224.0.0.1", true], ["8.8.8.8", false],
      ["93.184.216.34", false], ["::1", true], ["::", true], ["::ffff:127.0.0.1", true], ["::ffff:7f00:1", true],
      ["::ffff:808:808", false], ["64:ff9b::a00:1", true], ["fd12::1", true], ["fe80::1", true], ["2001:4860:4860::8888", false]
    ]
    for (const [ip, refused] of table) expect(isPrivateAddress(ip), ip).toBe(refused)
  })
})
