/**
 * The server's log output: Effect's JSON log lines (`Logger.json` format), written to stdout in batches.
 *
 * Every request writes an access-log line; writing each one with its own synchronous `console.log` costs a
 * system call per line, and when stdout is a pipe whose reader falls behind, the whole server stalls on it.
 * Lines are instead queued and written together once the current burst of work is done (`setImmediate`),
 * and whatever is still queued is written when the process exits.
 *
 * @module
 */
import { Logger } from "effect"

const pending: Array<string> = []

const flush = (): void => {
  if (pending.length === 0) return
  const text = pending.join("\n") + "\n"
  pending.length = 0
  process.stdout.write(text)
}

let hooked = false

/**
 * A logger writing `Logger.json` lines to stdout in batches.
 *
 * @example
 * Effect.logInfo("hello").pipe(Effect.provide(Log.layer))
 */
export const batchedJson: Logger.Logger<unknown, void> = Logger.map(Logger.jsonLogger, (line) => {
  if (!hooked) {
    hooked = true
    process.once("exit", flush)
  }
  pending.push(line)
  if (pending.length === 1) setImmediate(flush)
})

/** Replaces the default logger with {@link batchedJson}. */
export const layer = Logger.replace(Logger.defaultLogger, batchedJson)
