/**
 * Throughput and correctness of PATCH application: the realistic Okta and Entra messages of
 * testdata/messages.ts applied with @dirsync/scim-patch and with the npm `scim-patch` package, in one
 * process, in interleaved rounds. Both leave the input untouched (`mutateDocument: false` for the peer).
 *
 * Run with `pnpm bench` in this package.
 */
import { Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"
import { scimPatch } from "scim-patch"
import { type Message, messages } from "../testdata/messages.js"
import { PatchOp } from "../src/index.js"

const ROUNDS = 15
/** Each batch runs about this long (the iteration count is calibrated per message and library). */
const BATCH_MS = 25

type Outcome = { readonly ok: true; readonly resource: unknown } | { readonly ok: false; readonly error: string }

const optionsOf = (message: Message): PatchOp.Options => ({
  schema: message.type === "User" ? Schemas.UserResource : Schemas.GroupResource
})

const ours = (message: Message, options: PatchOp.Options): Outcome => {
  const result = PatchOp.apply(message.resource, message.operations, options)
  return Either.isRight(result)
    ? { ok: true, resource: result.right.resource }
    : { ok: false, error: result.left.detail }
}

const PEER_OPTIONS = { mutateDocument: false, treatMissingAsAdd: true }

const peer = (message: Message): Outcome => {
  try {
    // scim-patch's types want its own resource shape; the messages are plain SCIM JSON
    const resource = scimPatch(message.resource as never, message.operations as never, PEER_OPTIONS)
    return { ok: true, resource }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) }
  }
}

/** Deep equality of JSON values, ignoring key order. */
const equal = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bs = b as Array<unknown>
    return a.length === bs.length && a.every((x, i) => equal(x, bs[i]))
  }
  const ak = Object.keys(a)
  const bk = Object.keys(b)
  return ak.length === bk.length &&
    ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal((a as never)[k], (b as never)[k]))
}

const verdict = (outcome: Outcome, expected: unknown): string =>
  !outcome.ok ? `fails: ${outcome.error}` : equal(outcome.resource, expected) ? "ok" : "WRONG RESULT"

const time = (run: () => void, n: number): number => {
  const start = performance.now()
  for (let i = 0; i < n; i++) run()
  return performance.now() - start
}

// --- correctness ---------------------------------------------------------------------------------------

console.log("Correctness against the RFC 7644 §3.5.2 / IdP-expected result\n")
const wrong: Array<string> = []
for (const message of messages) {
  const mine = verdict(ours(message, optionsOf(message)), message.expected)
  const got = peer(message)
  const theirs = verdict(got, message.expected)
  if (mine !== "ok") wrong.push(`@dirsync/scim-patch: ${message.name}: ${mine}`)
  if (theirs !== "ok") {
    wrong.push(`scim-patch: ${message.idp}: ${message.name}: ${theirs}`)
    if (got.ok) for (const line of differences(got.resource, message.expected)) wrong.push("    " + line)
  }
}

/** A short account of how a result differs from the expected resource, attribute by attribute. */
function differences(resource: unknown, expected: Record<string, unknown>): Array<string> {
  const out: Array<string> = []
  const r = resource as Record<string, unknown>
  const short = (u: unknown): string => {
    const text = JSON.stringify(u) ?? "absent"
    return text.length > 160 ? text.slice(0, 157) + "..." : text
  }
  for (const key of new Set([...Object.keys(r), ...Object.keys(expected)])) {
    const a = r[key]
    const b = expected[key]
    if (equal(a, b)) continue
    if (Array.isArray(a) && Array.isArray(b)) {
      const extra = a.filter((x) => !b.some((y) => equal(x, y)))
      const missing = b.filter((x) => !a.some((y) => equal(x, y)))
      out.push(`${key}: ${a.length} values, expected ${b.length}; extra ${short(extra)}; missing ${short(missing)}`)
    } else {
      out.push(`${key}: got ${short(a)}, expected ${short(b)}`)
    }
  }
  return out
}

for (const line of wrong) console.log("  " + line)
if (wrong.length === 0) console.log("  every result is right")

// --- throughput ----------------------------------------------------------------------------------------

// per message, the milliseconds of each round's batch (the median round is reported: robust to GC pauses
// that one library's garbage causes during the other's turn)
const totals = new Map<string, { ours: Array<number>; peer: Array<number> }>()
for (const message of messages) totals.set(message.name, { ours: [], peer: [] })
const prepared = messages.map((message) => {
  const options = optionsOf(message)
  const runOurs = () => ours(message, options)
  const runPeer = () => peer(message)
  return { message, runOurs, runPeer, nOurs: calibrate(runOurs), nPeer: calibrate(runPeer) }
})

/** How many runs take about {@link BATCH_MS} (after a warm-up). */
function calibrate(run: () => void): number {
  let n = 1
  for (;;) {
    const ms = time(run, n)
    if (ms >= BATCH_MS / 4) return Math.max(1, Math.round((n * BATCH_MS) / ms))
    n *= 2
  }
}

// per message, the runs per second of each round (the median round is reported: robust to GC pauses
// that one library's garbage causes during the other's turn)
for (let round = 0; round < ROUNDS; round++) {
  for (const p of prepared) {
    const total = totals.get(p.message.name)!
    const a = () => total.ours.push((p.nOurs * 1000) / time(p.runOurs, p.nOurs))
    const b = () => total.peer.push((p.nPeer * 1000) / time(p.runPeer, p.nPeer))
    if (round % 2 === 0) {
      a()
      b()
    } else {
      b()
      a()
    }
  }
}

const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US").padStart(11)

console.log(`\nThroughput (${ROUNDS} interleaved rounds of ~${BATCH_MS} ms per message and library, median round)\n`)
console.log(`${"message".padEnd(82)} ${"ours op/s".padStart(11)} ${"scim-patch".padStart(11)}  ratio`)
let oursSeconds = 0
let peerSeconds = 0
for (const message of messages) {
  const total = totals.get(message.name)!
  const mine = median(total.ours)
  const theirs = median(total.peer)
  oursSeconds += 1 / mine
  peerSeconds += 1 / theirs
  const flag = verdict(peer(message), message.expected) === "ok" ? "" : "  (scim-patch result wrong)"
  console.log(
    `${(message.idp + ": " + message.name).slice(0, 82).padEnd(82)} ${fmt(mine)} ${fmt(theirs)}  ${
      (mine / theirs).toFixed(2)
    }×${flag}`
  )
}
console.log(
  `\n${"all messages, one of each (corpus applications/s)".padEnd(82)} ${fmt(1 / oursSeconds)} ${
    fmt(1 / peerSeconds)
  }  ${(peerSeconds / oursSeconds).toFixed(2)}×  (target ≥ 1.50×)`
)
