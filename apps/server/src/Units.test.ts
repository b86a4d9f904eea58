import { describe, expect, it } from "vitest"
import { isPrivateAddress } from "./admin/WebhookUrl.js"
import * as RateLimit from "./RateLimit.js"
import { routeLabel } from "./RequestId.js"
import { parseTarget } from "./Sql.js"

describe("Sql.parseTarget()", () => {
  it.each([
    ["postgres://u@h:5432/db", "Postgres"],
    ["postgresql://h/db", "Postgres"],
    ["./data/dirsync.sqlite", "Sqlite"],
    ["sqlite:/srv/dirsync/x.db", "Sqlite"],
    ["file:/srv/dirsync/x.db", "Sqlite"]
  ])("reads %s as %s", (url, tag) => {
    expect(parseTarget(url)._tag).toBe(tag)
  })
  it("strips sqlite: and file: prefixes", () => {
    expect(parseTarget("sqlite:/srv/dirsync/x.db")).toEqual({ _tag: "Sqlite", filename: "/srv/dirsync/x.db" })
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

