/**
 * Conformance: replays what Okta and Microsoft Entra ID really send (the recorded requests of
 * `@dirsync/idp-profiles` `Fixtures`, with fresh names and the server's own ids substituted) and checks
 * every answer, or walks the RFC 7644 rules (discovery §4, filtering and paging §3.4.2, PATCH §3.5.2,
 * errors §3.12). Everything a flow creates is deleted at the end.
 *
 * @module
 */
import { Fixtures } from "@dirsync/idp-profiles"
import { clone, filterQuery, Flow, memberIds, randomHex } from "./internal/flow.js"
import type { Report } from "./Report.js"
import type { Exchange, Target } from "./Target.js"

/** The flows `conformance` can run. */
export type Profile = "okta" | "entra" | "rfc"

/** Every profile. */
export const profiles: ReadonlyArray<Profile> = ["okta", "entra", "rfc"]

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

const fixture = (name: string) => {
  const f = Fixtures.get(name)
  if (f === undefined) throw new Error(`Cannot find fixture "${name}"`)
  return f
}

const body = (name: string): any => clone(fixture(name).request.body)
const headers = (name: string): Record<string, string> => ({ ...fixture(name).request.headers })
const uuid = () => crypto.randomUUID()

/**
 * Runs one profile's flow against a target and returns its report. Network failures (unreachable,
 * timeout, refused token) reject with a `TargetError`; wrong answers are failed checks.
 *
 * @example
 * const report = await Conformance.run({ baseUrl, token }, "okta")
 * Report.ok(report) // true when every check passed
 */
export const run = async (target: Target, profile: Profile): Promise<Report> => {
  const started = performance.now()
  const flow = new Flow(target)
  try {
    if (profile === "okta") await okta(flow)
    else if (profile === "entra") await entra(flow)
    else await rfc(flow)
  } finally {
    await flow.cleanup().catch(() => undefined)
  }
  return { name: `conformance ${profile}`, checks: flow.checks, durationMs: performance.now() - started }
}

// ---------------------------------------------------------------------------------------------------------
// Okta

const okta = async (flow: Flow) => {
  const tag = randomHex(8)
  const userName = `okta.${tag}@example.com`
  const h = headers("okta/create-user")

  // Test API Credentials
  {
    const step = "okta/test-api-credentials"
    const f = fixture(step)
    const ex = await flow.send({ path: f.request.path, headers: { ...f.request.headers } })
    if (flow.status(step, ex, 200)) {
      flow.scimContentType(step, ex)
      flow.listResponse(step, ex)
    }
    for (const [label, token] of [["a wrong token", `wrong-${tag}`], ["no token", null], ["a token with a doubled Bearer prefix", `Bearer ${flow.target.token}`]] as const) {
      const bad = await flow.send({ path: f.request.path, headers: { ...f.request.headers }, token })
      flow.scimError(`${step} (${label})`, bad, 401)
    }
  }

  // Existence check before create
  {
    const step = "okta/user-exists-check"
    const ex = await flow.send({ path: `/Users${filterQuery(`userName eq "${userName}"`, "&startIndex=1&count=100")}`, headers: h })
    if (flow.status(step, ex, 200)) {
      const rs = flow.listResponse(step, ex)
      flow.equal(step, "finds nothing (totalResults 0, Resources [])", ex, [ex.json?.totalResults, rs.length], [0, 0])
    }
  }

  // Create
  const created = body("okta/create-user")
  created.userName = userName
  created.emails = [{ primary: true, value: userName, type: "work" }]
  created.externalId = `00u${tag}`
  let id = ""
  {
    const step = "okta/create-user"
    const ex = await flow.send({ method: "POST", path: "/Users", body: created, headers: h })
    if (flow.status(step, ex, 201)) {
      id = String(ex.json?.id ?? "")
      flow.created_("Users", id)
      flow.scimContentType(step, ex)
      flow.that(step, "returns the created user with an id", ex, id !== "", "an id", ex.json?.id)
      flow.equal(step, "echoes userName", ex, ex.json?.userName, userName)
      flow.equal(step, "echoes externalId", ex, ex.json?.externalId, created.externalId)
      flow.that(step, "never returns the password", ex, ex.json?.password === undefined, "(absent)", ex.json?.password)
      flow.equal(step, "meta.resourceType is User", ex, ex.json?.meta?.resourceType, "User")
      flow.that(step, "sends a Location header", ex, (ex.headers.get("location") ?? "").endsWith(`/Users/${id}`), `…/Users/${id}`, ex.headers.get("location"))
    }
  }
  if (id === "") return
  {
    const step = "okta/create-user (duplicate)"
    const ex = await flow.send({ method: "POST", path: "/Users", body: created, headers: h })
    flow.scimError(step, ex, 409, "uniqueness")
  }
  {
    const step = "okta/user-exists-check (after create)"
    const ex = await flow.send({ path: `/Users${filterQuery(`userName eq "${userName.toUpperCase()}"`, "&startIndex=1&count=100")}`, headers: h })
    if (flow.status(step, ex, 200)) {
      const rs = flow.listResponse(step, ex)
      flow.equal(step, "finds the user, userName compared case-insensitively", ex, rs.map((r) => r.id), [id])
    }
  }

  // GET then PUT
  let fetched: any
  {
    const step = "okta/get-user"
    const ex = await flow.send({ path: `/Users/${id}`, headers: h })
    if (flow.status(step, ex, 200)) {
      fetched = ex.json
      flow.equal(step, "round-trips name", ex, fetched?.name, created.name)
      flow.equal(step, "round-trips emails", ex, (fetched?.emails ?? []).map((e: any) => e.value), [userName])
      flow.equal(step, "round-trips locale and displayName", ex, [fetched?.locale, fetched?.displayName], [created.locale, created.displayName])
      flow.equal(step, "is active", ex, fetched?.active, true)
    }
  }
  if (fetched !== undefined) {
    const step = "okta/put-user"
    const put = clone(fetched)
    put.name = { ...put.name, middleName: "Excited", familyName: `User${tag}` }
    const ex = await flow.send({ method: "PUT", path: `/Users/${id}`, body: put, headers: h })
    if (flow.status(step, ex, 200)) {
      const again = await flow.send({ path: `/Users/${id}`, headers: h })
      flow.equal(step, "stores the changed name", again, again.json?.name, put.name)
      flow.equal(step, "keeps what the PUT did not change (locale, displayName, emails, externalId)", again,
        [again.json?.locale, again.json?.displayName, (again.json?.emails ?? []).map((e: any) => e.value), again.json?.externalId],
        [created.locale, created.displayName, [userName], created.externalId])
    }
  }

  // Pathless deactivate / reactivate
  for (const [name, active] of [["okta/deactivate-user", false], ["okta/reactivate-user", true]] as const) {
    const ex = await flow.send({ method: "PATCH", path: `/Users/${id}`, body: body(name), headers: h })
    if (flow.status(name, ex, [200, 204])) {
      const again = await flow.send({ path: `/Users/${id}`, headers: h })
      flow.equal(name, `GET shows active ${active}`, again, again.json?.active, active)
      if (!active) {
        const found = await flow.send({ path: `/Users${filterQuery(`userName eq "${userName}"`, "&startIndex=1&count=100")}`, headers: h })
        flow.equal(name, "the deactivated user is still found by userName", found,
          (found.json?.Resources ?? []).map((r: any) => [r.id, r.active]), [[id, false]])
      }
    }
  }

  // A second user for group push
  const other = body("okta/create-user")
  other.userName = `okta.${tag}.b@example.com`
  other.emails = [{ primary: true, value: other.userName, type: "work" }]
  other.externalId = `00u${tag}b`
  const ex2 = await flow.send({ method: "POST", path: "/Users", body: other, headers: h })
  flow.status("okta/create-user (second)", ex2, 201)
  const id2 = String(ex2.json?.id ?? "")
  flow.created_("Users", id2)

  // Group push
  let gid = ""
  const displayName = `Okta Group ${tag}`
  {
    const step = "okta/create-group"
    const b = body(step)
    b.displayName = displayName
    const ex = await flow.send({ method: "POST", path: "/Groups", body: b, headers: h })
    if (flow.status(step, ex, 201)) {
      gid = String(ex.json?.id ?? "")
      flow.created_("Groups", gid)
      flow.equal(step, "echoes displayName", ex, ex.json?.displayName, displayName)
      flow.equal(step, "has no members", ex, memberIds(ex.json), [])
    }
  }
  if (gid === "" || id2 === "") return
  const groupMembers = async (step: string, expected: Array<string>, title: string) => {
    const ex = await flow.send({ path: `/Groups/${gid}`, headers: h })
    flow.equal(step, title, ex, memberIds(ex.json), [...expected].sort())
    return ex
  }
  {
    const step = "okta/update-group-membership"
    const b = body(step)
    b.Operations = [
      { op: "add", path: "members", value: [{ value: id, display: userName }] }
    ]
    const ex = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: b, headers: h })
    if (flow.status(`${step} (add)`, ex, [200, 204])) await groupMembers(`${step} (add)`, [id], "the member is added")
    const b2 = body(step)
    b2.Operations[0].path = `members[value eq "${id}"]`
    b2.Operations[1].value = [{ value: id2, display: other.userName }]
    const ex2 = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: b2, headers: h })
    if (flow.status(`${step} (remove + add)`, ex2, [200, 204])) {
      await groupMembers(`${step} (remove + add)`, [id2], "removes one member by value filter and adds the other")
    }
  }
  {
    const step = "okta/replace-group-members"
    const b = body(step)
    b.Operations[0].value = [{ value: id, display: userName }, { value: id2, display: other.userName }]
    const ex = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: b, headers: h })
    if (flow.status(step, ex, [200, 204])) await groupMembers(step, [id, id2], "members are exactly the list")
    const empty = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "members", value: [] }] }, headers: h })
    if (flow.status(`${step} (empty list)`, empty, [200, 204])) await groupMembers(`${step} (empty list)`, [], "an empty list clears membership")
    const back = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: b, headers: h })
    flow.status(`${step} (again)`, back, [200, 204])
  }
  {
    const step = "okta/rename-group"
    const b = body(step)
    b.Operations[0].value = { id: gid, displayName: `${displayName} renamed` }
    const ex = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: b, headers: h })
    if (flow.status(step, ex, [200, 204])) {
      const g = await groupMembers(step, [id, id2], "keeps the members")
      flow.equal(step, "stores the new displayName", g, g.json?.displayName, `${displayName} renamed`)
    }
    const same = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: b, headers: h })
    flow.status(`${step} (unchanged, sent with every membership update)`, same, [200, 204])
  }
  {
    const step = "okta/delete-group"
    const ex = await flow.send({ method: "DELETE", path: `/Groups/${gid}`, headers: h })
    if (flow.status(step, ex, 204)) {
      flow.forget(gid)
      const again = await flow.send({ path: `/Groups/${gid}`, headers: h })
      flow.scimError(`${step} (GET after delete)`, again, 404)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Entra

const entra = async (flow: Flow) => {
  const tag = randomHex(8)

  // Test Connection: random GUID filter, random user by id
  {
    const step = "entra/test-connection"
    const ex = await flow.send({ path: `/Users${filterQuery(`userName eq "${uuid()}"`)}` })
    if (flow.status(step, ex, 200)) {
      const rs = flow.listResponse(step, ex)
      flow.equal(step, "finds nothing", ex, [ex.json?.totalResults, rs.length], [0, 0])
    }
    const ext = await flow.send({ path: `/Users${filterQuery(`externalId eq "${uuid()}"`)}` })
    if (flow.status(`${step} (externalId GUID)`, ext, 200)) {
      flow.equal(`${step} (externalId GUID)`, "finds nothing", ext, ext.json?.totalResults, 0)
    }
    const random = await flow.send({ path: `/Users/${uuid()}` })
    flow.scimError(`${step} (random user)`, random, 404)
    const randomGroup = await flow.send({ path: `/Groups/${uuid()}?excludedAttributes=members` })
    flow.scimError(`${step} (random group)`, randomGroup, 404)
    const noToken = await flow.send({ path: `/Users${filterQuery(`userName eq "${uuid()}"`)}`, token: `wrong-${tag}` })
    flow.scimError(`${step} (wrong token)`, noToken, 401)
  }

  // Create (with the enterprise extension) and create with nulls
  const objectId = uuid()
  const create = body("entra/create-user")
  create.externalId = objectId
  create.userName = `entra.${tag}@example.com`
  create.emails = [{ primary: true, type: "work", value: `entra.${tag}@example.com` }]
  let id = ""
  {
    const step = "entra/create-user"
    const ex = await flow.send({ method: "POST", path: "/Users", body: create })
    if (flow.status(step, ex, 201)) {
      id = String(ex.json?.id ?? "")
      flow.created_("Users", id)
      flow.scimContentType(step, ex)
      flow.equal(step, "echoes externalId", ex, ex.json?.externalId, objectId)
    }
  }
  const nulls = body("entra/create-user-with-nulls")
  nulls.externalId = `jyoung${tag}`
  nulls.userName = `jyoung.${tag}@example.com`
  nulls.emails = [{ type: "work", value: `jyoung.${tag}@Example.com`, primary: true }]
  let id2 = ""
  {
    const step = "entra/create-user-with-nulls"
    const ex = await flow.send({ method: "POST", path: "/Users", body: nulls })
    if (flow.status(step, ex, 201)) {
      id2 = String(ex.json?.id ?? "")
      flow.created_("Users", id2)
      flow.that(step, "does not store null attributes", ex, ex.json?.title == null && ex.json?.addresses == null, "(absent)", { title: ex.json?.title, addresses: ex.json?.addresses })
    }
  }
  if (id === "" || id2 === "") return

  // Lookups
  const lookup = async (step: string, filter: string, expected: Array<string>, raw = false) => {
    const path = raw ? `/Users?filter=${filter}` : `/Users${filterQuery(filter)}`
    const ex = await flow.send({ path })
    if (flow.status(step, ex, 200)) {
      flow.equal(step, `finds ${expected.length === 0 ? "nothing" : "the user"}`, ex, (ex.json?.Resources ?? []).map((r: any) => r.id), expected)
    }
  }
  await lookup("entra/get-user-by-username", `userName eq "${create.userName}"`, [id])
  await lookup("entra/get-user-by-externalid", `externalId eq "${objectId}"`, [id])
  await lookup("entra/get-user-by-externalid (unquoted)", encodeURIComponent(`externalId eq ${nulls.externalId}`), [id2], true)
  await lookup("entra/get-user-by-work-email", `emails[type eq "work"].value eq "${create.emails[0].value}"`, [id])
  {
    const step = "entra/get-user"
    const ex = await flow.send({ path: `/Users/${id}` })
    if (flow.status(step, ex, 200)) flow.equal(step, "round-trips the user", ex, [ex.json?.userName, ex.json?.name?.givenName], [create.userName, create.name.givenName])
  }

  const get = (uid: string) => flow.send({ path: `/Users/${uid}` })
  const patch = async (step: string, uid: string, ops: unknown, check: (user: any, ex: Exchange) => void) => {
    const ex = await flow.send({ method: "PATCH", path: `/Users/${uid}`, body: { schemas: [PATCH_OP], Operations: ops }, headers: { "Content-Type": "application/scim+json" } })
    if (flow.status(step, ex, [200, 204])) {
      const again = await get(uid)
      check(again.json, again)
    }
  }

  // Every PATCH shape, with and without aadOptscim062020
  for (const name of ["entra/add-attribute-without-flag", "entra/add-attribute-with-flag"]) {
    const nick = `Babs${randomHex(4)}`
    const ops = body(name).Operations
    ops[0].value = nick
    await patch(name, id, ops, (u, ex) => flow.equal(name, "stores nickName", ex, u?.nickName, nick))
  }
  {
    const name = "entra/replace-attributes-without-flag"
    const v = randomHex(4)
    const ops = body(name).Operations
    const values = [`Pvlo${v}`, `bcwq.${tag}.${v}@example.com`, `Gtfd${v}`, `Pkqf${v}`, objectId, `E${v}`]
    ops.forEach((op: any, i: number) => (op.value = values[i]))
    await patch(name, id, ops, (u, ex) =>
      flow.equal(name, "applies every operation", ex,
        [u?.displayName, (u?.emails ?? []).find((e: any) => e.type === "work")?.value, u?.name?.givenName, u?.name?.familyName, u?.externalId, u?.[ENTERPRISE]?.employeeNumber],
        values))
  }
  {
    const name = "entra/replace-attributes-with-flag"
    const v = randomHex(4)
    const ops = body(name).Operations
    ops[0].value = `mhva.${tag}.${v}@example.com`
    ops[1].value = { displayName: `Bjfe${v}`, "name.givenName": `Kkom${v}`, "name.familyName": `Unua${v}`, [`${ENTERPRISE}:employeeNumber`]: `A${v}` }
    await patch(name, id, ops, (u, ex) => {
      flow.equal(name, "expands dotted and URN-qualified keys", ex,
        [u?.displayName, u?.name?.givenName, u?.name?.familyName, u?.[ENTERPRISE]?.employeeNumber, (u?.emails ?? []).find((e: any) => e.type === "work")?.value],
        [`Bjfe${v}`, `Kkom${v}`, `Unua${v}`, `A${v}`, ops[0].value])
      flow.that(name, "stores no literal dotted keys", ex, u?.["name.givenName"] === undefined, "(absent)", u?.["name.givenName"])
    })
  }
  {
    const name = "entra/update-user-multi-valued"
    const ops = body(name).Operations
    ops[0].value = `multi.${tag}@example.com`
    ops[1].value = `Family${tag}`
    await patch(name, id, ops, (u, ex) =>
      flow.equal(name, "replaces the work e-mail and the family name", ex,
        [(u?.emails ?? []).filter((e: any) => e.type === "work").map((e: any) => e.value), u?.name?.familyName], [[ops[0].value], ops[1].value]))
  }
  {
    const name = "entra/update-user-username"
    const ops = body(name).Operations
    ops[0].value = `renamed.${tag}@example.com`
    await patch(name, id, ops, (u, ex) => flow.equal(name, "renames the user (same id)", ex, [u?.id, u?.userName], [id, ops[0].value]))
    await lookup(`${name} (lookup by new userName)`, `userName eq "${ops[0].value}"`, [id])
  }
  {
    const name = "entra/add-manager"
    const ops = body(name).Operations
    ops[0].value = [{ $ref: null, value: id2 }]
    await patch(name, id, ops, (u, ex) => flow.equal(name, "stores the manager in the enterprise extension", ex, u?.[ENTERPRISE]?.manager?.value, id2))
  }

  // Disable in every shape, reactivating in between
  for (const name of ["entra/disable-user-without-flag", "entra/disable-user-with-flag", "entra/disable-user"]) {
    await patch(name, id, body(name).Operations, (u, ex) => flow.equal(name, "GET shows active false", ex, u?.active, false))
    await lookup(`${name} (still found by externalId)`, `externalId eq "${objectId}"`, [id])
    await patch(`${name} (enable again)`, id, [{ op: "Replace", path: "active", value: "True" }], (u, ex) =>
      flow.equal(`${name} (enable again)`, "GET shows active true", ex, u?.active, true))
  }

  // Groups
  const gname = `Entra Group ${tag}`
  let gid = ""
  {
    const step = "entra/create-group"
    const b = body(step)
    b.displayName = gname
    b.externalId = uuid()
    const ex = await flow.send({ method: "POST", path: "/Groups", body: b })
    if (flow.status(step, ex, 201)) {
      gid = String(ex.json?.id ?? "")
      flow.created_("Groups", gid)
      flow.equal(step, "has no members", ex, memberIds(ex.json), [])
    }
  }
  if (gid === "") return
  {
    const step = "entra/get-group-by-displayname"
    const ex = await flow.send({ path: `/Groups?excludedAttributes=members${filterQuery(`displayName eq "${gname}"`).replace("?", "&")}` })
    if (flow.status(step, ex, 200)) {
      flow.equal(step, "finds the group", ex, (ex.json?.Resources ?? []).map((r: any) => r.id), [gid])
      flow.that(step, "leaves members out", ex, (ex.json?.Resources ?? []).every((r: any) => r.members === undefined), "(absent)", ex.json?.Resources?.[0]?.members)
    }
  }
  const members = async (step: string, expected: Array<string>, title: string) => {
    const ex = await flow.send({ path: `/Groups/${gid}` })
    flow.equal(step, title, ex, memberIds(ex.json), [...expected].sort())
  }
  const gpatch = async (step: string, ops: unknown) => {
    const ex = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: { schemas: [PATCH_OP], Operations: ops } })
    return flow.status(step, ex, [204, 200])
  }
  {
    const step = "entra/update-group-add-members"
    const ops = body(step).Operations
    ops[0].value = [{ $ref: null, value: id }, { $ref: null, value: id2 }]
    if (await gpatch(step, ops)) await members(step, [id, id2], "adds every member of the list")
    if (await gpatch(`${step} (repeated)`, ops)) await members(`${step} (repeated)`, [id, id2], "adding members again changes nothing")
  }
  {
    const step = "entra/remove-member-without-flag"
    const ops = body(step).Operations
    ops[0].value = [{ value: id }]
    if (await gpatch(step, ops)) await members(step, [id2], "removes only the listed member")
    await gpatch(`${step} (add back)`, [{ op: "Add", path: "members", value: [{ value: id }] }])
  }
  {
    const step = "entra/update-group-remove-members"
    const ops = body(step).Operations
    ops[0].value = [{ $ref: null, value: id2 }]
    if (await gpatch(step, ops)) await members(step, [id], "removes only the listed member")
    await gpatch(`${step} (add back)`, [{ op: "Add", path: "members", value: [{ value: id2 }] }])
  }
  {
    const step = "entra/remove-member-with-flag"
    const ops = body(step).Operations
    ops[0].path = `members[value eq "${id}"]`
    if (await gpatch(step, ops)) await members(step, [id2], "removes the member the filter selects")
  }
  {
    const step = "entra/update-group-displayname"
    const ops = body(step).Operations
    ops[0].value = `${gname} updated`
    if (await gpatch(step, ops)) {
      const ex = await flow.send({ path: `/Groups/${gid}?excludedAttributes=members` })
      flow.equal(step, "stores the new displayName", ex, ex.json?.displayName, `${gname} updated`)
    }
  }
  {
    const step = "entra/get-group"
    const ex = await flow.send({ path: `/Groups/${gid}?excludedAttributes=members` })
    if (flow.status(step, ex, 200)) flow.that(step, "leaves members out", ex, ex.json?.members === undefined, "(absent)", ex.json?.members)
  }
  for (const [step, kind, rid] of [["entra/delete-group", "Groups", gid], ["entra/delete-user", "Users", id]] as const) {
    const ex = await flow.send({ method: "DELETE", path: `/${kind}/${rid}` })
    if (flow.status(step, ex, 204)) {
      flow.forget(rid)
      const again = await flow.send({ path: `/${kind}/${rid}` })
      flow.scimError(`${step} (GET after delete)`, again, 404)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// RFC 7644

const rfc = async (flow: Flow) => {
  const tag = randomHex(8)

  // Discovery (RFC 7644 §4)
  {
    const step = "rfc/service-provider-config"
    const ex = await flow.send({ path: "/ServiceProviderConfig" })
    if (flow.status(step, ex, 200)) {
      const c = ex.json ?? {}
      flow.scimContentType(step, ex)
      flow.that(step, "names the ServiceProviderConfig schema", ex, (c.schemas ?? []).includes("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"), "urn:…:ServiceProviderConfig", c.schemas)
      flow.that(step, "has patch, bulk, filter, changePassword, sort and etag with a boolean supported", ex,
        ["patch", "bulk", "filter", "changePassword", "sort", "etag"].every((k) => typeof c[k]?.supported === "boolean"), "booleans",
        Object.fromEntries(["patch", "bulk", "filter", "changePassword", "sort", "etag"].map((k) => [k, c[k]?.supported])))
      flow.equal(step, "says PATCH and filter are supported", ex, [c.patch?.supported, c.filter?.supported], [true, true])
      flow.that(step, "lists authenticationSchemes", ex, Array.isArray(c.authenticationSchemes) && c.authenticationSchemes.length > 0, "a non-empty list", c.authenticationSchemes)
    }
  }
  {
    const step = "rfc/resource-types"
    const ex = await flow.send({ path: "/ResourceTypes" })
    if (flow.status(step, ex, 200)) {
      const list: Array<any> = Array.isArray(ex.json) ? ex.json : ex.json?.Resources ?? []
      flow.equal(step, "describes User at /Users and Group at /Groups", ex,
        ["User", "Group"].map((n) => list.find((r) => r.name === n)?.endpoint), ["/Users", "/Groups"])
      const user = list.find((r) => r.name === "User")
      flow.that(step, "User names the core schema", ex, user?.schema === "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:User", user?.schema)
    }
  }
  {
    const step = "rfc/schemas"
    const ex = await flow.send({ path: "/Schemas" })
    if (flow.status(step, ex, 200)) {
      const list: Array<any> = Array.isArray(ex.json) ? ex.json : ex.json?.Resources ?? []
      const ids = list.map((s) => s.id)
      flow.that(step, "describes the User, Group and enterprise User schemas", ex,
        ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group", ENTERPRISE].every((s) => ids.includes(s)),
        "User, Group, EnterpriseUser", ids)
      const user = list.find((s) => s.id === "urn:ietf:params:scim:schemas:core:2.0:User")
      const userName = (user?.attributes ?? []).find((a: any) => a.name === "userName")
      flow.equal(step, "userName is a required, server-unique string", ex,
        [userName?.type, userName?.required, userName?.uniqueness], ["string", true, "server"])
    }
  }

  // Errors (§3.12)
  {
    const ex = await flow.send({ path: `/Users/${uuid()}` })
    flow.scimError("rfc/errors (unknown id)", ex, 404)
    const f = await flow.send({ path: `/Users${filterQuery("userName eq")}` })
    flow.scimError("rfc/errors (unparsable filter)", f, 400, "invalidFilter")
    const bad = await flow.send({ method: "POST", path: "/Users", rawBody: "{not json" })
    flow.scimError("rfc/errors (malformed JSON)", bad, 400)
    const noName = await flow.send({ method: "POST", path: "/Users", body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], name: { givenName: "X" } } })
    flow.scimError("rfc/errors (missing userName)", noName, 400)
  }

  // Create five users for filtering and paging
  const ids: Array<string> = []
  const users: Array<any> = []
  for (let i = 0; i < 5; i++) {
    const u = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `rfc-${tag}-${i}@example.com`,
      externalId: `Ext-${tag}-${i}`,
      name: { givenName: `Given${i}`, familyName: `Family${i}` },
      title: i % 2 === 0 ? "Engineer" : undefined,
      emails: [{ value: `rfc-${tag}-${i}@example.com`, type: "work", primary: true }],
      active: true
    }
    const ex = await flow.send({ method: "POST", path: "/Users", body: u })
    if (flow.status(`rfc/create-user ${i}`, ex, 201)) {
      ids.push(String(ex.json?.id))
      users.push(ex.json)
      flow.created_("Users", ex.json?.id)
    }
  }
  if (ids.length < 5) return
  const prefix = `rfc-${tag}-`

  // Filters (§3.4.2.2)
  const filters: ReadonlyArray<readonly [string, Array<number>]> = [
    [`userName eq "${prefix}0@EXAMPLE.COM"`, [0]],
    [`userName sw "${prefix}"`, [0, 1, 2, 3, 4]],
    [`userName co "${tag}-3"`, [3]],
    [`userName ew "${tag}-4@example.com"`, [4]],
    [`userName sw "${prefix}" and title pr`, [0, 2, 4]],
    [`userName sw "${prefix}" and not (title pr)`, [1, 3]],
    [`userName eq "${prefix}1@example.com" or userName eq "${prefix}2@example.com"`, [1, 2]],
    [`externalId eq "Ext-${tag}-1"`, [1]],
    [`externalId eq "ext-${tag}-1"`, []],
    [`emails[type eq "work" and value eq "${prefix}2@example.com"]`, [2]],
    [`emails.value eq "${prefix}3@example.com"`, [3]],
    [`userName sw "${prefix}" and name.givenName eq "Given4"`, [4]],
    [`id eq "${ids[2]}"`, [2]],
    [`USERNAME Eq "${prefix}0@example.com"`, [0]]
  ]
  for (const [filter, expected] of filters) {
    const step = `rfc/filter ${filter.replace(prefix, "…").replace(prefix, "…").replace(tag, "…").replace(tag, "…")}`
    const ex = await flow.send({ path: `/Users${filterQuery(filter)}` })
    if (flow.status(step, ex, 200)) {
      flow.equal(step, `returns ${expected.length} user${expected.length === 1 ? "" : "s"}`, ex,
        ((ex.json?.Resources ?? []) as Array<any>).map((r) => ids.indexOf(r.id)).sort(), expected)
    }
  }
  {
    const step = "rfc/search (POST /.search)"
    const ex = await flow.send({ method: "POST", path: "/Users/.search", body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: `userName sw "${prefix}"`, startIndex: 1, count: 2 } })
    if (flow.status(step, ex, 200)) flow.equal(step, "pages the filtered users", ex, [ex.json?.totalResults, ex.json?.Resources?.length], [5, 2])
  }

  // Paging (§3.4.2.4)
  const page = (startIndex: number, count: number) => flow.send({ path: `/Users${filterQuery(`userName sw "${prefix}"`, `&startIndex=${startIndex}&count=${count}`)}` })
  {
    const step = "rfc/paging"
    const seen: Array<string> = []
    for (const start of [1, 3, 5]) {
      const ex = await page(start, 2)
      if (!flow.status(`${step} startIndex=${start}&count=2`, ex, 200)) continue
      const rs = flow.listResponse(`${step} startIndex=${start}&count=2`, ex)
      flow.equal(`${step} startIndex=${start}&count=2`, "echoes startIndex and the total", ex, [ex.json?.startIndex, ex.json?.totalResults], [start, 5])
      seen.push(...rs.map((r) => r.id))
    }
    flow.equal(step, "pages are disjoint and cover every user once (stable order)", undefined, [...seen].sort(), [...ids].sort())
    const past = await page(100, 2)
    if (flow.status(`${step} past the end`, past, 200)) flow.equal(`${step} past the end`, "answers an empty page", past, [past.json?.totalResults, (past.json?.Resources ?? []).length], [5, 0])
    const zero = await page(1, 0)
    if (flow.status(`${step} count=0`, zero, 200)) flow.equal(`${step} count=0`, "returns only totalResults", zero, [zero.json?.totalResults, (zero.json?.Resources ?? []).length], [5, 0])
    const below = await page(0, 2)
    if (flow.status(`${step} startIndex=0`, below, 200)) flow.equal(`${step} startIndex=0`, "is treated as 1", below, below.json?.startIndex, 1)
  }

  // Projection (§3.4.2.5)
  {
    const step = "rfc/attributes"
    const ex = await flow.send({ path: `/Users/${ids[0]}?attributes=userName` })
    if (flow.status(step, ex, 200)) {
      flow.equal(step, "returns id and userName, not name", ex, [ex.json?.id, ex.json?.userName, ex.json?.name], [ids[0], users[0].userName, undefined])
    }
    const ex2 = await flow.send({ path: `/Users/${ids[0]}?excludedAttributes=emails,name` })
    if (flow.status("rfc/excludedAttributes", ex2, 200)) {
      flow.equal("rfc/excludedAttributes", "leaves out emails and name, keeps userName", ex2, [ex2.json?.emails, ex2.json?.name, ex2.json?.userName], [undefined, undefined, users[0].userName])
    }
  }

  // PATCH (§3.5.2), the RFC's examples
  const uid = ids[0]!
  const userPatch = async (step: string, ops: Array<unknown>, expectStatus: number | Array<number>, check?: (u: any, ex: Exchange) => void, scimType?: string) => {
    const ex = await flow.send({ method: "PATCH", path: `/Users/${uid}`, body: { schemas: [PATCH_OP], Operations: ops } })
    if (typeof expectStatus === "number" && expectStatus >= 400) {
      flow.scimError(step, ex, expectStatus, scimType)
      return
    }
    if (flow.status(step, ex, expectStatus) && check) {
      const again = await flow.send({ path: `/Users/${uid}` })
      check(again.json, again)
    }
  }
  await userPatch("rfc/patch add with path (emails)", [{ op: "add", path: "emails", value: [{ value: `home-${tag}@example.com`, type: "home" }] }], [200, 204], (u, ex) =>
    flow.equal("rfc/patch add with path (emails)", "appends to the multi-valued attribute", ex, (u?.emails ?? []).map((e: any) => e.type).sort(), ["home", "work"]))
  await userPatch("rfc/patch add without path", [{ op: "add", value: { nickName: "Babs", title: "Lead" } }], [200, 204], (u, ex) =>
    flow.equal("rfc/patch add without path", "sets every attribute of the value", ex, [u?.nickName, u?.title], ["Babs", "Lead"]))
  await userPatch("rfc/patch replace sub-attribute", [{ op: "replace", path: "name.familyName", value: "Jensen" }], [200, 204], (u, ex) =>
    flow.equal("rfc/patch replace sub-attribute", "replaces name.familyName, keeps givenName", ex, [u?.name?.familyName, u?.name?.givenName], ["Jensen", "Given0"]))
  await userPatch("rfc/patch replace value path", [{ op: "replace", path: `emails[type eq "work"].value`, value: `work-${tag}@example.com` }], [200, 204], (u, ex) =>
    flow.equal("rfc/patch replace value path", "replaces only the selected element", ex,
      (u?.emails ?? []).map((e: any) => `${e.type}:${e.value}`).sort(), [`home:home-${tag}@example.com`, `work:work-${tag}@example.com`]))
  await userPatch("rfc/patch remove value path", [{ op: "remove", path: `emails[type eq "home"]` }], [200, 204], (u, ex) =>
    flow.equal("rfc/patch remove value path", "removes the selected element only", ex, (u?.emails ?? []).map((e: any) => e.type), ["work"]))
  await userPatch("rfc/patch remove attribute", [{ op: "remove", path: "nickName" }], [200, 204], (u, ex) =>
    flow.equal("rfc/patch remove attribute", "removes nickName", ex, u?.nickName, undefined))
  await userPatch("rfc/patch remove without path", [{ op: "remove" }], 400, undefined, "noTarget")
  await userPatch("rfc/patch unparsable path", [{ op: "replace", path: "emails[type eq", value: "x" }], 400, undefined, "invalidPath")
  await userPatch("rfc/patch read-only attribute", [{ op: "replace", path: "id", value: "other" }], 400, undefined, "mutability")
  await userPatch("rfc/patch unknown op", [{ op: "merge", path: "title", value: "x" }], 400)
  {
    const step = "rfc/patch atomicity"
    const ex = await flow.send({ method: "PATCH", path: `/Users/${uid}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "Changed" }, { op: "remove" }] } })
    if (flow.status(step, ex, 400)) {
      const again = await flow.send({ path: `/Users/${uid}` })
      flow.equal(step, "a failing operation leaves the resource unchanged", again, again.json?.title, "Lead")
    }
  }
  {
    const step = "rfc/etag"
    const ex = await flow.send({ path: `/Users/${uid}` })
    const etag = ex.headers.get("etag")
    if (flow.that(step, "GET sends an ETag", ex, typeof etag === "string" && etag.length > 0, "an ETag", etag)) {
      const stale = await flow.send({ method: "PATCH", path: `/Users/${uid}`, headers: { "If-Match": 'W/"stale-0"' }, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "X" }] } })
      flow.scimError(`${step} (stale If-Match)`, stale, 412)
      const fresh = await flow.send({ method: "PATCH", path: `/Users/${uid}`, headers: { "If-Match": etag! }, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "Current" }] } })
      flow.status(`${step} (current If-Match)`, fresh, [200, 204])
    }
  }
  {
    const step = "rfc/put"
    const replacement = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: users[1].userName, name: { givenName: "Put", familyName: "Only" }, active: true }
    const ex = await flow.send({ method: "PUT", path: `/Users/${ids[1]}`, body: replacement })
    if (flow.status(step, ex, 200)) {
      const again = await flow.send({ path: `/Users/${ids[1]}` })
      flow.equal(step, "replaces the resource: omitted attributes are cleared, id is kept", again, [again.json?.id, again.json?.name, again.json?.emails], [ids[1], replacement.name, undefined])
    }
    const dup = await flow.send({ method: "PUT", path: `/Users/${ids[1]}`, body: { ...replacement, userName: users[2].userName } })
    flow.scimError(`${step} (userName of another user)`, dup, 409, "uniqueness")
  }

  // Groups: the RFC's member examples
  const gname = `RFC Group ${tag}`
  const g = await flow.send({ method: "POST", path: "/Groups", body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: gname, members: [{ value: ids[0] }] } })
  if (!flow.status("rfc/group create with members", g, 201)) return
  const gid = String(g.json?.id)
  flow.created_("Groups", gid)
  flow.equal("rfc/group create with members", "stores the members", g, memberIds(g.json), [ids[0]])
  {
    const dup = await flow.send({ method: "POST", path: "/Groups", body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: gname } })
    flow.scimError("rfc/group duplicate displayName", dup, 409, "uniqueness")
  }
  const gpatch = async (step: string, ops: Array<unknown>, expected: Array<string>) => {
    const ex = await flow.send({ method: "PATCH", path: `/Groups/${gid}`, body: { schemas: [PATCH_OP], Operations: ops } })
    if (flow.status(step, ex, [200, 204])) {
      const again = await flow.send({ path: `/Groups/${gid}` })
      flow.equal(step, `members are ${expected.length}`, again, memberIds(again.json), [...expected].sort())
    }
  }
  await gpatch("rfc/group add members", [{ op: "add", path: "members", value: [{ value: ids[1] }, { value: ids[2] }] }], [ids[0]!, ids[1]!, ids[2]!])
  await gpatch("rfc/group remove member by filter", [{ op: "remove", path: `members[value eq "${ids[1]}"]` }], [ids[0]!, ids[2]!])
  await gpatch("rfc/group replace members", [{ op: "replace", path: "members", value: [{ value: ids[3] }, { value: ids[4] }] }], [ids[3]!, ids[4]!])
  await gpatch("rfc/group remove all members", [{ op: "remove", path: "members" }], [])
  {
    const step = "rfc/filter groups by member"
    await gpatch(`${step} (setup)`, [{ op: "add", path: "members", value: [{ value: ids[2] }] }], [ids[2]!])
    const ex = await flow.send({ path: `/Groups${filterQuery(`members[value eq "${ids[2]}"]`)}` })
    if (flow.status(step, ex, 200)) flow.equal(step, "finds the group", ex, (ex.json?.Resources ?? []).map((r: any) => r.id), [gid])
  }

  // DELETE (§3.6)
  {
    const step = "rfc/delete"
    const ex = await flow.send({ method: "DELETE", path: `/Users/${ids[4]}` })
    if (flow.status(step, ex, 204)) {
      flow.forget(ids[4]!)
      const again = await flow.send({ path: `/Users/${ids[4]}` })
      flow.scimError(`${step} (GET after delete)`, again, 404)
      const twice = await flow.send({ method: "DELETE", path: `/Users/${ids[4]}` })
      flow.scimError(`${step} (twice)`, twice, 404)
    }
  }
}
