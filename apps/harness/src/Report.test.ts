import { describe, expect, it } from "vitest"
import * as Report from "./Report.js"

const report: Report.Report = {
  name: "conformance okta",
  durationMs: 1200,
  checks: [
    { step: "okta/create-user", title: "answers 201", passed: true, expected: "201", got: "201" },
    {
      step: "okta/get-user",
      title: "round-trips <name> & more",
      passed: false,
      expected: "{\"a\":1}",
      got: "{\"a\":2}",
      request: { method: "GET", url: "http://h/scim/v2/c/Users/1", headers: {} }
    }
  ]
}

describe("Report", () => {
  it("summary() counts passed and failed checks", () => {
    expect(Report.summary(report)).toEqual({ passed: 1, failed: 1, total: 2 })
    expect(Report.ok(report)).toBe(false)
  })

  it("table() shows failures with expected, got and the request", () => {
    const text = Report.table(report)
    expect(text).toContain("FAIL  okta/get-user")
    expect(text).toContain("request:  GET http://h/scim/v2/c/Users/1")
    expect(text).toContain("1 passed, 1 failed, 2 checks")
  })

  it("junit() escapes XML and marks the failure", () => {
    const xml = Report.junit(report)
    expect(xml).toContain('<testsuites name="conformance okta" tests="2" failures="1"')
    expect(xml).toContain("round-trips &lt;name&gt; &amp; more")
    expect(xml).toContain("<failure message=")
  })

  it("json() parses back with the counts", () => {
    const parsed = JSON.parse(Report.json(report))
    expect([parsed.passed, parsed.failed, parsed.checks.length]).toEqual([1, 1, 2])
  })
})
