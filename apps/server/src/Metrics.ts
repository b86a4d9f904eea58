/**
 * Prometheus metrics: a small in-process registry of counters, gauges and histograms rendered in the
 * Prometheus text exposition format (version 0.0.4) at `GET /metrics`.
 *
 * Metrics kept: `dirsync_http_requests_total{route,method,status}`,
 * `dirsync_http_request_duration_seconds{route}` (histogram), `dirsync_provisioning_operations_total{resource,operation,outcome}`,
 * `dirsync_webhook_deliveries_total{outcome}`, `dirsync_webhook_delivery_duration_seconds` (histogram),
 * `dirsync_outbox_depth` (gauge, read from the database at scrape time), `dirsync_rate_limited_total`.
 *
 * @module
 */
import { Context, Effect, Layer } from "effect"

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

type Labels = Readonly<Record<string, string>>

interface Family {
  readonly name: string
  readonly help: string
  readonly type: "counter" | "gauge" | "histogram"
  readonly series: Map<string, { labels: Labels; value: number; buckets?: number[]; sum?: number; count?: number }>
}

const labelKey = (labels: Labels): string =>
  Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(",")

const escapeLabel = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')

const renderLabels = (labels: Labels, extra?: Labels): string => {
  const all = { ...labels, ...extra }
  const keys = Object.keys(all)
  if (keys.length === 0) return ""
  return `{${keys.map((k) => `${k}="${escapeLabel(all[k] ?? "")}"`).join(",")}}`
}

/** A registry of metric families. */
export class Registry {
  private readonly families = new Map<string, Family>()
  private readonly gauges = new Map<string, () => Promise<number> | number>()

  private family(name: string, help: string, type: Family["type"]): Family {
    let f = this.families.get(name)
    if (!f) {
      f = { name, help, type, series: new Map() }
      this.families.set(name, f)
    }
    return f
  }

  /** Adds `by` (default 1) to a counter. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const f = this.family(name, help, "counter")
    const key = labelKey(labels)
    const s = f.series.get(key)
    if (s) s.value += by
    else f.series.set(key, { labels, value: by })
  }

  /** Records one observation in a histogram. */
  observe(name: string, help: string, labels: Labels, value: number): void {
    const f = this.family(name, help, "histogram")
    const key = labelKey(labels)
    let s = f.series.get(key)
    if (!s) {
      s = { labels, value: 0, buckets: DEFAULT_BUCKETS.map(() => 0), sum: 0, count: 0 }
      f.series.set(key, s)
    }
    DEFAULT_BUCKETS.forEach((b, i) => {
      if (value <= b) s.buckets![i]! += 1
    })
    s.sum! += value
    s.count! += 1
  }

  /** Registers a gauge read at scrape time. */
  gauge(name: string, help: string, read: () => Promise<number> | number): void {
    this.family(name, help, "gauge")
    this.gauges.set(name, read)
  }

  /** Renders every family in the Prometheus text format. */
  async render(): Promise<string> {
    const lines: string[] = []
    for (const f of this.families.values()) {
      lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`)
      if (f.type === "gauge") {
        const read = this.gauges.get(f.name)
        let v = NaN
        try {
          v = read ? await read() : NaN
        } catch {
          v = NaN
        }
        lines.push(`${f.name} ${Number.isFinite(v) ? v : "NaN"}`)
        continue
      }
      for (const s of f.series.values()) {
        if (f.type === "counter") {
          lines.push(`${f.name}${renderLabels(s.labels)} ${s.value}`)
        } else {
          DEFAULT_BUCKETS.forEach((b, i) => {
            lines.push(`${f.name}_bucket${renderLabels(s.labels, { le: String(b) })} ${s.buckets![i]}`)
          })
          lines.push(`${f.name}_bucket${renderLabels(s.labels, { le: "+Inf" })} ${s.count}`)
          lines.push(`${f.name}_sum${renderLabels(s.labels)} ${s.sum}`)
          lines.push(`${f.name}_count${renderLabels(s.labels)} ${s.count}`)
        }
      }
    }
    return lines.join("\n") + "\n"
  }
}

/** The server's metrics registry as a service. */
export class Metrics extends Context.Tag("@dirsync/server/Metrics")<Metrics, Registry>() {
  /** A fresh registry. */
  static readonly layer = Layer.sync(Metrics, () => new Registry())
}

/** Counts one HTTP request and its latency. */
export const recordRequest = (registry: Registry, route: string, method: string, status: number, seconds: number) => {
  registry.inc("dirsync_http_requests_total", "HTTP requests by route, method and status", {
    route,
    method,
    status: String(status)
  })
  registry.observe("dirsync_http_request_duration_seconds", "HTTP request latency", { route }, seconds)
}

/** Counts one provisioning operation. */
export const recordOperation = (
  registry: Registry,
  resource: string,
  operation: string,
  outcome: "success" | "failure"
) =>
  registry.inc("dirsync_provisioning_operations_total", "SCIM provisioning operations by resource, operation and outcome", {
    resource,
    operation,
    outcome
  })

/** Counts one webhook delivery attempt. */
export const recordDelivery = (outcome: "delivered" | "failed", seconds: number) =>
  Effect.map(Metrics, (m) => {
    m.inc("dirsync_webhook_deliveries_total", "Webhook delivery attempts by outcome", { outcome })
    m.observe("dirsync_webhook_delivery_duration_seconds", "Webhook delivery attempt latency", {}, seconds)
  })
