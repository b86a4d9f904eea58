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

/** Queues one line of output. */
export const writeLine = (line: string): void => {
  if (!hooked) {
    hooked = true
    process.once("exit", flush)
  }
  pending.push(line)
  if (pending.length === 1) setImmediate(flush)
}

/**
 * A logger writing `Logger.json` lines to stdout in batches.
 *
 * @example
 * Effect.logInfo("hello").pipe(Effect.provide(Log.layer))
 */
export const batchedJson: Logger.Logger<unknown, void> = Logger.map(Logger.jsonLogger, writeLine)

/**
 * Writes an info line shaped like `Logger.json`'s (message, level, time, annotations) straight to the
 * output, for the access log: going through the logger pipeline for every request cost more than a
 * database read.
 */
export const info = (message: string, annotations: Readonly<Record<string, unknown>>): void =>
  writeLine(JSON.stringify({ message, logLevel: "INFO", timestamp: new Date().toISOString(), annotations }))

/** Replaces the default logger with {@link batchedJson}. */
export const layer = Logger.replace(Logger.defaultLogger, batchedJson)
