/**
 * SCIM on the wire (RFC 7644 §3.1, §3.12, §8.1): media types, reading request bodies, and writing
 * `application/scim+json` responses including the error body on every failure.
 *
 * @module
 */
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { ScimError } from "@dirsync/scim-schema"
import { Data, Effect } from "effect"

/** The SCIM media type every response uses. */
export const MEDIA_TYPE = "application/scim+json; charset=utf-8"

/** The error message URN. */
export const ERROR_URN = ScimError.ErrorUrn

/** A SCIM failure about to be answered: HTTP status, optional scimType, detail, extra headers. */
export class ScimFailure extends Data.TaggedError("ScimFailure")<{
  readonly status: number
  readonly scimType?: string | undefined
  readonly detail: string
  readonly headers?: Readonly<Record<string, string>> | undefined
}> {}

/** The RFC 7644 §3.12 body for a failure (status as a string). */
export const errorBody = (status: number, scimType: string | undefined, detail: string) =>
  ScimError.body(status, { scimType: scimType as ScimError.ScimType | undefined, detail })

/** A JSON response in the SCIM media type. */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  HttpServerResponse.text(JSON.stringify(body), {
    status,
    contentType: MEDIA_TYPE,
    headers
  })

/** The response for a failure. */
export const failureResponse = (failure: ScimFailure) =>
  json(errorBody(failure.status, failure.scimType, failure.detail), failure.status, { ...failure.headers })

/** A shortcut to fail with a SCIM error. */
export const fail = (status: number, detail: string, scimType?: string, headers?: Record<string, string>) =>
  Effect.fail(new ScimFailure({ status, detail, scimType, headers }))

const ACCEPTED = ["application/scim+json", "application/json"]

/** The deepest JSON nesting a request body may have; SCIM resources and bulk requests need well under 16. */
export const MAX_DEPTH = 64

/**
 * The deepest nesting of `[`/`{` in a JSON text, outside strings, found without recursion (a deeply nested
 * body must be refused before anything walks it recursively).
 *
 * @example
 * nestingDepth('{"a":[1,{"b":"[["}]}') // 3
 */
export const nestingDepth = (text: string): number => {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) max = Math.max(max, ++depth)
    else if (c === 93 || c === 125) depth--
  }
  return max
}

/**
 * Reads the body as UTF-8 text, at most `maxBytes`. A larger body (also when sent chunked, without
 * Content-Length) is read on and discarded up to a bound, so the client gets the 413 answer instead of a
 * reset connection; past that bound the connection is closed.
 */
const readLimited = (request: HttpServerRequest.HttpServerRequest, maxBytes: number) =>
  Effect.async<string, ScimFailure>((resume) => {
    const incoming = NodeHttpServerRequest.toIncomingMessage(request)
    const chunks: Array<Buffer> = []
    const discardLimit = maxBytes + 8 * 1024 * 1024
    let size = 0
    let done = false
    const finish = (result: Effect.Effect<string, ScimFailure>) => {
      if (done) return
      done = true
      resume(result)
    }
    const tooLarge = () => new ScimFailure({ status: 413, detail: `Request body exceeds the limit of ${maxBytes} bytes` })
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) chunks.push(chunk)
      else if (size > discardLimit) {
        finish(Effect.fail(tooLarge()))
        incoming.pause()
      }
    })
    incoming.on("end", () =>
      finish(size > maxBytes ? Effect.fail(tooLarge()) : Effect.succeed(Buffer.concat(chunks).toString("utf8"))))
    incoming.on("error", () =>
      finish(Effect.fail(new ScimFailure({ status: 400, scimType: "invalidSyntax", detail: "Cannot read the request body" }))))
    if (incoming.readableEnded) finish(Effect.succeed(""))
  })

/**
 * Reads and parses a JSON request body: the content type must be `application/scim+json` or
 * `application/json` (any parameters, e.g. charset, any case); a missing content type is accepted as JSON
 * (some clients omit it); the body must not exceed `maxBytes` (413) and must be JSON (400 invalidSyntax).
 *
 * @example
 * const { raw, body } = yield* readJson(request, 1024 * 1024)
 */
export const readJson = (request: HttpServerRequest.HttpServerRequest, maxBytes: number) =>
  Effect.gen(function*() {
    const headers = request.headers
    const contentType = (headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()
    if (contentType !== "" && !ACCEPTED.includes(contentType)) {
      return yield* fail(
        415,
        `Cannot accept content type "${contentType}": send application/scim+json or application/json`,
        "invalidSyntax"
      )
    }
    const length = Number(headers["content-length"] ?? "0")
    if (Number.isFinite(length) && length > maxBytes) {
      return yield* fail(413, `Request body of ${length} bytes exceeds the limit of ${maxBytes} bytes`)
    }
    const raw = yield* readLimited(request, maxBytes)
    if (raw.trim() === "") return { raw, body: undefined as unknown }
    const depth = nestingDepth(raw)
    if (depth > MAX_DEPTH) {
      return yield* fail(400, `Cannot accept a request body nested ${depth} levels deep: at most ${MAX_DEPTH}`, "invalidSyntax")
    }
    try {
      return { raw, body: JSON.parse(raw) as unknown }
    } catch (e) {
      return yield* fail(400, `Cannot parse the request body as JSON: ${(e as Error).message}`, "invalidSyntax")
    }
  })

/** A response without a body (204, 304). */
export const empty = (status: number, headers: Record<string, string> = {}) => HttpServerResponse.empty({ status, headers })
