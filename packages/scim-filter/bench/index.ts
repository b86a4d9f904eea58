/**
 * Parse and evaluation throughput of @dirsync/scim-filter against scim2-parse-filter and SCIMMY on the
 * same inputs, in one process, in interleaved rounds. Also prints where a peer's answer is wrong.
 */
import { Schemas } from "@dirsync/scim-schema"
import { Either } from "effect"
import * as S2 from "scim2-parse-filter"
import SCIMMY from "scimmy"
import { Filter } from "../src/index.js"
import { evaluationFilters, generateUsers, parseCorpus, TOLERATED } from "./corpus.js"

const ROUNDS = 5
const ROUND_MS = 300

interface Contender {
  readonly name: string
  readonly run: () => number // returns the number of operations done
}

/** Interleaved rounds (the order rotates each round); returns operations per second per contender. */
const race = (contenders: ReadonlyArray<Contender>): Map<string, number> => {
  const ops = new Map(contenders.map((c) => [c.name, 0]))
  const time = new Map(contenders.map((c) => [c.name, 0]))
  for (const c of contenders) c.run() // warm up
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + round) % contenders.length]!
      const start = performance.now()
      let done = 0
      while (performance.now() - start < ROUND_MS) done += c.run()
      time.set(c.name, time.get(c.name)! + performance.now() - start)
      ops.set(c.name, ops.get(c.name)! + done)
    }
  }
  return new Map(contenders.map((c) => [c.name, (ops.get(c.name)! / time.get(c.name)!) * 1000]))
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(14)
const report = (title: string, results: Map<string, number>, ours: string) => {
  console.log(`\n${title}`)
  const base = results.get(ours)!
  for (const [name, rate] of results) {
    const ratio = name === ours ? "" : `   ours is ${(base / rate).toFixed(1)}x`
    console.log(`  ${name.padEnd(22)} ${fmt(rate)} ops/s${ratio}`)
  }
}

const attempt = <A>(f: () => A): A | "error" => {
  try {
    return f()
  } catch {
    return "error"
  }
}

// --- parse -------------------------------------------------------------------------------------------

const corpus = parseCorpus()
const accepts = {
  "@dirsync/scim-filter": (t: string) => Either.isRight(Filter.parse(t, { strict: true })),
  "scim2-parse-filter": (t: string) => attempt(() => S2.parse(t)) !== "error",
  "scimmy": (t: string) => attempt(() => new SCIMMY.Types.Filter(t)) !== "error"
}
const common = corpus.filter((t) => Object.values(accepts).every((accept) => accept(t)))
console.log(`Parse corpus: ${corpus.length} filters (RFC 7644 examples, Okta and Entra ID lookups); ${common.length} accepted by all.`)
for (const [name, accept] of Object.entries(accepts)) {
  const rejected = corpus.filter((t) => !accept(t))
  if (rejected.length > 0) console.log(`  ${name} rejects ${rejected.length} valid filters, e.g. ${rejected[0]}`)
}
console.log("What Okta/Entra ID send beyond the strict grammar:")
for (const t of TOLERATED) {
  const ours = Either.isRight(Filter.parse(t)) ? "parsed" : "REJECTED"
  const s2 = accepts["scim2-parse-filter"](t) ? "parsed" : "rejected"
  const sc = accepts.scimmy(t) ? "parsed" : "rejected"
  console.log(`  ${t.padEnd(58)} ours: ${ours}, scim2-parse-filter: ${s2}, scimmy: ${sc}`)
}

report(
  "Parse throughput (filters/s, same corpus):",
  race([
    { name: "@dirsync/scim-filter", run: () => { for (const t of common) Filter.parse(t); return common.length } },
    { name: "scim2-parse-filter", run: () => { for (const t of common) S2.parse(t); return common.length } },
    { name: "scimmy", run: () => { for (const t of common) new SCIMMY.Types.Filter(t); return common.length } }
  ]),
  "@dirsync/scim-filter"
)

// --- evaluation --------------------------------------------------------------------------------------

const users = generateUsers(10_000)
const filters = evaluationFilters(users)
const ours = filters.map(([t]) => Filter.compile(Filter.unsafeParse(t), Schemas.UserResource))
const s2 = filters.map(([t]) => S2.filter(S2.parse(t)))
const scimmy = filters.map(([t]) => new SCIMMY.Types.Filter(t))

console.log(`\nEvaluation: ${filters.length} filters over ${users.length.toLocaleString("en-US")} generated users (matches per filter):`)
console.log(`  ${"filter".padEnd(70)} ${"ours".padStart(6)} ${"s2pf".padStart(6)} ${"scimmy".padStart(6)}`)
const wrong: Array<string> = []
filters.forEach(([t, rule], i) => {
  const a = users.filter(ours[i]!).length
  const b = attempt(() => users.filter(s2[i]!).length)
  const c = attempt(() => scimmy[i]!.match(users).length)
  const mark = (n: number | "error") => (n === a ? String(n) : `${n}!`).padStart(6)
  console.log(`  ${t.slice(0, 70).padEnd(70)} ${String(a).padStart(6)} ${mark(b)} ${mark(c)}`)
  if (b !== a) wrong.push(`  scim2-parse-filter on ${t}: ${b} instead of ${a} (${rule})`)
  if (c !== a) wrong.push(`  scimmy on ${t}: ${c} instead of ${a} (${rule})`)
})
if (wrong.length > 0) {
  console.log("Wrong answers from peers (\"!\" above):")
  for (const line of wrong) console.log(line)
}

const scimmyWorks = scimmy.map((f) => attempt(() => f.match(users.slice(0, 10))) !== "error")
report(
  "Evaluation throughput (user x filter evaluations/s, same filters and users):",
  race([
    {
      name: "@dirsync/scim-filter",
      run: () => {
        for (const p of ours) users.filter(p)
        return users.length * ours.length
      }
    },
    {
      name: "scim2-parse-filter",
      run: () => {
        for (const p of s2) users.filter(p)
        return users.length * s2.length
      }
    },
    {
      name: "scimmy",
      run: () => {
        let n = 0
        scimmy.forEach((f, i) => {
          if (scimmyWorks[i]) {
            f.match(users)
            n += users.length
          }
        })
        return n
      }
    }
  ]),
  "@dirsync/scim-filter"
)
if (scimmyWorks.includes(false)) console.log("  (scimmy: filters it throws on are left out of its figure)")
