/**
 * The dashboard at `/dashboard`: server-rendered HTML on the same provisioning services the admin API
 * uses (no HTTP round trip). Sign-in with the admin key starts a database-backed session (HttpOnly,
 * SameSite=Strict cookie); every POST carries the session's CSRF token; every response carries a strict
 * Content-Security-Policy with a per-response nonce, so only the dashboard's own inline style and script run.
 *
 * @module
 */
import { HttpLayerRouter, type HttpServerRequest, HttpServerResponse, UrlParams } from "@effect/platform"
import {
  Connections,
  DirectoryEvents,
  DirectorySync,
  Outbox,
  ScimUsers,
  Sessions,
  Users,
  Webhooks
} from "@dirsync/provisioning"
import { Clock, Data, Effect, Layer } from "effect"
import { AdminKey } from "../AdminKey.js"
import * as WebhookUrl from "../admin/WebhookUrl.js"
import { ServerConfigTag } from "../Config.js"
import { PublicUrl, scimBaseUrl } from "../PublicUrl.js"
import * as Chart from "./Chart.js"
import { type Html, toString } from "./Html.js"
import type { Frame } from "./Layout.js"
import * as Pages from "./Pages.js"
import * as Session from "./Session.js"

/** A page that does not exist (or a resource that is gone). */
class PageNotFound extends Data.TaggedError("PageNotFound")<{ readonly message: string }> {}

/** A refused request (CSRF token missing or wrong). */
class Forbidden extends Data.TaggedError("Forbidden")<{ readonly message: string }> {}

const SIGN_IN_COOKIE = "dirsync_signin"
const PAGE_SIZE = 25
const HOUR = 60 * 60 * 1000

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const int = (s: string | undefined, fallback: number, max = 1_000_000): number => {
  const n = Number.parseInt(s ?? "", 10)
  return Number.isFinite(n) && n >= 0 ? Math.min(n, max) : fallback
}

const securityHeaders = (nonce: string) => ({
  "content-security-policy": [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'"
  ].join("; "),
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer"
})

const respond = (frame: Frame, body: Html, status = 200) =>
  HttpServerResponse.text(toString(body), {
    status,
    contentType: "text/html; charset=utf-8",
    headers: securityHeaders(frame.nonce)
  })

const seeOther = (location: string) =>
  HttpServerResponse.empty({ status: 303, headers: { location, "cache-control": "no-store" } })

/** The dashboard routes (`/dashboard` and everything under it). */
export const routes = Layer.effectDiscard(
  Effect.gen(function*() {
    const router = yield* HttpLayerRouter.HttpRouter
    const sessions = yield* Session.DashboardSessions
    const adminKey = yield* AdminKey
    const config = yield* ServerConfigTag
    const base = yield* PublicUrl
    const connections = yield* Connections.Connections
    const directorySync = yield* DirectorySync.DirectorySync
    const scimUsers = yield* ScimUsers.ScimUsers
    const events = yield* DirectoryEvents.DirectoryEvents
    const users = yield* Users.Users
    const appSessions = yield* Sessions.Sessions
    const webhooks = yield* Webhooks.Webhooks
    const outbox = yield* Outbox.Outbox
    const secure = base.startsWith("https:")
    const cookieOptions = { httpOnly: true, sameSite: "strict" as const, path: "/dashboard", secure }

    const frameOf = (csrf?: string) =>
      Effect.map(Clock.currentTimeMillis, (now): Frame => ({ nonce: Session.randomToken(16), csrf, now }))

    const connection = (id: string) =>
      connections.get(id).pipe(Effect.mapError(() => new PageNotFound({ message: `No connection "${id}"` })))

    // ------------------------------------------------------------------------------------------ sign-in
    const signInPage = (error?: string) =>
      Effect.gen(function*() {
        const frame = yield* frameOf()
        const token = Session.randomToken(24)
        return respond(frame, Pages.signIn(frame, token, error), error === undefined ? 200 : 401).pipe(
          HttpServerResponse.unsafeSetCookie(SIGN_IN_COOKIE, token, { ...cookieOptions, maxAge: "1 hour" })
        )
      })

    const signIn = (request: HttpServerRequest.HttpServerRequest, form: UrlParams.UrlParams) =>
      Effect.gen(function*() {
        const presented = UrlParams.getFirst(form, "admin_key").pipe((o) => (o._tag === "Some" ? o.value : ""))
        const token = UrlParams.getFirst(form, "_signin").pipe((o) => (o._tag === "Some" ? o.value : ""))
        const expected = request.cookies[SIGN_IN_COOKIE] ?? ""
        if (!Session.safeEqual(token, expected)) {
          return yield* signInPage("The sign-in form expired or was not sent from this page. Try again.")
        }
        if (!adminKey.verify(presented)) {
          yield* Effect.logWarning("dashboard sign-in refused")
          return yield* signInPage("Wrong admin key.")
        }
        const { cookie } = yield* sessions.create
        return seeOther("/dashboard/connections").pipe(
          HttpServerResponse.unsafeSetCookie(Session.cookieName, cookie, { ...cookieOptions, maxAge: Session.lifetimeMillis }),
          HttpServerResponse.unsafeSetCookie(SIGN_IN_COOKIE, "", { ...cookieOptions, maxAge: 0 })
        )
      })

    // ------------------------------------------------------------------------------------ connections
    const connectionsPage = (frame: Frame, offset: number, error?: string, status = 200) =>
      connections.list({ limit: PAGE_SIZE, offset }).pipe(
        Effect.map((p) =>
          respond(frame, Pages.connections(frame, { list: p.data, total: p.totalCount, offset, limit: PAGE_SIZE, error }), status)
        )
      )

    const createConnection = (frame: Frame, form: UrlParams.UrlParams) =>
      Effect.gen(function*() {
        const get = (k: string) => UrlParams.getFirst(form, k).pipe((o) => (o._tag === "Some" ? o.value.trim() : ""))
        const name = get("name")
        const protocol = get("protocol")
        const provider = get("provider")
        if (name === "") return yield* connectionsPage(frame, 0, "Give the connection a name.", 400)
        if (protocol !== "saml" && protocol !== "oidc") return yield* connectionsPage(frame, 0, "Choose SAML or OIDC.", 400)
        if (provider !== "okta" && provider !== "entra" && provider !== "generic") {
          return yield* connectionsPage(frame, 0, "Choose Okta, Microsoft Entra ID or Other.", 400)
        }
        const domains = get("domains").split(/[\s,]+/).map((d) => d.toLowerCase()).filter((d) => d !== "")
        const bad = domains.find((d) => !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(d))
        if (bad !== undefined) return yield* connectionsPage(frame, 0, `"${bad}" is not a domain name.`, 400)
        const created = yield* connections.create({ name, protocol, provider, domains })
        return seeOther(Pages.connectionPath(created.id))
      })

    // --------------------------------------------------------------------------------------- overview
    const overview = (frame: Frame, id: string) =>
      Effect.gen(function*() {
        const c = yield* connection(id)
        const [active, deactivated, pending, failed] = yield* Effect.all([
          scimUsers.listDirectoryUsers(id, { status: "active", limit: 0 }),
          scimUsers.listDirectoryUsers(id, { status: "deactivated", limit: 0 }),
          outbox.list({ status: "pending", limit: 0 }),
          outbox.list({ status: "failed", limit: 0 })
        ])
        const since = Math.floor(frame.now / HOUR) * HOUR - 23 * HOUR
        const recent: Array<DirectoryEvents.DirectoryEvent> = []
        for (let offset = 0; offset < 20_000; offset += 1000) {
          const page = yield* events.list(id, { limit: 1000, offset })
          recent.push(...page.data)
          const last = page.data.at(-1)
          if (page.data.length < 1000 || last === undefined || last.timestamp < since) break
        }
        return respond(
          frame,
          Pages.overview(frame, {
            connection: c,
            active: active.totalCount,
            deactivated: deactivated.totalCount,
            buckets: Chart.buckets(recent, frame.now),
            lastEvent: recent[0],
            backlog: { pending: pending.totalCount, failed: failed.totalCount }
          })
        )
      })

    // --------------------------------------------------------------------------------- directory sync
    const directorySyncPage = (
      frame: Frame,
      id: string,
      extra: Partial<Pick<Pages.DirectorySyncData, "token" | "error" | "notice">> = {},
      status = 200
    ) =>
      Effect.gen(function*() {
        const c = yield* connection(id)
        const state = yield* directorySync.status(id).pipe(Effect.mapError(() => new PageNotFound({ message: `No connection "${id}"` })))
        return respond(
          frame,
          Pages.directorySync(frame, { connection: c, status: state, scimBaseUrl: scimBaseUrl(base, id), ...extra }),
          status
        )
      })

    const directorySyncAction = (frame: Frame, id: string, action: string) =>
      Effect.gen(function*() {
        if (action === "enable") {
          return yield* directorySync.enable(id).pipe(
            Effect.flatMap((r) => directorySyncPage(frame, id, { token: { value: r.bearerToken } })),
            Effect.catchTag("DirectorySyncUnsupported", (e) => directorySyncPage(frame, id, { error: e.message }, 400))
          )
        }
        if (action === "rotate") {
          return yield* directorySync.rotate(id).pipe(
            Effect.flatMap((r) =>
              directorySyncPage(frame, id, { token: { value: r.bearerToken, previousExpiresAt: r.previousTokenExpiresAt } })
            ),
            Effect.catchTag("DirectorySyncDisabled", (e) => directorySyncPage(frame, id, { error: e.message }, 400))
          )
        }
        if (action === "disable") {
          yield* directorySync.disable(id)
          return yield* directorySyncPage(frame, id, { notice: "Directory Sync is disabled and every token deleted." })
        }
        return yield* new PageNotFound({ message: `No action "${action}"` })
      }).pipe(Effect.catchTag("ConnectionNotFound", () => new PageNotFound({ message: `No connection "${id}"` })))

    // -------------------------------------------------------------------------------- directory users
    const usersPage = (frame: Frame, id: string, params: URLSearchParams) =>
      Effect.gen(function*() {
        const c = yield* connection(id)
        const s = params.get("status")
        const status = s === "active" || s === "deactivated" ? s : undefined
        const search = (params.get("q") ?? "").trim().slice(0, 200)
        const offset = int(params.get("offset") ?? undefined, 0)
        if (search === "") {
          const p = yield* scimUsers.listDirectoryUsers(id, { status, limit: PAGE_SIZE, offset })
          return respond(
            frame,
            Pages.directoryUsers(frame, { connection: c, list: p.data, total: p.totalCount, offset, limit: PAGE_SIZE, status, search })
          )
        }
        // Search scans the connection's directory users (up to 20,000) for a userName or e-mail containing the text.
        const needle = search.toLowerCase()
        const matches: Array<ScimUsers.DirectoryUser> = []
        for (let o = 0; o < 20_000; o += 1000) {
          const p = yield* scimUsers.listDirectoryUsers(id, { status, limit: 1000, offset: o })
          for (const u of p.data) {
            if (u.userName.toLowerCase().includes(needle) || (u.email ?? "").toLowerCase().includes(needle)) matches.push(u)
          }
          if (p.data.length < 1000) break
        }
        return respond(
          frame,
          Pages.directoryUsers(frame, {
            connection: c,
            list: matches.slice(offset, offset + PAGE_SIZE),
            total: matches.length,
            offset,
            limit: PAGE_SIZE,
            status,
            search
          })
        )
      })

    const userPage = (frame: Frame, id: string, userId: string) =>
      Effect.gen(function*() {
        const c = yield* connection(id)
        const user = yield* users.get(userId).pipe(Effect.mapError(() => new PageNotFound({ message: `No user "${userId}"` })))
        if (user.directory?.connectionId !== id) return yield* new PageNotFound({ message: `No user "${userId}" in this connection` })
        const scimId = user.directory.scimId
        const resource = scimId === null
          ? undefined
          : yield* scimUsers.get(id, scimId).pipe(Effect.map((r): Record<string, unknown> | undefined => r), Effect.orElseSucceed(() => undefined))
        const list = yield* appSessions.listByUser(userId).pipe(Effect.orElseSucceed(() => []))
        const recent = yield* events.list(id, { userId, limit: 10 })
        return respond(frame, Pages.userPage(frame, { connection: c, user, resource, sessions: list, events: recent.data }))
      })

    // ------------------------------------------------------------------------------------------ debug
    const eventsPage = (frame: Frame, id: string, params: URLSearchParams) =>
      Effect.gen(function*() {
        const c = yield* connection(id)
        const type = Pages.eventType(params.get("type") ?? undefined)
        const offset = int(params.get("offset") ?? undefined, 0)
        const p = yield* events.list(id, { type, limit: PAGE_SIZE, offset })
        return respond(frame, Pages.events(frame, { connection: c, list: p.data, total: p.totalCount, offset, limit: PAGE_SIZE, type }))
      })

    const eventPage = (frame: Frame, id: string, eventId: string) =>
      Effect.gen(function*() {
        const c = yield* connection(id)
        const e = yield* events.get(eventId).pipe(Effect.mapError(() => new PageNotFound({ message: `No event "${eventId}"` })))
        if (e.connectionId !== id) return yield* new PageNotFound({ message: `No event "${eventId}" in this connection` })
        return respond(frame, Pages.event(frame, c, e))
      })

    // --------------------------------------------------------------------------------------- webhooks
    const webhooksPage = (
      frame: Frame,
      extra: Partial<Pick<Pages.WebhooksData, "created" | "error" | "notice">> = {},
      status = 200
    ) =>
      Effect.gen(function*() {
        const endpoints = yield* webhooks.list({ limit: 100 })
        const total = (yield* outbox.list({ limit: 0 })).totalCount
        const messages = yield* outbox.list({ limit: PAGE_SIZE, offset: Math.max(0, total - PAGE_SIZE) })
        const [pending, failed] = yield* Effect.all([outbox.list({ status: "pending", limit: 0 }), outbox.list({ status: "failed", limit: 0 })])
        const attempts = (yield* Effect.forEach(endpoints.data, (e) =>
          webhooks.deliveries(e.id, { limit: PAGE_SIZE }).pipe(Effect.map((p) => p.data), Effect.orElseSucceed(() => []))
        )).flat().sort((a, b) => b.timestamp - a.timestamp).slice(0, PAGE_SIZE)
        return respond(
          frame,
          Pages.webhooks(frame, {
            endpoints: endpoints.data,
            messages: [...messages.data].reverse(),
            attempts,
            backlog: { pending: pending.totalCount, failed: failed.totalCount },
            ...extra
          }),
          status
        )
      })

    const addWebhook = (frame: Frame, form: UrlParams.UrlParams) =>
      Effect.gen(function*() {
        const raw = UrlParams.getFirst(form, "url").pipe((o) => (o._tag === "Some" ? o.value.trim() : ""))
        const chosen = UrlParams.getAll(form, "events")
        const types = Webhooks.eventTypes.filter((t) => chosen.includes(t))
        const url = yield* WebhookUrl.check(raw, config.allowPrivateWebhooks).pipe(Effect.either)
        if (url._tag === "Left") return yield* webhooksPage(frame, { error: url.left }, 400)
        const endpoint = yield* webhooks.create({ url: url.right, events: types.length > 0 ? types : undefined })
        return yield* webhooksPage(frame, { created: { endpoint } })
      })

    // ----------------------------------------------------------------------------------------- router
    const handle = (request: HttpServerRequest.HttpServerRequest) =>
      Effect.gen(function*() {
        const url = new URL(request.url, "http://localhost")
        const parts = url.pathname.split("/").filter((s) => s !== "").slice(1).map(decode)
        const method = request.method
        const route = parts.join("/")

        if (route === "sign-in" && method === "GET") return yield* signInPage()
        const form = method === "POST" ? yield* request.urlParamsBody.pipe(Effect.orElseSucceed(() => UrlParams.empty)) : UrlParams.empty
        if (route === "sign-in" && method === "POST") return yield* signIn(request, form)

        const cookie = request.cookies[Session.cookieName] ?? ""
        const session = yield* sessions.find(cookie)
        if (session === undefined) {
          if (method === "GET") return seeOther("/dashboard/sign-in")
          const frame = yield* frameOf()
          return respond(frame, Pages.message(frame, "Signed out", "Your session has ended: sign in again."), 401)
        }
        if (method === "POST") {
          const token = UrlParams.getFirst(form, "_csrf").pipe((o) => (o._tag === "Some" ? o.value : ""))
          if (!Session.safeEqual(token, session.csrf)) {
            return yield* new Forbidden({ message: "The form's security token is missing or wrong: reload the page and try again." })
          }
        }
        const frame = yield* frameOf(session.csrf)
        const [a, b, c, d] = parts

        if (method === "POST" && route === "sign-out") {
          yield* sessions.remove(cookie)
          return seeOther("/dashboard/sign-in").pipe(
            HttpServerResponse.unsafeSetCookie(Session.cookieName, "", { ...cookieOptions, maxAge: 0 })
          )
        }
        if (method === "GET" && parts.length === 0) return seeOther("/dashboard/connections")
        if (a === "connections") {
          if (b === undefined) {
            if (method === "GET") return yield* connectionsPage(frame, int(url.searchParams.get("offset") ?? undefined, 0))
            if (method === "POST") return yield* createConnection(frame, form)
          } else if (method === "GET") {
            if (c === undefined) return yield* overview(frame, b)
            if (c === "directory-sync" && d === undefined) return yield* directorySyncPage(frame, b)
            if (c === "users" && d === undefined) return yield* usersPage(frame, b, url.searchParams)
            if (c === "users" && d !== undefined && parts.length === 4) return yield* userPage(frame, b, d)
            if (c === "events" && d === undefined) return yield* eventsPage(frame, b, url.searchParams)
            if (c === "events" && d !== undefined && parts.length === 4) return yield* eventPage(frame, b, d)
          } else if (method === "POST" && c === "directory-sync" && d !== undefined && parts.length === 4) {
            return yield* directorySyncAction(frame, b, d)
          }
        }
        if (a === "webhooks") {
          if (b === undefined && method === "GET") return yield* webhooksPage(frame)
          if (b === undefined && method === "POST") return yield* addWebhook(frame, form)
          if (method === "POST" && b !== undefined && c === "delete" && parts.length === 3) {
            yield* webhooks.remove(b).pipe(Effect.mapError(() => new PageNotFound({ message: `No webhook endpoint "${b}"` })))
            return yield* webhooksPage(frame, { notice: "Endpoint deleted." })
          }
          if (method === "POST" && b === "messages" && c !== undefined && d === "retry" && parts.length === 4) {
            const m = yield* outbox.replay(c).pipe(Effect.mapError(() => new PageNotFound({ message: `No webhook message "${c}"` })))
            return yield* webhooksPage(frame, { notice: `Message ${m.id} will be delivered again now.` })
          }
        }
        return yield* new PageNotFound({ message: `No page at ${url.pathname}` })
      }).pipe(
        Effect.catchTags({
          PageNotFound: (e) =>
            Effect.map(frameOf(), (frame) => respond(frame, Pages.message(frame, "Not found", e.message), 404)),
          Forbidden: (e) =>
            Effect.map(frameOf(), (frame) => respond(frame, Pages.message(frame, "Refused", e.message), 403))
        }),
        Effect.catchAllCause((cause) =>
          Effect.logError("dashboard request failed", cause).pipe(
            Effect.zipRight(frameOf()),
            Effect.map((frame) =>
              respond(frame, Pages.message(frame, "Something went wrong", "The server could not show this page; see its logs."), 500)
            )
          )
        )
      )

    yield* router.add("*", "/dashboard", handle)
    yield* router.add("*", "/dashboard/*", handle)
  })
).pipe(Layer.provide(Session.layer))
