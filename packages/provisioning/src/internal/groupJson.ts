/** The `data` of `group.*` webhooks, and the version bump of groups whose members changed from elsewhere. */
import { Effect } from "effect"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { Service as Ids } from "../IdGenerator.js"
import type { Resource } from "../Scim.js"
import type { GroupJson } from "../ScimGroups.js"
import { emit, iso, now, num, parse, type Row, strOrNull } from "./common.js"
import { etag } from "./resource.js"

/** The group's webhook JSON: members by SCIM id, with the application user id of each known user. */
export const groupJson = (
  sql: SqlClient,
  group: {
    readonly connectionId: string
    readonly id: string
    readonly displayName: string
    readonly externalId: string | null
    readonly members: ReadonlyArray<string>
    readonly createdAt: number
    readonly updatedAt: number
  }
) =>
  Effect.gen(function*() {
    const users = new Map<string, string>()
    for (let i = 0; i < group.members.length; i += 500) {
      const rows = yield* sql<Row>`SELECT scim_id, user_id FROM ds_directory_users WHERE connection_id = ${group.connectionId} AND ${
        sql.in("scim_id", group.members.slice(i, i + 500))
      }`
      for (const r of rows) users.set(String(r.scim_id), String(r.user_id))
    }
    const data: GroupJson = {
      id: group.id,
      object: "group",
      connection_id: group.connectionId,
      display_name: group.displayName,
      external_id: group.externalId,
      members: group.members.map((v) => ({ scim_id: v, user_id: users.get(v) ?? null })),
      created_at: group.createdAt,
      updated_at: group.updatedAt
    }
    return data
  })

/**
 * Removes a SCIM user from every group of its connection (the user's resource was deleted): each group
 * it belonged to gets a new version (`meta.version`, `meta.lastModified`) and a `group.updated` webhook.
 * Returns the SCIM ids of those groups.
 */
export const removeFromGroups = (sql: SqlClient, ids: Ids, connectionId: string, scimUserId: string) =>
  Effect.gen(function*() {
    const groups = yield* sql<Row>`SELECT * FROM ds_groups WHERE connection_id = ${connectionId} AND scim_id IN (
      SELECT group_id FROM ds_group_members WHERE connection_id = ${connectionId} AND value = ${scimUserId}
    ) ORDER BY pk`
    if (groups.length === 0) return []
    yield* sql`DELETE FROM ds_group_members WHERE connection_id = ${connectionId} AND value = ${scimUserId}`
    const at = yield* now
    for (const row of groups) {
      const id = String(row.scim_id)
      const version = num(row.version) + 1
      const stored = parse<Resource>(row.resource)
      const meta = (stored.meta ?? {}) as Record<string, unknown>
      const resource = { ...stored, meta: { ...meta, lastModified: iso(at), version: etag(version) } }
      const sequence = yield* sql<Row>`UPDATE ds_groups SET ${
        sql.update({ resource: JSON.stringify(resource), version, updated_at: at })
      }, sequence = sequence + 1 WHERE connection_id = ${connectionId} AND scim_id = ${id} RETURNING sequence`
      const members = yield* sql<Row>`SELECT value FROM ds_group_members WHERE connection_id = ${connectionId} AND group_id = ${id} ORDER BY pk`
      const data = yield* groupJson(sql, {
        connectionId,
        id,
        displayName: String(row.display_name),
        externalId: strOrNull(row.external_id),
        members: members.map((m) => String(m.value)),
        createdAt: num(row.created_at),
        updatedAt: at
      })
      yield* emit(sql, ids, "group.updated", num(sequence[0]?.sequence ?? 0), data)
    }
    return groups.map((g) => String(g.scim_id))
  })
