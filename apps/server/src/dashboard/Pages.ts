/**
 * The dashboard's pages as functions from data to {@link Html}: sign-in, SSO connections, the connection
 * tabs (Overview, Directory Sync, Directory users, Debug), the user and event pages, and webhooks. Every
 * value goes through the {@link html} tag, so whatever an IdP sent is shown as text.
 *
 * @module
 */
import { DirectoryEvents } from "@dirsync/provisioning"
import type {
  Connections,
  DirectorySync,
  Outbox,
  ScimUsers,
  Sessions,
  Users,
  Webhooks
} from "@dirsync/provisioning"
import * as Chart from "./Chart.js"
import * as Diff from "./Diff.js"
import { type Html, html } from "./Html.js"
import { badge, copyField, type Frame, page, pager, postForm, query, time } from "./Layout.js"

const PAGE = "/dashboard"
const providerName = { okta: "Okta", entra: "Microsoft Entra ID", generic: "Other" } as const
const protocolName = { saml: "SAML", oidc: "OIDC" } as const

/** Where a connection's pages live. */
export const connectionPath = (id: string, tab = ""): string =>
  `${PAGE}/connections/${encodeURIComponent(id)}${tab === "" ? "" : `/${tab}`}`

const errorBox = (message: string | undefined): Html =>
  message === undefined ? html`` : html`<div class="error-box" role="alert"><strong>Error:</strong> ${message}</div>`

// ---------------------------------------------------------------------------------------------- sign-in

/** The sign-in page; `error` after a refused key. */
export const signIn = (frame: Frame, signInToken: string, error?: string): Html =>
  page(frame, {
    title: "Sign in",
    body: html`<h1>Sign in to the dashboard</h1>
${errorBox(error)}
<form method="post" action="${PAGE}/sign-in" class="panel">
  <input type="hidden" name="_signin" value="${signInToken}">
  <label for="admin-key">Admin key</label>
  <p class="hint" id="admin-key-hint">The server's admin API key (<code>dsk_…</code>), printed once on first start or set as <code>DIRSYNC_ADMIN_KEY</code>.</p>
  <input type="password" id="admin-key" name="admin_key" autocomplete="current-password" required aria-describedby="admin-key-hint" autofocus>
  <p><button type="submit">Sign in</button></p>
</form>`
  })

// ------------------------------------------------------------------------------------------ connections

/** The connections list with the create form. */
export const connections = (
  frame: Frame,
  data: {
    readonly list: ReadonlyArray<Connections.EnterpriseConnection>
    readonly total: number
    readonly offset: number
    readonly limit: number
    readonly error?: string | undefined
  }
): Html =>
  page(frame, {
    title: "SSO connections",
    nav: "connections",
    body: html`<h1>SSO connections</h1>
${errorBox(data.error)}
<table>
  <caption>${data.total} connection${data.total === 1 ? "" : "s"}</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Protocol</th><th scope="col">Provider</th><th scope="col">Domains</th><th scope="col">Directory Sync</th><th scope="col">Created</th></tr></thead>
  <tbody>${
      data.list.length === 0
        ? html`<tr><td colspan="6">No connections yet: create the first one below.</td></tr>`
        : data.list.map((c) =>
          html`<tr><td><a href="${connectionPath(c.id)}">${c.name}</a><br><code class="hint">${c.id}</code></td><td>${protocolName[c.protocol]}</td><td>${
            providerName[c.provider]
          }</td><td>${c.domains.join(", ")}</td><td>${
            c.directorySyncEnabled ? badge("active", "Enabled") : badge("neutral", "Off")
          }</td><td>${time(c.createdAt, frame.now)}</td></tr>`
        )
    }</tbody>
</table>
${pager((o) => `${PAGE}/connections${query({ offset: o })}`, { ...data, shown: data.list.length })}
<h2 id="create-heading">Create a connection</h2>
${
      postForm(
        frame,
        `${PAGE}/connections`,
        html`<div class="panel">
  <label for="name">Name</label>
  <input type="text" id="name" name="name" required maxlength="200" placeholder="Acme Okta">
  <fieldset class="row"><legend class="visually-hidden">Protocol and provider</legend>
    <div><label for="protocol">Protocol</label>
    <select id="protocol" name="protocol"><option value="saml">SAML</option><option value="oidc">OIDC</option></select></div>
    <div><label for="provider">Provider</label>
    <select id="provider" name="provider"><option value="okta">Okta</option><option value="entra">Microsoft Entra ID</option><option value="generic">Other</option></select></div>
  </fieldset>
  <label for="domains">Domains</label>
  <p class="hint" id="domains-hint">Comma-separated, e.g. <code>acme.com, acme.co.uk</code>. Users with e-mail addresses outside them are refused.</p>
  <input type="text" id="domains" name="domains" aria-describedby="domains-hint">
  <p><button type="submit">Create connection</button></p>
</div>`,
        html` aria-labelledby="create-heading"`
      )
    }`
  })

/** The tabs of a connection page. */
export type Tab = "overview" | "directory-sync" | "users" | "events"

const tabs = (c: Connections.EnterpriseConnection, current: Tab): Html => {
  const items: ReadonlyArray<[Tab, string, string]> = [
    ["overview", "Overview", ""],
    ["directory-sync", "Directory Sync", "directory-sync"],
    ["users", "Directory users", "users"],
    ["events", "Debug", "events"]
  ]
  return html`<nav class="tabs" aria-label="Connection"><ul>${
    items.map(([tab, label, path]) =>
      html`<li><a href="${connectionPath(c.id, path)}"${tab === current ? html` aria-current="page"` : html``}>${label}</a></li>`
    )
  }</ul></nav>`
}

const connectionPage = (frame: Frame, c: Connections.EnterpriseConnection, tab: Tab, title: string, body: Html): Html =>
  page(frame, {
    title: `${title} · ${c.name}`,
    nav: "connections",
    body: html`<p class="hint"><a href="${PAGE}/connections">SSO connections</a> / ${c.name}</p>
<h1>${c.name} <span class="hint">${protocolName[c.protocol]} · ${providerName[c.provider]}</span></h1>
${tabs(c, tab)}
${body}`
  })

// ---------------------------------------------------------------------------------------------- overview

/** What the overview shows. */
export interface OverviewData {
  readonly connection: Connections.EnterpriseConnection
  readonly active: number
  readonly deactivated: number
  readonly buckets: ReadonlyArray<Chart.Bucket>
  readonly lastEvent: DirectoryEvents.DirectoryEvent | undefined
  readonly backlog: { readonly pending: number; readonly failed: number }
}

/** The Overview tab. */
export const overview = (frame: Frame, d: OverviewData): Html => {
  const last = d.lastEvent
  return connectionPage(
    frame,
    d.connection,
    "overview",
    "Overview",
    html`<h2 class="visually-hidden">Summary</h2>
<ul class="cards">
  <li><span class="n" id="count-active">${d.active}</span> active users</li>
  <li><span class="n" id="count-deactivated">${d.deactivated}</span> deactivated users</li>
  <li><span class="n" id="backlog-pending">${d.backlog.pending}</span> webhooks waiting${
      d.backlog.failed > 0 ? html`<br><a href="${PAGE}/webhooks">${d.backlog.failed} failed</a>` : html``
    }<br><span class="hint">all endpoints</span></li>
  <li>Directory Sync: ${d.connection.directorySyncEnabled ? badge("active", "Enabled") : badge("neutral", "Off")}</li>
</ul>
<section aria-labelledby="last-heading" class="panel">
  <h2 id="last-heading">Last request from the IdP</h2>
  ${
      last === undefined
        ? html`<p>No SCIM request received yet.${
          d.connection.directorySyncEnabled ? html`` : html` <a href="${connectionPath(d.connection.id, "directory-sync")}">Enable Directory Sync</a> to start.`
        }</p>`
        : html`<p id="last-request"><code>${last.request.method} ${last.request.path}</code> → ${
          badge(last.outcome.status < 400 ? "ok" : "error", String(last.outcome.status))
        } ${time(last.timestamp, frame.now)} · <a href="${connectionPath(d.connection.id, `events/${last.id}`)}">${last.type}</a></p>`
    }
</section>
<section aria-labelledby="activity-heading">
  <h2 id="activity-heading">Provisioning activity (events per hour, UTC)</h2>
  ${Chart.render(d.buckets)}
</section>`
  )
}

// ------------------------------------------------------------------------------------------ directory sync

/** What the Directory Sync tab shows; `token` only right after enabling or rotating. */
export interface DirectorySyncData {
  readonly connection: Connections.EnterpriseConnection
  readonly status: DirectorySync.Status
  readonly scimBaseUrl: string
  readonly token?: { readonly value: string; readonly previousExpiresAt?: number | undefined } | undefined
  readonly error?: string | undefined
  readonly notice?: string | undefined
}

/** The Directory Sync tab. */
export const directorySync = (frame: Frame, d: DirectorySyncData): Html => {
  const c = d.connection
  const enabled = d.status.enabled
  const tokenText = d.token?.value ?? "the bearer token (shown once when you enable Directory Sync or rotate the token)"
  const tokenValue = d.token ? html`<code>${d.token.value}</code>` : html`<em>${tokenText}</em>`
  const base = html`<code>${d.scimBaseUrl}</code>`
  return connectionPage(
    frame,
    c,
    "directory-sync",
    "Directory Sync",
    html`${errorBox(d.error)}${d.notice ? html`<div class="notice" role="status">${d.notice}</div>` : html``}
<section class="panel" aria-labelledby="ds-heading">
  <h2 id="ds-heading">Directory Sync is ${enabled ? badge("active", "Enabled") : badge("neutral", "Off")}</h2>
  ${
      enabled
        ? html`<p>Okta or Entra ID provisions users into this connection over SCIM 2.0 with the values below.</p>
  <h3>SCIM base URL</h3>${copyField("scim-base-url", "SCIM base URL", d.scimBaseUrl)}
  <h3>Bearer token</h3>
  ${
          d.token
            ? html`<div class="secret" role="status"><p><strong>Copy the token now: it is shown only this once.</strong>${
              d.token.previousExpiresAt === undefined
                ? html``
                : html` The previous token keeps working until ${time(d.token.previousExpiresAt, frame.now)}.`
            }</p>${copyField("bearer-token", "Bearer token", d.token.value)}</div>`
            : html`<p>Hidden: tokens are stored hashed and shown only when created. ${
              d.status.tokens.length > 0
                ? html`Current: <code>${d.status.tokens.map((t) => `${t.prefix}…`).join(", ")}</code>, last used ${
                  time(d.status.tokens.at(-1)?.lastUsedAt ?? null, frame.now)
                }.`
                : html``
            } Rotate it to get a new one.</p>`
        }
  <div class="row">
    ${postForm(frame, `${connectionPath(c.id, "directory-sync/rotate")}`, html`<button type="submit" class="secondary">Rotate token</button>`)}
    ${postForm(frame, `${connectionPath(c.id, "directory-sync/disable")}`, html`<button type="submit" class="danger">Disable Directory Sync</button>`)}
  </div>
  <p class="hint">Disabling deletes every token: SCIM requests then get 401 until you enable it again.</p>`
        : html`<p>Turn it on to get a SCIM base URL and a bearer token for the customer's IdP.</p>
  ${postForm(frame, `${connectionPath(c.id, "directory-sync/enable")}`, html`<button type="submit">Enable Directory Sync</button>`)}`
    }
</section>
${
      enabled
        ? html`<section class="panel" aria-labelledby="okta-heading">
  <h2 id="okta-heading">Connect Okta</h2>
  <ol class="steps">
    <li>In the Okta Admin Console: <strong>Applications → Applications</strong>, open your app (or <strong>Browse App Catalog → SCIM 2.0 Test App (OAuth Bearer Token)</strong>).</li>
    <li><strong>General → App Settings → Edit</strong>: set <strong>Provisioning</strong> to <strong>SCIM</strong>, save.</li>
    <li><strong>Provisioning → Integration → Edit</strong>: <strong>SCIM connector base URL</strong> = ${base}; <strong>Unique identifier field for users</strong> = <code>userName</code>; actions <em>Push New Users</em>, <em>Push Profile Updates</em>, <em>Push Groups</em>; <strong>Authentication Mode</strong> = <em>HTTP Header</em>; <strong>Authorization</strong> = ${tokenValue}.</li>
    <li><strong>Test Connector Configuration</strong>, then <strong>Save</strong>.</li>
    <li><strong>Provisioning → To App → Edit</strong>: enable <em>Create Users</em>, <em>Update User Attributes</em>, <em>Deactivate Users</em>.</li>
    <li><strong>Assignments</strong>: assign people or groups; they appear under <a href="${connectionPath(c.id, "users")}">Directory users</a>.</li>
  </ol>
</section>
<section class="panel" aria-labelledby="entra-heading">
  <h2 id="entra-heading">Connect Microsoft Entra ID</h2>
  <ol class="steps">
    <li>Entra admin center: <strong>Enterprise applications → New application → Create your own application</strong> (non-gallery).</li>
    <li><strong>Provisioning → Get started</strong>, <strong>Provisioning Mode</strong> = <em>Automatic</em>.</li>
    <li><strong>Admin Credentials</strong>: <strong>Tenant URL</strong> = ${base}; <strong>Secret Token</strong> = ${tokenValue}; <strong>Test Connection</strong>, <strong>Save</strong>.</li>
    <li><strong>Mappings</strong>: keep <em>Provision Microsoft Entra ID Users</em>; <code>userPrincipalName → userName</code> is the matching attribute.</li>
    <li><strong>Users and groups</strong>: assign, then <strong>Start provisioning</strong> (or <em>Provision on demand</em> for one user now).</li>
  </ol>
</section>`
        : html``
    }`
  )
}

// ----------------------------------------------------------------------------------------- directory users

/** What the Directory users tab shows. */
export interface UsersData {
  readonly connection: Connections.EnterpriseConnection
  readonly list: ReadonlyArray<ScimUsers.DirectoryUser>
  readonly total: number
  readonly offset: number
  readonly limit: number
  readonly status: "active" | "deactivated" | undefined
  readonly search: string
}

/** The Directory users tab. */
export const directoryUsers = (frame: Frame, d: UsersData): Html => {
  const c = d.connection
  const href = (offset: number) => `${connectionPath(c.id, "users")}${query({ status: d.status, q: d.search, offset })}`
  return connectionPage(
    frame,
    c,
    "users",
    "Directory users",
    html`<form method="get" action="${connectionPath(c.id, "users")}" class="row panel" role="search">
  <div><label for="status">Status</label>
  <select id="status" name="status">
    <option value=""${d.status === undefined ? html` selected` : html``}>All</option>
    <option value="active"${d.status === "active" ? html` selected` : html``}>Active</option>
    <option value="deactivated"${d.status === "deactivated" ? html` selected` : html``}>Deactivated</option>
  </select></div>
  <div><label for="q">Search</label>
  <input type="search" id="q" name="q" value="${d.search}" placeholder="userName or e-mail"></div>
  <div><button type="submit">Apply</button></div>
</form>
<table id="directory-users">
  <caption>${d.total} directory user${d.total === 1 ? "" : "s"}${d.status ? ` (${d.status})` : ""}${d.search ? html` matching “${d.search}”` : html``}</caption>
  <thead><tr><th scope="col">User</th><th scope="col">E-mail</th><th scope="col">Status</th><th scope="col">Last synced</th></tr></thead>
  <tbody>${
      d.list.length === 0
        ? html`<tr><td colspan="4">No directory users${d.status || d.search ? " match" : " yet"}.</td></tr>`
        : d.list.map((u) =>
          html`<tr data-user-id="${u.userId}"><td><a href="${connectionPath(c.id, `users/${u.userId}`)}">${u.userName}</a></td><td>${u.email ?? ""}</td><td>${
            badge(u.status)
          }</td><td>${time(u.lastSyncedAt, frame.now)}</td></tr>`
        )
    }</tbody>
</table>
${pager(href, { offset: d.offset, limit: d.limit, total: d.total, shown: d.list.length })}`
  )
}

/** What the user page shows. */
export interface UserData {
  readonly connection: Connections.EnterpriseConnection
  readonly user: Users.User
  readonly resource: Record<string, unknown> | undefined
  readonly sessions: ReadonlyArray<Sessions.Session>
  readonly events: ReadonlyArray<DirectoryEvents.DirectoryEvent>
}

/** A user's page: attributes, the SCIM resource, sessions and recent events. */
export const userPage = (frame: Frame, d: UserData): Html => {
  const u = d.user
  const c = d.connection
  const name = [u.firstName, u.lastName].filter((x) => x !== null && x !== "").join(" ")
  return connectionPage(
    frame,
    c,
    "users",
    u.username ?? u.id,
    html`<p class="hint"><a href="${connectionPath(c.id, "users")}">Directory users</a> / ${u.username ?? u.id}</p>
<h2>${u.username ?? u.id} ${badge(u.deactivated ? "deactivated" : "active")}</h2>
<section class="panel" aria-labelledby="attrs-heading">
<h3 id="attrs-heading">Attributes</h3>
<dl class="facts" id="user-attributes">
  <dt>User ID</dt><dd><code>${u.id}</code></dd>
  <dt>Name</dt><dd id="user-name">${name}</dd>
  <dt>Username</dt><dd>${u.username ?? ""}</dd>
  <dt>E-mail addresses</dt><dd>${u.emailAddresses.map((e) => html`${e.email}${e.primary ? " (primary)" : ""}<br>`)}</dd>
  <dt>External ID</dt><dd>${u.externalId ?? ""}</dd>
  <dt>SCIM ID</dt><dd><code>${u.directory?.scimId ?? "deleted"}</code></dd>
  <dt>Public metadata</dt><dd><code>${JSON.stringify(u.publicMetadata)}</code></dd>
  <dt>Created</dt><dd>${time(u.createdAt, frame.now)}</dd>
  <dt>Updated</dt><dd>${time(u.updatedAt, frame.now)}</dd>
</dl>
</section>
<section aria-labelledby="sessions-heading">
<h3 id="sessions-heading">Sessions</h3>
<table id="sessions">
  <caption>${d.sessions.length} session${d.sessions.length === 1 ? "" : "s"}</caption>
  <thead><tr><th scope="col">Session</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Revoked</th><th scope="col">Reason</th></tr></thead>
  <tbody>${
      d.sessions.length === 0
        ? html`<tr><td colspan="5">No sessions.</td></tr>`
        : d.sessions.map((s) =>
          html`<tr><td><code>${s.id}</code></td><td>${badge(s.status)}</td><td>${time(s.createdAt, frame.now)}</td><td>${
            s.revokedAt === null ? "" : time(s.revokedAt, frame.now)
          }</td><td>${s.revokeReason ?? ""}</td></tr>`
        )
    }</tbody>
</table>
</section>
<section aria-labelledby="resource-heading">
<h3 id="resource-heading">SCIM resource as last received</h3>
${
      d.resource === undefined
        ? html`<p>The SCIM resource was deleted by the IdP; the application user is kept, deactivated.</p>`
        : html`<pre id="scim-resource">${JSON.stringify(d.resource, null, 2)}</pre>`
    }
</section>
<section aria-labelledby="user-events-heading">
<h3 id="user-events-heading">Recent directory events</h3>
${eventsTable(frame, c, d.events)}
</section>`
  )
}

// -------------------------------------------------------------------------------------------------- debug

/** Parses an event type from a query value. */
export const eventType = (s: string | undefined): DirectoryEvents.EventType | undefined =>
  DirectoryEvents.eventTypes.find((t) => t === s)

const eventsTable = (
  frame: Frame,
  c: Connections.EnterpriseConnection,
  list: ReadonlyArray<DirectoryEvents.DirectoryEvent>
): Html =>
  html`<table class="events">
  <thead><tr><th scope="col">Time</th><th scope="col">Type</th><th scope="col">Request</th><th scope="col">Outcome</th><th scope="col">Event</th></tr></thead>
  <tbody>${
    list.length === 0
      ? html`<tr><td colspan="5">No events.</td></tr>`
      : list.map((e) =>
        html`<tr${e.outcome.status >= 400 ? html` class="failed-row"` : html``}><td>${time(e.timestamp, frame.now)}</td><td>${e.type}</td><td><code>${e.request.method} ${e.request.path}</code></td><td>${
          badge(e.outcome.status < 400 ? "ok" : "error", String(e.outcome.status))
        }</td><td><a href="${connectionPath(c.id, `events/${e.id}`)}">${e.id}</a></td></tr>`
      )
  }</tbody>
</table>`

/** What the Debug tab shows. */
export interface EventsData {
  readonly connection: Connections.EnterpriseConnection
  readonly list: ReadonlyArray<DirectoryEvents.DirectoryEvent>
  readonly total: number
  readonly offset: number
  readonly limit: number
  readonly type: DirectoryEvents.EventType | undefined
}

/** The Debug tab: directory events with a type filter and paging. */
export const events = (frame: Frame, d: EventsData): Html => {
  const c = d.connection
  return connectionPage(
    frame,
    c,
    "events",
    "Debug",
    html`<form method="get" action="${connectionPath(c.id, "events")}" class="row panel">
  <div><label for="type">Event type</label>
  <select id="type" name="type"><option value="">All types</option>${
      DirectoryEvents.eventTypes.map((t) => html`<option value="${t}"${d.type === t ? html` selected` : html``}>${t}</option>`)
    }</select></div>
  <div><button type="submit">Filter</button></div>
</form>
<p>${d.total} event${d.total === 1 ? "" : "s"}${d.type ? ` of type ${d.type}` : ""}, newest first.</p>
${eventsTable(frame, c, d.list)}
${pager((o) => `${connectionPath(c.id, "events")}${query({ type: d.type, offset: o })}`, { ...d, shown: d.list.length })}`
  )
}

/** One directory event: facts, fix-ups, diff, payload. */
export const event = (frame: Frame, c: Connections.EnterpriseConnection, e: DirectoryEvents.DirectoryEvent): Html => {
  const changes = e.diff ? Diff.diff(e.diff.before, e.diff.after) : []
  const payload = JSON.stringify(
    { method: e.request.method, path: e.request.path, query: e.request.query, body: e.request.body },
    null,
    2
  )
  return connectionPage(
    frame,
    c,
    "events",
    e.type,
    html`<p class="hint"><a href="${connectionPath(c.id, "events")}">Debug</a> / ${e.id}</p>
<h2>${e.type}</h2>
<section class="panel" aria-label="Event facts">
<dl class="facts">
  <dt>event_id</dt><dd>${copyField("event-id", "Event ID", e.id)}</dd>
  <dt>timestamp</dt><dd id="event-timestamp">${time(e.timestamp, frame.now)}</dd>
  <dt>type</dt><dd id="event-type">${e.type}</dd>
  <dt>outcome</dt><dd id="event-outcome">${badge(e.outcome.status < 400 ? "ok" : "error", String(e.outcome.status))}${
      e.outcome.scimType ? html` <code>${e.outcome.scimType}</code>` : html``
    }${e.outcome.detail ? html` ${e.outcome.detail}` : html``}</dd>
  <dt>user</dt><dd>${
      e.userId === null ? "—" : html`<a href="${connectionPath(c.id, `users/${e.userId}`)}"><code>${e.userId}</code></a>`
    }</dd>
  <dt>request</dt><dd><code>${e.request.method} ${e.request.path}${e.request.query ? `?${e.request.query}` : ""}</code></dd>
</dl>
</section>
<section aria-labelledby="fixups-heading">
<h3 id="fixups-heading">Fix-ups applied</h3>
${
      e.fixups.length === 0
        ? html`<p>None: the request was used as sent.</p>`
        : html`<ul id="fixups">${e.fixups.map((f) => html`<li><code>${f.code}</code>: ${f.message}</li>`)}</ul>`
    }
</section>
<section aria-labelledby="diff-heading">
<h3 id="diff-heading">Before and after</h3>
${
      e.diff === null
        ? html`<p>No diff for this event type.</p>`
        : changes.length === 0
        ? html`<p>Nothing changed.</p>`
        : html`<table class="diff" id="diff"><thead><tr><th scope="col">Attribute</th><th scope="col">Before</th><th scope="col">After</th></tr></thead><tbody>${
          changes.map((ch) =>
            html`<tr><th scope="row"><code>${ch.path}</code> <span class="hint">${ch.kind}</span></th><td class="${
              ch.before === undefined ? "" : "removed"
            }"><code>${ch.before ?? ""}</code></td><td class="${ch.after === undefined ? "" : "added"}"><code>${ch.after ?? ""}</code></td></tr>`
          )
        }</tbody></table>`
    }
</section>
<section aria-labelledby="payload-heading">
<h3 id="payload-heading">Payload as the IdP sent it <span class="hint">(secrets redacted)</span></h3>
<p><button type="button" class="secondary" data-copy="payload" data-copy-label="Payload">Copy payload</button></p>
<pre id="payload" tabindex="0" aria-labelledby="payload-heading">${payload}</pre>
</section>`
  )
}

// ----------------------------------------------------------------------------------------------- webhooks

/** What the webhooks page shows. */
export interface WebhooksData {
  readonly endpoints: ReadonlyArray<Webhooks.Endpoint>
  readonly messages: ReadonlyArray<Outbox.Message>
  readonly attempts: ReadonlyArray<Webhooks.DeliveryAttempt>
  readonly backlog: { readonly pending: number; readonly failed: number }
  readonly created?: { readonly endpoint: Webhooks.Endpoint } | undefined
  readonly error?: string | undefined
  readonly notice?: string | undefined
}

/** The webhooks page: endpoints, recent messages (with retry) and delivery attempts. */
export const webhooks = (frame: Frame, d: WebhooksData): Html =>
  page(frame, {
    title: "Webhooks",
    nav: "webhooks",
    body: html`<h1>Webhooks</h1>
${errorBox(d.error)}${d.notice ? html`<div class="notice" role="status">${d.notice}</div>` : html``}
${
      d.created
        ? html`<div class="secret" role="status"><p><strong>Endpoint added. Copy its signing secret now: it is shown only this once.</strong></p>${
          copyField("webhook-secret", "Signing secret", d.created.endpoint.secret)
        }</div>`
        : html``
    }
<ul class="cards"><li><span class="n" id="webhook-pending">${d.backlog.pending}</span> waiting to be delivered</li><li><span class="n" id="webhook-failed">${d.backlog.failed}</span> failed after every retry</li></ul>
<table id="endpoints">
  <caption>Endpoints</caption>
  <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody>${
      d.endpoints.length === 0
        ? html`<tr><td colspan="4">No endpoints yet.</td></tr>`
        : d.endpoints.map((e) =>
          html`<tr><td><code>${e.url}</code><br><span class="hint">${e.id}</span></td><td>${e.events === null ? "all" : e.events.join(", ")}</td><td>${
            time(e.createdAt, frame.now)
          }</td><td>${
            postForm(
              frame,
              `${PAGE}/webhooks/${encodeURIComponent(e.id)}/delete`,
              html`<button type="submit" class="danger">Delete<span class="visually-hidden"> ${e.url}</span></button>`
            )
          }</td></tr>`
        )
    }</tbody>
</table>
<h2 id="add-heading">Add an endpoint</h2>
${
      postForm(
        frame,
        `${PAGE}/webhooks`,
        html`<div class="panel"><label for="url">URL</label>
<input type="url" id="url" name="url" required placeholder="https://app.example.com/webhooks/dirsync">
<fieldset><legend>Events <span class="hint">(none checked: all)</span></legend>
${
          ["user.created", "user.updated", "session.revoked", "group.created", "group.updated", "group.deleted"].map((t) =>
            html`<label class="inline"><input type="checkbox" name="events" value="${t}"> ${t}</label> `
          )
        }</fieldset>
<p><button type="submit">Add endpoint</button></p></div>`,
        html` aria-labelledby="add-heading"`
      )
    }
<h2>Recent messages</h2>
<table id="messages">
  <thead><tr><th scope="col">Message</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Next attempt</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody>${
      d.messages.length === 0
        ? html`<tr><td colspan="6">No messages.</td></tr>`
        : d.messages.map((m) =>
          html`<tr${m.status === "failed" ? html` class="failed-row"` : html``}><td><code>${m.id}</code></td><td>${m.eventType}</td><td>${badge(m.status)}</td><td>${m.attempts}</td><td>${
            m.nextAttemptAt === null ? "" : time(m.nextAttemptAt, frame.now)
          }</td><td>${
            m.status === "delivered"
              ? html``
              : postForm(
                frame,
                `${PAGE}/webhooks/messages/${encodeURIComponent(m.id)}/retry`,
                html`<button type="submit" class="secondary">Retry now<span class="visually-hidden"> ${m.id}</span></button>`
              )
          }</td></tr>`
        )
    }</tbody>
</table>
<h2>Recent delivery attempts</h2>
<table id="attempts">
  <thead><tr><th scope="col">Time</th><th scope="col">Message</th><th scope="col">Attempt</th><th scope="col">Status</th><th scope="col">Error</th><th scope="col">Duration</th></tr></thead>
  <tbody>${
      d.attempts.length === 0
        ? html`<tr><td colspan="6">No attempts yet.</td></tr>`
        : d.attempts.map((a) => {
          const ok = a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300
          return html`<tr${ok ? html`` : html` class="failed-row"`}><td>${time(a.timestamp, frame.now)}</td><td><code>${a.messageId}</code></td><td>${a.attempt}</td><td>${
            badge(ok ? "ok" : "error", a.statusCode === null ? "no answer" : String(a.statusCode))
          }</td><td>${a.error ?? ""}</td><td>${a.durationMillis} ms</td></tr>`
        })
    }</tbody>
</table>`
  })

/** A plain message page (not found, server error). */
export const message = (frame: Frame, title: string, text: string): Html =>
  page(frame, { title, body: html`<h1>${title}</h1><p>${text}</p><p><a href="${PAGE}/connections">Back to SSO connections</a></p>` })
