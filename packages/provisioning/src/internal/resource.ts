/** Preparing SCIM resources for storage: validation of the indexed attributes, `id` and `meta`. */
import { Either } from "effect"
import { InvalidValue } from "../Errors.js"
import type { Resource } from "../Scim.js"
import { GroupUrn, UserUrn } from "../Scim.js"
import { equal, findKey, lookup } from "./json.js"
import { iso } from "./common.js"

const isObject = (v: unknown): v is Resource => v !== null && typeof v === "object" && !Array.isArray(v)

const invalid = (detail: string, scimType: "invalidValue" | "invalidSyntax" = "invalidValue") =>
  Either.left(new InvalidValue({ scimType, detail }))

const READ_ONLY = new Set(["id", "meta", "password"])

/** Drops `id`, `meta` and `password` (never stored) and ensures `schemas`. */
const clean = (body: Resource, urn: string): Resource => {
  const out: Resource = {}
  for (const [k, v] of Object.entries(body)) {
    if (READ_ONLY.has(k.toLowerCase()) || v === undefined) continue
    out[k] = v
  }
  if (findKey(out, "schemas") === undefined) out.schemas = [urn]
  return out
}

/** The columns a User row indexes. */
export interface UserColumns {
  readonly userName: string
  readonly externalId: string | null
  readonly active: boolean | null
  readonly emails: ReadonlyArray<{ readonly value: string | null; readonly type: string | null; readonly primary: boolean | null }>
}

const elements = (v: unknown): ReadonlyArray<Resource> =>
  Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []

/** Validates and cleans a User body; `active` given as "true"/"false" becomes a boolean. */
export const prepareUser = (body: Resource): Either.Either<[Resource, UserColumns], InvalidValue> => {
  const resource = clean(body, UserUrn)
  const userName = lookup(resource, "userName")
  if (typeof userName !== "string" || userName.trim() === "") {
    return invalid(`Attribute "userName" is required and must be a non-empty string`)
  }
  const externalId = lookup(resource, "externalId") ?? null
  if (externalId !== null && typeof externalId !== "string") {
    return invalid(`Attribute "externalId" must be a string`)
  }
  const activeKey = findKey(resource, "active")
  let active: boolean | null = null
  if (activeKey !== undefined) {
    const v = resource[activeKey]
    if (v === null) delete resource[activeKey]
    else if (typeof v === "boolean") active = v
    else if (typeof v === "string" && (v.toLowerCase() === "true" || v.toLowerCase() === "false")) {
      active = v.toLowerCase() === "true"
      resource[activeKey] = active
    } else return invalid(`Attribute "active" must be a boolean`)
  }
  const emails: Array<UserColumns["emails"][number]> = []
  for (const e of elements(lookup(resource, "emails"))) {
    const value = lookup(e, "value") ?? null
    const type = lookup(e, "type") ?? null
    if ((value !== null && typeof value !== "string") || (type !== null && typeof type !== "string")) {
      return invalid(`Attribute "emails" must hold string "value" and "type"`)
    }
    const primary = lookup(e, "primary")
    emails.push({ value, type, primary: typeof primary === "boolean" ? primary : null })
  }
  return Either.right([resource, { userName, externalId, active, emails }])
}

/** A group member as stored. */
export interface Member {
  readonly value: string
  readonly element: Resource
}

/** The columns a Group row indexes; members are stored in their own table. */
export interface GroupColumns {
  readonly displayName: string
  readonly externalId: string | null
  readonly members: ReadonlyArray<Member>
}

/** Validates and cleans a Group body; members move out of the resource (deduplicated by value). */
export const prepareGroup = (body: Resource): Either.Either<[Resource, GroupColumns], InvalidValue> => {
  const resource = clean(body, GroupUrn)
  const displayName = lookup(resource, "displayName")
  if (typeof displayName !== "string" || displayName.trim() === "") {
    return invalid(`Attribute "displayName" is required and must be a non-empty string`)
  }
  const externalId = lookup(resource, "externalId") ?? null
  if (externalId !== null && typeof externalId !== "string") {
    return invalid(`Attribute "externalId" must be a string`)
  }
  const membersKey = findKey(resource, "members")
  const members: Array<Member> = []
  if (membersKey !== undefined) {
    const raw = resource[membersKey]
    delete resource[membersKey]
    if (raw !== null) {
      if (!Array.isArray(raw)) return invalid(`Attribute "members" must be an array`)
      for (const m of raw) {
        const value = isObject(m) ? lookup(m, "value") : undefined
        if (typeof value !== "string" || value === "") return invalid(`Each member needs a string "value"`)
        if (!members.some((x) => x.value === value)) members.push({ value, element: m as Resource })
      }
    }
  }
  return Either.right([resource, { displayName, externalId, members }])
}

/** `W/"n"` */
export const etag = (version: number) => `W/"${version}"`

/** Whether an `If-Match` header accepts the version. */
export const matches = (ifMatch: string, version: number): boolean =>
  ifMatch.split(",").some((t) => {
    const tag = t.trim()
    return tag === "*" || tag.replace(/^W\//, "") === `"${version}"`
  })

/** Puts `schemas` and `id` first and `meta` last. */
export const finish = (
  resource: Resource,
  id: string,
  meta: { resourceType: string; created: number; lastModified: number; version: number }
): Resource => {
  const { schemas, ...rest } = resource
  return {
    schemas,
    id,
    ...rest,
    meta: {
      resourceType: meta.resourceType,
      created: iso(meta.created),
      lastModified: iso(meta.lastModified),
      version: etag(meta.version)
    }
  }
}

/** The resource without `meta`, for change detection. */
export const withoutMeta = (r: Resource): Resource => {
  const out: Resource = {}
  for (const [k, v] of Object.entries(r)) if (k.toLowerCase() !== "meta") out[k] = v
  return out
}

export const same = (a: Resource, b: Resource) => equal(withoutMeta(a), withoutMeta(b))
