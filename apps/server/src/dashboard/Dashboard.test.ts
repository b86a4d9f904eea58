import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Chart from "./Chart.js"
import * as Diff from "./Diff.js"
import { escape, html, raw, toString } from "./Html.js"
import { query } from "./Layout.js"
import * as Pages from "./Pages.js"

const frame = { nonce: "n0nce", csrf: "csrf-token", now: Date.UTC(2025, 0, 31, 12, 30) }

describe("Html", () => {
  it.each([
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    [`" onmouseover="x`, "&quot; onmouseover=&quot;x"],
    ["'single'", "&#39;single&#39;"],
    ["a & b", "a &amp; b"],
    ["`tick`", "&#96;tick&#96;"],
    ["plain text", "plain text"]
  ])("escape(%j) is %j", (input, expected) => {
    expect(escape(input)).toBe(expected)
  })

  it("html escapes interpolated text but keeps fragments and drops null, undefined and booleans", () => {
    const inner = html`<b>${"<i>"}</b>`
    expect(toString(html`<p>${inner}${null}${undefined}${false}${true}${3}${["<", html`<br>`]}</p>`)).toBe(
      "<p><b>&lt;i&gt;</b>3&lt;<br></p>"
    )
    expect(toString(raw("<hr>"))).toBe("<hr>")
  })

  it("html never lets interpolated text open a tag or close an attribute, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const out = toString(html`<td title="${s}">${s}</td>`)
        const inner = out.slice(`<td title="`.length, out.length - "</td>".length)
        expect(inner.replace(`">`, "")).not.toMatch(/[<>"]/)
      })
    )
  })
})

describe("Diff", () => {
  it("diff lists added, removed and changed leaf paths and ignores meta.version and meta.lastModified", () => {
    const before = { active: true, name: { givenName: "Ann" }, emails: [{ value: "a@x" }], meta: { version: "W/\"1\"" } }
    const after = { active: false, name: { givenName: "Ann", familyName: "Lee" }, emails: [], meta: { version: "W/\"2\"" } }
    expect(Diff.diff(before, after)).toEqual([
      { path: "active", kind: "changed", before: "true", after: "false" },
      { path: "emails", kind: "added", before: undefined, after: "[]" },
      { path: "emails[0].value", kind: "removed", before: "\"a@x\"", after: undefined },
      { path: "name.familyName", kind: "added", before: undefined, after: "\"Lee\"" }
    ])
  })

  it("diff of a value with itself is empty", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(Diff.diff({ v }, { v })).toEqual([])
    }))
  })
})

describe("Chart", () => {
  const now = frame.now
  const hour = 3_600_000

  it("buckets counts events per hour and type, oldest first, and leaves out older events", () => {
    const b = Chart.buckets(
      [
        { type: "scim.user.created", timestamp: now },
        { type: "scim.user.created", timestamp: now - 60_000 },
        { type: "scim.provisioning_failed", timestamp: now - hour },
        { type: "scim.user.patched", timestamp: now - 30 * hour }
      ],
      now,
      24
    )
    expect(b).toHaveLength(24)
    expect(b.at(-1)?.counts).toEqual({ "scim.user.created": 2 })
    expect(b.at(-2)?.counts).toEqual({ "scim.provisioning_failed": 1 })
    expect(b.reduce((n, x) => n + Object.values(x.counts).reduce((a, c) => a + c, 0), 0)).toBe(3)
  })

  it("render draws one bar segment per type and hour, failures in red, with a text summary", () => {
    const out = toString(
      Chart.render(Chart.buckets([{ type: "scim.user.created", timestamp: now }, { type: "scim.provisioning_failed", timestamp: now }], now))
    )
    expect(out.match(/<rect x=/g)).toHaveLength(2)
    expect(out).toContain(`fill="#b91c1c"`)
    expect(out).toContain("2 in total, 1 failed")
    expect(out).toContain("<table>")
  })
})

describe("Pages", () => {
  const connection = {
    id: "conn_1",
    name: "<script>alert(1)</script>",
    protocol: "saml" as const,
    provider: "okta" as const,
    domains: ["example.com"],
    requireEmail: false,
    restrictEmailDomains: true,
    attributeMappings: [],
    directorySyncEnabled: true,
    createdAt: 0,
    updatedAt: 0
  }

  it("every POST form carries the session's CSRF token", () => {
    const page = toString(
      Pages.directorySync(frame, {
        connection,
        status: { connectionId: "conn_1", enabled: true, tokens: [] },
        scimBaseUrl: "https://sync.example.com/scim/v2/conn_1"
      })
    )
    const forms = page.match(/<form method="post"[^]*?<\/form>/g) ?? []
    expect(forms.length).toBeGreaterThanOrEqual(3) // sign-out, rotate, disable
    for (const f of forms) expect(f).toContain(`name="_csrf" value="csrf-token"`)
  })

  it("a connection name is rendered as text and the token appears only when given", () => {
    const page = (token?: string) =>
      toString(
        Pages.directorySync(frame, {
          connection,
          status: { connectionId: "conn_1", enabled: true, tokens: [] },
          scimBaseUrl: "https://sync.example.com/scim/v2/conn_1",
          token: token === undefined ? undefined : { value: token }
        })
      )
    expect(page()).not.toContain("<script>alert(1)")
    expect(page()).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(page()).not.toContain("dsync_scim_secret")
    expect(page("dsync_scim_secret").match(/dsync_scim_secret/g)?.length).toBe(3) // the field and both setup guides
    expect(page()).toContain(`<script nonce="n0nce">`)
  })

  it("query keeps only values that are set", () => {
    expect(query({ status: "active", q: "", offset: 0, type: undefined })).toBe("?status=active")
    expect(query({})).toBe("")
  })
})
