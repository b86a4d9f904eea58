/** The SCIM Users service over the store. */
import { Effect, Either } from "effect"
import { SqlClient } from "@effect/sql/SqlClient"
import type { EnterpriseConnection } from "../Connections.js"
import * as Errors from "../Errors.js"
import { IdGenerator } from "../IdGenerator.js"
import { Config } from "./config.js"
import type { ListQuery, ListResult, PatchOperation, RequestContext, Resource } from "../Scim.js"
import type { DirectoryUser, Service } from "../ScimUsers.js"
import type { User } from "../Users.js"
import {
  activeConnection,
  bool,
  decodeUser,
  emit,
  ensureUniqueName,
  forUpdate,
  lockResourceRow,
  loadUser,
  now,
  num,
  orDie,
  parse,
  recordEvent,
  revokeSessions,
  type Row,
  strOrNull,
  userJson
} from "./common.js"
import { removeFromGroups } from "./groupJson.js"
import { list as listResources } from "./list.js"
import { checkEmailPolicy, type Mapped, toApplicationUser } from "./mapping.js"
import { write } from "./operation.js"
import * as Patch from "./patch.js"
import { finish, matches, prepareUser, same, type UserColumns } from "./resource.js"
import { equal } from "./json.js"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const ids = yield* IdGenerator
  const config = yield* Config

  /** The indexed email rows of a user, as stored. */
  const emailRows = (columns: UserColumns) =>
    columns.emails.map((e) => ({
      value_lower: e.value?.toLowerCase() ?? null,
      type_lower: e.type?.toLowerCase() ?? null,
      is_primary: e.primary === null ? null : e.primary ? 1 : 0
    }))

  /**
   * Writes a user's email rows; with `before` (the resource they replace), only when they differ from its
   * rows: most updates (a name, `active`) leave the emails as they were.
   */
  const writeEmails = (connectionId: string, scimId: string, columns: UserColumns, before?: Resource) =>
    Effect.gen(function*() {
      const rows = emailRows(columns)
      if (before !== undefined) {
        const previous = prepareUser(before)
        if (Either.isRight(previous) && equal(emailRows(previous.right[1]), rows)) return
        yield* sql`DELETE FROM ds_directory_user_emails WHERE connection_id = ${connectionId} AND scim_id = ${scimId}`
      }
      if (rows.length > 0) {
        yield* sql`INSERT INTO ds_directory_user_emails ${
          sql.insert(rows.map((row) => ({ connection_id: connectionId, scim_id: scimId, ...row })))
        }`
      }
    })

  const prepared = (body: Resource) =>
    Either.match(prepareUser(body), { onLeft: Effect.fail, onRight: Effect.succeed })

  const mapUser = (connection: EnterpriseConnection, resource: Resource, checkPolicy: boolean) => {
    const mapped = toApplicationUser(resource, connection.attributeMappings)
    const violation = checkPolicy ? checkEmailPolicy(connection, mapped) : undefined
    return violation === undefined ? Effect.succeed(mapped) : Effect.fail(violation)
  }

  const userFields = (m: Mapped) => ({
    username: m.username,
    first_name: m.firstName,
    last_name: m.lastName,
    email_addresses: JSON.stringify(m.emailAddresses),
    primary_email: m.primaryEmail,
    external_id: m.externalId,
    public_metadata: JSON.stringify(m.publicMetadata),
    deactivated: m.active ? 0 : 1
  })

  const syncedChanged = (u: User, m: Mapped) =>
    u.username !== m.username || u.firstName !== m.firstName || u.lastName !== m.lastName ||
    !equal(u.emailAddresses, m.emailAddresses) || u.primaryEmail !== m.primaryEmail ||
    u.externalId !== m.externalId || !equal(u.publicMetadata, m.publicMetadata) || u.deactivated !== !m.active

  const mappedOf = (u: User): Mapped => ({
    username: u.username,
    firstName: u.firstName,
    lastName: u.lastName,
    emailAddresses: u.emailAddresses,
    primaryEmail: u.primaryEmail,
    externalId: u.externalId,
    publicMetadata: u.publicMetadata,
    active: !u.deactivated
  })

  /** The synced fields of an application user as `userFields(m)` writes them. */
  const userOf = (m: Mapped) => ({
    username: m.username,
    firstName: m.firstName,
    lastName: m.lastName,
    emailAddresses: m.emailAddresses,
    primaryEmail: m.primaryEmail,
    externalId: m.externalId,
    publicMetadata: m.publicMetadata,
    deactivated: !m.active
  })

  /** The application user after `userFields(m)` was written at `at`, without reading it back. */
  const withMapped = (u: User, m: Mapped, at: number): User => ({ ...u, ...userOf(m), updatedAt: at })

  /** Brings the application user in step; deactivation revokes sessions. Returns the user after. */
  const syncUser = (userId: string, mapped: Mapped | "deactivate") =>
    Effect.gen(function*() {
      const before = yield* Effect.flatMap(loadUser(sql, userId), (u) =>
        u === undefined ? Effect.dieMessage(`Application user "${userId}" is missing`) : Effect.succeed(u))
      const target: Mapped = mapped === "deactivate" ? { ...mappedOf(before), active: false } : mapped
      if (!syncedChanged(before, target)) return before
      const at = yield* now
      const rows = yield* sql<Row>`UPDATE ds_app_users SET ${
        sql.update({ ...userFields(target), updated_at: at })
      }, sequence = sequence + 1 WHERE id = ${userId} RETURNING sequence`
      const after = withMapped(before, target, at)
      yield* emit(sql, ids, "user.updated", num(rows[0]?.sequence ?? 0), userJson(after))
      if (!before.deactivated && after.deactivated) {
        yield* revokeSessions(sql, ids, userId, "user_deactivated")
      }
      return after
    })

  /**
   * The application user a re-created SCIM user belongs to: one of this connection whose SCIM resource
   * was deleted (Okta and Entra unassign with DELETE, then re-assign with POST), found by external id or
   * username; the newest wins.
   */
  const unlinkedUser = (connectionId: string, mapped: Mapped) => {
    const keys = [
      ...(mapped.externalId === null ? [] : [sql`external_id = ${mapped.externalId}`]),
      ...(mapped.username === null ? [] : [sql`username = ${mapped.username}`])
    ]
    if (keys.length === 0) return Effect.succeed(undefined)
    return Effect.map(
      // One indexed lookup per key (an OR across both would scan the connection's users).
      sql<Row>`SELECT * FROM ds_app_users a WHERE a.pk IN (${
        sql.join(" UNION ALL ", false)(keys.map((key) => sql`SELECT pk FROM ds_app_users WHERE connection_id = ${connectionId} AND ${key}`))
      }) AND NOT EXISTS (SELECT 1 FROM ds_directory_users d WHERE d.user_id = a.id)
        ORDER BY a.pk DESC LIMIT 1 ${forUpdate(sql)}`,
      (rows) => rows[0] === undefined ? undefined : decodeUser(rows[0])
    )
  }

  const create: Service["create"] = (connectionId, body, context) => {
    let userName = ""
    return write(
      { sql, ids, connectionId, context, resourceId: null, unique: () => ({ attribute: "userName", value: userName }) },
      Effect.gen(function*() {
        const connection = yield* activeConnection(sql, connectionId, context.connection)
        const [clean, columns] = yield* prepared(body)
        userName = columns.userName
        const mapped = yield* mapUser(connection, clean, true)
        const scimId = yield* ids.uuid
        const at = yield* now
        const resource = finish(clean, scimId, { resourceType: "User", created: at, lastModified: at, version: 1 })
        const previous = yield* unlinkedUser(connectionId, mapped)
        const userId = previous?.id ?? (yield* ids.id("user"))
        // The directory row first: a taken userName fails here, on the unique index, before any other write.
        yield* sql`INSERT INTO ds_directory_users ${
          sql.insert({
            connection_id: connectionId,
            scim_id: scimId,
            user_id: userId,
            user_name: columns.userName,
            user_name_lower: columns.userName.toLowerCase(),
            external_id: columns.externalId,
            active: columns.active === null ? null : columns.active ? 1 : 0,
            resource: JSON.stringify(resource),
            version: 1,
            created_at: at,
            updated_at: at,
            last_synced_at: at
          })
        }`
        yield* writeEmails(connectionId, scimId, columns)
        let user: User
        if (previous === undefined) {
          yield* sql`INSERT INTO ds_app_users ${
            sql.insert({
              id: userId,
              connection_id: connectionId,
              scim_id: scimId,
              ...userFields(mapped),
              sequence: 1,
              created_at: at,
              updated_at: at
            })
          }`
          user = {
            id: userId,
            ...userOf(mapped),
            directory: { connectionId, scimId },
            createdAt: at,
            updatedAt: at
          }
          yield* emit(sql, ids, "user.created", 1, userJson(user))
        } else {
          const rows = yield* sql<Row>`UPDATE ds_app_users SET ${
            sql.update({ ...userFields(mapped), scim_id: scimId, updated_at: at })
          }, sequence = sequence + 1 WHERE id = ${userId} RETURNING sequence`
          user = { ...withMapped(previous, mapped, at), directory: { connectionId, scimId } }
          yield* emit(sql, ids, "user.updated", num(rows[0]?.sequence ?? 0), userJson(user))
        }
        yield* recordEvent(sql, ids, {
          connectionId,
          type: "scim.user.created",
          userId,
          resourceId: scimId,
          context,
          outcome: { status: 201 },
          user: userJson(user),
          diff: null
        })
        return resource
      })
    )
  }

  /** Stores a new version of a user resource (PUT or PATCH). */
  const update = (
    connectionId: string,
    id: string,
    context: RequestContext,
    next: (before: Resource, connection: EnterpriseConnection) => Effect.Effect<Resource, Errors.InvalidValue>
  ) => {
    let userName = ""
    return write(
      { sql, ids, connectionId, context, resourceId: id, unique: () => ({ attribute: "userName", value: userName }) },
      Effect.gen(function*() {
        const connection = yield* activeConnection(sql, connectionId, context.connection)
        const row = yield* lockResourceRow(sql, "User", connectionId, id)
        const version = num(row.version)
        if (context.ifMatch !== undefined && !matches(context.ifMatch, version)) {
          return yield* Effect.fail(
            new Errors.PreconditionFailed({ expected: context.ifMatch, actual: `W/"${version}"` })
          )
        }
        const before = parse<Resource>(row.resource)
        const candidate = yield* next(before, connection)
        const [clean, columns] = yield* prepared(candidate)
        userName = columns.userName
        const userId = String(row.user_id)
        const at = yield* now
        const changed = !same(before, { ...clean, id })
        let resource = before
        if (changed) {
          if (columns.userName.toLowerCase() !== String(row.user_name_lower)) {
            yield* ensureUniqueName(sql, "User", connectionId, columns.userName, id)
          }
          const meta = before.meta as { created: string }
          resource = finish(clean, id, {
            resourceType: "User",
            created: Date.parse(meta.created),
            lastModified: at,
            version: version + 1
          })
          yield* sql`UPDATE ds_directory_users SET ${
            sql.update({
              user_name: columns.userName,
              user_name_lower: columns.userName.toLowerCase(),
              external_id: columns.externalId,
              active: columns.active === null ? null : columns.active ? 1 : 0,
              resource: JSON.stringify(resource),
              version: version + 1,
              updated_at: at,
              last_synced_at: at
            })
          } WHERE connection_id = ${connectionId} AND scim_id = ${id}`
          yield* writeEmails(connectionId, id, columns, before)
        } else {
          yield* sql`UPDATE ds_directory_users SET last_synced_at = ${at} WHERE connection_id = ${connectionId} AND scim_id = ${id}`
        }
        const previous = toApplicationUser(before, connection.attributeMappings)
        const mapped = yield* mapUser(
          connection,
          resource,
          changed && toApplicationUser(resource, connection.attributeMappings).primaryEmail !== previous.primaryEmail
        )
        const user = yield* syncUser(userId, mapped)
        yield* recordEvent(sql, ids, {
          connectionId,
          type: "scim.user.patched",
          userId,
          resourceId: id,
          context,
          outcome: { status: 200 },
          user: userJson(user),
          diff: changed ? { before, after: resource } : null
        })
        return { resource, changed }
      })
    )
  }

  const replace: Service["replace"] = (connectionId, id, body, context) =>
    Effect.map(update(connectionId, id, context, () => Effect.succeed(body)), (r) => r.resource)

  const patch: Service["patch"] = (connectionId, id, operations: ReadonlyArray<PatchOperation>, context) =>
    update(connectionId, id, context, (before, connection) =>
      Either.match(Patch.apply(before, operations, "User", connection.provider), {
        onLeft: Effect.fail,
        onRight: (r) => Effect.succeed(r.resource)
      }))

  const remove: Service["remove"] = (connectionId, id, context) =>
    write(
      { sql, ids, connectionId, context, resourceId: id, unique: () => ({ attribute: "id", value: id }) },
      Effect.gen(function*() {
        yield* activeConnection(sql, connectionId, context.connection)
        const row = yield* lockResourceRow(sql, "User", connectionId, id)
        const userId = String(row.user_id)
        yield* sql`DELETE FROM ds_directory_users WHERE connection_id = ${connectionId} AND scim_id = ${id}`
        yield* sql`DELETE FROM ds_directory_user_emails WHERE connection_id = ${connectionId} AND scim_id = ${id}`
        yield* removeFromGroups(sql, ids, connectionId, id)
        const user = yield* syncUser(userId, "deactivate")
        yield* recordEvent(sql, ids, {
          connectionId,
          type: "scim.user.deleted",
          userId,
          resourceId: id,
          context,
          outcome: { status: 204 },
          user: userJson(user),
          diff: { before: parse<Resource>(row.resource), after: null }
        })
      })
    )

  const get: Service["get"] = (connectionId, id) =>
    orDie(
      Effect.flatMap(
        sql<Row>`SELECT resource FROM ds_directory_users WHERE connection_id = ${connectionId} AND scim_id = ${id}`,
        (rows) =>
          rows[0] === undefined
            ? Effect.fail(new Errors.UserNotFound({ connectionId, id }))
            : Effect.succeed(parse<Resource>(rows[0].resource))
      )
    )

  const list: Service["list"] = (connectionId, query: ListQuery = {}): Effect.Effect<ListResult, Errors.InvalidFilter> =>
    orDie(listResources(sql, {
      kind: "User",
      table: "ds_directory_users",
      connectionId,
      query,
      maxResults: config.maxResults,
      columns: "t.resource",
      load: (rows) => Effect.succeed(rows.map((r) => parse<Resource>(r.resource)))
    }))

  const listDirectoryUsers: Service["listDirectoryUsers"] = (connectionId, options = {}) =>
    orDie(Effect.gen(function*() {
      const limit = Math.max(0, Math.min(options.limit ?? 100, 1000))
      const offset = Math.max(0, options.offset ?? 0)
      const status = options.status === undefined
        ? sql.literal("")
        : sql` AND a.deactivated = ${options.status === "deactivated" ? 1 : 0}`
      const total = yield* sql<Row>`SELECT COUNT(*) AS n FROM ds_directory_users d JOIN ds_app_users a ON a.id = d.user_id WHERE d.connection_id = ${connectionId}${status}`
      const rows = yield* sql<Row>`SELECT d.scim_id, d.user_id, d.user_name, d.external_id, d.last_synced_at, a.primary_email, a.deactivated
        FROM ds_directory_users d JOIN ds_app_users a ON a.id = d.user_id
        WHERE d.connection_id = ${connectionId}${status} ORDER BY d.pk LIMIT ${limit} OFFSET ${offset}`
      return {
        totalCount: num(total[0]?.n ?? 0),
        data: rows.map((r): DirectoryUser => ({
          connectionId,
          userId: String(r.user_id),
          scimId: String(r.scim_id),
          userName: String(r.user_name),
          externalId: strOrNull(r.external_id),
          email: strOrNull(r.primary_email),
          status: bool(r.deactivated) ? "deactivated" : "active",
          lastSyncedAt: num(r.last_synced_at)
        }))
      }
    }))

  return { create, get, list, replace, patch, remove, listDirectoryUsers } satisfies Service
})
