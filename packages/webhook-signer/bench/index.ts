/**
 * Sign and verify throughput against `standardwebhooks`, `svix` (v1) and a `node:crypto` `createHmac`
 * floor, on the same 1 KiB and 64 KiB bodies, in one process, in interleaved rounds.
 *
 * Ours is asynchronous and is measured two ways: with BATCH calls in flight (`Promise.all`, as a server
 * signing many deliveries uses it; Web Crypto's worker threads then share the work) and one call at a time
 * (`await` in a loop). The peers are synchronous and are measured in a plain loop. Next to throughput the
 * bench prints the event loop's busy time per operation (from `performance.eventLoopUtilization`), which is
 * what a call costs the rest of the server. Each figure is the median of the interleaved rounds, which keeps
 * a busy machine's spikes out of the ratios.
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { performance } from "node:perf_hooks"
import { Webhook as StandardWebhook } from "standardwebhooks"
import { Webhook as SvixWebhook } from "svix"
import { Secret, WebhookSigner, WebhookVerifier } from "../src/index.js"
import { JS_MAX_BYTES } from "../src/internal/core.js"

const ROUNDS = 10
const ROUND_MS = 100
const BATCH = 32

const secret = Secret.generate({ bytes: 32 })
const key = Buffer.from(secret.slice("whsec_".length), "base64")
const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"

/** A JSON body of exactly `size` bytes (ASCII). */
const makeBody = (size: number): string => {
  const shell = JSON.stringify({ type: "user.updated", timestamp: 1674087231000, data: { note: "" } })
  return JSON.stringify({ type: "user.updated", timestamp: 1674087231000, data: { note: "x".repeat(size - shell.length) } })
}

type Runner = { readonly name: string; readonly run: (n: number) => Promise<void> | void; readonly ops: number }

interface Case {
  readonly label: string
  readonly runners: ReadonlyArray<Runner>
}

const sync = (name: string, op: () => unknown): Runner => ({
  name,
  ops: 1,
  run: (n) => {
    for (let i = 0; i < n; i++) op()
  }
})

const concurrent = (name: string, op: () => Promise<unknown>): Runner => ({
  name,
  ops: BATCH,
  run: async (n) => {
    const batch = new Array<Promise<unknown>>(BATCH)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < BATCH; j++) batch[j] = op()
      await Promise.all(batch)
    }
  }
})

const sequential = (name: string, op: () => Promise<unknown>): Runner => ({
  name,
  ops: 1,
  run: async (n) => {
    for (let i = 0; i < n; i++) await op()
  }
})

const problems: Array<string> = []

const check = (label: string, peer: string, ok: boolean) => {
  if (!ok) problems.push(`${label}: ${peer} gave a different answer from ours`)
}

const buildCases = async (size: number): Promise<ReadonlyArray<Case>> => {
  const body = makeBody(size)
  if (body.length !== size) throw new Error(`body is ${body.length} bytes, not ${size}`)
  const timestamp = Math.floor(Date.now() / 1000)
  const date = new Date(timestamp * 1000)
  const message = { id, timestamp, body }
  const std = new StandardWebhook(secret)
  const svix = new SvixWebhook(secret)
  const content = `${id}.${timestamp}.${body}`
  const nodeSign = () => "v1," + createHmac("sha256", key).update(content).digest("base64")

  const ours = await WebhookSigner.signature(message, secret)
  const headers = await WebhookSigner.sign(message, { secrets: secret })
  const plain = { ...headers }
  check(`sign ${size}`, "standardwebhooks", std.sign(id, date, body) === ours)
  check(`sign ${size}`, "svix", svix.sign(id, date, body) === ours)
  check(`sign ${size}`, "node:crypto", nodeSign() === ours)
  check(`verify ${size}`, "standardwebhooks", std.verify(body, plain, { jsonParse: false }) === undefined)
  check(`verify ${size}`, "svix", typeof svix.verify(body, plain) === "object")
  check(`verify ${size}`, "ours", (await WebhookVerifier.verify({ body, headers }, { secrets: secret })).id === id)

  const expected = Buffer.from(ours.slice(3), "base64")
  const nodeVerify = () => {
    const received = Buffer.from(plain["webhook-signature"]!.slice(3), "base64")
    const mac = createHmac("sha256", key).update(content).digest()
    if (!timingSafeEqual(received, mac) || !timingSafeEqual(mac, expected)) throw new Error("mismatch")
  }
  const sizeLabel = size >= 1024 ? `${size / 1024} KiB` : `${size} B`
  return [
    {
      label: `sign ${sizeLabel}`,
      runners: [
        concurrent(`ours (${BATCH} in flight)`, () => WebhookSigner.signature(message, secret)),
        sequential("ours (one at a time)", () => WebhookSigner.signature(message, secret)),
        sync("standardwebhooks", () => std.sign(id, date, body)),
        sync("svix", () => svix.sign(id, date, body)),
        sync("node:crypto createHmac", nodeSign)
      ]
    },
    {
      label: `verify ${sizeLabel}`,
      runners: [
        concurrent(`ours (${BATCH} in flight)`, () => WebhookVerifier.verify({ body, headers }, { secrets: secret })),
        sequential("ours (one at a time)", () => WebhookVerifier.verify({ body, headers }, { secrets: secret })),
        sync("standardwebhooks", () => std.verify(body, plain, { jsonParse: false })),
        sync("svix (parses JSON)", () => svix.verify(body, plain)),
        sync("node:crypto createHmac", nodeVerify)
      ]
    }
  ]
}

interface Sample {
  readonly perSecond: number
  /** Event-loop busy time per operation, in microseconds. */
  readonly loopMicros: number
}

/** Runs `runner` for about `ms`. */
const timed = async (runner: Runner, ms: number): Promise<Sample> => {
  let iterations = 1
  let ops = 0
  const loop = performance.eventLoopUtilization()
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    await runner.run(iterations)
    ops += iterations * runner.ops
    elapsed = performance.now() - start
    if (elapsed < ms / 4) iterations *= 2
  }
  const busy = performance.eventLoopUtilization(loop).active
  return { perSecond: (ops / elapsed) * 1000, loopMicros: (busy * 1000) / ops }
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const format = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 }).padStart(11)

const main = async () => {
  console.log("@dirsync/webhook-signer bench — Standard Webhooks v1 (HMAC-SHA256), one 32-byte secret")
  console.log(
    `Node ${process.version}; ${ROUNDS} interleaved rounds of ~${ROUND_MS} ms per runner; the median round's ops/s is shown.`
  )
  console.log(
    `"ours (${BATCH} in flight)": ${BATCH} concurrent calls per batch, as a server signing many deliveries calls it;\n` +
      `"ours (one at a time)": each call awaited before the next.\n` +
      `Signed content up to ${JS_MAX_BYTES} bytes is MACed in JavaScript from cached pad states, longer content with\n` +
      `crypto.subtle on Web Crypto's worker threads: the 1 KiB rows measure the former, the 64 KiB rows the latter.\n` +
      `"loop µs/op" is the event loop's busy time per operation: what a call costs the rest of the process.\n` +
      `Peers are synchronous loops; node:crypto is the native floor, not a portable option.\n` +
      `standardwebhooks verify runs with jsonParse: false; svix v1 verify always JSON.parses the body.\n`
  )
  for (const size of [1024, 64 * 1024]) {
    for (const testCase of await buildCases(size)) {
      const samples = testCase.runners.map(() => [] as Array<Sample>)
      for (const runner of testCase.runners) await timed(runner, 30) // warm up
      for (let round = 0; round < ROUNDS; round++) {
        // rotate the order each round so no runner always goes first
        for (let k = 0; k < testCase.runners.length; k++) {
          const index = (k + round) % testCase.runners.length
          samples[index]!.push(await timed(testCase.runners[index]!, ROUND_MS))
        }
      }
      const rates = samples.map((runs) => median(runs.map((run) => run.perSecond)))
      const loop = samples.map((runs) => median(runs.map((run) => run.loopMicros)))
      const ours = rates[0]!
      console.log(`${testCase.label}${" ".repeat(38 - testCase.label.length)}ops/s  loop µs/op`)
      testCase.runners.forEach((runner, i) => {
        const rate = rates[i]!
        const ratio = i === 0 ? "" : `   ours is ${(ours / rate).toFixed(2)}x`
        console.log(`  ${runner.name.padEnd(26)} ${format(rate)} ${loop[i]!.toFixed(2).padStart(11)}${ratio}`)
      })
      console.log("")
    }
  }
  if (problems.length > 0) {
    console.log("Wrong answers:")
    for (const problem of problems) console.log(`  ${problem}`)
  } else {
    console.log("All peers agreed with ours on every signature and verification.")
  }
}

await main()
