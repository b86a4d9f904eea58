/**
 * The provisioning activity chart: directory events per hour by type over the last 24 hours, drawn as an
 * inline SVG (stacked bars, failures in red and listed first) with the same numbers as a table for screen
 * readers. No scripts, no external services.
 *
 * @module
 */
import { type Html, html } from "./Html.js"

/** One hour of activity: counts by event type. */
export interface Bucket {
  readonly start: number
  readonly counts: Readonly<Record<string, number>>
}

const HOUR = 60 * 60 * 1000

/** Event types in drawing order (bottom to top) with their colours (all at least 3:1 against white). */
export const series: ReadonlyArray<{ readonly type: string; readonly label: string; readonly color: string }> = [
  { type: "scim.provisioning_failed", label: "failed", color: "#b91c1c" },
  { type: "scim.user.created", label: "user created", color: "#15803d" },
  { type: "scim.user.patched", label: "user updated", color: "#1d4ed8" },
  { type: "scim.user.deleted", label: "user deleted", color: "#7e22ce" },
  { type: "scim.group.created", label: "group created", color: "#0f766e" },
  { type: "scim.group.patched", label: "group updated", color: "#a16207" },
  { type: "scim.group.deleted", label: "group deleted", color: "#4b5563" }
]

/**
 * Counts events into `hours` hourly buckets ending with the hour that contains `now` (oldest first);
 * older events are left out.
 *
 * @example
 * import { buckets } from "./Chart.js"
 * buckets([{ type: "scim.user.created", timestamp: 0 }], 0, 24).at(-1)?.counts["scim.user.created"] // 1
 */
export const buckets = (
  events: ReadonlyArray<{ readonly type: string; readonly timestamp: number }>,
  now: number,
  hours = 24
): ReadonlyArray<Bucket> => {
  const last = Math.floor(now / HOUR) * HOUR
  const first = last - (hours - 1) * HOUR
  const out = Array.from({ length: hours }, (_, i) => ({ start: first + i * HOUR, counts: {} as Record<string, number> }))
  for (const e of events) {
    if (e.timestamp < first) continue
    const i = Math.min(hours - 1, Math.floor((e.timestamp - first) / HOUR))
    const counts = out[i]!.counts
    counts[e.type] = (counts[e.type] ?? 0) + 1
  }
  return out
}

const hourLabel = (ms: number) => new Date(ms).toISOString().slice(11, 16)
const total = (b: Bucket) => Object.values(b.counts).reduce((a, n) => a + n, 0)

/**
 * The chart and its table.
 *
 * @example
 * import { buckets, render } from "./Chart.js"
 * render(buckets([], Date.now()))
 */
export const render = (data: ReadonlyArray<Bucket>): Html => {
  const width = 720
  const height = 200
  const left = 36
  const bottom = 24
  const top = 8
  const max = Math.max(1, ...data.map(total))
  const plotH = height - bottom - top
  const slot = (width - left) / Math.max(1, data.length)
  const barW = Math.max(4, slot - 6)
  const ticks = [0, Math.ceil(max / 2), max].filter((v, i, a) => a.indexOf(v) === i)
  const failures = data.reduce((a, b) => a + (b.counts["scim.provisioning_failed"] ?? 0), 0)
  const all = data.reduce((a, b) => a + total(b), 0)
  const bars = data.map((b, i) => {
    let y = height - bottom
    const x = left + i * slot + (slot - barW) / 2
    const rects = series.map((s) => {
      const n = b.counts[s.type] ?? 0
      if (n === 0) return html``
      const h = (n / max) * plotH
      y -= h
      const failed = s.type === "scim.provisioning_failed"
      return html`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"${
        failed ? html` stroke="#450a0a" stroke-width="1.5"` : html``
      }><title>${hourLabel(b.start)} UTC: ${n} ${s.label}</title></rect>`
    })
    const label = i % 3 === 0
      ? html`<text x="${(x + barW / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle" font-size="10" fill="#374151">${hourLabel(b.start)}</text>`
      : html``
    return html`${rects}${label}`
  })
  const grid = ticks.map((t) => {
    const y = height - bottom - (t / max) * plotH
    return html`<line x1="${left}" x2="${width}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#d1d5db"/><text x="${left - 6}" y="${(y + 3).toFixed(1)}" text-anchor="end" font-size="10" fill="#374151">${t}</text>`
  })
  const used = series.filter((s) => data.some((b) => (b.counts[s.type] ?? 0) > 0))
  const legend = (used.length > 0 ? used : series.slice(0, 3)).map((s) =>
    html`<li><svg width="12" height="12" aria-hidden="true" focusable="false"><rect width="12" height="12" fill="${s.color}"/></svg> ${s.label}</li>`
  )
  const rows = data.filter((b) => total(b) > 0).map((b) =>
    html`<tr${(b.counts["scim.provisioning_failed"] ?? 0) > 0 ? html` class="failed-row"` : html``}><th scope="row">${hourLabel(b.start)} UTC</th>${
      series.map((s) => html`<td>${b.counts[s.type] ?? 0}</td>`)
    }</tr>`
  )
  return html`<figure class="chart">
  <svg id="activity-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title" focusable="false">
    <title id="chart-title">Directory events per hour, last 24 hours: ${all} in total, ${failures} failed</title>
    ${grid}${bars}
  </svg>
  <figcaption><ul class="legend">${legend}</ul>${
    failures > 0 ? html`<p class="failure-note"><strong>${failures} failed request${failures === 1 ? "" : "s"}</strong> in the last 24 hours (red).</p>` : html``
  }</figcaption>
  <details><summary>Show the numbers as a table</summary>
    <table><caption>Directory events per hour (UTC)</caption>
      <thead><tr><th scope="col">Hour</th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
      <tbody>${rows.length > 0 ? rows : html`<tr><td colspan="${series.length + 1}">No events in the last 24 hours.</td></tr>`}</tbody>
    </table>
  </details>
</figure>`
}
