/**
 * The floor: a bare node:http + better-sqlite3 server answering the same SCIM routes the load uses, with
 * the same inserts and selects, and none of the work (no validation, no normalisation, no transaction
 * around several tables, no directory event, no webhook outbox). Started as its own process by
 * `bench/index.ts`; prints `Listening on http://127.0.0.1:<port>`.
 */
import Database from "better-sqlite3"
import * as NodeCrypto from "node:crypto"
import * as NodeHttp from "node:http"

const db = new Database(process.argv[2] ?? ":memory:")
db.pragma("journal_mode = WAL")
db.pragma("synchronous = NORMAL")
db.exec(`CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, user_name TEXT NOT NULL, user_name_lower TEXT NOT NULL UNIQUE, resource TEXT NOT NULL, created_at INTEGER NOT NULL)`)
const insert = db.prepare("INSERT INTO users (id, user_name, user_name_lower, resource, created_at) VALUES (?, ?, ?, ?, ?)")
const byId = db.prepare<[string], { resource: string }>("SELECT resource FROM users WHERE id = ?")
const byName = db.prepare<[string], { resource: string }>("SELECT resource FROM users WHERE user_name_lower = ?")
const page = db.prepare<[number, number], { resource: string }>("SELECT resource FROM users ORDER BY created_at, id LIMIT ? OFFSET ?")
const count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users")
const update = db.prepare("UPDATE users SET resource = ? WHERE id = ?")

const list = (resources: Array<string>, total: number, startIndex: number) =>
  `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":${total},"itemsPerPage":${resources.length},"startIndex":${startIndex},"Resources":[${resources.join(",")}]}`

const server = NodeHttp.createServer((req, res) => {
  const chunks: Array<Buffer> = []
  req.on("data", (c: Buffer) => chunks.push(c))
  req.on("end", () => {
    const url = new URL(req.url ?? "/", "http://floor")
    const parts = url.pathname.split("/").filter((s) => s !== "")
    const id = parts[4]
    const send = (status: number, body?: string) => {
      res.writeHead(status, body === undefined ? {} : { "content-type": "application/scim+json" }).end(body)
    }
    if (parts[3] !== "Users") return send(404, "{}")
    if (req.method === "POST") {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
      const uid = NodeCrypto.randomUUID()
      const resource = JSON.stringify({ ...body, id: uid, meta: { resourceType: "User" } })
      insert.run(uid, body.userName, String(body.userName).toLowerCase(), resource, Date.now())
      return send(201, resource)
    }
    if (req.method === "GET" && id !== undefined) {
      const row = byId.get(id)
      return row ? send(200, row.resource) : send(404, "{}")
    }
    if (req.method === "GET") {
      const filter = url.searchParams.get("filter")
      if (filter !== null) {
        const m = /^userName eq "(.*)"$/.exec(filter)
        const row = m ? byName.get(m[1]!.toLowerCase()) : undefined
        return send(200, list(row ? [row.resource] : [], row ? 1 : 0, 1))
      }
      const startIndex = Number(url.searchParams.get("startIndex") ?? 1)
      const n = Number(url.searchParams.get("count") ?? 100)
      const rows = page.all(n, startIndex - 1).map((r) => r.resource)
      return send(200, list(rows, count.get()!.n, startIndex))
    }
    if (req.method === "PATCH" && id !== undefined) {
      const row = byId.get(id)
      if (!row) return send(404, "{}")
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
      const resource = JSON.parse(row.resource)
      for (const op of body.Operations ?? []) Object.assign(resource, op.value)
      const text = JSON.stringify(resource)
      update.run(text, id)
      return send(200, text)
    }
    if (req.method === "DELETE" && id !== undefined) {
      db.prepare("DELETE FROM users WHERE id = ?").run(id)
      return send(204)
    }
    send(405, "{}")
  })
})
server.listen(0, "127.0.0.1", () => console.log(`Listening on http://127.0.0.1:${(server.address() as { port: number }).port}`))
