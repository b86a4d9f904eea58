/**
 * A progress bar on a terminal stream (standard error by default). Silent when the stream is not a
 * terminal, so logs and CI output stay clean.
 *
 * @module
 */

/** A progress bar. */
export interface Progress {
  /** Starts a phase with its own total. */
  readonly phase: (label: string, total: number) => void
  /** Advances the current phase. */
  readonly tick: (n?: number) => void
  /** Ends the bar (prints a newline when something was drawn). */
  readonly done: () => void
}

/** Does nothing: for tests and non-interactive runs. */
export const silent: Progress = { phase: () => undefined, tick: () => undefined, done: () => undefined }

/**
 * A bar drawn on `stream` when it is a terminal.
 *
 * @example
 * const bar = Progress.make()
 * bar.phase("onboard", 100); bar.tick(); bar.done()
 */
export const make = (stream: NodeJS.WriteStream = process.stderr): Progress => {
  if (!stream.isTTY) return silent
  let label = ""
  let total = 0
  let count = 0
  let drawn = false
  let last = 0
  const draw = (force = false) => {
    const now = Date.now()
    if (!force && now - last < 50) return
    last = now
    const width = 30
    const filled = total === 0 ? width : Math.round((count / total) * width)
    stream.write(`\r\u001b[2K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count}/${total} ${label}`)
    drawn = true
  }
  return {
    phase: (l, t) => {
      if (drawn) stream.write("\n")
      label = l
      total = t
      count = 0
      draw(true)
    },
    tick: (n = 1) => {
      count += n
      draw(count >= total)
    },
    done: () => {
      if (drawn) stream.write("\n")
      drawn = false
    }
  }
}
