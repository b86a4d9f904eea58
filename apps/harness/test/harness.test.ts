/**
 * End to end: the real dirsync server on a random port (SQLite in a temporary folder), a connection with
 * Directory Sync enabled through the admin API, then conformance for every profile and a simulated
 * lifecycle for both IdPs with every webhook verified.
 */
import { spawn } from "node:child_process"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Conformance from "../src/Conformance.js"
import * as DirsyncAdmin from "../src/DirsyncAdmin.js"
import * as Load from "../src/Load.js"
import * as Report from "../src/Report.js"
import * as Simulate from "../src/Simulate.js"
import { preflight, TargetError } from "../src/Target.js"
import * as WebhookReceiver from "../src/WebhookReceiver.js"
import { ADMIN_KEY, connection, harnessMain, type Server, startServer, tsx } from "./server.js"

const failures = (report: Report.Report) =>
  report.checks.filter((c) => !c.passed).map((c) => `${c.step}: ${c.title}`)

/** Every check passed; on failure the message is the report table of the failed checks. */
const expectAllPassed = (report: Report.Report) => {
  const failed = report.checks.filter((c) => !c.passed)
  expect(failures(report), Report.table({ ...report, checks: failed })).toEqual([])
}

let server: Server

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server?.stop()
})

describe("conformance against the dirsync server", () => {
  it.each(["okta", "entra"] as const)("%s: every check passes", async (profile) => {
    const target = await connection(server, profile)
    const report = await Conformance.run(target, profile)
    expectAllPassed(report)
    expect(report.checks.length).toBeGreaterThan(50)
    // Everything created was cleaned up.
    const left = await fetch(`${target.baseUrl}/Users?count=0`, { headers: { authorization: `Bearer ${target.token}` } })
    expect((await left.json()).totalResults).toBe(0)
  })

  it("rfc: every check passes", async () => {
    const target = await connection(server, "generic")
    const report = await Conformance.run(target, "rfc")
    expectAllPassed(report)
    expect(report.checks.length).toBeGreaterThan(100)
  })
})

describe("simulate with webhooks", () => {
  it.each(["okta", "entra"] as const)("%s: the final state and every webhook match the lifecycle", async (idp) => {
    const target = await connection(server, idp)
    const receiver = await WebhookReceiver.start({ secret: [], port: 0 })
    const endpoint = await DirsyncAdmin.registerWebhook(target.baseUrl, ADMIN_KEY, receiver.url)
    receiver.setSecret(endpoint.secret)
    try {
      const report = await Simulate.run({ target, idp, users: 40, groups: 4, webhooks: { receiver, timeoutMs: 30_000 } })
      expectAllPassed(report)
      expect(report.checks.filter((c) => c.step === "webhooks").length).toBe(4)
      const stats = receiver.stats()
      expect(stats.rejected).toBe(0)
      expect(receiver.events().filter((e) => e.type === "user.created").length).toBe(40)
      expect(receiver.events().filter((e) => e.type === "group.created").length).toBe(4)
    } finally {
      await DirsyncAdmin.deleteWebhook(target.baseUrl, ADMIN_KEY, endpoint.id)
      await receiver.close()
    }
  })

  it("a receiver with the wrong secret rejects every delivery, so the webhook checks fail", async () => {
    const target = await connection(server, "okta")
    const receiver = await WebhookReceiver.start({ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", port: 0 })
    const endpoint = await DirsyncAdmin.registerWebhook(target.baseUrl, ADMIN_KEY, receiver.url)
    try {
      const report = await Simulate.run({ target, idp: "okta", users: 3, groups: 1, webhooks: { receiver, timeoutMs: 3_000 } })
      expect(failures(report).some((f) => f.startsWith("webhooks: every SCIM change produced its webhook"))).toBe(true)
      expect(receiver.stats().rejected).toBeGreaterThan(0)
      expect(receiver.events()).toEqual([])
    } finally {
      await DirsyncAdmin.deleteWebhook(target.baseUrl, ADMIN_KEY, endpoint.id)
      await receiver.close()
    }
  })
})

describe("load", () => {
  it("measures every operation of the mix without errors", async () => {
    const target = await connection(server, "generic")
    const result = await Load.run({ target, concurrency: 4, requests: 100, seedUsers: 10 })
    expect(result.operations.map((s) => [s.operation, s.requests, s.errors])).toEqual(
      Load.operations.map((op) => [op, 20, 0])
    )
    for (const s of result.operations) expect(s.p50).toBeLessThanOrEqual(s.p99)
  })
})

describe("talking to the wrong place", () => {
  it("preflight names a refused token", async () => {
    const target = await connection(server, "okta")
    const error = await preflight({ ...target, token: "not-the-token" }).catch((e) => e)
    expect(error).toBeInstanceOf(TargetError)
    expect((error as TargetError).reason).toBe("Unauthorized")
  })

  it("preflight names a URL that is not a SCIM endpoint", async () => {
    const target = await connection(server, "okta")
    const error = await preflight({ ...target, baseUrl: `${server.url}/v1` }).catch((e) => e)
    expect((error as TargetError).reason).toBe("NotScim")
  })

  it("the CLI exits 2 with a clear message for a wrong token and 0 for a passing run", async () => {
    const target = await connection(server, "okta")
    const runCli = (args: Array<string>) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(tsx, [harnessMain, ...args], { stdio: ["ignore", "pipe", "pipe"] })
        let out = ""
        child.stdout.on("data", (c) => (out += c))
        child.stderr.on("data", (c) => (out += c))
        child.on("exit", (code) => resolve({ code, out }))
      })
    const bad = await runCli(["conformance", "--base-url", target.baseUrl, "--token", "wrong", "--profile", "okta"])
    expect(bad.code).toBe(2)
    expect(bad.out).toContain("refused the token (401")
    const good = await runCli(["conformance", "--base-url", target.baseUrl, "--token", target.token, "--profile", "okta", "--report", "junit"])
    expect(good.code).toBe(0)
    expect(good.out).toContain('<testsuites name="conformance okta"')
    expect(good.out).toContain('failures="0"')
  })
})
