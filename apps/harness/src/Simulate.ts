/**
 * A directory's lifecycle as Okta or Microsoft Entra ID drives it: onboard everyone (existence check,
 * then create), push groups and their members, change attributes (Okta: GET then PUT; Entra: PATCH),
 * deactivate some, reactivate a few, delete some (Entra's hard delete; Okta never deletes users), move
 * people between groups and unlink a group. Then it reads the server's final state back and compares it
 * with what the IdP believes, and, with a webhook receiver, checks that every change produced exactly
 * the expected webhook types for the expected resources.
 *
 * @module
 */
import { clone, filterQuery, Flow, memberIds, randomHex } from "./internal/flow.js"
import { mapPool } from "./internal/pool.js"
import * as Progress from "./Progress.js"
import type { Check, Report } from "./Report.js"
import type { Exchange, Target } from "./Target.js"
import type { Receiver } from "./WebhookReceiver.js"

/** The IdPs `simulate` can play. */
export type Idp = "okta" | "entra"

/** Options of `run`. */
export interface Options {
  readonly target: Target
  readonly idp: Idp
  readonly users: number
  readonly groups: number
  /** Requests in flight at once (default 4); requests about one resource stay in order. */
  readonly concurrency?: number
  readonly progress?: Progress.Progress
  /** Check webhooks end to end with this receiver (already registered with the server). */
  readonly webhooks?: { readonly receiver: Receiver; readonly timeoutMs?: number }
}

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
const OKTA_HEADERS = { "User-Agent": "Okta SCIM Client 1.0.0" }

interface SimUser {
  readonly index: number
  readonly userName: string
  readonly externalId: string
  id: string
  familyName: string
  active: boolean
  deleted: boolean
  group: number
}

interface SimGroup {
  readonly displayName: string
  id: string
  members: Set<string>
  deleted: boolean
}

/** One row per step and title: passed when every instance passed, showing the first failure and the count. */
const aggregate = (checks: ReadonlyArray<Check>): Array<Check> => {
  const groups = new Map<string, Array<Check>>()
  for (const c of checks) {
    const key = `${c.step}\u0000${c.title}`
    const list = groups.get(key)
    if (list === undefined) groups.set(key, [c])
    else list.push(c)
  }
  return [...groups.values()].map((cs) => {
    const failed = cs.filter((c) => !c.passed)
    const first = failed[0] ?? cs[0]!
    return cs.length === 1 ? first : {
      ...first,
      title: `${first.title} (${cs.length - failed.length}/${cs.length})`,
      passed: failed.length === 0
    }
  })
}

/** The webhooks each resource should have produced: resource id -> type -> count. */
type Expected = Map<string, Map<string, number>>

const expect = (expected: Expected, resource: string, type: string) => {
  const m = expected.get(resource) ?? new Map<string, number>()
  m.set(type, (m.get(type) ?? 0) + 1)
  expected.set(resource, m)
}

/**
 * Runs the lifecycle and returns a report of every check (the SCIM answers, the state read back, the
 * webhooks). Rejects with a `TargetError` when the server cannot be reached at all.
 *
 * @example
 * const report = await Simulate.run({ target: { baseUrl, token }, idp: "entra", users: 50, groups: 5 })
 * Report.ok(report)
 */
export const run = async (options: Options): Promise<Report> => {
  const started = performance.now()
  const flow = new Flow(options.target)
  const progress = options.progress ?? Progress.silent
  const concurrency = options.concurrency ?? 4
  const okta = options.idp === "okta"
  const h = okta ? OKTA_HEADERS : { "Content-Type": "application/scim+json" }
  const tag = randomHex(6)
  const expected: Expected = new Map()
  const groupCount = Math.max(0, options.groups)

  const users: Array<SimUser> = Array.from({ length: Math.max(0, options.users) }, (_, i) => ({
    index: i,
    userName: `sim-${options.idp}-${tag}-${i}@example.com`,
    externalId: okta ? `00u${tag}${i}` : crypto.randomUUID(),
    id: "",
    familyName: `Person${i}`,
    active: true,
    deleted: false,
    group: groupCount === 0 ? -1 : i % groupCount
  }))
  const groups: Array<SimGroup> = Array.from({ length: groupCount }, (_, g) => ({
    displayName: `sim-${options.idp}-${tag} group ${g}`,
    id: "",
    members: new Set<string>(),
    deleted: false
  }))

  const send = (method: string, path: string, body?: unknown): Promise<Exchange> =>
    flow.send({ method, path, headers: h, ...(body === undefined ? {} : { body }) })
  const patchOps = (ops: Array<unknown>) => ({ schemas: [PATCH_OP], Operations: ops })
  const phase = async <A>(label: string, items: ReadonlyArray<A>, f: (a: A) => Promise<void>) => {
    progress.phase(label, items.length)
    await mapPool(items, concurrency, async (a) => {
      await f(a)
      progress.tick()
    })
  }

  // 1. Onboard
  await phase("onboard users", users, async (u) => {
    // Okta looks users up by its unique identifier field (userName); Entra by its matching attribute,
    // now externalId carrying the object id.
    const lookupFilter = okta ? `userName eq "${u.userName}"` : `externalId eq "${u.externalId}"`
    const lookup = await send("GET", `/Users${filterQuery(lookupFilter, okta ? "&startIndex=1&count=100" : "")}`)
    flow.status("onboard: existence check", lookup, 200, "existence checks answer 200")
    const body = okta
      ? {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: u.userName,
        name: { givenName: "Sim", familyName: u.familyName },
        emails: [{ primary: true, value: u.userName, type: "work" }],
        displayName: `Sim ${u.familyName}`,
        locale: "en-US",
        externalId: u.externalId,
        groups: [],
        password: randomHex(12),
        active: true
      }
      : {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        externalId: u.externalId,
        userName: u.userName,
        active: true,
        emails: [{ primary: true, type: "work", value: u.userName }],
        meta: { resourceType: "User" },
        name: { formatted: `Sim ${u.familyName}`, familyName: u.familyName, givenName: "Sim" },
        roles: []
      }
    const ex = await send("POST", "/Users", body)
    if (flow.status("onboard: create", ex, 201, "creates answer 201")) {
      u.id = String(ex.json?.id ?? "")
      flow.created_("Users", u.id)
      expect(expected, u.id, "user.created")
    }
  })
  const live = () => users.filter((u) => u.id !== "" && !u.deleted)

  // 2. Groups and their members
  await phase("push groups", groups, async (g) => {
    const body = okta
      ? { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: g.displayName, members: [] }
      : { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], externalId: crypto.randomUUID(), displayName: g.displayName, meta: { resourceType: "Group" } }
    const ex = await send("POST", "/Groups", body)
    if (flow.status("groups: create", ex, 201, "group creates answer 201")) {
      g.id = String(ex.json?.id ?? "")
      flow.created_("Groups", g.id)
      expect(expected, g.id, "group.created")
    }
  })
  const addMembers = async (g: SimGroup, members: Array<SimUser>) => {
    const value = members.map((u) => (okta ? { value: u.id, display: u.userName } : { $ref: null, value: u.id }))
    const ex = await send("PATCH", `/Groups/${g.id}`, patchOps([{ op: okta ? "add" : "Add", path: "members", value }]))
    if (flow.status("groups: add members", ex, [200, 204], "member adds answer 200 or 204")) {
      for (const u of members) g.members.add(u.id)
      expect(expected, g.id, "group.updated")
    }
  }
  const removeMember = async (g: SimGroup, u: SimUser) => {
    const op = okta
      ? { op: "remove", path: `members[value eq "${u.id}"]` }
      : { op: "Remove", path: "members", value: [{ value: u.id }] }
    const ex = await send("PATCH", `/Groups/${g.id}`, patchOps([op]))
    if (flow.status("groups: remove member", ex, [200, 204], "member removals answer 200 or 204")) {
      g.members.delete(u.id)
      expect(expected, g.id, "group.updated")
    }
  }
  const batches: Array<[SimGroup, Array<SimUser>]> = []
  for (const [gi, g] of groups.entries()) {
    if (g.id === "") continue
    const members = live().filter((u) => u.group === gi)
    for (let i = 0; i < members.length; i += 100) batches.push([g, members.slice(i, i + 100)])
  }
  await phase("assign members", batches, ([g, members]) => addMembers(g, members))

  // 3. Attribute changes
  await phase("update profiles", live().filter((u) => u.index % 3 === 0), async (u) => {
    const familyName = `Changed${u.index}`
    let ex: Exchange
    if (okta) {
      const got = await send("GET", `/Users/${u.id}`)
      if (!flow.status("update: GET before PUT", got, 200, "GETs before PUT answer 200")) return
      const put = clone(got.json)
      put.name = { ...put.name, familyName }
      ex = await send("PUT", `/Users/${u.id}`, put)
      if (!flow.status("update: PUT", ex, 200, "PUTs answer 200")) return
    } else {
      ex = await send("PATCH", `/Users/${u.id}`, patchOps([{ op: "Replace", path: "name.familyName", value: familyName }]))
      if (!flow.status("update: PATCH", ex, [200, 204], "attribute PATCHes answer 200 or 204")) return
    }
    u.familyName = familyName
    expect(expected, u.id, "user.updated")
  })

  // 4. Deactivate some, 5. reactivate a few
  const setActive = async (u: SimUser, active: boolean) => {
    const op = okta
      ? { op: "replace", value: { active } }
      : { op: "Replace", path: "active", value: active ? "True" : "False" }
    const ex = await send("PATCH", `/Users/${u.id}`, patchOps([op]))
    if (flow.status(active ? "reactivate" : "deactivate", ex, [200, 204], `${active ? "reactivations" : "deactivations"} answer 200 or 204`)) {
      u.active = active
      expect(expected, u.id, "user.updated")
    }
  }
  await phase("deactivate", live().filter((u) => u.index % 5 === 1), (u) => setActive(u, false))
  await phase("reactivate", live().filter((u) => u.index % 10 === 1 && !u.active), (u) => setActive(u, true))

  // 6. Move people between groups
  if (groups.length >= 2) {
    await phase("move between groups", live().filter((u) => u.index % 4 === 3 && u.group >= 0), async (u) => {
      const from = groups[u.group]!
      const to = groups[(u.group + 1) % groups.length]!
      if (from.id === "" || to.id === "") return
      await removeMember(from, u)
      await addMembers(to, [u])
      u.group = (u.group + 1) % groups.length
    })
  }

  // 7. Delete: Entra hard-deletes some users; both unlink the last group
  if (!okta) {
    await phase("delete users", live().filter((u) => u.index % 7 === 2 && u.active), async (u) => {
      const ex = await send("DELETE", `/Users/${u.id}`)
      if (flow.status("delete user", ex, 204, "user deletes answer 204")) {
        u.deleted = true
        flow.forget(u.id)
        // The user leaves every group it was in: each of those groups changes (group.updated).
        for (const g of groups) {
          if (g.members.delete(u.id) && g.id !== "" && !g.deleted) expect(expected, g.id, "group.updated")
        }
        expect(expected, u.id, "user.updated")
      }
    })
  }
  if (groups.length >= 3) {
    const g = groups[groups.length - 1]!
    if (g.id !== "") {
      const ex = await send("DELETE", `/Groups/${g.id}`)
      if (flow.status("delete group", ex, 204, "group deletes answer 204")) {
        g.deleted = true
        flow.forget(g.id)
        expect(expected, g.id, "group.deleted")
      }
    }
  }

  // 8. Read the final state back, as an import would: page through /Users with count=100
  progress.phase("verify", 1)
  const listed = new Map<string, any>()
  // The next page starts after what this one returned: a server may cap `count` below 100.
  for (let start = 1; ;) {
    const ex = await send("GET", `/Users?startIndex=${start}&count=100`)
    if (!flow.status("verify: list users", ex, 200, "user pages answer 200")) break
    const rs: Array<any> = ex.json?.Resources ?? []
    for (const r of rs) listed.set(String(r.id), r)
    start += rs.length
    if (rs.length === 0 || start > Number(ex.json?.totalResults ?? 0)) break
  }
  const mine = users.filter((u) => u.id !== "")
  const wrongUsers = mine.filter((u) => {
    const r = listed.get(u.id)
    return u.deleted ? r !== undefined : r === undefined || r.active !== u.active || r.name?.familyName !== u.familyName || r.userName !== u.userName
  })
  flow.that("verify: users", `every user reads back with the IdP's userName, familyName and active (${mine.length} users)`, undefined,
    wrongUsers.length === 0, "no difference",
    wrongUsers.slice(0, 5).map((u) => ({ id: u.id, expected: { deleted: u.deleted, active: u.active, familyName: u.familyName }, got: listed.get(u.id) ?? "(missing)" })))
  const deleted = mine.filter((u) => u.deleted)
  if (deleted.length > 0) {
    const gone = await mapPool(deleted, concurrency, (u) => send("GET", `/Users/${u.id}`))
    flow.that("verify: deleted users", `deleted users answer 404 (${deleted.length})`, undefined,
      gone.every((ex) => ex.status === 404), "404", gone.map((ex) => ex.status).filter((s) => s !== 404))
  }
  const mineGroups = groups.filter((g) => g.id !== "")
  const groupAnswers = await mapPool(mineGroups, concurrency, (g) => send("GET", `/Groups/${g.id}`))
  const wrongGroups = mineGroups.flatMap((g, i) => {
    const ex = groupAnswers[i]!
    const ok = g.deleted ? ex.status === 404 : ex.status === 200 && JSON.stringify(memberIds(ex.json)) === JSON.stringify([...g.members].sort())
    return ok ? [] : [{ id: g.id, expected: g.deleted ? "404" : [...g.members].sort(), got: g.deleted ? ex.status : memberIds(ex.json) }]
  })
  flow.that("verify: groups", `every group reads back with the IdP's members (${mineGroups.length} groups)`, undefined,
    wrongGroups.length === 0, "no difference", wrongGroups.slice(0, 3))
  progress.tick()

  // 9. Webhooks
  if (options.webhooks) {
    const receiver = options.webhooks.receiver
    const timeoutMs = options.webhooks.timeoutMs ?? 30_000
    const total = [...expected.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0)
    progress.phase("wait for webhooks", total)
    const counts = (): Expected => {
      const got: Expected = new Map()
      for (const e of receiver.events()) if (expected.has(e.resource)) expect(got, e.resource, e.type)
      return got
    }
    const missing = (got: Expected) => {
      const out: Array<string> = []
      for (const [resource, types] of expected) {
        for (const [type, n] of types) {
          const have = got.get(resource)?.get(type) ?? 0
          if (have < n) out.push(`${type} ${resource} (${have}/${n})`)
        }
      }
      return out
    }
    const until = Date.now() + timeoutMs
    let got = counts()
    let seen = 0
    while (missing(got).length > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100))
      got = counts()
      const now = [...got.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0)
      progress.tick(now - seen)
      seen = now
    }
    // A short grace period, so an unexpected extra delivery has a chance to show up.
    await new Promise((r) => setTimeout(r, 500))
    got = counts()
    const miss = missing(got)
    flow.that("webhooks", `every SCIM change produced its webhook (${total} expected)`, undefined, miss.length === 0, "none missing", miss.slice(0, 10))
    const extra: Array<string> = []
    for (const [resource, types] of got) {
      for (const [type, n] of types) {
        const want = expected.get(resource)?.get(type) ?? 0
        if (n > want) extra.push(`${type} ${resource} (${n}/${want})`)
      }
    }
    flow.that("webhooks", "no unexpected webhook types or extra events for the simulated resources", undefined, extra.length === 0, "none", extra.slice(0, 10))
    const events = receiver.events().filter((e) => expected.has(e.resource))
    const lastByUser = new Map<string, any>()
    for (const e of [...events].sort((a, b) => a.sequence - b.sequence)) if (e.type.startsWith("user.")) lastByUser.set(e.resource, e.data)
    const wrongLast = mine.filter((u) => {
      const d = lastByUser.get(u.id)
      return d !== undefined && Boolean(d.deactivated) !== (u.deleted || !u.active)
    })
    flow.that("webhooks", "the highest-sequence user event matches the final state (deactivated or not)", undefined,
      wrongLast.length === 0, "no difference", wrongLast.slice(0, 5).map((u) => ({ id: u.id, active: u.active && !u.deleted, last: lastByUser.get(u.id) })))
    const sequences = new Map<string, Array<number>>()
    for (const e of events) {
      const key = `${e.type.split(".")[0]}:${e.resource}`
      const list = sequences.get(key)
      if (list === undefined) sequences.set(key, [e.sequence])
      else list.push(e.sequence)
    }
    const sequencesOk = [...sequences.values()].every((seqs) => new Set(seqs).size === seqs.length)
    flow.that("webhooks", "sequence numbers are distinct per resource", undefined, sequencesOk, "distinct", sequencesOk ? "distinct" : "repeated")
  }
  progress.done()

  return { name: `simulate ${options.idp}`, checks: aggregate(flow.checks), durationMs: performance.now() - started }
}

