/** The SCIM Groups service over the store. Members live in `ds_group_members`, in insertion order. */
import { Effect, Either } from "effect"
import { SqlClient } from "@effect/sql/SqlClient"
import type { EnterpriseConnection } from "../Connections.js"
import * as Errors from "../Errors.js"
import { IdGenerator } from "../IdGenerator.js"
import { Config } from "./config.js"
import type { RequestContext, Resource } from "../Scim.js"
import type { Service } from "../ScimGroups.js"
import {
  activeConnection,
  emit,
  ensureUniqueName,
  lockResourceRow,
  now,
  num,
  orDie,
  parse,
  recordEvent,
  type Row
} from "./common.js"
import { groupJson } from "./groupJson.js"
import { equal } from "./json.js"
import { list as listResources } from "./list.js"
import { write } from "./operation.js"
import * as Patch from "./patch.js"
import { finish, type GroupColumns, matches, type Member, prepareGroup } from "./resource.js"

/** Inserts `members` before `meta`. */
const withMembers = (resource: Resource, members: ReadonlyArray<Resource> | undefined): Resource => {
  if (members === undefined) return resource
  const { meta, ...rest } = resource
  return { ...rest, members, meta }
}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const ids = yield* IdGenerator
  const config = yield* Config

  const loadMembers = (connectionId: string, groupIds: ReadonlyArray<string>) =>
    Effect.gen(function*() {
      const out = new Map<string, Array<Resource>>()
      if (groupIds.length === 0) return out
      for (let i = 0; i < groupIds.length; i += 500) {
        const chunk = groupIds.slice(i, i + 500)
        const rows = yield* sql<Row>`SELECT group_id, member FROM ds_group_members WHERE connection_id = ${connectionId} AND ${
          sql.in("group_id", chunk)
        } ORDER BY pk`
        for (const r of rows) {
          const list = out.get(String(r.group_id)) ?? []
          list.push(parse<Resource>(r.member))
          out.set(String(r.group_id), list)
        }
      }
      return out
    })

  const prepared = (body: Resource) =>
    Either.match(prepareGroup(body), { onLeft: Effect.fail, onRight: Effect.succeed })

  const json = (connectionId: string, id: string, columns: GroupColumns, created: number, updated: number) =>
    groupJson(sql, {
      connectionId,
      id,
      displayName: columns.displayName,
      externalId: columns.externalId,
      members: columns.members.map((m) => m.value),
      createdAt: created,
      updatedAt: updated
    })

  const nextSequence = (connectionId: string, id: string) =>
    Effect.map(
      sql<Row>`UPDATE ds_groups SET sequence = sequence + 1 WHERE connection_id = ${connectionId} AND scim_id = ${id} RETURNING sequence`,
      (rows) => num(rows[0]?.sequence ?? 0)
    )

  const insertMembers = (connectionId: string, id: string, members: ReadonlyArray<Member>) =>
    members.length === 0 ? Effect.void : Effect.forEach(
      chunks(members, 200),
      (chunk) =>
        sql`INSERT INTO ds_group_members ${
          sql.insert(chunk.map((m) => ({
            connection_id: connectionId,
            group_id: id,
            value: m.value,
            member: JSON.stringify(m.element)
          })))
        }`,
      { discard: true }
    )

  const create: Service["create"] = (connectionId, body, context) => {
    let displayName = ""
    return write(
      {
        sql,
        ids,
        connectionId,
        context,
        resourceId: null,
        unique: () => ({ attribute: "displayName", value: displayName })
      },
      Effect.gen(function*() {
        yield* activeConnection(sql, connectionId, context.connection)
        const [clean, columns] = yield* prepared(body)
        displayName = columns.displayName
        yield* ensureUniqueName(sql, "Group", connectionId, columns.displayName, null)
        const id = yield* ids.uuid
        const at = yield* now
        const resource = finish(clean, id, { resourceType: "Group", created: at, lastModified: at, version: 1 })
        yield* sql`INSERT INTO ds_groups ${
          sql.insert({
            connection_id: connectionId,
            scim_id: id,
            display_name: columns.displayName,
            display_name_lower: columns.displayName.toLowerCase(),
            external_id: columns.externalId,
            resource: JSON.stringify(resource),
            version: 1,
            sequence: 0,
            created_at: at,
            updated_at: at
          })
        }`
        yield* insertMembers(connectionId, id, columns.members)
        const sequence = yield* nextSequence(connectionId, id)
        yield* emit(sql, ids, "group.created", sequence, yield* json(connectionId, id, columns, at, at))
        const full = withMembers(resource, columns.members.map((m) => m.element))
        yield* recordEvent(sql, ids, {
          connectionId,
          type: "scim.group.created",
          userId: null,
          resourceId: id,
          context,
          outcome: { status: 201 },
          user: null,
          diff: null
        })
        return full
      })
    )
  }

  const update = (
    connectionId: string,
    id: string,
    context: RequestContext,
    next: (before: Resource, connection: EnterpriseConnection) => Effect.Effect<Resource, Errors.InvalidValue>
  ) => {
    let displayName = ""
    return write(
      {
        sql,
        ids,
        connectionId,
        context,
        resourceId: id,
        unique: () => ({ attribute: "displayName", value: displayName })
      },
      Effect.gen(function*() {
        const connection = yield* activeConnection(sql, connectionId, context.connection)
        const row = yield* lockResourceRow(sql, "Group", connectionId, id)
        const version = num(row.version)
        if (context.ifMatch !== undefined && !matches(context.ifMatch, version)) {
          return yield* Effect.fail(
            new Errors.PreconditionFailed({ expected: context.ifMatch, actual: `W/"${version}"` })
          )
        }
        const stored = parse<Resource>(row.resource)
        const beforeMembers = (yield* loadMembers(connectionId, [id])).get(id) ?? []
        const before = withMembers(stored, beforeMembers)
        const candidate = yield* next(before, connection)
        const [clean, columns] = yield* prepared(candidate)
        displayName = columns.displayName
        const after = withMembers({ ...clean, id, meta: stored.meta }, columns.members.map((m) => m.element))
        const { meta: _m1, ...a } = after
        const { meta: _m2, ...b } = withMembers({ ...stored, id }, beforeMembers)
        const changed = !equal(
          { ...a, schemas: a.schemas, members: a.members },
          { ...b, schemas: b.schemas, members: b.members }
        )
        if (!changed) {
          yield* recordEvent(sql, ids, {
            connectionId,
            type: "scim.group.patched",
            userId: null,
            resourceId: id,
            context,
            outcome: { status: 200 },
            user: null,
            diff: null
          })
          return { resource: before, changed: false }
        }
        if (columns.displayName.toLowerCase() !== String(row.display_name_lower)) {
          yield* ensureUniqueName(sql, "Group", connectionId, columns.displayName, id)
        }
        const at = yield* now
        const created = num(row.created_at)
        const resource = finish(clean, id, {
          resourceType: "Group",
          created,
          lastModified: at,
          version: version + 1
        })
        yield* sql`UPDATE ds_groups SET ${
          sql.update({
            display_name: columns.displayName,
            display_name_lower: columns.displayName.toLowerCase(),
            external_id: columns.externalId,
            resource: JSON.stringify(resource),
            version: version + 1,
            updated_at: at
          })
        } WHERE connection_id = ${connectionId} AND scim_id = ${id}`
        // Membership: delete what left, update what changed, insert what arrived (order kept).
        const old = new Map(beforeMembers.map((m) => [String(m.value), m]))
        const nextValues = new Set(columns.members.map((m) => m.value))
        const removed = [...old.keys()].filter((v) => !nextValues.has(v))
        for (const chunk of chunks(removed, 500)) {
          yield* sql`DELETE FROM ds_group_members WHERE connection_id = ${connectionId} AND group_id = ${id} AND ${
            sql.in("value", chunk)
          }`
        }
        const added: Array<Member> = []
        for (const m of columns.members) {
          const previous = old.get(m.value)
          if (previous === undefined) added.push(m)
          else if (!equal(previous, m.element)) {
            yield* sql`UPDATE ds_group_members SET member = ${
              JSON.stringify(m.element)
            } WHERE connection_id = ${connectionId} AND group_id = ${id} AND value = ${m.value}`
          }
        }
        yield* insertMembers(connectionId, id, added)
        const sequence = yield* nextSequence(connectionId, id)
        yield* emit(sql, ids, "group.updated", sequence, yield* json(connectionId, id, columns, created, at))
        const full = withMembers(resource, columns.members.map((m) => m.element))
        yield* recordEvent(sql, ids, {
          connectionId,
          type: "scim.group.patched",
          userId: null,
          resourceId: id,
          context,
          outcome: { status: 200 },
          user: null,
          diff: { before, after: full }
        })
        return { resource: full, changed: true }
      })
    )
  }

  const replace: Service["replace"] = (connectionId, id, body, context) =>
    Effect.map(update(connectionId, id, context, () => Effect.succeed(body)), (r) => r.resource)

  const patch: Service["patch"] = (connectionId, id, operations, context) =>
    update(connectionId, id, context, (before, connection) =>
      Either.match(Patch.apply(before, operations, "Group", connection.provider), {
        onLeft: Effect.fail,
        onRight: (r) => Effect.succeed(r.resource)
      }))

  const remove: Service["remove"] = (connectionId, id, context) =>
    write(
      { sql, ids, connectionId, context, resourceId: id, unique: () => ({ attribute: "id", value: id }) },
      Effect.gen(function*() {
        yield* activeConnection(sql, connectionId, context.connection)
        const row = yield* lockResourceRow(sql, "Group", connectionId, id)
        const stored = parse<Resource>(row.resource)
        const members = (yield* loadMembers(connectionId, [id])).get(id) ?? []
        const [, columns] = yield* prepared(withMembers(stored, members))
        const sequence = yield* nextSequence(connectionId, id)
        const at = yield* now
        yield* emit(sql, ids, "group.deleted", sequence, yield* json(connectionId, id, columns, num(row.created_at), at))
        yield* sql`DELETE FROM ds_group_members WHERE connection_id = ${connectionId} AND group_id = ${id}`
        yield* sql`DELETE FROM ds_groups WHERE connection_id = ${connectionId} AND scim_id = ${id}`
        yield* recordEvent(sql, ids, {
          connectionId,
          type: "scim.group.deleted",
          userId: null,
          resourceId: id,
          context,
          outcome: { status: 204 },
          user: null,
          diff: { before: withMembers(stored, members), after: null }
        })
      })
    )

  const load = (connectionId: string, excludeMembers: boolean) => (rows: ReadonlyArray<Row>) =>
    Effect.gen(function*() {
      const resources = rows.map((r) => parse<Resource>(r.resource))
      if (excludeMembers) return resources
      const members = yield* loadMembers(connectionId, resources.map((r) => String(r.id)))
      return resources.map((r) => withMembers(r, members.get(String(r.id)) ?? []))
    })

  const get: Service["get"] = (connectionId, id, options = {}) =>
    orDie(Effect.gen(function*() {
      const rows = yield* sql<Row>`SELECT resource FROM ds_groups WHERE connection_id = ${connectionId} AND scim_id = ${id}`
      if (rows.length === 0) return yield* Effect.fail(new Errors.GroupNotFound({ connectionId, id }))
      const [resource] = yield* load(connectionId, options.excludeMembers === true)(rows)
      return resource!
    }))

  const list: Service["list"] = (connectionId, query = {}, options = {}) =>
    orDie(listResources(sql, {
      kind: "Group",
      table: "ds_groups",
      connectionId,
      query,
      maxResults: config.maxResults,
      // In-process filtering may need members; SQL-only pages load them only when asked.
      load: load(connectionId, options.excludeMembers === true && query.filter === undefined)
    })).pipe(
      Effect.map((result) =>
        options.excludeMembers === true
          ? {
            ...result,
            resources: result.resources.map((r) => {
              const { members: _members, ...rest } = r
              return rest
            })
          }
          : result
      )
    )

  const groupsOfUser: Service["groupsOfUser"] = (connectionId, scimUserId) =>
    orDie(Effect.map(
      sql<Row>`SELECT group_id FROM ds_group_members WHERE connection_id = ${connectionId} AND value = ${scimUserId} ORDER BY pk`,
      (rows) => rows.map((r) => String(r.group_id))
    ))

  return { create, get, list, replace, patch, remove, groupsOfUser } satisfies Service
})

const chunks = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
