/**
 * Bad input, generated with fast-check, against the running server: bodies (invalid JSON, wrong types, huge
 * strings, deep nesting, invalid UTF-8), filters, PATCH paths, query parameters, content types and odd
 * Authorization headers. Never a 5xx, never a crash or a hang, always the SCIM error body; a rejected request
 * leaves the directory as it was; a body over the limit gets 413.
 */
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Server, sqliteUrl } from "../harness.js"
import { connection, ERROR, GROUP, query, report, startServer, user } from "./helpers.js"

const MAX_BODY = 64 * 1024
const SEED = 20261129

describe("bad input against the running server", () => {
  let server: Server
  let database: string
  let conn: { id: string; token: string; scim: string }
  let userId = ""
  let groupId = ""
  let tried = 0
  let rejected = 0

  beforeAll(async () => {
    database = sqliteUrl()
    server = await startServer({ DATABASE_URL: database, DIRSYNC_MAX_BODY_BYTES: String(MAX_BODY) })
    conn = await connection(server.url, "fuzz")
    const u = await fetch(`${conn.scim}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${conn.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify(user("fuzz.target@example.com"))
    })
    userId = (await u.json()).id
    const g = await fetch(`${conn.scim}/Groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${conn.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: [GROUP], displayName: "Fuzzed", members: [{ value: userId }] })
    })
    groupId = (await g.json()).id
  })
  afterAll(async () => {
    report("bad input", { requestsTried: tried, rejected, seed: SEED })
    const code = await server?.stop()
    expect(code).toBe(0) // it was still running and shut down cleanly
  })

  const snapshot = async () => {
    const parts: Array<string> = []
    for (const t of ["ds_directory_users", "ds_directory_user_emails", "ds_groups", "ds_group_members", "ds_app_users", "ds_sessions"]) {
      parts.push(JSON.stringify(await query(database, `SELECT * FROM ${t} ORDER BY 1, 2`)))
    }
    return parts.join("\n")
  }

  interface Req {
    readonly method: string
    readonly path: string
    readonly headers?: Record<string, string>
    readonly body?: string | Uint8Array
  }

  /** Sends one request and checks every invariant. */
  const check = async (req: Req) => {
    const before = await snapshot()
    const headers: Record<string, string> = { authorization: `Bearer ${conn.token}`, "content-type": "application/scim+json", ...req.headers }
    for (const [k, v] of Object.entries(headers)) if (v === "\u0000omit") delete headers[k]
    tried++
    const response = await fetch(`${conn.scim}${req.path}`, {
      method: req.method,
      headers,
      ...(req.body === undefined ? {} : { body: req.body as BodyInit }),
      signal: AbortSignal.timeout(15_000) // a hang fails the test
    })
    const text = await response.text()
    const context = `${req.method} ${req.path} -> ${response.status} ${text.slice(0, 300)}`
    expect(response.status, context).toBeLessThan(500)
    if (response.status >= 400) {
      rejected++
      expect(response.headers.get("content-type"), context).toMatch(/^application\/scim\+json/)
      const body = JSON.parse(text)
      expect(body.schemas, context).toEqual([ERROR])
      expect(body.status, context).toBe(String(response.status))
      expect(await snapshot(), context).toBe(before)
    }
    return response.status
  }

  const json = (value: unknown) => JSON.stringify(value)
  const weird = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme", maxLength: 50 }),
    fc.constantFrom("", " ", "\u0000", "\uffff", "\ud800", "𝔘𝔫𝔦", "'", '"', "\\", "%00", "${x}", "<script>", "a".repeat(5000))
  )
  const anyJson = fc.jsonValue({ maxDepth: 4 })

  it("bodies: invalid JSON, wrong types, huge strings, deep nesting, invalid UTF-8", async () => {
    const deep = fc.integer({ min: 100, max: 20_000 }).map((n) => "[".repeat(n) + "]".repeat(n))
    const deepObject = fc.integer({ min: 100, max: 8_000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n))
    const invalidUtf8 = fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 64 }).map((bytes) =>
      new Uint8Array([...new TextEncoder().encode('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"'), ...bytes, 0x22, 0x7d])
    )
    const wrongTypes = fc.record({
      schemas: fc.oneof(fc.constant(["urn:ietf:params:scim:schemas:core:2.0:User"]), anyJson),
      userName: fc.oneof(anyJson, weird),
      active: anyJson,
      emails: anyJson,
      name: anyJson,
      groups: anyJson
    }, { requiredKeys: [] }).map(json)
    const huge = fc.integer({ min: 10_000, max: MAX_BODY - 200 }).map((n) => json(user(`${"h".repeat(n)}@example.com`)))
    const body = fc.oneof(
      fc.string().map((s) => `{${s}`),
      fc.string(),
      anyJson.map(json),
      wrongTypes,
      huge,
      deep,
      deepObject,
      invalidUtf8
    )
    const target = fc.constantFrom(
      ["POST", "/Users"],
      ["POST", "/Groups"],
      ["PUT", "/Users/{user}"],
      ["PUT", "/Groups/{group}"],
      ["PATCH", "/Users/{user}"],
      ["PATCH", "/Groups/{group}"],
      ["POST", "/Bulk"],
      ["POST", "/Users/.search"]
    )
    await fc.assert(
      fc.asyncProperty(target, body, async ([method, path], b) => {
        await check({ method: method!, path: path!.replace("{user}", userId).replace("{group}", groupId), body: b })
      }),
      { numRuns: 300, seed: SEED }
    )
  }, 120_000)

  it("PATCH operations with generated ops, paths and values", async () => {
    const path = fc.oneof(
      weird,
      fc.constantFrom(
        "members[value eq",
        'members[value eq "x"]]',
        "emails[type eq \"work\"].value.extra",
        "name.givenName.more",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "emails[",
        "]",
        "meta.version",
        "id",
        "schemas",
        'emails[value co "\\""]'
      )
    )
    const operation = fc.record({ op: fc.oneof(fc.constantFrom("add", "remove", "replace", "Add", "move", "copy", ""), anyJson), path: fc.oneof(path, anyJson), value: anyJson }, { requiredKeys: [] })
    const patch = fc.record({
      schemas: fc.oneof(fc.constant(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]), anyJson),
      Operations: fc.oneof(fc.array(operation, { maxLength: 5 }), anyJson)
    }, { requiredKeys: [] })
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(`/Users/${userId}`, `/Groups/${groupId}`), patch, async (p, b) => {
        await check({ method: "PATCH", path: p, body: json(b) })
      }),
      { numRuns: 200, seed: SEED }
    )
  }, 120_000)

  it("filters and query parameters", async () => {
    const attr = fc.constantFrom("userName", "emails.value", "emails[type eq \"work\"]", "name.givenName", "meta.lastModified", "members", "x", "")
    const filter = fc.oneof(
      weird,
      fc.tuple(attr, fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le", "pr", "xx"), fc.oneof(weird.map((s) => JSON.stringify(s)), fc.constantFrom("true", "null", "1e999", "-0", "[", "("))).map(([a, o, v]) => `${a} ${o} ${v}`),
      fc.array(fc.constantFrom("(", ")", "and", "or", "not", "[", "]", '"', "userName", "eq", '"x"', " "), { maxLength: 30 }).map((p) => p.join(" "))
    )
    const number = fc.oneof(fc.integer().map(String), weird, fc.constantFrom("-1", "0", "1e9", "NaN", "99999999999999999999", "1.5"))
    const params = fc.record({
      filter,
      startIndex: number,
      count: number,
      sortBy: fc.oneof(attr, weird),
      sortOrder: fc.oneof(fc.constantFrom("ascending", "descending"), weird),
      attributes: fc.oneof(attr, weird),
      excludedAttributes: fc.oneof(attr, weird)
    }, { requiredKeys: [] })
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/Users", "/Groups", `/Users/${userId}`, `/Groups/${groupId}`), params, fc.boolean(), async (p, q, raw) => {
        // Either properly encoded, or with raw characters the URL parser has to cope with.
        const search = raw
          ? Object.entries(q).map(([k, v]) => `${k}=${v.replace(/[#\s]/g, "%20")}`).join("&")
          : new URLSearchParams(q as Record<string, string>).toString()
        await check({ method: "GET", path: `${p}?${search}` })
      }),
      { numRuns: 250, seed: SEED }
    )
    // The same filters through POST /.search.
    await fc.assert(
      fc.asyncProperty(filter, number, async (f, n) => {
        await check({ method: "POST", path: "/Users/.search", body: json({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: f, count: n, startIndex: n }) })
      }),
      { numRuns: 100, seed: SEED }
    )
  }, 120_000)

  it("headers: content types and odd Authorization", async () => {
    const contentType = fc.oneof(
      fc.constantFrom(
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/json; charset=utf-16",
        "application/scim+json; charset=latin1",
        "application/json;;;",
        "",
        "\u0000omit"
      ),
      // Printable ASCII only: the HTTP client itself refuses control characters in header values.
      fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ""))
    )
    const authorization = fc.oneof(
      fc.constantFrom("Bearer", "Bearer ", "bearer", "Basic Zm9vOmJhcg==", "Token x", "\u0000omit", "Bearer \u00e9\u00e8"),
      fc.string({ unit: "binary-ascii", maxLength: 60 }).map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, "")}`),
      fc.integer({ min: 1_000, max: 8_000 }).map((n) => `Bearer ${"x".repeat(n)}`),
      fc.constant("WRONG").map(() => `Bearer ${conn.token} extra`),
      fc.constant("CASE").map(() => `Bearer ${conn.token.toUpperCase()}`),
      fc.constant("PREFIX").map(() => `Bearer ${conn.token.slice(0, -1)}`)
    )
    await fc.assert(
      fc.asyncProperty(contentType, authorization, fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), async (ct, auth, method) => {
        const status = await check({
          method,
          path: method === "POST" ? "/Users" : `/Users/${userId}`,
          headers: { "content-type": ct, authorization: auth },
          ...(method === "GET" || method === "DELETE" ? {} : { body: json(user(`header.${tried}@example.com`)) })
        })
        expect(status).toBe(401) // every generated Authorization is wrong
      }),
      { numRuns: 150, seed: SEED }
    )
    // With the right token, only SCIM/JSON content types are accepted for writes.
    await fc.assert(
      fc.asyncProperty(contentType, async (ct) => {
        const status = await check({ method: "POST", path: "/Groups", headers: { "content-type": ct }, body: json({ schemas: [GROUP], displayName: `ct ${tried}` }) })
        // A missing content type is accepted as JSON (some IdPs omit it); anything else must be a JSON type.
        const essence = ct === "\u0000omit" ? "" : ct.split(";")[0]!.trim().toLowerCase()
        if (status < 300) expect(["", "application/json", "application/scim+json"]).toContain(essence)
        else expect(status).toBe(415)
      }),
      { numRuns: 40, seed: SEED }
    )
  }, 120_000)

  it("a body over the size limit gets 413 with the SCIM error body, with or without Content-Length", async () => {
    const big = json(user(`${"b".repeat(MAX_BODY)}@example.com`))
    expect(await check({ method: "POST", path: "/Users", body: big })).toBe(413)
    expect(await check({ method: "PUT", path: `/Users/${userId}`, body: big })).toBe(413)
    // Chunked, no Content-Length: the limit still holds.
    const before = await snapshot()
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode("x".repeat(16 * 1024))
        for (let i = 0; i < 8; i++) controller.enqueue(chunk)
        controller.close()
      }
    })
    const r = await fetch(`${conn.scim}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${conn.token}`, "content-type": "application/scim+json" },
      body: stream,
      duplex: "half",
      signal: AbortSignal.timeout(15_000)
    } as RequestInit)
    tried++
    expect(r.status).toBe(413)
    expect((await r.json()).schemas).toEqual([ERROR])
    expect(await snapshot()).toBe(before)
    // And the server is still healthy.
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(200)
  })
})
