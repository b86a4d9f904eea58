import { describe, expect, layer } from "@effect/vitest"
import { Effect, Either, TestClock } from "effect"
import { SqlClient } from "@effect/sql/SqlClient"
import {
  DirectoryEvents,
  DirectorySync,
  ScimGroups,
  ScimUsers,
  Sessions,
  Users,
  Webhooks
} from "../src/index.js"
import { backends, domain } from "./backends.js"
import { connection, count, ctx, userBody, webhooks } from "./helpers.js"

for (const backend of backends) {
  layer(domain(backend.sql), { timeout: "60 seconds" })(`contract (${backend.name})`, (it) => {
    it.effect("setup: a webhook endpoint receives every event", () =>
      Effect.gen(function*() {
        const endpoint = yield* (yield* Webhooks.Webhooks).create({ url: "https://example.com/hook" })
        expect(endpoint.secret).toMatch(/^whsec_/)
      }))

    describe("directory sync tokens", () => {
      it.effect("enable issues a prefixed token that authenticates to its connection", () =>
        Effect.gen(function*() {
          const { connectionId, token } = yield* connection()
          expect(token).toMatch(/^dsync_scim_[A-Za-z0-9_-]{43}$/)
          const sync = yield* DirectorySync.DirectorySync
          expect((yield* sync.authenticate(token)).id).toBe(connectionId)
          const wrong = yield* Effect.either(sync.authenticate(token + "x"))
          expect(Either.isLeft(wrong) && wrong.left._tag === "InvalidToken" && wrong.left.reason).toBe("unknown")
        }))

      it.effect("rotation keeps the previous token working for the overlap, then it stops", () =>
        Effect.gen(function*() {
          const { connectionId, token } = yield* connection()
          const sync = yield* DirectorySync.DirectorySync
          const rotated = yield* sync.rotate(connectionId, { overlapMillis: 60_000 })
          expect(rotated.bearerToken).not.toBe(token)
          expect((yield* sync.authenticate(token)).id).toBe(connectionId)
          expect((yield* sync.authenticate(rotated.bearerToken)).id).toBe(connectionId)
          yield* TestClock.adjust("61 seconds")
          const old = yield* Effect.either(sync.authenticate(token))
          expect(Either.isLeft(old) && old.left.reason).toBe("expired")
          expect((yield* sync.authenticate(rotated.bearerToken)).id).toBe(connectionId)
        }))

      it.effect("disable makes every token fail", () =>
        Effect.gen(function*() {
          const { connectionId, token } = yield* connection()
          const sync = yield* DirectorySync.DirectorySync
          yield* sync.disable(connectionId)
          const result = yield* Effect.either(sync.authenticate(token))
          expect(Either.isLeft(result)).toBe(true)
          expect((yield* sync.status(connectionId)).enabled).toBe(false)
        }))

      it.effect("tokens are stored only as SHA-256 hashes", () =>
        Effect.gen(function*() {
          const { token } = yield* connection()
          const sql = yield* SqlClient
          const rows = yield* Effect.orDie(sql<{ token_hash: string; prefix: string }>`SELECT token_hash, prefix FROM ds_tokens`)
          expect(rows.some((r) => r.token_hash === token)).toBe(false)
          expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true)
        }))

      it.effect("Directory Sync cannot be enabled on an unknown connection", () =>
        Effect.gen(function*() {
          const result = yield* Effect.either((yield* DirectorySync.DirectorySync).enable("conn_missing"))
          expect(Either.isLeft(result) && result.left._tag).toBe("ConnectionNotFound")
        }))
    })

    describe("user lifecycle", () => {
      it.effect("create stores the resource, creates the application user and queues user.created", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const created = yield* scim.create(connectionId, userBody("bjensen", { title: "Tour Guide" }), ctx("POST", "/Users"))
          expect(created.id).toEqual(expect.any(String))
          expect(created.meta).toMatchObject({ resourceType: "User", version: 'W/"1"' })
          const got = yield* scim.get(connectionId, String(created.id))
          expect(got).toEqual(created)
          expect(got.title).toBe("Tour Guide")
          const directory = yield* scim.listDirectoryUsers(connectionId)
          expect(directory.totalCount).toBe(1)
          const user = yield* (yield* Users.Users).get(directory.data[0]!.userId)
          expect(user).toMatchObject({
            username: "bjensen",
            firstName: "Barbara",
            lastName: "Jensen",
            primaryEmail: "bjensen@example.com",
            deactivated: false,
            directory: { connectionId, scimId: created.id }
          })
          const sent = yield* webhooks(user.id)
          expect(sent.map((p) => [p.type, p.sequence])).toEqual([["user.created", 1]])
          const events = yield* (yield* DirectoryEvents.DirectoryEvents).list(connectionId)
          expect(events.data.map((e) => e.type)).toEqual(["scim.user.created"])
        }))

      it.effect("a change of a synced attribute queues user.updated; a change of nothing queues none", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const created = yield* scim.create(connectionId, userBody("ann"), ctx("POST", "/Users"))
          const id = String(created.id)
          const changed = yield* scim.patch(connectionId, id, [{ op: "replace", path: "name.givenName", value: "Annie" }], ctx("PATCH", `/Users/${id}`))
          expect(changed.changed).toBe(true)
          expect(changed.resource.meta).toMatchObject({ version: 'W/"2"' })
          const same = yield* scim.patch(connectionId, id, [{ op: "replace", path: "name.givenName", value: "Annie" }], ctx("PATCH", `/Users/${id}`))
          expect(same.changed).toBe(false)
          expect(same.resource.meta).toMatchObject({ version: 'W/"2"' })
          const userId = (yield* scim.listDirectoryUsers(connectionId)).data[0]!.userId
          expect((yield* (yield* Users.Users).get(userId)).firstName).toBe("Annie")
          const sent = yield* webhooks(userId)
          expect(sent.map((p) => [p.type, p.sequence])).toEqual([["user.created", 1], ["user.updated", 2]])
          const events = yield* (yield* DirectoryEvents.DirectoryEvents).list(connectionId)
          expect(events.data.map((e) => e.type)).toEqual(["scim.user.patched", "scim.user.patched", "scim.user.created"])
          expect(events.data[1]!.diff?.before).toMatchObject({ name: { givenName: "Barbara" } })
          expect(events.data[1]!.diff?.after).toMatchObject({ name: { givenName: "Annie" } })
        }))

      it.effect("a change of a non-synced attribute updates the resource without a webhook", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const created = yield* scim.create(connectionId, userBody("tom"), ctx("POST", "/Users"))
          const r = yield* scim.patch(connectionId, String(created.id), [{ op: "add", path: "title", value: "CTO" }], ctx("PATCH", "/Users"))
          expect(r.changed).toBe(true)
          const userId = (yield* scim.listDirectoryUsers(connectionId)).data[0]!.userId
          expect((yield* webhooks(userId)).map((p) => p.type)).toEqual(["user.created"])
        }))

      const deactivations = [
        { name: "PATCH without path", body: [{ op: "replace" as const, value: { active: false } }] },
        { name: "PATCH with path", body: [{ op: "replace" as const, path: "active", value: false }] }
      ]
      for (const d of deactivations) {
        it.effect(`active false by ${d.name} deactivates and revokes every active session in the same operation`, () =>
          Effect.gen(function*() {
            const { connectionId } = yield* connection()
            const scim = yield* ScimUsers.ScimUsers
            const sessions = yield* Sessions.Sessions
            const created = yield* scim.create(connectionId, userBody("carol"), ctx("POST", "/Users"))
            const userId = (yield* scim.listDirectoryUsers(connectionId)).data[0]!.userId
            const s1 = yield* sessions.create(userId)
            const s2 = yield* sessions.create(userId)
            yield* sessions.end(s2.id)
            const s3 = yield* sessions.create(userId)
            yield* scim.patch(connectionId, String(created.id), d.body, ctx("PATCH", "/Users"))
            const user = yield* (yield* Users.Users).get(userId)
            expect(user.deactivated).toBe(true)
            const after = yield* sessions.listByUser(userId)
            expect(after.map((s) => [s.id, s.status])).toEqual([[s1.id, "revoked"], [s2.id, "ended"], [s3.id, "revoked"]])
            const sent = yield* webhooks(userId)
            expect(sent.map((p) => p.type)).toEqual(["user.created", "user.updated", "session.revoked", "session.revoked"])
            expect(sent.map((p) => p.sequence)).toEqual([1, 2, 3, 4])
            const refused = yield* Effect.either(sessions.create(userId))
            expect(Either.isLeft(refused) && refused.left._tag).toBe("UserDeactivated")
            // still retrievable by id and by filter, with active false
            const got = yield* scim.get(connectionId, String(created.id))
            expect(got.active).toBe(false)
            const found = yield* scim.list(connectionId, { filter: 'userName eq "carol"' })
            expect(found.totalResults).toBe(1)
          }))
      }

      it.effect("active false by PUT deactivates; active true reactivates", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const sessions = yield* Sessions.Sessions
          const created = yield* scim.create(connectionId, userBody("dave"), ctx("POST", "/Users"))
          const id = String(created.id)
          const userId = (yield* scim.listDirectoryUsers(connectionId)).data[0]!.userId
          const s = yield* sessions.create(userId)
          yield* scim.replace(connectionId, id, { ...created, active: false }, ctx("PUT", `/Users/${id}`))
          expect((yield* (yield* Users.Users).get(userId)).deactivated).toBe(true)
          expect((yield* sessions.get(s.id)).status).toBe("revoked")
          yield* scim.patch(connectionId, id, [{ op: "replace", path: "active", value: true }], ctx("PATCH", `/Users/${id}`))
          expect((yield* (yield* Users.Users).get(userId)).deactivated).toBe(false)
          expect((yield* sessions.create(userId)).status).toBe("active")
          expect((yield* sessions.get(s.id)).status).toBe("revoked")
        }))

      it.effect("PUT round-trips every stored attribute (GET then PUT loses nothing)", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const body = userBody("erin", {
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D", manager: { value: "m1" } },
            phoneNumbers: [{ value: "+1 555", type: "mobile" }],
            locale: "en-US",
            password: "hunter2"
          })
          const created = yield* scim.create(connectionId, body, ctx("POST", "/Users", body))
          expect(created.password).toBeUndefined()
          const got = yield* scim.get(connectionId, String(created.id))
          const put = yield* scim.replace(connectionId, String(created.id), { ...got, locale: "de-DE" }, ctx("PUT", "/Users"))
          expect(put["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]).toEqual({ department: "R&D", manager: { value: "m1" } })
          expect(put.phoneNumbers).toEqual([{ value: "+1 555", type: "mobile" }])
          expect(put.locale).toBe("de-DE")
          const events = yield* (yield* DirectoryEvents.DirectoryEvents).list(connectionId, { type: "scim.user.created" })
          expect(events.data[0]!.request.body).toMatchObject({ password: "[redacted]", userName: "erin" })
        }))

      it.effect("DELETE removes the SCIM resource (404) and keeps the application user, deactivated", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const sessions = yield* Sessions.Sessions
          const created = yield* scim.create(connectionId, userBody("frank"), ctx("POST", "/Users"))
          const id = String(created.id)
          const userId = (yield* scim.listDirectoryUsers(connectionId)).data[0]!.userId
          const s = yield* sessions.create(userId)
          yield* scim.remove(connectionId, id, ctx("DELETE", `/Users/${id}`))
          const gone = yield* Effect.either(scim.get(connectionId, id))
          expect(Either.isLeft(gone) && gone.left._tag).toBe("UserNotFound")
          const user = yield* (yield* Users.Users).get(userId)
          expect(user.deactivated).toBe(true)
          expect((yield* sessions.get(s.id)).status).toBe("revoked")
          expect((yield* webhooks(userId)).map((p) => p.type)).toEqual(["user.created", "user.updated", "session.revoked"])
          const events = yield* (yield* DirectoryEvents.DirectoryEvents).list(connectionId)
          expect(events.data[0]!.type).toBe("scim.user.deleted")
          const again = yield* Effect.either(scim.remove(connectionId, id, ctx("DELETE", `/Users/${id}`)))
          expect(Either.isLeft(again) && again.left._tag).toBe("UserNotFound")
        }))

      describe("re-creating a deleted user relinks its application user", () => {
        const cases = [
          { name: "same externalId, new userName", first: ["hana", "ext-hana"], second: ["hana.new", "ext-hana"] },
          { name: "same userName, no externalId", first: ["ivan", undefined], second: ["ivan", undefined] },
          { name: "same userName, new externalId", first: ["jill", "ext-1"], second: ["jill", "ext-2"] }
        ] as const
        for (const c of cases) {
          it.effect(`${c.name}: one application user, reactivated, user.updated`, () =>
            Effect.gen(function*() {
              const { connectionId } = yield* connection()
              const scim = yield* ScimUsers.ScimUsers
              const body = ([userName, externalId]: readonly [string, string | undefined]) =>
                userBody(`${userName}@example.com`, externalId === undefined ? {} : { externalId })
              const first = yield* scim.create(connectionId, body(c.first), ctx("POST", "/Users"))
              const userId = (yield* scim.listDirectoryUsers(connectionId)).data[0]!.userId
              yield* scim.remove(connectionId, String(first.id), ctx("DELETE", `/Users/${first.id}`))
              const second = yield* scim.create(connectionId, body(c.second), ctx("POST", "/Users"))
              expect(second.id).not.toBe(first.id)
              const listed = yield* scim.listDirectoryUsers(connectionId)
              expect(listed.data.map((u) => [u.userId, u.scimId, u.status])).toEqual([[userId, second.id, "active"]])
              expect(listed.data[0]!.externalId).toBe(c.second[1] ?? null)
              const user = yield* (yield* Users.Users).get(userId)
              expect(user.deactivated).toBe(false)
              expect(user.directory).toEqual({ connectionId, scimId: second.id })
              expect(yield* count("ds_app_users", `connection_id = '${connectionId}'`)).toBe(1)
              const sent = yield* webhooks(userId)
              expect(sent.map((p) => p.type)).toEqual(["user.created", "user.updated", "user.updated"])
              expect(sent.map((p) => p.sequence)).toEqual([1, 2, 3])
            }))
        }

        it.effect("a user of another connection, or one still linked, is never taken", () =>
          Effect.gen(function*() {
            const a = yield* connection()
            const b = yield* connection()
            const scim = yield* ScimUsers.ScimUsers
            const gone = yield* scim.create(a.connectionId, userBody("kim@example.com", { externalId: "k" }), ctx("POST", "/Users"))
            yield* scim.remove(a.connectionId, String(gone.id), ctx("DELETE", "/Users"))
            yield* scim.create(b.connectionId, userBody("kim@example.com", { externalId: "k" }), ctx("POST", "/Users"))
            yield* scim.create(a.connectionId, userBody("lee@example.com", { externalId: "shared" }), ctx("POST", "/Users"))
            yield* scim.create(a.connectionId, userBody("lou@example.com", { externalId: "shared" }), ctx("POST", "/Users"))
            expect(yield* count("ds_app_users", `connection_id = '${b.connectionId}'`)).toBe(1)
            expect(yield* count("ds_app_users", `connection_id = '${a.connectionId}'`)).toBe(3)
            const ids = (yield* scim.listDirectoryUsers(a.connectionId)).data.map((u) => u.userId)
            expect(new Set(ids).size).toBe(2)
          }))
      })

      it.effect("DELETE of a member bumps each group's version and queues group.updated without it", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const groups = yield* ScimGroups.ScimGroups
          const u = yield* scim.create(connectionId, userBody("mona"), ctx("POST", "/Users"))
          const v = yield* scim.create(connectionId, userBody("nils"), ctx("POST", "/Users"))
          const g1 = yield* groups.create(connectionId, { displayName: "One", members: [{ value: u.id }, { value: v.id }] }, ctx("POST", "/Groups"))
          const g2 = yield* groups.create(connectionId, { displayName: "Two", members: [{ value: u.id }] }, ctx("POST", "/Groups"))
          const g3 = yield* groups.create(connectionId, { displayName: "Three", members: [{ value: v.id }] }, ctx("POST", "/Groups"))
          yield* scim.remove(connectionId, String(u.id), ctx("DELETE", `/Users/${u.id}`))
          const version = (r: Record<string, unknown>) => (r.meta as { version: string }).version
          const one = yield* groups.get(connectionId, String(g1.id))
          expect(one.members).toEqual([{ value: v.id }])
          expect(version(one)).toBe(`W/"2"`)
          expect(version(yield* groups.get(connectionId, String(g2.id)))).toBe(`W/"2"`)
          expect(version(yield* groups.get(connectionId, String(g3.id)))).toBe(`W/"1"`)
          const sent = yield* webhooks(String(g1.id))
          expect(sent.map((p) => [p.type, p.sequence])).toEqual([["group.created", 1], ["group.updated", 2]])
          expect((sent[1]!.data.members as Array<{ scim_id: string }>).map((m) => m.scim_id)).toEqual([v.id])
          expect((yield* webhooks(String(g2.id))).at(-1)!.data.members).toEqual([])
          expect((yield* webhooks(String(g3.id))).map((p) => p.type)).toEqual(["group.created"])
        }))

      it.effect("memberships survive deactivation", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const groups = yield* ScimGroups.ScimGroups
          const u = yield* scim.create(connectionId, userBody("gina"), ctx("POST", "/Users"))
          const g = yield* groups.create(connectionId, { displayName: "Eng", members: [{ value: u.id }] }, ctx("POST", "/Groups"))
          yield* scim.patch(connectionId, String(u.id), [{ op: "replace", value: { active: false } }], ctx("PATCH", "/Users"))
          expect(yield* groups.groupsOfUser(connectionId, String(u.id))).toEqual([g.id])
          const got = yield* groups.get(connectionId, String(g.id))
          expect(got.members).toEqual([{ value: u.id }])
        }))

      it.effect("an If-Match with another version fails with PreconditionFailed", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const u = yield* scim.create(connectionId, userBody("hal"), ctx("POST", "/Users"))
          const r = yield* Effect.either(scim.patch(connectionId, String(u.id), [{ op: "replace", path: "title", value: "x" }], {
            ...ctx("PATCH", "/Users"),
            ifMatch: 'W/"7"'
          }))
          expect(Either.isLeft(r) && r.left._tag).toBe("PreconditionFailed")
          const ok = yield* scim.patch(connectionId, String(u.id), [{ op: "replace", path: "title", value: "x" }], {
            ...ctx("PATCH", "/Users"),
            ifMatch: 'W/"1"'
          })
          expect(ok.changed).toBe(true)
        }))

      it.effect("userName is unique per connection ignoring case, and free in another connection", () =>
        Effect.gen(function*() {
          const a = yield* connection()
          const b = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          yield* scim.create(a.connectionId, userBody("Ivy"), ctx("POST", "/Users"))
          const dup = yield* Effect.either(scim.create(a.connectionId, userBody("ivy"), ctx("POST", "/Users")))
          expect(Either.isLeft(dup) && dup.left._tag).toBe("UniquenessConflict")
          yield* scim.create(b.connectionId, userBody("ivy"), ctx("POST", "/Users"))
          const events = yield* (yield* DirectoryEvents.DirectoryEvents).list(a.connectionId, { type: "scim.provisioning_failed" })
          expect(events.data[0]!.outcome).toMatchObject({ status: 409, scimType: "uniqueness" })
        }))

      it.effect("email rules of the connection refuse a user outside its domains", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection({ domains: ["acme.com"] })
          const scim = yield* ScimUsers.ScimUsers
          const r = yield* Effect.either(scim.create(connectionId, userBody("jo@other.com"), ctx("POST", "/Users")))
          expect(Either.isLeft(r) && r.left._tag === "InvalidValue" && r.left.scimType).toBe("invalidValue")
          yield* scim.create(connectionId, userBody("jo@acme.com"), ctx("POST", "/Users"))
        }))
    })

    describe("atomicity and concurrency", () => {
      it.effect("a failing operation leaves nothing behind but the failure event", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const sql = yield* SqlClient
          // Fails the last insert of the create (the email side table) for one address.
          yield* Effect.orDie(sql.unsafe(
            `CREATE UNIQUE INDEX IF NOT EXISTS test_boom ON ds_directory_user_emails (connection_id) WHERE value_lower = 'boom@example.com'`
          ))
          const scim = yield* ScimUsers.ScimUsers
          const body = userBody("boom", {
            emails: [{ value: "boom@example.com", type: "work" }, { value: "boom@example.com", type: "home" }]
          })
          const r = yield* Effect.either(scim.create(connectionId, body, ctx("POST", "/Users", body)))
          expect(Either.isLeft(r)).toBe(true)
          expect(yield* count("ds_app_users", `connection_id = '${connectionId}'`)).toBe(0)
          expect(yield* count("ds_directory_users", `connection_id = '${connectionId}'`)).toBe(0)
          expect(yield* count("ds_webhook_messages", `payload LIKE '%${connectionId}%'`)).toBe(0)
          const events = yield* (yield* DirectoryEvents.DirectoryEvents).list(connectionId)
          expect(events.data.map((e) => e.type)).toEqual(["scim.provisioning_failed"])
          expect(events.data[0]!.request).toMatchObject({ method: "POST", path: "/Users", body: { userName: "boom" } })
        }))

      it.effect("two concurrent creates of one userName give one success and one uniqueness conflict", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const results = yield* Effect.all(
            [0, 1].map(() => Effect.either(scim.create(connectionId, userBody("race"), ctx("POST", "/Users")))),
            { concurrency: "unbounded" }
          )
          expect(results.filter(Either.isRight)).toHaveLength(1)
          const failures = results.filter(Either.isLeft).map((r) => r.left._tag)
          expect(failures).toEqual(["UniquenessConflict"])
          expect(yield* count("ds_app_users", `connection_id = '${connectionId}'`)).toBe(1)
        }))

      it.effect("keeps the email index in step with each PATCH, whether it touches the emails or not", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const u = yield* scim.create(connectionId, userBody("mail"), ctx("POST", "/Users"))
          const id = String(u.id)
          const byEmail = (value: string) =>
            Effect.map(scim.list(connectionId, { filter: `emails.value eq "${value}"` }), (r) => r.resources.map((x) => x.id))
          yield* scim.patch(connectionId, id, [{ op: "replace", path: "name.givenName", value: "Babs" }], ctx("PATCH", "/Users"))
          expect(yield* byEmail("mail@example.com")).toEqual([id])
          yield* scim.patch(connectionId, id, [{ op: "replace", path: "emails[type eq \"work\"].value", value: "MAIL2@example.com" }], ctx("PATCH", "/Users"))
          expect(yield* byEmail("mail@example.com")).toEqual([])
          expect(yield* byEmail("mail2@example.com")).toEqual([id])
          yield* scim.patch(connectionId, id, [{ op: "remove", path: "emails" }], ctx("PATCH", "/Users"))
          expect(yield* byEmail("mail2@example.com")).toEqual([])
        }))

      it.effect("50 concurrent PATCHes of one user lose no change", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const u = yield* scim.create(connectionId, userBody("busy"), ctx("POST", "/Users"))
          const id = String(u.id)
          yield* Effect.all(
            Array.from({ length: 50 }, (_, i) =>
              scim.patch(connectionId, id, [{ op: "add", path: "emails", value: [{ value: `busy${i}@example.com`, type: `t${i}` }] }], ctx("PATCH", "/Users"))),
            { concurrency: "unbounded" }
          )
          const got = yield* scim.get(connectionId, id)
          expect((got.emails as Array<unknown>).length).toBe(51)
          expect(got.meta).toMatchObject({ version: 'W/"51"' })
          const found = yield* scim.list(connectionId, { filter: 'emails.value eq "busy49@example.com"' })
          expect(found.totalResults).toBe(1)
        }))

      it.effect("concurrent member adds and removes on one group lose none", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const groups = yield* ScimGroups.ScimGroups
          const initial = Array.from({ length: 20 }, (_, i) => ({ value: `m${i}` }))
          const g = yield* groups.create(connectionId, { displayName: "Busy", members: initial }, ctx("POST", "/Groups"))
          const id = String(g.id)
          const adds = Array.from({ length: 20 }, (_, i) =>
            groups.patch(connectionId, id, [{ op: "add", path: "members", value: [{ value: `n${i}` }] }], ctx("PATCH", "/Groups")))
          const removes = Array.from({ length: 10 }, (_, i) =>
            groups.patch(connectionId, id, [{ op: "remove", path: `members[value eq "m${i}"]` }], ctx("PATCH", "/Groups")))
          yield* Effect.all([...adds, ...removes], { concurrency: "unbounded" })
          const got = yield* groups.get(connectionId, id)
          const values = (got.members as Array<{ value: string }>).map((m) => m.value).sort()
          const expected = [...Array.from({ length: 10 }, (_, i) => `m${i + 10}`), ...Array.from({ length: 20 }, (_, i) => `n${i}`)].sort()
          expect(values).toEqual(expected)
          expect(got.meta).toMatchObject({ version: 'W/"31"' })
        }))
    })

    describe("groups", () => {
      it.effect("group writes emit scim.group.* events and group.* webhooks with a per-group sequence", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const groups = yield* ScimGroups.ScimGroups
          const g = yield* groups.create(connectionId, { displayName: "Ops", members: [] }, ctx("POST", "/Groups"))
          const id = String(g.id)
          yield* groups.patch(connectionId, id, [{ op: "replace", value: { id, displayName: "Ops" } }], ctx("PATCH", "/Groups"))
          yield* groups.patch(connectionId, id, [{ op: "add", path: "members", value: [{ value: "x1" }, { value: "x1" }] }], ctx("PATCH", "/Groups"))
          yield* groups.patch(connectionId, id, [{ op: "add", path: "members", value: [{ value: "x1" }] }], ctx("PATCH", "/Groups"))
          yield* groups.replace(connectionId, id, { displayName: "Operations", members: [] }, ctx("PUT", "/Groups"))
          yield* groups.remove(connectionId, id, ctx("DELETE", "/Groups"))
          const sent = yield* webhooks(id)
          expect(sent.map((p) => [p.type, p.sequence])).toEqual([
            ["group.created", 1],
            ["group.updated", 2],
            ["group.updated", 3],
            ["group.deleted", 4]
          ])
          const events = yield* (yield* DirectoryEvents.DirectoryEvents).list(connectionId)
          expect(events.data.map((e) => e.type).reverse()).toEqual([
            "scim.group.created",
            "scim.group.patched",
            "scim.group.patched",
            "scim.group.patched",
            "scim.group.patched",
            "scim.group.deleted"
          ])
          const gone = yield* Effect.either(groups.get(connectionId, id))
          expect(Either.isLeft(gone) && gone.left._tag).toBe("GroupNotFound")
        }))

      it.effect("group displayName is unique per connection", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const groups = yield* ScimGroups.ScimGroups
          yield* groups.create(connectionId, { displayName: "Sales" }, ctx("POST", "/Groups"))
          const dup = yield* Effect.either(groups.create(connectionId, { displayName: "sales" }, ctx("POST", "/Groups")))
          expect(Either.isLeft(dup) && dup.left._tag).toBe("UniquenessConflict")
        }))

      it.effect("excludeMembers leaves members out; a filter on displayName finds the group", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const groups = yield* ScimGroups.ScimGroups
          const g = yield* groups.create(connectionId, { displayName: "Finance", members: [{ value: "u1" }] }, ctx("POST", "/Groups"))
          const got = yield* groups.get(connectionId, String(g.id), { excludeMembers: true })
          expect(got.members).toBeUndefined()
          const found = yield* groups.list(connectionId, { filter: 'displayName eq "finance"' }, { excludeMembers: true })
          expect(found.resources.map((r) => r.id)).toEqual([g.id])
          expect(found.resources[0]!.members).toBeUndefined()
        }))
    })
  })
}
