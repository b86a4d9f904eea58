/**
 * The command line: `conformance`, `simulate`, `load` and `webhooks listen`, built with @effect/cli.
 * Each command checks the target first (a wrong URL or token stops it with a message saying what to
 * fix, exit code 2) and exits with 1 when a check fails.
 *
 * @module
 */
import { Args, Command, Options } from "@effect/cli"
import { Console, Data, Effect, Option, Redacted } from "effect"
import * as NodeFs from "node:fs"
import * as Conformance from "./Conformance.js"
import * as DirsyncAdmin from "./DirsyncAdmin.js"
import * as Load from "./Load.js"
import * as Progress from "./Progress.js"
import * as Report from "./Report.js"
import * as Simulate from "./Simulate.js"
import { normalizeBaseUrl, preflight, type Target, TargetError } from "./Target.js"
import * as WebhookReceiver from "./WebhookReceiver.js"

/** Some checks failed (exit code 1). */
export class ChecksFailed extends Data.TaggedError("ChecksFailed")<{ readonly message: string }> {}

/** The target cannot be used: wrong URL, token, unreachable (exit code 2). */
export class TargetUnusable extends Data.TaggedError("TargetUnusable")<{ readonly message: string; readonly reason: string }> {}

const attempt = <A>(f: () => Promise<A>) =>
  Effect.tryPromise({
    try: f,
    catch: (e) =>
      e instanceof TargetError
        ? new TargetUnusable({ message: e.message, reason: e.reason })
        : new TargetUnusable({ message: e instanceof Error ? e.message : String(e), reason: "Error" })
  })

// Shared options

const baseUrl = Options.text("base-url").pipe(
  Options.withDescription("The SCIM base URL, e.g. http://localhost:8787/scim/v2/conn_123; no request goes anywhere else")
)
const token = Options.redacted("token").pipe(Options.withDescription("The bearer token (without the \"Bearer \" prefix)"))
const timeout = Options.integer("timeout").pipe(
  Options.withDefault(15_000),
  Options.withDescription("Timeout of one request in milliseconds")
)
const reportFormat = Options.choice("report", ["table", "json", "junit"]).pipe(
  Options.withDefault("table" as const),
  Options.withDescription("Report format; json and junit go to --out when given, else to standard output")
)
const out = Options.text("out").pipe(Options.optional, Options.withDescription("Write the report to this file"))

const targetOf = (url: string, secret: Redacted.Redacted<string>, timeoutMs: number): Effect.Effect<Target, TargetUnusable> =>
  attempt(async () => {
    const target: Target = { baseUrl: normalizeBaseUrl(url), token: Redacted.value(secret), timeoutMs }
    await preflight(target)
    return target
  })

const emit = (report: Report.Report, format: "table" | "json" | "junit", file: Option.Option<string>) =>
  Effect.gen(function*() {
    const rendered = format === "json" ? Report.json(report) : format === "junit" ? Report.junit(report) : Report.table(report)
    if (Option.isSome(file)) {
      yield* Effect.sync(() => NodeFs.writeFileSync(file.value, rendered + "\n"))
      if (format !== "table") yield* Console.log(Report.table(report, { color: process.stdout.isTTY === true }))
      yield* Console.log(`Report written to ${file.value}`)
    } else {
      yield* Console.log(format === "table" ? Report.table(report, { color: process.stdout.isTTY === true }) : rendered)
    }
    if (!Report.ok(report)) {
      const s = Report.summary(report)
      return yield* new ChecksFailed({ message: `${report.name}: ${s.failed} of ${s.total} checks failed` })
    }
  })

// conformance

const profile = Options.choice("profile", ["okta", "entra", "rfc", "all"]).pipe(
  Options.withDescription("Whose flows to replay: okta, entra, rfc (RFC 7643/7644 rules) or all")
)

/** `conformance --base-url URL --token T --profile okta|entra|rfc|all [--report json|junit] [--out FILE]` */
export const conformance = Command.make(
  "conformance",
  { baseUrl, token, profile, report: reportFormat, out, timeout },
  (o) =>
    Effect.gen(function*() {
      const target = yield* targetOf(o.baseUrl, o.token, o.timeout)
      const profiles = o.profile === "all" ? Conformance.profiles : [o.profile]
      const started = performance.now()
      const reports: Array<Report.Report> = []
      for (const p of profiles) reports.push(yield* attempt(() => Conformance.run(target, p)))
      const report: Report.Report = reports.length === 1
        ? reports[0]!
        : { name: "conformance all", checks: reports.flatMap((r) => r.checks), durationMs: performance.now() - started }
      yield* emit(report, o.report, o.out)
    })
).pipe(Command.withDescription("Replay Okta's, Entra's or the RFC's flows against a SCIM server and check every answer"))

// simulate

const idp = Args.choice([["okta", "okta" as const], ["entra", "entra" as const]], { name: "idp" }).pipe(
  Args.withDescription("The IdP to behave like")
)

/** `simulate okta|entra --users N --groups M [--webhooks PORT --admin-key K | --webhooks-secret S]` */
export const simulate = Command.make(
  "simulate",
  {
    idp,
    baseUrl,
    token,
    users: Options.integer("users").pipe(Options.withDefault(20), Options.withDescription("Users in the directory")),
    groups: Options.integer("groups").pipe(Options.withDefault(3), Options.withDescription("Groups pushed")),
    concurrency: Options.integer("concurrency").pipe(Options.withDefault(4), Options.withDescription("Requests in flight")),
    webhooks: Options.integer("webhooks").pipe(
      Options.optional,
      Options.withDescription("Check webhooks: listen on this port (0 picks one) and expect one event per change")
    ),
    webhooksHost: Options.text("webhooks-host").pipe(Options.withDefault("127.0.0.1"), Options.withDescription("Interface the receiver listens on")),
    webhooksUrl: Options.text("webhooks-url").pipe(
      Options.optional,
      Options.withDescription("The URL the server delivers to, when it is not the receiver's own (a tunnel, a proxy)")
    ),
    webhooksSecret: Options.redacted("webhooks-secret").pipe(
      Options.optional,
      Options.withDescription("The whsec_… secret of an endpoint you registered yourself")
    ),
    adminKey: Options.redacted("admin-key").pipe(
      Options.optional,
      Options.withDescription("dirsync only: register the receiver through the admin API (and remove it afterwards)")
    ),
    webhooksTimeout: Options.integer("webhooks-timeout").pipe(Options.withDefault(30_000), Options.withDescription("How long to wait for webhooks, ms")),
    report: reportFormat,
    out,
    timeout
  },
  (o) =>
    Effect.gen(function*() {
      const target = yield* targetOf(o.baseUrl, o.token, o.timeout)
      if (Option.isSome(o.webhooks) && Option.isNone(o.webhooksSecret) && Option.isNone(o.adminKey)) {
        return yield* new TargetUnusable({ reason: "Options", message: "--webhooks needs --webhooks-secret (an endpoint you registered) or --admin-key (dirsync registers one)" })
      }
      const run = (webhooks?: { receiver: WebhookReceiver.Receiver; timeoutMs: number }) =>
        attempt(() =>
          Simulate.run({
            target,
            idp: o.idp,
            users: o.users,
            groups: o.groups,
            concurrency: o.concurrency,
            progress: Progress.make(),
            ...(webhooks ? { webhooks } : {})
          })
        )
      if (Option.isNone(o.webhooks)) return yield* emit(yield* run(), o.report, o.out)
      const port = o.webhooks.value
      const report = yield* Effect.scoped(Effect.gen(function*() {
        const receiver = yield* Effect.acquireRelease(
          attempt(() => WebhookReceiver.start({ secret: Option.match(o.webhooksSecret, { onNone: () => [], onSome: Redacted.value }), port, host: o.webhooksHost })),
          (r) => Effect.promise(() => r.close())
        )
        const url = Option.getOrElse(o.webhooksUrl, () => receiver.url)
        if (Option.isSome(o.adminKey)) {
          const key = Redacted.value(o.adminKey.value)
          const endpoint = yield* Effect.acquireRelease(
            attempt(() => DirsyncAdmin.registerWebhook(target.baseUrl, key, url)),
            (e) => Effect.promise(() => DirsyncAdmin.deleteWebhook(target.baseUrl, key, e.id).catch(() => undefined))
          )
          receiver.setSecret(endpoint.secret)
          yield* Console.error(`Webhook receiver ${url} registered as ${endpoint.id}`)
        } else {
          yield* Console.error(`Webhook receiver listening on ${url}`)
        }
        const r = yield* run({ receiver, timeoutMs: o.webhooksTimeout })
        const s = receiver.stats()
        yield* Console.error(`Webhooks: ${s.deliveries} deliveries, ${s.verified} verified, ${s.duplicates} duplicates, ${s.rejected} rejected`)
        return r
      }))
      yield* emit(report, o.report, o.out)
    })
).pipe(Command.withDescription("Play a realistic directory lifecycle as Okta or Entra, then verify the server's state (and webhooks)"))

// load

/** `load --base-url URL --token T --concurrency C --requests N [--mix create,get,filter,patch,list]` */
export const load = Command.make(
  "load",
  {
    baseUrl,
    token,
    concurrency: Options.integer("concurrency").pipe(Options.withDefault(8), Options.withDescription("Requests in flight")),
    requests: Options.integer("requests").pipe(Options.withDefault(1000), Options.withDescription("Requests to send")),
    mix: Options.text("mix").pipe(Options.withDefault("create,get,filter,patch,list"), Options.withDescription("Operations, round-robin")),
    keep: Options.boolean("keep").pipe(Options.withDescription("Keep the users created (default: delete them)")),
    json: Options.boolean("json").pipe(Options.withDescription("Print the figures as JSON")),
    timeout
  },
  (o) =>
    Effect.gen(function*() {
      const mix = yield* Effect.try({ try: () => Load.parseMix(o.mix), catch: (e) => new TargetUnusable({ reason: "Options", message: (e as Error).message }) })
      const target = yield* targetOf(o.baseUrl, o.token, o.timeout)
      const result = yield* attempt(() =>
        Load.run({ target, concurrency: o.concurrency, requests: o.requests, mix, cleanup: !o.keep, progress: Progress.make() })
      )
      yield* Console.log(o.json ? JSON.stringify(result, null, 2) : Load.table(result))
      const failed = result.operations.filter((s) => s.errors > 0)
      if (failed.length > 0) {
        return yield* new ChecksFailed({ message: `load: unexpected answers for ${failed.map((s) => `${s.operation} (${s.errors})`).join(", ")}` })
      }
    })
).pipe(Command.withDescription("Bounded load with throughput and p50/p95/p99 per operation"))

// webhooks listen

/** `webhooks listen --port P --secret whsec_…` */
export const listen = Command.make(
  "listen",
  {
    port: Options.integer("port").pipe(Options.withDefault(8788), Options.withDescription("Port to listen on")),
    host: Options.text("host").pipe(Options.withDefault("127.0.0.1"), Options.withDescription("Interface to listen on")),
    secret: Options.redacted("secret").pipe(Options.withDescription("The endpoint's whsec_… signing secret")),
    out: Options.text("out").pipe(Options.optional, Options.withDescription("Append every verified event to this file as a JSON line")),
    json: Options.boolean("json").pipe(Options.withDescription("Print events as JSON lines"))
  },
  (o) =>
    Effect.scoped(Effect.gen(function*() {
      const file = Option.getOrUndefined(o.out)
      const receiver = yield* Effect.acquireRelease(
        attempt(() =>
          WebhookReceiver.start({
            secret: Redacted.value(o.secret),
            port: o.port,
            host: o.host,
            onEvent: (e) => {
              const line = JSON.stringify(e)
              if (file !== undefined) NodeFs.appendFileSync(file, line + "\n")
              console.log(o.json ? line : WebhookReceiver.formatEvent(e))
            },
            onRejected: (reason) => console.error(`rejected delivery: ${reason}`)
          })
        ),
        (r) =>
          Effect.promise(async () => {
            const s = r.stats()
            console.error(`\n${s.deliveries} deliveries, ${s.verified} verified, ${s.duplicates} duplicates dropped, ${s.rejected} rejected`)
            await r.close()
          })
      )
      yield* Console.error(`Listening on ${receiver.url}, verifying every delivery; Ctrl-C to stop`)
      return yield* Effect.never
    }))
).pipe(Command.withDescription("Receive webhooks: verify, de-duplicate by webhook-id, order by sequence, print or record"))

/** `webhooks …` */
export const webhooks = Command.make("webhooks").pipe(
  Command.withDescription("Webhook tools"),
  Command.withSubcommands([listen])
)

/** The `dirsync-harness` command. */
export const root = Command.make("dirsync-harness").pipe(
  Command.withDescription("Behave like Okta and Microsoft Entra ID against any SCIM 2.0 server"),
  Command.withSubcommands([conformance, simulate, load, webhooks])
)

/** Runs the CLI on `argv` (as `process.argv`). */
export const run = Command.run(root, { name: "dirsync-harness", version: "0.0.0" })
