/**
 * The webhook dispatcher: a background fibre that claims due outbox messages (one claimer per message
 * across every server process), signs each with @dirsync/webhook-signer (Standard Webhooks headers and the
 * same values under `svix-*`), POSTs it through {@link Send.post} (address checks at connection time, redirects
 * checked hop by hop, a timeout), and records the attempt; the outbox
 * schedules retries. A SCIM response never waits on it.
 *
 * @module
 */
import { Outbox } from "@dirsync/provisioning"
import { WebhookSigner } from "@dirsync/webhook-signer"
import { Clock, Duration, Effect, Layer, Schedule } from "effect"
import { ServerConfigTag } from "../Config.js"
import { Metrics, recordDelivery } from "../Metrics.js"
import * as Send from "./Send.js"

/** Sends one claimed message and records the attempt. */
export const deliver = (message: Outbox.Claimed) =>
  Effect.gen(function*() {
    const outbox = yield* Outbox.Outbox
    const config = yield* ServerConfigTag
    const started = yield* Clock.currentTimeMillis
    const result = yield* Effect.tryPromise(async (signal) => {
      const headers = await WebhookSigner.sign(
        { id: message.id, body: message.payload, timestamp: Math.floor(started / 1000) },
        { secrets: message.secret }
      )
      const answer = await Send.post(
        message.url,
        message.payload,
        { ...headers, "content-type": "application/json", "user-agent": "dirsync-webhooks/1.0" },
        { allowPrivate: config.allowPrivateWebhooks, timeoutMillis: config.webhookTimeoutMillis, signal }
      )
      return answer.status
    }).pipe(
      Effect.either,
      Effect.map((e) =>
        e._tag === "Right"
          ? { statusCode: e.right }
          : { error: String((e.left.error as Error | undefined)?.message ?? e.left.message) }
      )
    )
    const durationMillis = (yield* Clock.currentTimeMillis) - started
    const ok = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300
    yield* recordDelivery(ok ? "delivered" : "failed", durationMillis / 1000)
    yield* outbox.recordAttempt(message.id, { ...result, durationMillis }).pipe(Effect.ignore)
    yield* (ok ? Effect.logDebug("webhook delivered") : Effect.logWarning("webhook delivery failed")).pipe(
      Effect.annotateLogs({
        message_id: message.id,
        endpoint_id: message.endpointId,
        event_type: message.eventType,
        status_code: result.statusCode ?? null,
        error: result.error ?? null,
        duration_ms: durationMillis
      })
    )
  })

const BATCH = 50
const CONCURRENCY = 8

/**
 * How long a claim holds: long enough for the whole batch to be sent one wave of attempts after another, each
 * up to the attempt timeout, plus a margin. A shorter lease would let another process claim messages still
 * waiting in this batch; a much longer one would delay redelivery after a crash.
 *
 * @example
 * leaseMillis(15_000) // 120000
 */
export const leaseMillis = (timeoutMillis: number): number =>
  Math.ceil(BATCH / CONCURRENCY) * timeoutMillis + Math.max(5_000, timeoutMillis)

/** One dispatcher round: claims up to 50 due messages and sends them, 8 at a time. Returns how many. */
export const round = Effect.gen(function*() {
  const outbox = yield* Outbox.Outbox
  const config = yield* ServerConfigTag
  const claimed = yield* outbox.claim({ limit: BATCH, leaseMillis: leaseMillis(config.webhookTimeoutMillis) })
  yield* Effect.forEach(claimed, deliver, { concurrency: CONCURRENCY, discard: true })
  return claimed.length
})

/** The dispatcher as a scoped background fibre: polls every `DIRSYNC_WEBHOOK_POLL_MS`, sooner while busy. */
export const layer = Layer.scopedDiscard(
  Effect.gen(function*() {
    const config = yield* ServerConfigTag
    const loop = round.pipe(
      Effect.catchAllCause((cause) => Effect.logError("webhook dispatcher round failed", cause).pipe(Effect.as(0))),
      Effect.flatMap((n) => n > 0 ? Effect.void : Effect.sleep(Duration.millis(config.webhookPollMillis))),
      Effect.repeat(Schedule.forever),
      Effect.annotateLogs("component", "webhook-dispatcher")
    )
    yield* Effect.forkScoped(loop)
  })
)

/** Registers the outbox depth gauge (pending messages, read at scrape time). */
export const gauge = Layer.effectDiscard(
  Effect.gen(function*() {
    const metrics = yield* Metrics
    const outbox = yield* Outbox.Outbox
    const runtime = yield* Effect.runtime<never>()
    metrics.gauge("dirsync_outbox_depth", "Webhook messages waiting to be delivered", () =>
      Effect.runPromiseExit(outbox.list({ status: "pending", limit: 1 }).pipe(Effect.provide(runtime))).then((exit) =>
        exit._tag === "Success" ? exit.value.totalCount : NaN
      ))
  })
)
