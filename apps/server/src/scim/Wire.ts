/**
 * SCIM on the wire (RFC 7644 §3.1, §3.12, §8.1): media types, reading request bodies, and writing
 * `application/scim+json` responses including the error body on every failure.
 *
 * @module
 */
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { ScimError } from "@dirsync/scim-schema"
import { Data, Effect, Option } from "effect"

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
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()
    if (contentType !== "" && !ACCEPTED.includes(contentType)) {
      return yield* fail(
        415,
        `Cannot accept content type "${contentType}": send application/scim+json or application/json`,
        "invalidSyntax"
      )
    }
    const length = Number(request.headers["content-length"] ?? "0")
    if (Number.isFinite(length) && length > maxBytes) {
      return yield* fail(413, `Request body of ${length} bytes exceeds the limit of ${maxBytes} bytes`)
    }
    const raw = yield* request.text.pipe(
      HttpServerRequest.withMaxBodySize(Option.some(maxBytes)),
      Effect.mapError((e) =>
        String((e as { cause?: unknown }).cause).includes("maxBytes")
          ? new ScimFailure({ status: 413, detail: `Request body exceeds the limit of ${maxBytes} bytes` })
          : new ScimFailure({ status: 400, scimType: "invalidSyntax", detail: "Cannot read the request body" })
      )
    )
    if (raw.trim() === "") return { raw, body: undefined as unknown }
    try {
      return { raw, body: JSON.parse(raw) as unknown }
    } catch (e) {
      return yield* fail(400, `Cannot parse the request body as JSON: ${(e as Error).message}`, "invalidSyntax")
    }
  })

/** A response without a body (204, 304). */
export const empty = (status: number, headers: Record<string, string> = {}) => HttpServerResponse.empty({ status, headers })
