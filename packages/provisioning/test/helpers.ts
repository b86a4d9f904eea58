/** Helpers shared by the contract tests. */
import { Effect } from "effect"
import { SqlClient } from "@effect/sql/SqlClient"
import { Connections, DirectorySync, type Scim } from "../src/index.js"

export const ctx = (method: string, path: string, rawBody?: unknown): Scim.RequestContext => ({
  method,
  path,
  rawBody
})

/** A fresh SAML connection with Directory Sync enabled. */
export const connection = (input: Partial<Connections.CreateInput> = {}) =>
  Effect.gen(function*() {
    const connections = yield* Connections.Connections
    const c = yield* connections.create({ name: "Acme", protocol: "saml", provider: "okta", ...input })
    const sync = yield* DirectorySync.DirectorySync
    const enabled = yield* sync.enable(c.id)
    return { connectionId: c.id, token: enabled.bearerToken }
  })

export const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [{ value: userName.includes("@") ? userName : `${userName}@example.com`, type: "work", primary: true }],
  active: true,
  ...extra
})

/** Webhook payloads queued about a resource (by `data.id`, or `data.user_id` for sessions). */
export const webhooks = (resourceId: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const rows = yield* sql<{ payload: string }>`SELECT payload FROM ds_webhook_messages ORDER BY pk`
    return rows
      .map((r) => JSON.parse(r.payload) as { type: string; sequence: number; data: Record<string, unknown> })
      .filter((p) => p.data.id === resourceId || p.data.user_id === resourceId)
  }).pipe(Effect.orDie)

export const count = (table: string, where: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const rows = yield* sql.unsafe<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`)
    return Number(rows[0]?.n ?? 0)
  }).pipe(Effect.orDie)
