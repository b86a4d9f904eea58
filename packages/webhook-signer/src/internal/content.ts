/**
 * The signed content, `${id}.${timestamp}.${body}`, as UTF-8 bytes.
 *
 * @internal
 */
import type { Body } from "./core.js"

const encoder = new TextEncoder()

/** The signed content in a new array. */
export const signedContent = (id: string, timestamp: number, body: Body): Uint8Array<ArrayBuffer> => {
  if (typeof body === "string") return encoder.encode(`${id}.${timestamp}.${body}`)
  const head = encoder.encode(`${id}.${timestamp}.`)
  const out = new Uint8Array(head.length + body.length)
  out.set(head)
  out.set(body, head.length)
  return out
}

/** Content that would need a larger scratch buffer than this gets its own array instead. */
const SCRATCH_MAX_BYTES = 4 * 1024 * 1024

let scratch = new Uint8Array(4096)

/**
 * The signed content in a shared scratch buffer, valid until the next call: allocating a fresh array costs
 * more than encoding into one that exists (7× at 64 KiB). Callers must finish with it, or hand it to Web
 * Crypto (which copies its input when called), before their next `await`.
 */
export const encode = (id: string, timestamp: number, body: Body): Uint8Array<ArrayBuffer> => {
  const head = `${id}.${timestamp}.`
  // UTF-8 needs at most 3 bytes per UTF-16 code unit
  const bound = typeof body === "string" ? (head.length + body.length) * 3 : head.length * 3 + body.length
  if (bound > SCRATCH_MAX_BYTES) return signedContent(id, timestamp, body)
  if (bound > scratch.length) scratch = new Uint8Array(Math.max(bound, scratch.length * 2))
  const written = encoder.encodeInto(head, scratch).written
  if (typeof body === "string") {
    return scratch.subarray(0, written + encoder.encodeInto(body, scratch.subarray(written)).written)
  }
  scratch.set(body, written)
  return scratch.subarray(0, written + body.length)
}
