/**
 * The end-to-end suite of the server, run over real HTTP against a real server process, once per database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ADMIN_KEY, call, eventually, getWithoutUserAgent, type Server, startReceiver, startServer } from "./harness.js"

const USER = "urn:ietf:params:scim:schemas:core:2.0:User"
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
const OKTA_UA = "Okta SCIM Client 1.0.0"

const oktaUser = {
  schemas: [USER],
  userName: "jdoe@example.com",
  name: { givenName: "John", familyName: "Doe" },
  emails: [{ primary: true, value: "jdoe@example.com", type: "work" }],
  displayName: "John Doe",
  locale: "en-US",
  externalId: "00ujl29u0le5T6Aj10h7",
  groups: [],
  password: "1mz050nq",
  active: true
}

const entraUser = {
  schemas: [USER, ENTERPRISE],
  externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
  userName: "Test_User_ab6490ee@contoso.com",
  active: true,
  emails: [{ primary: true, type: "work", value: "Test_User_ab6490ee@contoso.com" }],
  meta: { resourceType: "User" },
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  [ENTERPRISE]: { department: "Sales" },
  roles: []
}

const withoutMeta = (r: Record<string, unknown>) => {
  const { meta: _m, ...rest } = r
  return rest
}

/** Registers the suite for one database; `database` gives a DATABASE_URL. */
export const suite = (label: string, database: () => Promise<{ url: string; drop: () => Promise<void> }>) =>
  describe(`server on ${label}`, () => {
    let server: Server
    let receiver: Awaited<ReturnType<typeof startReceiver>>
    let drop = async () => {}
    const admin = (path: string, init: Parameters<typeof call>[1] = {}) =>
      call(`${server.url}${path}`, { token: ADMIN_KEY, ...init, headers: { "content-type": "application/json", ...init.headers } })

    let okta: { id: string; token: string; base: string }
    let entra: { id: string; token: string; base: string }
    let oktaScimId = ""
    let oktaUserId = ""

    const enable = async (provider: string) => {
      const conn = await admin("/v1/enterprise_connections", {
        method: "POST",
        body: { name: `${provider} test`, protocol: "saml", provider, domains: ["example.com", "contoso.com"] }
      })
      expect(conn.status).toBe(201)
      const ds = await admin(`/v1/enterprise_connections/${conn.json.id}/directory_sync`, { method: "POST" })
      expect(ds.status).toBe(200)
      expect(ds.json.enabled).toBe(true)
      expect(ds.json.scim_base_url).toBe(`${server.url.replace("127.0.0.1", "localhost")}/scim/v2/${conn.json.id}`)
      return { id: conn.json.id as string, token: ds.json.bearer_token as string, base: `${server.url}/scim/v2/${conn.json.id}` }
    }

    const userOf = async (scimId: string) => {
      const users = await admin("/v1/users?limit=500")
      return (users.json.data as Array<any>).find((u) => u.directory?.scim_id === scimId)
    }

    beforeAll(async () => {
      const db = await database()
      drop = db.drop
      receiver = await startReceiver()
      server = await startServer({ DATABASE_URL: db.url })
      const endpoint = await admin("/v1/webhook_endpoints", { method: "POST", body: { url: receiver.url } })
      expect(endpoint.status).toBe(201)
      expect(endpoint.json.secret).toMatch(/^whsec_/)
      receiver.setSecret(endpoint.json.secret)
      okta = await enable("okta")
      entra = await enable("entra")
    })

    afterAll(async () => {
      const code = await server?.stop()
      await receiver?.close()
      await drop()
      expect(code).toBe(0)
    })

    it("answers 401 with a SCIM error body for a missing, wrong or admin token", async () => {
      for (const token of [undefined, "dsync_scim_wrong", ADMIN_KEY, entra?.token]) {
        const r = await call(`${okta.base}/Users`, token ? { token } : {})
        expect(r.status).toBe(401)
        expect(r.headers.get("content-type")).toMatch(/^application\/scim\+json/)
        expect(r.json).toMatchObject({ schemas: [ERROR], status: "401" })
      }
      const r = await call(`${server.url}/v1/users`, { token: okta.token })
      expect(r.status).toBe(401)
      const none = await call(`${server.url}/v1/users`)
      expect(none.status).toBe(401)
    })

    it("creates an Okta user: 201, Location, ETag, and a verified user.created webhook", async () => {
      const r = await call(`${okta.base}/Users`, { method: "POST", token: okta.token, body: oktaUser, headers: { "user-agent": OKTA_UA } })
      expect(r.status).toBe(201)
      expect(r.headers.get("content-type")).toMatch(/^application\/scim\+json/)
      oktaScimId = r.json.id
      expect(r.headers.get("location")).toMatch(new RegExp(`/scim/v2/${okta.id}/Users/${oktaScimId}$`))
      expect(r.headers.get("etag")).toMatch(/^W\/".+"$/)
      expect(r.json.userName).toBe("jdoe@example.com")
      expect(r.json.password).toBeUndefined()
      const delivery = await eventually(() =>
        receiver.deliveries.find((d) => d.type === "user.created" && d.payload["data"]?.directory?.scim_id === oktaScimId)
      )
      expect(delivery.verified).toBe(true)
      expect(delivery.svixMatches).toBe(true)
      expect(delivery.payload).toMatchObject({ object: "event", type: "user.created", data: { deactivated: false, directory: { connection_id: okta.id } } })
      expect(typeof delivery.payload["sequence"]).toBe("number")
      oktaUserId = delivery.payload["data"].id
    })

    it("round-trips GET then PUT without losing anything", async () => {
      const got = await call(`${okta.base}/Users/${oktaScimId}`, { token: okta.token, headers: { "user-agent": OKTA_UA } })
      expect(got.status).toBe(200)
      expect(got.json.locale).toBe("en-US")
      const put = await call(`${okta.base}/Users/${oktaScimId}`, { method: "PUT", token: okta.token, body: got.json, headers: { "user-agent": OKTA_UA } })
      expect(put.status).toBe(200)
      const again = await call(`${okta.base}/Users/${oktaScimId}`, { token: okta.token })
      expect(withoutMeta(again.json)).toEqual(withoutMeta(got.json))
    })

    it("supports If-None-Match (304) and If-Match (412 when stale, applied when current)", async () => {
      const got = await call(`${okta.base}/Users/${oktaScimId}`, { token: okta.token })
      const etag = got.headers.get("etag")!
      const notModified = await call(`${okta.base}/Users/${oktaScimId}`, { token: okta.token, headers: { "if-none-match": etag } })
      expect(notModified.status).toBe(304)
      const stale = await call(`${okta.base}/Users/${oktaScimId}`, {
        method: "PATCH",
        token: okta.token,
        headers: { "if-match": 'W/"does-not-match"' },
        body: { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "X" }] }
      })
      expect(stale.status).toBe(412)
      expect(stale.json).toMatchObject({ schemas: [ERROR], status: "412" })
      const current = await call(`${okta.base}/Users/${oktaScimId}`, {
        method: "PATCH",
        token: okta.token,
        headers: { "if-match": etag },
        body: { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "Current" }] }
      })
      expect(current.status).toBe(200)
      expect(current.headers.get("etag")).not.toBe(etag)
    })

    it("pathless PATCH active:false deactivates the user, revokes both sessions, sends user.updated", async () => {
      for (let i = 0; i < 2; i++) expect((await admin(`/v1/users/${oktaUserId}/sessions`, { method: "POST" })).status).toBe(201)
      const r = await call(`${okta.base}/Users/${oktaScimId}`, {
        method: "PATCH",
        token: okta.token,
        headers: { "user-agent": OKTA_UA },
        body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] }
      })
      expect(r.status).toBe(200)
      expect(r.json.active).toBe(false)
      const user = await admin(`/v1/users/${oktaUserId}`)
      expect(user.json.deactivated).toBe(true)
      const sessions = await admin(`/v1/users/${oktaUserId}/sessions`)
      expect(sessions.json.total_count).toBe(2)
      expect(sessions.json.data.map((s: any) => s.status)).toEqual(["revoked", "revoked"])
      const blocked = await admin(`/v1/users/${oktaUserId}/sessions`, { method: "POST" })
      expect(blocked.status).toBe(400)
      const updated = await eventually(() =>
        receiver.deliveries.find((d) => d.type === "user.updated" && d.payload["data"]?.id === oktaUserId && d.payload["data"].deactivated)
      )
      expect(updated.verified).toBe(true)
    })

    it("Entra-shaped Replace with \"False\" does the same", async () => {
      const created = await call(`${entra.base}/Users`, { method: "POST", token: entra.token, body: entraUser })
      expect(created.status).toBe(201)
      const user = await eventually(() => userOf(created.json.id))
      for (let i = 0; i < 2; i++) expect((await admin(`/v1/users/${user.id}/sessions`, { method: "POST" })).status).toBe(201)
      const r = await call(`${entra.base}/Users/${created.json.id}`, {
        method: "PATCH",
        token: entra.token,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] }
      })
      expect(r.status).toBe(200)
      expect((await admin(`/v1/users/${user.id}`)).json.deactivated).toBe(true)
      const sessions = await admin(`/v1/users/${user.id}/sessions`)
      expect(sessions.json.data.map((s: any) => s.status)).toEqual(["revoked", "revoked"])
      await eventually(() =>
        receiver.deliveries.find((d) => d.type === "user.updated" && d.payload["data"]?.id === user.id && d.payload["data"].deactivated)
      )
      const events = await admin(`/v1/enterprise_connections/${entra.id}/directory_events?type=scim.user.patched`)
      expect(events.json.data[0].fixups.length).toBeGreaterThan(0)
    })

    it("DELETE answers 204, then GET is a SCIM 404 and the application user stays deactivated", async () => {
      const del = await call(`${okta.base}/Users/${oktaScimId}`, { method: "DELETE", token: okta.token, headers: { "user-agent": OKTA_UA } })
      expect(del.status).toBe(204)
      const gone = await call(`${okta.base}/Users/${oktaScimId}`, { token: okta.token })
      expect(gone.status).toBe(404)
      expect(gone.json).toMatchObject({ schemas: [ERROR], status: "404" })
      const user = await admin(`/v1/users/${oktaUserId}`)
      expect(user.status).toBe(200)
      expect(user.json.deactivated).toBe(true)
    })

    it("answers a bad request with 400 and the right scimType, and records scim.provisioning_failed", async () => {
      const bad = { schemas: [USER], name: { givenName: "No" } }
      const r = await call(`${okta.base}/Users`, { method: "POST", token: okta.token, body: bad })
      expect(r.status).toBe(400)
      expect(r.json.schemas).toEqual([ERROR])
      expect(["invalidValue", "invalidSyntax"]).toContain(r.json.scimType)
      const notJson = await call(`${okta.base}/Users`, { method: "POST", token: okta.token, rawBody: "{nope", headers: { "content-type": "application/scim+json" } })
      expect(notJson.status).toBe(400)
      expect(notJson.json.scimType).toBe("invalidSyntax")
      const badFilter = await call(`${okta.base}/Users?filter=${encodeURIComponent("userName eq")}`, { token: okta.token })
      expect(badFilter.status).toBe(400)
      expect(badFilter.json.scimType).toBe("invalidFilter")
    })

    it("records every failed request once as scim.provisioning_failed, reads included", async () => {
      const failures = async () =>
        (await admin(`/v1/enterprise_connections/${entra.id}/directory_events?type=scim.provisioning_failed&limit=100`)).json
          .data as Array<any>
      const seen = new Set((await failures()).map((e) => e.event_id))
      const missing = await call(`${entra.base}/Users/no-such-user`, { token: entra.token })
      expect(missing.status).toBe(404)
      const badFilter = await call(`${entra.base}/Users?filter=${encodeURIComponent("userName eq")}`, { token: entra.token })
      expect(badFilter.status).toBe(400)
      const notAllowed = await call(`${entra.base}/Users`, { method: "PATCH", token: entra.token, body: { schemas: [PATCH], Operations: [] } })
      expect(notAllowed.status).toBe(405)
      const taken = await call(`${entra.base}/Users`, { method: "POST", token: entra.token, body: entraUser })
      expect(taken.status).toBe(409)
      const fresh = (await failures()).filter((e) => !seen.has(e.event_id))
      expect(fresh.map((e) => `${e.payload.method} ${e.outcome.status} ${e.outcome.scim_type ?? ""}`).sort()).toEqual([
        "GET 400 invalidFilter",
        "GET 404 ",
        "PATCH 405 ",
        "POST 409 uniqueness"
      ])
      expect(fresh.find((e) => e.outcome.status === 400).payload.query).toContain("filter=")
    })

    it("lists directory events with id, timestamp and the payload as sent", async () => {
      const r = await admin(`/v1/enterprise_connections/${okta.id}/directory_events?limit=100`)
      expect(r.status).toBe(200)
      const events = r.json.data as Array<any>
      expect(r.json.total_count).toBe(events.length)
      const types = events.map((e) => e.type)
      for (const t of ["scim.user.created", "scim.user.patched", "scim.user.deleted", "scim.provisioning_failed"]) {
        expect(types).toContain(t)
      }
      for (const e of events) {
        expect(e.event_id).toMatch(/^dse_/)
        expect(typeof e.timestamp).toBe("number")
      }
      const created = events.find((e) => e.type === "scim.user.created")
      expect(created.payload.method).toBe("POST")
      expect(created.payload.body.userName).toBe(oktaUser.userName)
      expect(created.payload.body.password).not.toBe(oktaUser.password)
      const failed = events.find((e) => e.type === "scim.provisioning_failed" && e.payload.body?.name?.givenName === "No")
      expect(failed.outcome.status).toBe(400)
      const one = await admin(`/v1/directory_events/${created.event_id}`)
      expect(one.json.event_id).toBe(created.event_id)
      const filtered = await admin(`/v1/enterprise_connections/${okta.id}/directory_events?type=scim.user.deleted`)
      expect(filtered.json.data.every((e: any) => e.type === "scim.user.deleted")).toBe(true)
    })

    it("lists directory users with status and last synced time", async () => {
      const r = await admin(`/v1/enterprise_connections/${entra.id}/directory_users`)
      expect(r.status).toBe(200)
      expect(r.json.total_count).toBe(1)
      expect(r.json.data[0]).toMatchObject({ user_name: entraUser.userName, external_id: entraUser.externalId, status: "deactivated" })
      expect(typeof r.json.data[0].last_synced_at).toBe("number")
      const active = await admin(`/v1/enterprise_connections/${entra.id}/directory_users?status=active`)
      expect(active.json.total_count).toBe(0)
    })

    it("serves lists, filters, paging, projection and discovery", async () => {
      for (let i = 0; i < 3; i++) {
        const r = await call(`${okta.base}/Users`, {
          method: "POST",
          token: okta.token,
          body: { schemas: [USER], userName: `list${i}@example.com`, name: { givenName: `L${i}`, familyName: "List" }, emails: [{ value: `list${i}@example.com`, primary: true }] }
        })
        expect(r.status).toBe(201)
      }
      const page = await call(`${okta.base}/Users?startIndex=2&count=1&attributes=userName`, { token: okta.token })
      expect(page.json).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 2 })
      expect(Object.keys(page.json.Resources[0]).sort()).toEqual(expect.arrayContaining(["id", "userName"]))
      expect(page.json.Resources[0].name).toBeUndefined()
      const filtered = await call(`${okta.base}/Users?filter=${encodeURIComponent('userName eq "LIST1@example.com"')}`, { token: okta.token })
      expect(filtered.json.totalResults).toBe(1)
      const search = await call(`${okta.base}/Users/.search`, { method: "POST", token: okta.token, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: 'userName sw "list"', count: 0 } })
      expect(search.json.totalResults).toBe(3)
      const spc = await call(`${okta.base}/ServiceProviderConfig`, { token: okta.token })
      expect(spc.json).toMatchObject({ patch: { supported: true }, bulk: { supported: true }, etag: { supported: true } })
      const types = await call(`${okta.base}/ResourceTypes`, { token: okta.token })
      expect(types.json.Resources.map((r: any) => r.id)).toEqual(["User", "Group"])
      const schemas = await call(`${okta.base}/Schemas`, { token: okta.token })
      expect(schemas.json.Resources.map((r: any) => r.id)).toContain(ENTERPRISE)
      const noUa = await getWithoutUserAgent(`${okta.base}/Users?count=1`, okta.token)
      expect(noUa.status).toBe(200)
    })

    it("handles groups and Bulk with bulkId references", async () => {
      const bulk = await call(`${okta.base}/Bulk`, {
        method: "POST",
        token: okta.token,
        body: {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
          failOnErrors: 1,
          Operations: [
            { method: "POST", path: "/Users", bulkId: "u1", data: { schemas: [USER], userName: "bulk1@example.com" } },
            { method: "POST", path: "/Groups", bulkId: "g1", data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Bulk group", members: [{ value: "bulkId:u1" }] } }
          ]
        }
      })
      expect(bulk.status).toBe(200)
      expect(bulk.json.Operations.map((o: any) => o.status)).toEqual(["201", "201"])
      const groupId = String(bulk.json.Operations[1].location).split("/").at(-1)
      const group = await call(`${okta.base}/Groups/${groupId}`, { token: okta.token })
      expect(group.json.displayName).toBe("Bulk group")
      const userId = String(bulk.json.Operations[0].location).split("/").at(-1)
      expect(group.json.members.map((m: any) => m.value)).toEqual([userId])
      const dup = await call(`${okta.base}/Groups`, { method: "POST", token: okta.token, body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Bulk group" } })
      expect(dup.status).toBe(409)
      expect(dup.json.scimType).toBe("uniqueness")
    })

    it("answers 404, 405, 413 and 415 with SCIM error bodies", async () => {
      const nf = await call(`${okta.base}/Nope`, { token: okta.token })
      expect(nf.status).toBe(404)
      expect(nf.json.schemas).toEqual([ERROR])
      const na = await call(`${okta.base}/Users`, { method: "DELETE", token: okta.token })
      expect(na.status).toBe(405)
      expect(na.json).toMatchObject({ schemas: [ERROR], status: "405" })
      const big = await call(`${okta.base}/Users`, { method: "POST", token: okta.token, body: { schemas: [USER], userName: "big", x: "y".repeat(1_100_000) } })
      expect(big.status).toBe(413)
      expect(big.json).toMatchObject({ schemas: [ERROR], status: "413" })
      const xml = await call(`${okta.base}/Users`, { method: "POST", token: okta.token, rawBody: "<x/>", headers: { "content-type": "application/xml" } })
      expect(xml.status).toBe(415)
      expect(xml.json.schemas).toEqual([ERROR])
    })

    it("stops accepting a token when Directory Sync is disabled", async () => {
      const conn = await enable("generic")
      expect((await call(`${conn.base}/Users`, { token: conn.token })).status).toBe(200)
      expect((await admin(`/v1/enterprise_connections/${conn.id}/directory_sync`, { method: "DELETE" })).status).toBe(200)
      const r = await call(`${conn.base}/Users`, { token: conn.token })
      expect(r.status).toBe(401)
      expect(r.json.schemas).toEqual([ERROR])
    })

    it("serves /healthz, /metrics, /openapi.json and a JSON 404", async () => {
      expect((await call(`${server.url}/healthz`)).json).toMatchObject({ status: "ok" })
      const metrics = await call(`${server.url}/metrics`)
      expect(metrics.text).toMatch(/dirsync_http_requests_total\{route="\/scim\/v2\/:connection\/Users",method="POST",status="201"\} \d+/)
      expect(metrics.text).toMatch(/dirsync_outbox_depth \d+/)
      expect(metrics.text).toMatch(/dirsync_webhook_deliveries_total\{outcome="delivered"\} \d+/)
      const openapi = await call(`${server.url}/openapi.json`)
      expect(Object.keys(openapi.json.paths)).toContain("/v1/enterprise_connections/{id}/directory_sync")
      const nf = await call(`${server.url}/nope`)
      expect(nf.status).toBe(404)
    })

    it("delivered every webhook with a valid signature, and logs JSON lines with request ids and no secrets", async () => {
      expect(receiver.deliveries.length).toBeGreaterThan(0)
      expect(receiver.deliveries.every((d) => d.verified)).toBe(true)
      const lines = server.logs.filter((l) => l.startsWith("{"))
      const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.message === "request")
      expect(requests.length).toBeGreaterThan(10)
      expect(requests.every((l) => typeof l.annotations.request_id === "string")).toBe(true)
      const all = server.logs.join("\n")
      expect(all).not.toContain(okta.token)
      expect(all).not.toContain(ADMIN_KEY)
      expect(all).not.toContain(oktaUser.password)
    })
  })
