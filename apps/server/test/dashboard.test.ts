/**
 * The dashboard in a real browser: a server process on SQLite, Debian's Chromium driven by playwright-core,
 * users pushed over SCIM with Okta-shaped requests using the token read from the page. Every page is
 * screenshotted; with DIRSYNC_UPDATE_SCREENSHOTS=1 the pictures replace the ones in docs/screenshots/ (the
 * README shows them), otherwise they go to a scratch folder so a test run leaves the tree clean.
 */
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { fileURLToPath } from "node:url"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ADMIN_KEY, call, eventually, type Server, sqliteUrl, startReceiver, startServer } from "./harness.js"

const here = NodePath.dirname(fileURLToPath(import.meta.url))
const screenshots = process.env["DIRSYNC_UPDATE_SCREENSHOTS"] === "1"
  ? NodePath.resolve(here, "../../../docs/screenshots")
  : NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "dirsync-screenshots-"))
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"

const USER = "urn:ietf:params:scim:schemas:core:2.0:User"
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
const XSS = "<img src=x onerror=alert(1)>"

/** A user as Okta creates it (Okta's SCIM 2.0 reference). */
const oktaUser = (login: string, given: string, family: string, externalId: string) => ({
  schemas: [USER],
  userName: login,
  name: { givenName: given, familyName: family },
  emails: [{ primary: true, value: login, type: "work" }],
  displayName: `${given} ${family}`,
  locale: "en-US",
  externalId,
  groups: [],
  password: "1mz050nq",
  active: true
})

describe("dashboard in Chromium", () => {
  let server: Server
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let context: BrowserContext
  let page: Page
  let dbDir = ""
  let profileDir = ""
  const dialogs: Array<string> = []
  const state = { connectionId: "", token: "", base: "", secret: "", bobScimId: "", bobUserId: "", malloryUserId: "" }

  const shot = (name: string) => page.screenshot({ path: NodePath.join(screenshots, `${name}.png`), fullPage: true })
  const go = (path: string) => page.goto(`${server.url}${path}`)
  const scim = (path: string, init: { method?: string; body?: unknown } = {}) =>
    call(`${state.base}${path}`, { token: state.token, ...init })

  beforeAll(async () => {
    NodeFs.mkdirSync(screenshots, { recursive: true })
    const db = sqliteUrl()
    dbDir = NodePath.dirname(db)
    receiver = await startReceiver()
    server = await startServer({ DATABASE_URL: db })
    profileDir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "dirsync-chromium-"))
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 860 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync"
      ]
    })
    page = context.pages()[0] ?? (await context.newPage())
    page.setDefaultTimeout(10_000)
    page.on("dialog", (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
  })

  afterAll(async () => {
    await context?.close()
    await server?.stop()
    await receiver?.close()
    NodeFs.rmSync(profileDir, { recursive: true, force: true })
    NodeFs.rmSync(dbDir, { recursive: true, force: true })
  })

  it("sends visitors without a session to the sign-in page and refuses a wrong admin key", async () => {
    await go("/dashboard/connections")
    expect(new URL(page.url()).pathname).toBe("/dashboard/sign-in")
    await page.getByLabel("Admin key").fill("dsk_wrong_key")
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/dashboard/sign-in") && r.request().method() === "POST"),
      page.getByRole("button", { name: "Sign in" }).click()
    ])
    expect(response.status()).toBe(401)
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Wrong admin key")
    expect((await context.cookies()).find((c) => c.name === "dirsync_dashboard")).toBeUndefined()
    await shot("sign-in")
  })

  it("signs in with the admin key into an HttpOnly, SameSite=Strict session", async () => {
    await page.getByLabel("Admin key").fill(ADMIN_KEY)
    await page.getByRole("button", { name: "Sign in" }).click()
    await page.waitForURL(/\/dashboard\/connections$/)
    const cookie = (await context.cookies()).find((c) => c.name === "dirsync_dashboard")
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe("Strict")
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("SSO connections")
  })

  it("refuses a POST without the CSRF token", async () => {
    const response = await page.request.post(`${server.url}/dashboard/connections`, {
      form: { name: "Forged", protocol: "saml", provider: "okta" },
      maxRedirects: 0
    })
    expect(response.status()).toBe(403)
    await go("/dashboard/connections")
    expect(await page.getByText("Forged").count()).toBe(0)
  })

  it("adds a webhook endpoint and shows its secret once", async () => {
    await go("/dashboard/webhooks")
    await page.getByLabel("URL").fill(receiver.url)
    await page.getByRole("button", { name: "Add endpoint" }).click()
    state.secret = (await page.locator("#webhook-secret").textContent()) ?? ""
    expect(state.secret).toMatch(/^whsec_/)
    await go("/dashboard/webhooks")
    expect(await page.locator("#webhook-secret").count()).toBe(0)
    await expect(page.locator("#endpoints").textContent()).resolves.toContain(receiver.url)
  })

  it("creates a connection and enables Directory Sync, showing the token once", async () => {
    await go("/dashboard/connections")
    await page.getByLabel("Name").fill("Acme Okta")
    await page.getByLabel("Protocol").selectOption("saml")
    await page.getByLabel("Provider").selectOption("okta")
    await page.getByLabel("Domains").fill("example.com")
    await page.getByRole("button", { name: "Create connection" }).click()
    await page.waitForURL(/\/dashboard\/connections\/conn_[^/]+$/)
    state.connectionId = new URL(page.url()).pathname.split("/").at(-1)!
    await page.getByRole("link", { name: "Directory Sync", exact: true }).click()
    await page.getByRole("button", { name: "Enable Directory Sync" }).click()
    state.token = (await page.locator("#bearer-token").textContent()) ?? ""
    state.base = (await page.locator("#scim-base-url").textContent()) ?? ""
    expect(state.token).toMatch(/^dsync_scim_/)
    expect(state.base).toContain(`/scim/v2/${state.connectionId}`)
    // The Okta and Entra steps carry the values.
    await expect(page.locator("#okta-heading + ol").textContent()).resolves.toContain(state.base)
    await expect(page.locator("#entra-heading + ol").textContent()).resolves.toContain(state.token)
    await page.getByRole("button", { name: "Copy bearer token" }).click()
    await page.waitForFunction(() => document.getElementById("copy-status")?.textContent?.includes("copied"))
    await shot("directory-sync")
    await go(`/dashboard/connections/${state.connectionId}/directory-sync`)
    expect(await page.locator("#bearer-token").count()).toBe(0)
    await expect(page.locator("main").textContent()).resolves.not.toContain(state.token)
    state.base = `${server.url}/scim/v2/${state.connectionId}` // the test reaches the server on 127.0.0.1
  })

  it("shows users pushed over SCIM with the page's token as Active", async () => {
    const alice = await scim("/Users", { method: "POST", body: oktaUser("alice@example.com", "Alice", "Archer", "00u1alice") })
    const bob = await scim("/Users", { method: "POST", body: oktaUser("bob@example.com", "Bob", "Baker", "00u2bob") })
    const mallory = await scim("/Users", { method: "POST", body: { ...oktaUser("mallory@example.com", XSS, "Doe", "00u3mal"), displayName: XSS } })
    const outsider = await scim("/Users", { method: "POST", body: oktaUser("carol@elsewhere.org", "Carol", "Cole", "00u4car") })
    expect([alice.status, bob.status, mallory.status]).toEqual([201, 201, 201])
    expect(outsider.status).toBeGreaterThanOrEqual(400)
    state.bobScimId = bob.json.id
    await go(`/dashboard/connections/${state.connectionId}/users`)
    const rows = page.locator("#directory-users tbody tr")
    expect(await rows.count()).toBe(3)
    for (const login of ["alice@example.com", "bob@example.com", "mallory@example.com"]) {
      await expect(rows.filter({ hasText: login }).locator(".badge").textContent()).resolves.toBe("Active")
    }
    state.bobUserId = (await rows.filter({ hasText: "bob@example.com" }).getAttribute("data-user-id")) ?? ""
    state.malloryUserId = (await rows.filter({ hasText: "mallory@example.com" }).getAttribute("data-user-id")) ?? ""
    expect(state.bobUserId).toMatch(/^user_/)
  })

  it("shows a user deactivated over SCIM as Deactivated with its sessions revoked", async () => {
    const session = await call(`${server.url}/v1/users/${state.bobUserId}/sessions`, { method: "POST", token: ADMIN_KEY })
    expect(session.status).toBeLessThan(300)
    const patched = await scim(`/Users/${state.bobScimId}`, {
      method: "PATCH",
      body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] }
    })
    expect(patched.status).toBe(200)
    await go(`/dashboard/connections/${state.connectionId}/users`)
    const rows = page.locator("#directory-users tbody tr")
    await expect(rows.filter({ hasText: "bob@example.com" }).locator(".badge").textContent()).resolves.toBe("Deactivated")
    await expect(rows.filter({ hasText: "alice@example.com" }).locator(".badge").textContent()).resolves.toBe("Active")
    await shot("directory-users")
    // Filter by status, then search.
    await page.getByLabel("Status").selectOption("deactivated")
    await page.getByRole("button", { name: "Apply" }).click()
    expect(await rows.count()).toBe(1)
    await expect(rows.first().textContent()).resolves.toContain("bob@example.com")
    await page.getByLabel("Status").selectOption("")
    await page.getByLabel("Search").fill("ALICE")
    await page.getByRole("button", { name: "Apply" }).click()
    expect(await rows.count()).toBe(1)
    await expect(rows.first().textContent()).resolves.toContain("alice@example.com")
    // The user page.
    await go(`/dashboard/connections/${state.connectionId}/users`)
    await page.getByRole("link", { name: "bob@example.com" }).click()
    await expect(page.locator("h2").first().textContent()).resolves.toContain("Deactivated")
    const sessions = page.locator("#sessions tbody tr")
    expect(await sessions.count()).toBe(1)
    await expect(sessions.first().locator(".badge").textContent()).resolves.toBe("Revoked")
    await expect(page.locator("#user-name").textContent()).resolves.toBe("Bob Baker")
    await shot("user")
  })

  it("renders what the IdP sent as text (no markup, no script)", async () => {
    await go(`/dashboard/connections/${state.connectionId}/users/${state.malloryUserId}`)
    await expect(page.locator("#user-name").textContent()).resolves.toBe(`${XSS} Doe`)
    await expect(page.locator("#scim-resource").textContent()).resolves.toContain(XSS)
    expect(await page.locator("img").count()).toBe(0)
    expect(dialogs).toEqual([])
  })

  it("finds the scim.user.patched event with its payload on the Debug tab", async () => {
    await go(`/dashboard/connections/${state.connectionId}/events`)
    await shot("debug")
    await page.getByLabel("Event type").selectOption("scim.user.patched")
    await page.getByRole("button", { name: "Filter" }).click()
    const rows = page.locator("table.events tbody tr")
    expect(await rows.count()).toBe(1)
    await rows.first().getByRole("link").click()
    await expect(page.locator("#event-type").textContent()).resolves.toBe("scim.user.patched")
    await expect(page.locator("#event-id").textContent()).resolves.toMatch(/^dse_/)
    await expect(page.locator("#event-timestamp time").getAttribute("datetime")).resolves.toMatch(/^\d{4}-\d\d-\d\dT/)
    const payload = JSON.parse((await page.locator("#payload").textContent()) ?? "{}")
    expect(payload.method).toBe("PATCH")
    expect(payload.body.Operations[0].value.active).toBe(false)
    await expect(page.locator("#diff").textContent()).resolves.toContain("active")
    await page.getByRole("button", { name: "Copy payload" }).click()
    await page.waitForFunction(() => document.getElementById("copy-status")?.textContent?.includes("Payload copied"))
    await shot("event")
    // The XSS string sits in a payload too, still as text.
    expect(await page.locator("img").count()).toBe(0)
  })

  it("shows the overview: counts, the last request, the activity chart with failures, the backlog", async () => {
    await go(`/dashboard/connections/${state.connectionId}`)
    await expect(page.locator("#count-active").textContent()).resolves.toBe("2")
    await expect(page.locator("#count-deactivated").textContent()).resolves.toBe("1")
    await expect(page.locator("#last-request").textContent()).resolves.toContain(`PATCH /scim/v2/${state.connectionId}/Users/`)
    expect(await page.locator("#activity-chart rect").count()).toBeGreaterThanOrEqual(3)
    expect(await page.locator('#activity-chart rect[fill="#b91c1c"]').count()).toBe(1)
    await expect(page.locator("#chart-title").textContent()).resolves.toContain("1 failed")
    await expect(page.locator("#backlog-pending").textContent()).resolves.toMatch(/^\d+$/)
    await shot("overview")
    await go("/dashboard/connections")
    await shot("connections")
  })

  it("lists webhook deliveries and retries a failed message", async () => {
    // The receiver does not know the secret yet, so it refuses every delivery.
    await eventually(() => receiver.deliveries.length >= 3 || undefined)
    receiver.setSecret(state.secret)
    await go("/dashboard/webhooks")
    await expect(page.locator("#attempts tbody").textContent()).resolves.toContain("400")
    const retry = page.locator("#messages tbody tr").filter({ has: page.getByRole("button", { name: /Retry now/ }) }).first()
    const id = (await retry.locator("code").textContent()) ?? ""
    expect(id).toMatch(/^msg_/)
    await retry.getByRole("button", { name: /Retry now/ }).click()
    await expect(page.getByRole("status").filter({ hasText: id }).textContent()).resolves.toContain("delivered again")
    await eventually(() => receiver.deliveries.some((d) => d.verified) || undefined)
    await eventually(async () => {
      await go("/dashboard/webhooks")
      const text = await page.locator("#messages tbody tr").filter({ hasText: id }).locator(".badge").textContent()
      return text === "Delivered" || undefined
    })
    await shot("webhooks")
  })

  it("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.waitForURL(/\/dashboard\/sign-in$/)
    await go("/dashboard/connections")
    expect(new URL(page.url()).pathname).toBe("/dashboard/sign-in")
  })
})
