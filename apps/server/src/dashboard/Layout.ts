/**
 * The dashboard's page frame: document head with the inline stylesheet and the copy-button script (both
 * carrying the response's CSP nonce), the header with navigation and sign-out, and small shared pieces
 * (badges, times, pagination, copy fields, CSRF fields).
 *
 * @module
 */
import { type Html, html, type Interpolation, raw } from "./Html.js"

/** What every page needs from the request. */
export interface Frame {
  /** The CSP nonce of this response. */
  readonly nonce: string
  /** The CSRF token of the session (absent on the sign-in page). */
  readonly csrf?: string | undefined
  /** The current time, for "5 min ago". */
  readonly now: number
}

const STYLE = `
:root{color-scheme:light;--fg:#111827;--muted:#4b5563;--line:#d1d5db;--accent:#1d4ed8;--bg:#f9fafb}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:2}
header.top{display:flex;align-items:center;gap:24px;padding:10px 24px;background:#111827;color:#fff}
header.top a{color:#fff}
header.top .brand{font-weight:700;text-decoration:none;font-size:17px}
header.top nav ul{display:flex;gap:16px;list-style:none;margin:0;padding:0}
header.top nav a[aria-current=page]{text-decoration-thickness:3px}
header.top form{margin-left:auto}
main{max-width:1100px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:24px;margin:8px 0 16px}h2{font-size:18px;margin:24px 0 8px}
.tabs ul{display:flex;gap:4px;list-style:none;margin:0 0 20px;padding:0;border-bottom:1px solid var(--line)}
.tabs a{display:block;padding:8px 14px;text-decoration:none;color:var(--muted);border-bottom:3px solid transparent}
.tabs a[aria-current=page]{color:var(--fg);border-bottom-color:var(--accent);font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}
caption{text-align:left;font-weight:600;padding:6px 0}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:#f3f4f6;font-size:13px}
td code,dd code{word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:13px;font-weight:600}
.badge.active,.badge.delivered,.badge.ok{background:#dcfce7;color:#14532d}
.badge.deactivated,.badge.revoked,.badge.failed,.badge.error{background:#fee2e2;color:#7f1d1d}
.badge.pending,.badge.ended,.badge.neutral{background:#e5e7eb;color:#1f2937}
.failed-row{background:#fef2f2}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin:0 0 16px;padding:0;list-style:none}
.cards li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px}
.cards .n{font-size:26px;font-weight:700;display:block}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 16px}
label{display:block;font-weight:600;margin:10px 0 4px}
.hint{color:var(--muted);font-size:13px;margin:2px 0}
input[type=text],input[type=password],input[type=url],input[type=search],select{font:inherit;padding:6px 8px;border:1px solid #6b7280;border-radius:6px;min-width:260px;background:#fff;color:var(--fg)}
button,.button{font:inherit;padding:6px 14px;border-radius:6px;border:1px solid #1e3a8a;background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:var(--accent);border-color:var(--accent)}
button.danger{background:#b91c1c;border-color:#7f1d1d}
.inline{display:inline}
label.inline{font-weight:400;margin-right:10px}
.row{display:flex;gap:12px;align-items:flex-end;flex-wrap:wrap}
.row label{margin-top:0}
.copy{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.copy code{background:#f3f4f6;border:1px solid var(--line);border-radius:6px;padding:6px 8px;font-size:14px}
.secret{border:2px solid #a16207;background:#fffbeb;border-radius:8px;padding:12px;margin:0 0 16px}
.error-box{border:2px solid #b91c1c;background:#fef2f2;border-radius:8px;padding:10px 12px;margin:0 0 16px}
.notice{border:1px solid #15803d;background:#f0fdf4;border-radius:8px;padding:10px 12px;margin:0 0 16px}
pre{background:#0f172a;color:#e2e8f0;padding:12px;border-radius:8px;overflow:auto;font-size:13px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.facts dt{font-weight:600;color:var(--muted)}dl.facts dd{margin:0}
.pager{display:flex;gap:16px;align-items:center;margin:10px 0}
.chart>svg{width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:8px}
.legend{display:flex;gap:14px;flex-wrap:wrap;list-style:none;padding:0;margin:6px 0}
.legend svg{vertical-align:-1px}
.panel>h2:first-child,.panel>h3:first-child{margin-top:0}
.failure-note{color:#7f1d1d}
.diff .removed{background:#fee2e2}.diff .added{background:#dcfce7}
ol.steps li{margin:4px 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`

const SCRIPT = `
(function(){
  var status=document.getElementById("copy-status");
  function say(t){if(status){status.textContent="";setTimeout(function(){status.textContent=t},10)}}
  document.addEventListener("click",function(e){
    var b=e.target.closest&&e.target.closest("button[data-copy]");if(!b)return;
    var el=document.getElementById(b.getAttribute("data-copy"));if(!el)return;
    var text=el.textContent||"";var what=b.getAttribute("data-copy-label")||"Value";
    function fallback(){var r=document.createRange();r.selectNodeContents(el);var s=getSelection();s.removeAllRanges();s.addRange(r);
      try{document.execCommand("copy");say(what+" copied to the clipboard")}catch(x){say("Press Ctrl+C to copy the selected "+what.toLowerCase())}}
    if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(function(){say(what+" copied to the clipboard")},fallback)}else{fallback()}
  });
})();
`

/**
 * A whole page.
 *
 * @example
 * import { page } from "./Layout.js"
 * import { html } from "./Html.js"
 * page({ nonce: "n", now: 0 }, { title: "Connections", body: html`<p>Hi</p>` })
 */
export const page = (
  frame: Frame,
  options: { readonly title: string; readonly body: Html; readonly nav?: "connections" | "webhooks" | undefined }
): Html =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} · dirsync</title>
<style nonce="${frame.nonce}">${raw(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/dashboard">dirsync</a>
  ${
    frame.csrf === undefined ? html`` : html`<nav aria-label="Main"><ul>
    <li><a href="/dashboard/connections"${options.nav === "connections" ? html` aria-current="page"` : html``}>SSO connections</a></li>
    <li><a href="/dashboard/webhooks"${options.nav === "webhooks" ? html` aria-current="page"` : html``}>Webhooks</a></li>
  </ul></nav>
  <form method="post" action="/dashboard/sign-out">${csrfField(frame)}<button type="submit" class="secondary">Sign out</button></form>`
  }
</header>
<main id="main">
${options.body}
</main>
<div id="copy-status" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${frame.nonce}">${raw(SCRIPT)}</script>
</body>
</html>`

/** The hidden CSRF field of a form. */
export const csrfField = (frame: Frame): Html => html`<input type="hidden" name="_csrf" value="${frame.csrf ?? ""}">`

/** A POST form with its CSRF field. */
export const postForm = (frame: Frame, action: string, body: Interpolation, attrs: Html = html``): Html =>
  html`<form method="post" action="${action}"${attrs}>${csrfField(frame)}${body}</form>`

/** A status badge (text carries the meaning; colour only repeats it). */
export const badge = (status: string, label?: string): Html => {
  const text = label ?? status.charAt(0).toUpperCase() + status.slice(1)
  return html`<span class="badge ${status.replace(/[^a-z]/g, "")}">${text}</span>`
}

/** `2025-01-31 12:00:00 UTC` */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")

/** "5 min ago", or "in 5 min" for a time ahead. */
export const ago = (ms: number, now: number): string => {
  const future = ms > now + 1000
  const s = Math.round(Math.abs(now - ms) / 1000)
  const span = s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : s < 86400 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 86400)} d`
  return future ? `in ${span}` : `${span} ago`
}

/** A `<time>` element with the absolute time as text and the relative time beside it. */
export const time = (ms: number | null, now: number): Html =>
  ms === null ? html`<span>never</span>` : html`<time datetime="${new Date(ms).toISOString()}">${isoTime(ms)}</time> <span class="hint">(${ago(ms, now)})</span>`

/** A value with a copy button; the live region announces the copy. */
export const copyField = (id: string, label: string, value: string): Html =>
  html`<div class="copy"><code id="${id}">${value}</code><button type="button" class="secondary" data-copy="${id}" data-copy-label="${label}">Copy<span class="visually-hidden"> ${label.toLowerCase()}</span></button></div>`

/** Previous/next links for an offset page. */
export const pager = (
  href: (offset: number) => string,
  p: { readonly offset: number; readonly limit: number; readonly total: number; readonly shown: number }
): Html => {
  if (p.total === 0) return html``
  const from = p.shown === 0 ? 0 : p.offset + 1
  return html`<nav class="pager" aria-label="Pages">
  <span>Showing ${from}–${p.offset + p.shown} of ${p.total}</span>
  ${p.offset > 0 ? html`<a href="${href(Math.max(0, p.offset - p.limit))}" rel="prev">Previous page</a>` : html``}
  ${p.offset + p.limit < p.total ? html`<a href="${href(p.offset + p.limit)}" rel="next">Next page</a>` : html``}
</nav>`
}

/** A query string from defined, non-empty values. */
export const query = (params: Record<string, string | number | undefined>): string => {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "" && v !== 0) q.set(k, String(v))
  const s = q.toString()
  return s === "" ? "" : `?${s}`
}
