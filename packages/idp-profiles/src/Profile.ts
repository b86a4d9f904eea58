/**
 * IdP profiles: what dirsync knows about Okta, Microsoft Entra ID and any other SCIM client, as data.
 * Each profile carries the options its PATCH requests need from `PatchOp.apply` (@dirsync/scim-patch,
 * RFC 7644 §3.5.2), and {@link detect} recognises the IdP of a `generic` connection from its requests.
 *
 * @module
 */
import { isRecord } from "./internal/json.js"

/** The providers a connection can name. */
export type ProfileName = "okta" | "entra" | "generic"

/** Every profile name, for validation of admin input. */
export const names: ReadonlyArray<ProfileName> = ["okta", "entra", "generic"]

/**
 * The `PatchOp.apply` options a profile needs (everything but `schema`), each named after the IdP
 * behaviour that requires it:
 * - `addOnMissingValuePath`: `replace` on `emails[type eq "work"].value` adds the element when none matches (Entra).
 * - `allowEmptyOperations`: an empty `Operations` array is a successful no-op (Microsoft's SCIM validator).
 * - `expandDottedKeys`: pathless values with `name.givenName` or URN-qualified keys (Entra with `aadOptscim062020`).
 * - `ignoreIdInValue`: the resource's own `id` inside a pathless `replace` value (Okta's group rename).
 */
export interface PatchOptions {
  readonly addOnMissingValuePath: boolean
  readonly allowEmptyOperations: boolean
  readonly expandDottedKeys: boolean
  readonly ignoreIdInValue: boolean
}

/** One IdP's profile. */
export interface Profile {
  readonly name: ProfileName
  /** The product name shown to people. */
  readonly title: string
  /** Options for `PatchOp.apply` of @dirsync/scim-patch. */
  readonly patchOptions: PatchOptions
  /** The public documentation this profile follows. */
  readonly documentation: ReadonlyArray<string>
}

/** Okta: PUT after GET for profile updates, pathless `replace` for (de)activation, group push with its own `id`. */
export const okta: Profile = {
  name: "okta",
  title: "Okta",
  patchOptions: {
    addOnMissingValuePath: false,
    allowEmptyOperations: true,
    expandDottedKeys: false,
    ignoreIdInValue: true
  },
  documentation: ["https://developer.okta.com/docs/reference/scim/scim-20/"]
}

/** Microsoft Entra ID: capitalised ops, string booleans, dotted keys, value-list member removal, add-on-replace. */
export const entra: Profile = {
  name: "entra",
  title: "Microsoft Entra ID",
  patchOptions: {
    addOnMissingValuePath: true,
    allowEmptyOperations: true,
    expandDottedKeys: true,
    ignoreIdInValue: false
  },
  documentation: [
    "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups",
    "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility"
  ]
}

/** Any other SCIM client: every tolerance on, since the client is unknown. */
export const generic: Profile = {
  name: "generic",
  title: "SCIM 2.0 client",
  patchOptions: {
    addOnMissingValuePath: true,
    allowEmptyOperations: true,
    expandDottedKeys: true,
    ignoreIdInValue: true
  },
  documentation: ["https://www.rfc-editor.org/rfc/rfc7644"]
}

const profiles: Record<ProfileName, Profile> = { okta, entra, generic }

/**
 * The profile of a provider name.
 *
 * @example
 * import { Profile } from "@dirsync/idp-profiles"
 * Profile.get("entra").patchOptions.addOnMissingValuePath // true
 */
export const get = (name: ProfileName): Profile => profiles[name]

/** Whether a string is a profile name. */
export const isName = (u: unknown): u is ProfileName => typeof u === "string" && u in profiles

/** What {@link detect} looks at: the request's `User-Agent` and its parsed JSON body, if any. */
export interface Request {
  readonly userAgent?: string | undefined
  readonly body?: unknown
}

/** The profile {@link detect} chose and why (stored with the directory event). */
export interface Detection {
  readonly profile: Profile
  readonly reason: string
}

const OKTA_AGENT = /\bokta\b/i
const MICROSOFT_AGENT = /\b(microsoft|azure|entra|aad)\b/i

/**
 * Detects the IdP of a request on a `generic` connection: Okta's `User-Agent` (`Okta SCIM Client 1.0.0`),
 * a Microsoft `User-Agent`, or, since Entra's Test Connection may send none, the body's Entra dialect
 * (capitalised PATCH ops, `"True"`/`"False"` values). Anything else is `generic`. `override` wins when given.
 *
 * @example
 * import { Profile } from "@dirsync/idp-profiles"
 * Profile.detect({ userAgent: "Okta SCIM Client 1.0.0" }).profile.name // "okta"
 * Profile.detect({ body: { Operations: [{ op: "Replace", path: "active", value: "False" }] } }).profile.name // "entra"
 */
export const detect = (request: Request, override?: ProfileName): Detection => {
  if (override !== undefined) return { profile: get(override), reason: `profile "${override}" set explicitly` }
  const agent = request.userAgent ?? ""
  if (OKTA_AGENT.test(agent)) return { profile: okta, reason: `User-Agent ${JSON.stringify(agent)}` }
  if (MICROSOFT_AGENT.test(agent)) return { profile: entra, reason: `User-Agent ${JSON.stringify(agent)}` }
  const dialect = entraDialect(request.body)
  if (dialect !== undefined) return { profile: entra, reason: dialect }
  return { profile: generic, reason: "no IdP-specific User-Agent or request shape" }
}

/**
 * The profile to use for a connection: its provider's, or for a `generic` connection the detected one.
 *
 * @example
 * import { Profile } from "@dirsync/idp-profiles"
 * Profile.forConnection("okta", { userAgent: "curl/8" }).profile.name // "okta"
 */
export const forConnection = (provider: ProfileName, request: Request, override?: ProfileName): Detection =>
  override !== undefined || provider === "generic"
    ? detect(request, override)
    : { profile: get(provider), reason: `connection provider "${provider}"` }

const CAPITALISED_OP = /^(Add|Replace|Remove)$/
const STRING_BOOLEAN = /^(True|False)$/

const entraDialect = (body: unknown): string | undefined => {
  if (!isRecord(body)) return undefined
  const operations = body["Operations"]
  if (!Array.isArray(operations)) return undefined
  for (const operation of operations) {
    if (!isRecord(operation)) continue
    const op = operation["op"]
    if (typeof op === "string" && CAPITALISED_OP.test(op)) return `PATCH op ${JSON.stringify(op)}`
    if (typeof operation["value"] === "string" && STRING_BOOLEAN.test(operation["value"])) {
      return `PATCH value ${JSON.stringify(operation["value"])}`
    }
  }
  return undefined
}
