/**
 * `POST /Bulk` (RFC 7644 §3.7): operations run in order through the same code as single requests;
 * `bulkId:` references in paths and data are replaced by the ids created earlier in the request;
 * `failOnErrors` stops after that many errors.
 *
 * @module
 */
import { Schemas } from "@dirsync/scim-schema"
import { Effect } from "effect"
import { BULK_MAX_OPERATIONS } from "./Capabilities.js"
import * as Operations from "./Operations.js"
import { ScimFailure, errorBody } from "./Wire.js"

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const resolveRefs = (value: unknown, ids: ReadonlyMap<string, string>, missing: Set<string>): unknown => {
  if (typeof value === "string" && value.startsWith("bulkId:")) {
    const ref = value.slice("bulkId:".length)
    const id = ids.get(ref)
    if (id === undefined) missing.add(ref)
    return id ?? value
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids, missing))
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids, missing)]))
  return value
}

/** Runs a BulkRequest for a connection. */
export const run = (services: Operations.Services, target: Operations.Target, request: Operations.ScimRequest) =>
  Effect.gen(function*() {
    const body = request.body
    if (!isRecord(body) || !Array.isArray(body["Operations"])) {
      return yield* Effect.fail(
        new ScimFailure({ status: 400, scimType: "invalidSyntax", detail: "Cannot read the BulkRequest: \"Operations\" must be an array" })
      )
    }
    const ops = body["Operations"] as Array<unknown>
    if (ops.length > BULK_MAX_OPERATIONS) {
      return yield* Effect.fail(
        new ScimFailure({ status: 413, detail: `A BulkRequest may hold at most ${BULK_MAX_OPERATIONS} operations, got ${ops.length}` })
      )
    }
    const failOnErrors = typeof body["failOnErrors"] === "number" ? body["failOnErrors"] : undefined
    const ids = new Map<string, string>()
    const results: Array<Record<string, unknown>> = []
    let errors = 0
    for (const raw of ops) {
      if (failOnErrors !== undefined && errors >= failOnErrors) break
      const op = isRecord(raw) ? raw : {}
      const method = typeof op["method"] === "string" ? op["method"].toUpperCase() : ""
      const bulkId = typeof op["bulkId"] === "string" ? op["bulkId"] : undefined
      const missing = new Set<string>()
      const path = String(resolveRefs(typeof op["path"] === "string" ? op["path"] : "", ids, missing))
      const data = resolveRefs(op["data"], ids, missing)
      const base = { method, ...(bulkId ? { bulkId } : {}) }
      const fail = (status: number, detail: string, scimType?: string) => {
        errors += 1
        results.push({ ...base, status: String(status), response: errorBody(status, scimType, detail) })
      }
      if (!["POST", "PUT", "PATCH", "DELETE"].includes(method)) {
        fail(400, `Cannot run bulk operation: method "${String(op["method"])}" is not POST, PUT, PATCH or DELETE`, "invalidSyntax")
        continue
      }
      if (method === "POST" && bulkId === undefined) {
        fail(400, "Cannot run bulk POST without a bulkId", "invalidSyntax")
        continue
      }
      if (missing.size > 0) {
        fail(409, `Cannot resolve bulkId reference ${[...missing].map((m) => `"${m}"`).join(", ")}`, "invalidValue")
        continue
      }
      const segments = path.split("?")[0]!.split("/").filter((s) => s !== "")
      const version = typeof op["version"] === "string" ? op["version"] : undefined
      const outcome = yield* Operations.run(services, target, {
        method,
        segments,
        path: `${request.path.replace(/\/Bulk$/i, "")}/${segments.join("/")}`,
        query: new URLSearchParams(),
        body: data,
        rawBody: data,
        ifMatch: version,
        userAgent: request.userAgent
      }).pipe(Effect.either)
      if (outcome._tag === "Left") {
        fail(outcome.left.status, outcome.left.detail, outcome.left.scimType)
        continue
      }
      const result: Operations.ScimResult = outcome.right
      const resource: Record<string, unknown> | undefined = isRecord(result.body) ? result.body : undefined
      const meta = resource && isRecord(resource["meta"]) ? resource["meta"] : undefined
      if (method === "POST" && bulkId !== undefined && resource && typeof resource["id"] === "string") {
        ids.set(bulkId, resource["id"])
      }
      results.push({
        ...base,
        ...(meta?.["location"] ? { location: meta["location"] } : {}),
        ...(meta?.["version"] ? { version: meta["version"] } : {}),
        status: String(result.status)
      })
    }
    return {
      status: 200,
      body: { schemas: [Schemas.BulkResponseUrn], Operations: results }
    } satisfies Operations.ScimResult
  })
