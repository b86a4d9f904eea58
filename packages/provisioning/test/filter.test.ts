import { describe, expect, layer } from "@effect/vitest"
import { Effect, Runtime, TestClock } from "effect"
import { Filter } from "@dirsync/scim-filter"
import { Schemas } from "@dirsync/scim-schema"
import * as fc from "fast-check"
import { ScimGroups, ScimUsers, type Scim } from "../src/index.js"
import { backends, domain } from "./backends.js"
import { connection, ctx } from "./helpers.js"

const words = ["12345", "alice", "Alice", "ALICE", "bob", "carol", "al", "ice", "a%c", "a_c", "x\\y", "é", "Éclair", "ω", ""]
const word = fc.constantFrom(...words)
const domainWord = fc.constantFrom("example.com", "Example.COM", "acme.io")

const userArb = fc.record({
  userName: fc.tuple(word, fc.nat(3)).map(([w, n]) => `${w}${n}`),
  externalId: fc.option(word, { nil: undefined }),
  active: fc.option(fc.boolean(), { nil: undefined }),
  title: fc.option(word, { nil: undefined }),
  emails: fc.array(
    fc.record({
      value: fc.option(fc.tuple(word, domainWord).map(([w, d]) => `${w}@${d}`), { nil: undefined }),
      type: fc.option(fc.constantFrom("work", "Work", "home", ""), { nil: undefined })
    }),
    { maxLength: 3 }
  )
})

const userPath = fc.constantFrom(
  "userName",
  "USERNAME",
  "urn:ietf:params:scim:schemas:core:2.0:User:userName",
  "externalId",
  "id",
  "active",
  "title",
  "emails.value",
  "emails.type",
  "meta.lastModified",
  "meta.created",
  "name.givenName",
  "nickName"
)
const op = fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le") as fc.Arbitrary<Filter.CompareOperator>
const value: fc.Arbitrary<Filter.Value> = fc.oneof(
  word,
  fc.tuple(word, domainWord).map(([w, d]) => `${w}@${d}`),
  fc.constantFrom(true, false, null, 1, 12345, "true", "False", "1970-01-01T00:00:05Z", "1970-01-01T00:00:05.000Z", "work")
)

const leaf: fc.Arbitrary<Filter.Filter> = fc.oneof(
  fc.tuple(userPath, op, value).map(([p, o, v]) => Filter.compare(p, o, v)),
  userPath.map((p) => Filter.present(p)),
  fc.tuple(fc.constantFrom("value", "type"), op, value, fc.option(fc.tuple(fc.constantFrom("value", "type"), op, value)))
    .map(([p, o, v, more]) => {
      const inner = Filter.compare(p, o, v)
      return Filter.valuePath("emails", more === null ? inner : Filter.and(inner, Filter.compare(more[0], more[1], more[2])))
    })
)

const filterArb: fc.Arbitrary<Filter.Filter> = fc.letrec((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(tie("f"), tie("f")).map(([l, r]) => Filter.and(l as Filter.Filter, r as Filter.Filter)),
    fc.tuple(tie("f"), tie("f")).map(([l, r]) => Filter.or(l as Filter.Filter, r as Filter.Filter)),
    tie("f").map((f) => Filter.not(f as Filter.Filter))
  )
})).f

const ids = (r: Scim.ListResult) => r.resources.map((x) => String(x.id))

for (const backend of backends) {
  layer(domain(backend.sql), { timeout: "120 seconds" })(`list and filters (${backend.name})`, (it) => {
    it.effect("SQL filter results equal in-process evaluation for generated filters and data", () =>
      Effect.gen(function*() {
        const { connectionId } = yield* connection()
        const scim = yield* ScimUsers.ScimUsers
        const people = fc.sample(userArb, { numRuns: 60, seed: 7 })
        const seen = new Set<string>()
        for (const p of people) {
          if (seen.has(p.userName.toLowerCase())) continue
          seen.add(p.userName.toLowerCase())
          yield* TestClock.adjust("1 second")
          const body: Record<string, unknown> = { userName: p.userName, emails: p.emails.map((e) => ({ ...e })) }
          if (p.externalId !== undefined) body.externalId = p.externalId
          if (p.active !== undefined) body.active = p.active
          if (p.title !== undefined) body.title = p.title
          yield* scim.create(connectionId, body, ctx("POST", "/Users"))
        }
        const all = (yield* scim.list(connectionId, { count: 1000 })).resources
        expect(all.length).toBe(seen.size)
        const runtime = yield* Effect.runtime<ScimUsers.ScimUsers>()
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(filterArb, async (filter) => {
              const text = Filter.format(filter)
              const expected = all.filter((r) => Filter.evaluate(filter, r, Schemas.UserResource)).map((r) => String(r.id))
              const got = await Runtime.runPromise(runtime)(scim.list(connectionId, { filter: text, count: 1000 }))
              expect({ text, ids: ids(got) }).toEqual({ text, ids: expected })
              expect(got.totalResults).toBe(expected.length)
              const page = await Runtime.runPromise(runtime)(scim.list(connectionId, { filter: text, startIndex: 2, count: 2 }))
              expect(ids(page)).toEqual(expected.slice(1, 3))
              expect(page.totalResults).toBe(expected.length)
            }),
            { numRuns: 400, seed: 42 }
          )
        )
      }))

    describe("paging", () => {
      it.effect("startIndex is 1-based, itemsPerPage is the number returned, count=0 returns only the total", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const created: Array<string> = []
          for (let i = 0; i < 7; i++) {
            created.push(String((yield* scim.create(connectionId, { userName: `p${i}` }, ctx("POST", "/Users"))).id))
          }
          const cases = [
            { query: { startIndex: 1, count: 3 }, expected: created.slice(0, 3) },
            { query: { startIndex: 4, count: 3 }, expected: created.slice(3, 6) },
            { query: { startIndex: 7, count: 3 }, expected: created.slice(6) },
            { query: { startIndex: 8, count: 3 }, expected: [] },
            { query: { startIndex: 0, count: 2 }, expected: created.slice(0, 2) },
            { query: { count: 0 }, expected: [] },
            { query: { sortBy: "userName", sortOrder: "descending" as const, count: 2 }, expected: [created[6], created[5]] }
          ]
          for (const c of cases) {
            const r = yield* scim.list(connectionId, c.query)
            expect(ids(r)).toEqual(c.expected)
            expect(r.itemsPerPage).toBe(c.expected.length)
            expect(r.totalResults).toBe(7)
          }
        }))

      it.effect("an unknown or malformed filter fails with InvalidFilter; an unmatched one gives an empty list", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const bad = yield* Effect.either(scim.list(connectionId, { filter: "userName eq" }))
          expect(bad._tag === "Left" && bad.left._tag).toBe("InvalidFilter")
          const none = yield* scim.list(connectionId, { filter: 'externalId eq "6a3e2c1f-0000-4000-8000-000000000000"' })
          expect(none).toEqual({ totalResults: 0, startIndex: 1, itemsPerPage: 0, resources: [] })
        }))

      it.effect("Entra's lookups: unquoted externalId and emails[type eq \"work\"].value", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const scim = yield* ScimUsers.ScimUsers
          const u = yield* scim.create(connectionId, {
            userName: "jyoung@example.com",
            externalId: "jyoung",
            emails: [{ type: "work", value: "JYoung@Example.com" }]
          }, ctx("POST", "/Users"))
          expect(ids(yield* scim.list(connectionId, { filter: "externalId eq jyoung" }))).toEqual([u.id])
          expect(ids(yield* scim.list(connectionId, { filter: "externalId eq JYOUNG" }))).toEqual([])
          const numeric = yield* scim.create(connectionId, { userName: "n@example.com", externalId: "12345" }, ctx("POST", "/Users"))
          expect(ids(yield* scim.list(connectionId, { filter: "externalId eq 12345" }))).toEqual([numeric.id])
          expect(ids(yield* scim.list(connectionId, { filter: 'emails[type eq "work"].value eq "jyoung@example.com"' })))
            .toEqual([u.id])
          expect(ids(yield* scim.list(connectionId, { filter: 'emails[type eq "home"].value eq "jyoung@example.com"' })))
            .toEqual([])
        }))

      it.effect("groups filter by displayName and externalId", () =>
        Effect.gen(function*() {
          const { connectionId } = yield* connection()
          const groups = yield* ScimGroups.ScimGroups
          const a = yield* groups.create(connectionId, { displayName: "Admins", externalId: "g-1" }, ctx("POST", "/Groups"))
          const b = yield* groups.create(connectionId, { displayName: "Admin Assistants" }, ctx("POST", "/Groups"))
          expect(ids(yield* groups.list(connectionId, { filter: 'displayName sw "admin"' }))).toEqual([a.id, b.id])
          expect(ids(yield* groups.list(connectionId, { filter: 'externalId eq "g-1"' }))).toEqual([a.id])
          expect(ids(yield* groups.list(connectionId, { filter: 'members pr' }))).toEqual([])
        }))
    })
  })
}
