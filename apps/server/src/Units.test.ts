import { Schemas } from "@dirsync/scim-schema"
import { describe, expect, it } from "vitest"
import { isPrivateAddress } from "./admin/WebhookUrl.js"
import * as RateLimit from "./RateLimit.js"
import { routeLabel } from "./RequestId.js"
import * as Projection from "./scim/Projection.js"
import { parseTarget } from "./Sql.js"

describe("Sql.parseTarget()", () => {
  it.each([
    ["postgres://u@h:5432/db", "Postgres"],
    ["postgresql://h/db", "Postgres"],
    ["./data/dirsync.sqlite", "Sqlite"],
    ["sqlite:/tmp/x.db", "Sqlite"],
    ["file:/tmp/x.db", "Sqlite"]
  ])("reads %s as %s", (url, tag) => {
    expect(parseTarget(url)._tag).toBe(tag)
  })
  it("strips sqlite: and file: prefixes", () => {
    expect(parseTarget("sqlite:/tmp/x.db")).toEqual({ _tag: "Sqlite", filename: "/tmp/x.db" })
  })
})

describe("WebhookUrl.isPrivateAddress()", () => {
  it.each([
    ["127.0.0.1", true], ["10.1.2.3", true], ["172.16.0.1", true], ["172.32.0.1", false], ["192.168.1.1", true],
    ["169.254.169.254", true], ["100.64.0.1", true], ["0.0.0.0", true], ["::1", true], ["fd00::1", true],
    ["fe80::1", true], ["::ffff:127.0.0.1", true], ["93.184.216.34", false], ["2606:2800:220:1::1", false]
  ])("%s -> %s", (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected)
  })
})

describe("RateLimit.make()", () => {
  it("allows the burst, refuses the next with a Retry-After, and refills over time", () => {
    const limiter = RateLimit.make(10, 20)
    for (let i = 0; i < 20; i++) expect(limiter.take("t", 0).allowed).toBe(true)
    const refused = limiter.take("t", 0)
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 })
    expect(limiter.take("other", 0).allowed).toBe(true)
    expect(limiter.take("t", 1000).allowed).toBe(true)
  })
})

describe("RequestId.routeLabel()", () => {
  it.each([
    ["/scim/v2/conn_1/Users", "/scim/v2/:connection/Users"],
    ["/scim/v2/conn_1/Users/abc", "/scim/v2/:connection/Users/:id"],
    ["/scim/v2/conn_1/Users/.search", "/scim/v2/:connection/Users/.search"],
    ["/v1/users/user_123/sessions", "/v1/users/:id/sessions"],
    ["/healthz", "/healthz"],
    ["/wp-admin", "other"]
  ])("%s -> %s", (path, label) => {
    expect(routeLabel(path)).toBe(label)
  })
})

describe("Projection.apply()", () => {
  const user = {
    schemas: [Schemas.UserUrn],
    id: "1",
    UserName: "bjensen",
    password: "secret",
    name: { givenName: "Barbara", familyName: "Jensen" },
    emails: [{ value: "b@example.com", type: "work" }],
    [Schemas.EnterpriseUserUrn]: { department: "Sales", costCenter: "4130" }
  }
  it.each([
    [{}, ["schemas", "id", "UserName", "name", "emails", Schemas.EnterpriseUserUrn]],
    [{ attributes: "userName" }, ["schemas", "id", "UserName"]],
    [{ attributes: "name.givenName" }, ["schemas", "id", "name"]],
    [{ excludedAttributes: "emails,id" }, ["schemas", "id", "UserName", "name", Schemas.EnterpriseUserUrn]]
  ])("%o keeps %o", (options, keys) => {
    expect(Object.keys(Projection.apply(user, Schemas.UserResource, options)).sort()).toEqual([...keys].sort())
  })
  it("never returns password and picks sub-attributes", () => {
    const out = Projection.apply(user, Schemas.UserResource, { attributes: "name.givenName,password,emails.value" })
    expect(out["password"]).toBeUndefined()
    expect(out["name"]).toEqual({ givenName: "Barbara" })
    expect(out["emails"]).toEqual([{ value: "b@example.com" }])
  })
  it("understands URN-qualified paths", () => {
    const out = Projection.apply(user, Schemas.UserResource, { attributes: `${Schemas.EnterpriseUserUrn}:department` })
    expect(out[Schemas.EnterpriseUserUrn]).toEqual({ department: "Sales" })
    const ex = Projection.apply(user, Schemas.UserResource, { excludedAttributes: `${Schemas.EnterpriseUserUrn}:costCenter` })
    expect(ex[Schemas.EnterpriseUserUrn]).toEqual({ department: "Sales" })
  })
})
