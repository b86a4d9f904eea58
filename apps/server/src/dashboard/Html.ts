/**
 * Safe HTML for the dashboard: one escaping rule for everything. Templates are written with the
 * {@link html} tag; every interpolated value is escaped unless it is already {@link Html} (the output of
 * another template), so text from an IdP, a user or the database can never become markup.
 *
 * @module
 */

const HtmlTypeId: unique symbol = Symbol.for("@dirsync/server/dashboard/Html")

/** A fragment of HTML that is safe to insert as is (built by {@link html} or {@link raw}). */
export interface Html {
  readonly [HtmlTypeId]: typeof HtmlTypeId
  readonly value: string
}

/** What a template accepts: text (escaped), numbers, fragments, lists of those; `null`/`undefined`/`false` render nothing. */
export type Interpolation = Html | string | number | boolean | null | undefined | ReadonlyArray<Interpolation>

const make = (value: string): Html => ({ [HtmlTypeId]: HtmlTypeId, value })

/** Whether a value is an {@link Html} fragment. */
export const isHtml = (u: unknown): u is Html => typeof u === "object" && u !== null && HtmlTypeId in u

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "`": "&#96;" }

/**
 * Escapes text for an HTML element body or a quoted attribute value.
 *
 * @example
 * import { escape } from "./Html.js"
 * escape("<img src=x onerror=alert(1)>") // "&lt;img src=x onerror=alert(1)&gt;"
 */
export const escape = (text: string): string => text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]!)

const render = (value: Interpolation): string => {
  if (value === null || value === undefined || value === false || value === true) return ""
  if (typeof value === "number") return escape(String(value))
  if (typeof value === "string") return escape(value)
  if (isHtml(value)) return value.value
  return value.map(render).join("")
}

/**
 * The template tag: literal parts are kept, interpolations escaped (fragments inserted as they are).
 *
 * @example
 * import { html, toString } from "./Html.js"
 * toString(html`<td>${"<b>"}</td>`) // "<td>&lt;b&gt;</td>"
 */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<Interpolation>): Html => {
  let out = strings[0] ?? ""
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "")
  return make(out)
}

/**
 * Trusted markup written by this module's callers (never data): used for constant snippets only.
 *
 * @example
 * import { raw } from "./Html.js"
 * raw("<br>")
 */
export const raw = (markup: string): Html => make(markup)

/**
 * The final string of a fragment.
 *
 * @example
 * import { html, toString } from "./Html.js"
 * toString(html`<p>${1}</p>`) // "<p>1</p>"
 */
export const toString = (fragment: Html): string => fragment.value

/**
 * Joins fragments with a separator.
 *
 * @example
 * import { html, join } from "./Html.js"
 * join([html`<a>`, html`<b>`], html`, `)
 */
export const join = (items: ReadonlyArray<Interpolation>, separator: Html = make("")): Html =>
  make(items.map(render).join(separator.value))
