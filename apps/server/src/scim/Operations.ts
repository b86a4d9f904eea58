/**
 * The SCIM operations of one authenticated connection (RFC 7644 §3.3–§3.7), independent of HTTP so that
 * `/Bulk` runs the very same code: each takes a parsed request and answers `{ status, body, headers }` or
 * fails with a {@link ScimFailure}.
 *
 * Every write runs through the connection's IdP profile (`@dirsync/idp-profiles` `Normalize`) before
 * reaching the domain; the fix-ups travel with the request onto the directory event.
 *
 * @module
 */
import { Normalize, Profile } from "@dirsync/idp-profiles"
import {
  type Connections,
  DirectoryEvents,
  Errors,
  type Scim,
  ScimGroups,
  ScimUsers
} from "@dirsync/provisioning"
import { Messages, Projection, Resource } from "@dirsync/scim-schema"
import { Effect, Either } from "effect"
import { recordOperation, type Registry } from "../Metrics.js"
import * as Capabilities from "./Capabilities.js"
import { ScimFailure } from "./Wire.js"

/** A SCIM request after HTTP: method, path segments below the connection, query, body. */
export interface ScimRequest {
  readonly method: string
  /** Segments after `/scim/v2/{connection_id}`, e.g. `["Users", "2819c223"]`. */
  readonly segments: ReadonlyArray<string>
  /** The path as received (for the directory event). */
  readonly path: string
  readonly query: URLSearchParams
  /** Parsed JSON body, if any. */
  readonly body: unknown
  /** Body as received, for the directory event. */
  readonly rawBody: unknown
  readonly ifMatch?: string | undefined
  readonly ifNoneMatch?: string | undefined
  readonly userAgent?: string | undefined
}

/** What an operation answers. */
export interface ScimResult {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * The services operations use, resolved once when the route is built: providing them to every request
 * instead cost a copy of the request's whole context.
 */
export interface Services {
  readonly users: ScimUsers.Service
  readonly groups: ScimGroups.Service
  readonly events: DirectoryEvents.Service
  readonly metrics: Registry
}

/** Where an operation runs: the connection and the public base URL of its SCIM endpoint. */
export interface Target {
  readonly connection: Connections.EnterpriseConnection
  /** `{PUBLIC_URL}/scim/v2/{connection_id}` */
  readonly base: string
}

type Kind = "User" | "Group"

const KINDS: Record<string, Kind> = { users: "User", groups: "Group" }

const failure = (status: number, detail: string, scimType?: string, headers?: Record<string, string>) =>
  new ScimFailure({ status, detail, scimType, headers })

const domainFailure = (e: Errors.ProvisioningError) => {
  const o = Errors.toScimError(e)
  return failure(o.status, o.detail, o.scimType)
}

/** The weak ETag of a stored resource, from `meta.version`. */
export const etagOf = (resource: Scim.Resource): string | undefined => {
  const meta = resource["meta"] as Record<string, unknown> | undefined
  const v = meta?.["version"]
  if (v === undefined || v === null) return undefined
  const s = String(v)
  return s.startsWith("W/") || s.startsWith("\"") ? s : `W/"${s}"`
}

/** The bare version inside an ETag (`W/"3"` -> `3`). */
export const bareVersion = (tag: string): string => tag.trim().replace(/^W\//, "").replace(/^"|"$/g, "")

const withLocation = (resource: Scim.Resource, target: Target, kind: Kind): Scim.Resource => {
  const meta = (resource["meta"] as Record<string, unknown> | undefined) ?? {}
  const location = `${target.base}/${kind}s/${String(resource["id"])}`
  const version = etagOf(resource)
  return { ...resource, meta: { ...meta, resourceType: kind, location, ...(version ? { version } : {}) } }
}

const projection = (q: URLSearchParams | Record<string, unknown>) => {
  const get = (k: string) => {
    if (q instanceof URLSearchParams) {
      for (const [key, v] of q) if (key.toLowerCase() === k.toLowerCase()) return v
      return undefined
    }
    const key = Object.keys(q).find((x) => x.toLowerCase() === k.toLowerCase())
    const v = key === undefined ? undefined : q[key]
    return Array.isArray(v) ? v.join(",") : typeof v === "string" ? v : undefined
  }
  const list = (name: string) => {
    const v = get(name)
    return v === undefined ? undefined : [v]
  }
  return { attributes: list("attributes"), excludedAttributes: list("excludedAttributes") }
}

const intParam = (raw: unknown, name: string): number | undefined => {
  if (raw === undefined || raw === null || raw === "") return undefined
  const n = typeof raw === "number" ? raw : Number(raw)
  if (!Number.isSafeInteger(n)) {
    throw failure(400, `Cannot use ${name} "${String(raw)}": expected an integer`, "invalidValue")
  }
  return n
}

const listQuery = (source: Record<string, unknown>): Scim.ListQuery => {
  const get = (k: string) => {
    const key = Object.keys(source).find((x) => x.toLowerCase() === k.toLowerCase())
    return key === undefined ? undefined : source[key]
  }
  const startIndex = intParam(get("startIndex"), "startIndex")
  const count = intParam(get("count"), "count")
  const sortOrder = get("sortOrder")
  if (sortOrder !== undefined && sortOrder !== "ascending" && sortOrder !== "descending") {
    throw failure(400, `Cannot use sortOrder "${String(sortOrder)}": expected ascending or descending`, "invalidValue")
  }
  const filter = get("filter")
  const sortBy = get("sortBy")
  return {
    filter: typeof filter === "string" && filter.trim() !== "" ? filter : undefined,
    startIndex: startIndex === undefined ? 1 : Math.max(1, startIndex),
    count: count === undefined ? Capabilities.DEFAULT_COUNT : Math.min(Math.max(0, count), Capabilities.MAX_COUNT),
    sortBy: typeof sortBy === "string" && sortBy !== "" ? sortBy : undefined,
    sortOrder: sortOrder as "ascending" | "descending" | undefined
  }
}

/** A discovery list response (RFC 7644 §4: every document, one page). */
const discoveryList = (resources: ReadonlyArray<unknown>) =>
  Messages.listResponse({ resources, totalResults: resources.length })

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** The request as the domain and its directory events see it. */
const requestContext = (target: Target, request: ScimRequest, fixups: ReadonlyArray<Scim.Fixup>): Scim.RequestContext => ({
  method: request.method.toUpperCase(),
  path: request.path,
  query: request.query.toString() || undefined,
  rawBody: request.rawBody,
  fixups,
  // The store reads the header as sent: a list of entity tags, weak or strong, or `*`.
  ifMatch: request.ifMatch,
  userAgent: request.userAgent,
  connection: target.connection
})

/**
 * Runs one SCIM request for a connection. Every failure is recorded as a `scim.provisioning_failed`
 * directory event: a failed write inside the domain by the domain itself (in its own transaction, with
 * what it knows), every other failure — a body that does not decode, an unknown resource, a bad filter, a
 * method not allowed — here.
 */
export const run = (services: Services, target: Target, request: ScimRequest) =>
  Effect.suspend(() => {
    let recorded = false
    return operate(services, target, request, () => (recorded = true)).pipe(
      Effect.tapError((f) =>
        recorded ? Effect.void : services.events.recordFailure(target.connection.id, requestContext(target, request, []), {
          status: f.status,
          scimType: f.scimType,
          detail: f.detail
        }).pipe(
          // the answer is the request's own error, even when it cannot be recorded
          Effect.catchAllCause((cause) => Effect.logError("Cannot record provisioning failure", cause))
        )
      )
    )
  })

const operate = (
  { groups, metrics, users }: Services,
  target: Target,
  request: ScimRequest,
  recordedByDomain: () => void
) =>
  Effect.gen(function*() {
    const connectionId = target.connection.id
    const [first = "", second, third] = request.segments
    const method = request.method.toUpperCase()
    const allow = (...methods: Array<string>) =>
      methods.includes(method)
        ? Effect.void
        : Effect.fail(
          failure(405, `Method ${method} is not allowed on /${request.segments.join("/")}`, undefined, {
            allow: methods.join(", ")
          })
        )
    const detection = Profile.forConnection(target.connection.provider, { userAgent: request.userAgent, body: request.body })
    const profile = detection.profile
    const context = (fixups: ReadonlyArray<Scim.Fixup>) => requestContext(target, request, fixups)
    const guard = <A>(f: () => A) =>
      Effect.suspend(() => {
        try {
          return Effect.succeed(f())
        } catch (e) {
          if (e instanceof ScimFailure) return Effect.fail(e)
          throw e
        }
      })
    /** A write through the domain, which records its own failure. */
    const counted = <A>(kind: Kind, op: string, effect: Effect.Effect<A, Errors.ProvisioningError, never>) =>
      effect.pipe(
        Effect.tapBoth({
          onFailure: () =>
            Effect.sync(() => {
              recordedByDomain()
              recordOperation(metrics, kind, op, "failure")
            }),
          onSuccess: () => Effect.sync(() => recordOperation(metrics, kind, op, "success"))
        })
      )

    // ---- discovery -----------------------------------------------------------------------------------
    switch (first.toLowerCase()) {
      case "serviceproviderconfig":
        yield* allow("GET")
        if (second !== undefined) return yield* Effect.fail(failure(404, "No such resource"))
        return { status: 200, body: Capabilities.serviceProviderConfig(target.base, 0) }
      case "resourcetypes": {
        yield* allow("GET")
        const all = Capabilities.resourceTypes(target.base, target.connection)
        if (second === undefined) return { status: 200, body: discoveryList(all) }
        const one = all.find((r) => r.name.toLowerCase() === second.toLowerCase())
        if (!one || third !== undefined) return yield* Effect.fail(failure(404, `No resource type "${second}"`))
        return { status: 200, body: one }
      }
      case "schemas": {
        yield* allow("GET")
        const docs = Capabilities.schemaDocuments(target.base, target.connection)
        if (second === undefined) return { status: 200, body: discoveryList(docs) }
        const one = docs.find((d) => d.id.toLowerCase() === second.toLowerCase())
        if (!one || third !== undefined) return yield* Effect.fail(failure(404, `No schema "${second}"`))
        return { status: 200, body: one }
      }
      case ".search": {
        yield* allow("POST")
        return yield* Effect.fail(
          failure(400, "Root-level search is not supported: POST to /Users/.search or /Groups/.search", "invalidValue")
        )
      }
    }

    const kind = KINDS[first.toLowerCase()]
    if (kind === undefined || third !== undefined) {
      return yield* Effect.fail(failure(404, `No SCIM endpoint at /${request.segments.join("/")}`))
    }
    const schema = Capabilities.schemaOf(kind, target.connection)
    const present = (resource: Scim.Resource, status: number, extraHeaders: Record<string, string> = {}, proj = projection(request.query)) => {
      const located = withLocation(resource, target, kind)
      const etag = etagOf(located)
      return {
        status,
        body: Projection.apply(located, schema, proj),
        headers: { ...(etag ? { etag } : {}), ...extraHeaders }
      } satisfies ScimResult
    }
    const list = (query: Scim.ListQuery, proj: Projection.Options) =>
      Effect.gen(function*() {
        const excludeMembers = kind === "Group" &&
          (proj.excludedAttributes ?? []).join(",").split(",").some((a) => a.trim().toLowerCase() === "members")
        const result = yield* (kind === "User"
          ? users.list(connectionId, query)
          : groups.list(connectionId, query, { excludeMembers })).pipe(Effect.mapError(domainFailure))
        return {
          status: 200,
          body: Messages.listResponse({
            resources: result.resources.map((r) => Projection.apply(withLocation(r, target, kind), schema, proj)),
            totalResults: result.totalResults,
            startIndex: result.startIndex
          })
        } satisfies ScimResult
      })
    const resourceBody = () =>
      guard(() => {
        if (!isRecord(request.body)) {
          throw failure(400, `Cannot read the request body: expected a JSON object with a ${kind} resource`, "invalidSyntax")
        }
        const normalized = Normalize.resource(request.body, { profile, schema })
        const decoded: Either.Either<unknown, { readonly message: string }> = kind === "User"
          ? Resource.decodeUser(normalized.body)
          : Resource.decodeGroup(normalized.body)
        if (Either.isLeft(decoded)) {
          throw failure(400, `Cannot decode ${kind}: ${decoded.left.message}`, "invalidValue")
        }
        return normalized as { body: Scim.Resource; fixups: ReadonlyArray<Scim.Fixup> }
      })

    // ---- collection ----------------------------------------------------------------------------------
    if (second === undefined) {
      yield* allow("GET", "POST")
      if (method === "GET") {
        const query = yield* guard(() => listQuery(Object.fromEntries(request.query)))
        return yield* list(query, projection(request.query))
      }
      const { body, fixups } = yield* resourceBody()
      const created = yield* counted(
        kind,
        "create",
        (kind === "User" ? users.create(connectionId, body, context(fixups)) : groups.create(connectionId, body, context(fixups)))
      ).pipe(Effect.mapError(domainFailure))
      const located = withLocation(created, target, kind)
      return present(created, 201, { location: String((located["meta"] as Record<string, unknown>)["location"]) })
    }

    // ---- search --------------------------------------------------------------------------------------
    if (second === ".search") {
      yield* allow("POST")
      const body = request.body
      if (body !== undefined && !isRecord(body)) {
        return yield* Effect.fail(failure(400, "Cannot read the SearchRequest: expected a JSON object", "invalidSyntax"))
      }
      const query = yield* guard(() => listQuery(body ?? {}))
      return yield* list(query, projection(body ?? {}))
    }

    // ---- one resource --------------------------------------------------------------------------------
    const id = decodeURIComponent(second)
    yield* allow("GET", "PUT", "PATCH", "DELETE")
    switch (method) {
      case "GET": {
        const proj = projection(request.query)
        const excludeMembers = kind === "Group" &&
          (proj.excludedAttributes ?? []).join(",").split(",").some((a) => a.trim().toLowerCase() === "members")
        const resource = yield* (kind === "User" ? users.get(connectionId, id) : groups.get(connectionId, id, { excludeMembers }))
          .pipe(Effect.mapError(domainFailure))
        const etag = etagOf(resource)
        if (request.ifNoneMatch !== undefined && etag !== undefined) {
          const tags = request.ifNoneMatch.split(",").map((t) => bareVersion(t))
          if (tags.includes("*") || tags.includes(bareVersion(etag))) return { status: 304, headers: { etag } }
        }
        return present(resource, 200, {}, proj)
      }
      case "PUT": {
        const { body, fixups } = yield* resourceBody()
        const replaced = yield* counted(
          kind,
          "replace",
          kind === "User"
            ? users.replace(connectionId, id, body, context(fixups))
            : groups.replace(connectionId, id, body, context(fixups))
        ).pipe(Effect.mapError(domainFailure))
        return present(replaced, 200)
      }
      case "PATCH": {
        const normalized = yield* guard(() => {
          if (!isRecord(request.body)) {
            throw failure(400, "Cannot read the PatchOp: expected a JSON object", "invalidSyntax")
          }
          const n = Normalize.patchRequest(request.body, { profile, schema, resourceId: id })
          const ops = isRecord(n.body) ? n.body["Operations"] : undefined
          if (!Array.isArray(ops)) {
            throw failure(400, "Cannot read the PatchOp: \"Operations\" must be an array", "invalidSyntax")
          }
          for (const [i, op] of ops.entries()) {
            if (!isRecord(op) || (op["op"] !== "add" && op["op"] !== "replace" && op["op"] !== "remove")) {
              throw failure(400, `Cannot read operation ${i}: "op" must be add, replace or remove`, "invalidSyntax")
            }
          }
          return { operations: ops as ReadonlyArray<Scim.PatchOperation>, fixups: n.fixups }
        })
        const outcome = yield* counted(
          kind,
          "patch",
          kind === "User"
            ? users.patch(connectionId, id, normalized.operations, context(normalized.fixups))
            : groups.patch(connectionId, id, normalized.operations, context(normalized.fixups))
        ).pipe(Effect.mapError(domainFailure))
        return present(outcome.resource, 200)
      }
      default: {
        yield* counted(
          kind,
          "delete",
          kind === "User" ? users.remove(connectionId, id, context([])) : groups.remove(connectionId, id, context([]))
        ).pipe(Effect.mapError(domainFailure))
        return { status: 204 } satisfies ScimResult
      }
    }
  })
