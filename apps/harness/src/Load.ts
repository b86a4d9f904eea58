/**
 * Bounded load: `requests` SCIM requests, at most `concurrency` in flight, spread over a mix of
 * operations (create, get by id, filter by userName, pathless PATCH, a page of 100), with the latency of
 * every request. A few users are created first (not measured) so reads and PATCHes have targets.
 *
 * @module
 */
import { filterQuery, randomHex } from "./internal/flow.js"
import { mapPool } from "./internal/pool.js"
import * as Progress from "./Progress.js"
import { type Exchange, send, type Target } from "./Target.js"

/** The operations `load` can generate. */
export type Operation = "create" | "get" | "filter" | "patch" | "list"

/** Every operation, in report order. */
export const operations: ReadonlyArray<Operation> = ["create", "get", "filter", "patch", "list"]

/** Options of `run`. */
export interface Options {
  readonly target: Target
  readonly concurrency: number
  readonly requests: number
  /** The operations, in round-robin order (default all). */
  readonly mix?: ReadonlyArray<Operation>
  /** Users created before measuring, targets of get/filter/patch (default min(100, requests)). */
  readonly seedUsers?: number
  /** Delete what was created afterwards (default true). */
  readonly cleanup?: boolean
  readonly progress?: Progress.Progress
}

/** Figures of one operation. */
export interface Stats {
  readonly operation: Operation
  readonly requests: number
  /** Answers that were not 2xx (429 counted separately). */
  readonly errors: number
  readonly rateLimited: number
  /** Requests of this operation per second of the whole run. */
  readonly perSecond: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  /** The first unexpected answer, for the report. */
  readonly firstError?: string
}

/** The result of a run. */
export interface Result {
  readonly durationMs: number
  readonly requests: number
  readonly perSecond: number
  readonly operations: ReadonlyArray<Stats>
}

/**
 * The value below which `q` of the sorted samples fall (nearest rank).
 *
 * @example
 * percentile([1, 2, 3, 4], 0.5) // 2
 */
export const percentile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!

/**
 * Parses `--mix`: a comma-separated list of operations.
 *
 * @example
 * parseMix("create,get") // ["create", "get"]
 */
export const parseMix = (input: string): ReadonlyArray<Operation> => {
  const parts = input.split(",").map((s) => s.trim()).filter((s) => s !== "")
  for (const p of parts) {
    if (!(operations as ReadonlyArray<string>).includes(p)) {
      throw new Error(`Cannot parse mix "${input}": unknown operation "${p}" (expected ${operations.join(", ")})`)
    }
  }
  if (parts.length === 0) throw new Error(`Cannot parse mix "${input}": name at least one operation`)
  return parts as Array<Operation>
}

const user = (userName: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  name: { givenName: "Load", familyName: "Test" },
  emails: [{ primary: true, value: userName, type: "work" }],
  active: true
})

/**
 * Runs the load and returns per-operation throughput and latency percentiles.
 *
 * @example
 * const result = await Load.run({ target: { baseUrl, token }, concurrency: 16, requests: 2000, mix: ["get"] })
 * result.operations[0].p99
 */
export const run = async (options: Options): Promise<Result> => {
  const target = options.target
  const mix = options.mix ?? operations
  const progress = options.progress ?? Progress.silent
  const tag = randomHex(6)
  const seedCount = Math.max(1, options.seedUsers ?? Math.min(100, options.requests))
  const seeds: Array<{ id: string; userName: string }> = []
  const created: Array<string> = []
  progress.phase("seed users", seedCount)
  await mapPool(Array.from({ length: seedCount }, (_, i) => i), options.concurrency, async (i) => {
    const userName = `load-${tag}-seed-${i}@example.com`
    const ex = await send(target, { method: "POST", path: "/Users", body: user(userName) })
    if (ex.status === 201) {
      seeds.push({ id: String(ex.json.id), userName })
      created.push(String(ex.json.id))
    }
    progress.tick()
  })
  if (seeds.length === 0) throw new Error("Cannot seed users for the load: every create failed")

  const samples = new Map<Operation, Array<number>>(mix.map((op) => [op, []]))
  const errors = new Map<Operation, { count: number; rateLimited: number; first?: string }>(mix.map((op) => [op, { count: 0, rateLimited: 0 }]))
  let counter = 0
  const request = (op: Operation, i: number): Promise<Exchange> => {
    const seed = seeds[i % seeds.length]!
    switch (op) {
      case "create":
        return send(target, { method: "POST", path: "/Users", body: user(`load-${tag}-${i}@example.com`) })
      case "get":
        return send(target, { path: `/Users/${seed.id}` })
      case "filter":
        return send(target, { path: `/Users${filterQuery(`userName eq "${seed.userName}"`)}` })
      case "patch":
        return send(target, {
          method: "PATCH",
          path: `/Users/${seed.id}`,
          body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { "name.givenName": `G${counter++}` } }] }
        })
      case "list":
        return send(target, { path: "/Users?startIndex=1&count=100" })
    }
  }
  progress.phase("load", options.requests)
  const started = performance.now()
  await mapPool(Array.from({ length: options.requests }, (_, i) => i), options.concurrency, async (i) => {
    const op = mix[i % mix.length]!
    const ex = await request(op, i)
    samples.get(op)!.push(ex.ms)
    if (op === "create" && ex.status === 201) created.push(String(ex.json.id))
    if (ex.status < 200 || ex.status > 299) {
      const e = errors.get(op)!
      if (ex.status === 429) e.rateLimited++
      else e.count++
      e.first ??= `${ex.request.method} ${ex.request.url} -> ${ex.status} ${ex.text.slice(0, 200)}`
    }
    progress.tick()
  })
  const durationMs = performance.now() - started
  if (options.cleanup ?? true) {
    progress.phase("clean up", created.length)
    await mapPool(created, options.concurrency, async (id) => {
      await send(target, { method: "DELETE", path: `/Users/${id}` })
      progress.tick()
    })
  }
  progress.done()
  return {
    durationMs,
    requests: options.requests,
    perSecond: options.requests / (durationMs / 1000),
    operations: mix.filter((op, i) => mix.indexOf(op) === i).map((op) => {
      const sorted = [...samples.get(op)!].sort((a, b) => a - b)
      const e = errors.get(op)!
      return {
        operation: op,
        requests: sorted.length,
        errors: e.count,
        rateLimited: e.rateLimited,
        perSecond: sorted.length / (durationMs / 1000),
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        p99: percentile(sorted, 0.99),
        ...(e.first === undefined ? {} : { firstError: e.first })
      }
    })
  }
}

/** A table of the figures: operation, requests, errors, req/s, p50/p95/p99 in milliseconds. */
export const table = (result: Result): string => {
  const rows = [["operation", "requests", "errors", "429", "req/s", "p50 ms", "p95 ms", "p99 ms"]]
  for (const s of result.operations) {
    rows.push([s.operation, String(s.requests), String(s.errors), String(s.rateLimited), s.perSecond.toFixed(0), s.p50.toFixed(1), s.p95.toFixed(1), s.p99.toFixed(1)])
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  const lines = rows.map((r) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join("  "))
  lines.push("", `${result.requests} requests in ${(result.durationMs / 1000).toFixed(2)} s: ${result.perSecond.toFixed(0)} req/s`)
  for (const s of result.operations) if (s.firstError) lines.push(`first error (${s.operation}): ${s.firstError}`)
  return lines.join("\n")
}
