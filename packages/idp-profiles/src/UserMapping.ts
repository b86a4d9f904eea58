/**
 * Mapping between a SCIM User (RFC 7643 §4.1, with the Enterprise User extension §4.3 and custom
 * extensions) and the application's user: `userName` -> username, `name.givenName` / `name.familyName`
 * -> first and last name, `emails` -> e-mail addresses with one primary, `active` -> status,
 * `externalId` -> external id, and per-connection custom mappings from any attribute path to keys of the
 * user's public metadata. {@link customSchemas} turns custom mappings into the schemas `/Schemas` shows.
 *
 * @module
 */
import { Attribute, SchemaDefinition, Schemas } from "@dirsync/scim-schema"
import { getCI, isRecord } from "./internal/json.js"
import type { JsonRecord } from "./internal/json.js"

/** One e-mail address of the application user. */
export interface EmailAddress {
  readonly email: string
  readonly primary: boolean
}

/** The application's view of a provisioned user. */
export interface ApplicationUser {
  readonly username: string
  readonly firstName: string | null
  readonly lastName: string | null
  /** Distinct addresses (compared ignoring case), exactly one `primary` when there is any. */
  readonly emailAddresses: ReadonlyArray<EmailAddress>
  readonly primaryEmail: string | null
  readonly externalId: string | null
  readonly active: boolean
  readonly publicMetadata: Readonly<Record<string, unknown>>
}

/**
 * A custom mapping: the value at `scimPath` is copied to `publicMetadata[metadataKey]`. Paths are
 * attribute paths as in PATCH (RFC 7644 §3.5.2): `title`, `name.middleName`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`, `…:User:manager.value`,
 * `phoneNumbers[type eq "mobile"].value`, or an attribute of a custom extension URN.
 */
export interface AttributeMapping {
  readonly scimPath: string
  readonly metadataKey: string
  /** The attribute's type in the generated custom schema (default `string`). */
  readonly type?: Attribute.Type | undefined
}

/** The Enterprise User extension URN (RFC 7643 §4.3). */
export const EnterpriseUserUrn = Schemas.EnterpriseUserUrn
/** The core User schema URN (RFC 7643 §4.1). */
export const UserUrn = Schemas.UserUrn

/**
 * Maps a SCIM User to the application's user. Attribute names are matched ignoring case. The primary
 * e-mail is the one marked `primary: true` (Okta), else the `work` one (Entra's `emails[type eq "work"]`),
 * else the first. A missing `active` means active; `"False"` strings count as `false`.
 *
 * @example
 * import { UserMapping } from "@dirsync/idp-profiles"
 * const user = UserMapping.toApplicationUser({
 *   userName: "bjensen@example.com",
 *   name: { givenName: "Barbara", familyName: "Jensen" },
 *   emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
 *   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Tour Operations" }
 * }, [{ scimPath: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", metadataKey: "department" }])
 * user.primaryEmail // "bjensen@example.com"
 * user.publicMetadata // { department: "Tour Operations" }
 */
export const toApplicationUser = (
  scimUser: unknown,
  mappings: ReadonlyArray<AttributeMapping> = []
): ApplicationUser => {
  const user: JsonRecord = isRecord(scimUser) ? scimUser : {}
  const name = getCI(user, "name")
  const emailAddresses = emails(getCI(user, "emails"))
  const publicMetadata: Record<string, unknown> = {}
  for (const mapping of mappings) {
    const value = read(user, mapping.scimPath)
    if (value !== undefined && value !== null) publicMetadata[mapping.metadataKey] = value
  }
  return {
    username: stringOr(getCI(user, "userName"), ""),
    firstName: isRecord(name) ? stringOr(getCI(name, "givenName"), null) : null,
    lastName: isRecord(name) ? stringOr(getCI(name, "familyName"), null) : null,
    emailAddresses,
    primaryEmail: emailAddresses.find((e) => e.primary)?.email ?? null,
    externalId: stringOr(getCI(user, "externalId"), null),
    active: toBoolean(getCI(user, "active")),
    publicMetadata
  }
}

const stringOr = <A>(u: unknown, fallback: A): string | A => (typeof u === "string" && u !== "" ? u : fallback)

const toBoolean = (u: unknown): boolean => {
  if (typeof u === "boolean") return u
  if (typeof u === "string") return u.trim().toLowerCase() !== "false"
  return true
}

const truthy = (u: unknown): boolean => u === true || (typeof u === "string" && u.trim().toLowerCase() === "true")

const emails = (u: unknown): ReadonlyArray<EmailAddress> => {
  const list = Array.isArray(u) ? u : u === undefined || u === null ? [] : [u]
  const candidates: Array<{ email: string; primary: boolean; work: boolean }> = []
  const seen = new Set<string>()
  for (const element of list) {
    const email = typeof element === "string" ? element : isRecord(element) ? getCI(element, "value") : undefined
    if (typeof email !== "string" || email.trim() === "") continue
    const key = email.trim().toLowerCase()
    if (seen.has(key)) {
      // A duplicate may still carry the primary flag.
      if (isRecord(element) && truthy(getCI(element, "primary"))) {
        const existing = candidates.find((c) => c.email.trim().toLowerCase() === key)
        if (existing !== undefined) existing.primary = true
      }
      continue
    }
    seen.add(key)
    const type = isRecord(element) ? getCI(element, "type") : undefined
    candidates.push({
      email,
      primary: isRecord(element) && truthy(getCI(element, "primary")),
      work: typeof type === "string" && type.toLowerCase() === "work"
    })
  }
  const primary = candidates.find((c) => c.primary) ?? candidates.find((c) => c.work) ?? candidates[0]
  return candidates.map((c) => ({ email: c.email, primary: c === primary }))
}

/** A mapping path split into its URN, attribute, optional `[sub eq "value"]` selector and sub-attribute. */
interface MappingPath {
  readonly urn?: string | undefined
  readonly attribute: string
  readonly selector?: { readonly subAttribute: string; readonly value: string } | undefined
  readonly subAttribute?: string | undefined
}

const PATH = /^([A-Za-z$][\w$-]*)(?:\[\s*([A-Za-z$][\w$-]*)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|([^\s\]]+))\s*\])?(?:\.([A-Za-z$][\w$-]*))?$/i

/**
 * Parses a mapping path. The URN, if any, ends at the last colon before the attribute (attribute names
 * hold no colon, URNs hold dots), so `urn:…:2.0:User:manager.value` splits correctly.
 */
export const parsePath = (path: string): MappingPath | undefined => {
  let rest = path.trim()
  let urn: string | undefined
  if (rest.toLowerCase().startsWith("urn:")) {
    const bracket = rest.indexOf("[")
    const head = bracket < 0 ? rest : rest.slice(0, bracket)
    const colon = head.lastIndexOf(":")
    urn = rest.slice(0, colon)
    rest = rest.slice(colon + 1)
  }
  const match = PATH.exec(rest)
  if (match === null) return undefined
  const quoted = match[3]
  const selector = match[2] === undefined
    ? undefined
    : { subAttribute: match[2], value: quoted !== undefined ? (JSON.parse(`"${quoted}"`) as string) : (match[4] as string) }
  return { urn, attribute: match[1] as string, selector, subAttribute: match[5] }
}

/**
 * Reads the value at a mapping path, ignoring the case of attribute names. Core attributes may be
 * written with the core URN (`urn:…:core:2.0:User:title`). For a multi-valued attribute without a
 * selector, the primary element (or the first) is read.
 *
 * @example
 * import { UserMapping } from "@dirsync/idp-profiles"
 * UserMapping.read({ phoneNumbers: [{ type: "mobile", value: "+1 555" }] }, 'phoneNumbers[type eq "mobile"].value') // "+1 555"
 */
export const read = (scimUser: unknown, path: string): unknown => {
  if (!isRecord(scimUser)) return undefined
  const parsed = parsePath(path)
  if (parsed === undefined) return undefined
  let container: unknown = scimUser
  if (parsed.urn !== undefined && parsed.urn.toLowerCase() !== UserUrn.toLowerCase()) {
    container = getCI(scimUser, parsed.urn)
  }
  if (!isRecord(container)) return undefined
  let value = getCI(container, parsed.attribute)
  if (Array.isArray(value)) {
    const elements = value.filter(isRecord)
    const selector = parsed.selector
    const chosen = selector !== undefined
      ? elements.find((e) => {
        const v = getCI(e, selector.subAttribute)
        return typeof v === "string" ? v.toLowerCase() === selector.value.toLowerCase() : String(v) === selector.value
      })
      : parsed.subAttribute !== undefined
      ? elements.find((e) => truthy(getCI(e, "primary"))) ?? elements[0]
      : undefined
    if (selector !== undefined || parsed.subAttribute !== undefined) value = chosen
  } else if (parsed.selector !== undefined) {
    return undefined
  }
  if (parsed.subAttribute === undefined) return value
  return isRecord(value) ? getCI(value, parsed.subAttribute) : undefined
}

const builtIn = new Set([UserUrn.toLowerCase(), EnterpriseUserUrn.toLowerCase()])

/**
 * The custom extension schemas that custom mappings imply (RFC 7643 §3.3, §7): one per custom URN,
 * with one attribute per mapped path (a complex attribute when the path has a sub-attribute). Register
 * them with `ResourceSchema.withExtension` so they appear in `/Schemas` and normalisation knows their types.
 *
 * @example
 * import { UserMapping } from "@dirsync/idp-profiles"
 * const [schema] = UserMapping.customSchemas([
 *   { scimPath: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", metadataKey: "badge" }
 * ])
 * schema?.id // "urn:ietf:params:scim:schemas:extension:acme:2.0:User"
 */
export const customSchemas = (
  mappings: ReadonlyArray<AttributeMapping>
): ReadonlyArray<SchemaDefinition.SchemaDefinition> => {
  const byUrn = new Map<string, { urn: string; attributes: Map<string, Attribute.Definition> }>()
  for (const mapping of mappings) {
    const parsed = parsePath(mapping.scimPath)
    if (parsed?.urn === undefined || builtIn.has(parsed.urn.toLowerCase())) continue
    const key = parsed.urn.toLowerCase()
    const entry = byUrn.get(key) ?? { urn: parsed.urn, attributes: new Map() }
    byUrn.set(key, entry)
    const attributeKey = parsed.attribute.toLowerCase()
    const existing = entry.attributes.get(attributeKey)
    const type = mapping.type ?? "string"
    if (parsed.subAttribute === undefined) {
      if (existing === undefined) {
        entry.attributes.set(attributeKey, Attribute.make(parsed.attribute, type, { description: describe(mapping) }))
      }
      continue
    }
    const sub = Attribute.make(parsed.subAttribute, type, { description: describe(mapping) })
    const subs = existing?.subAttributes ?? []
    if (Attribute.find(subs, parsed.subAttribute) !== undefined) continue
    entry.attributes.set(
      attributeKey,
      Attribute.make(parsed.attribute, "complex", {
        multiValued: parsed.selector !== undefined,
        subAttributes: [...subs, sub]
      })
    )
  }
  return [...byUrn.values()].map(({ urn, attributes }) =>
    SchemaDefinition.make({
      id: urn,
      name: urn.slice(urn.lastIndexOf(":") + 1) === "User" ? schemaName(urn) : urn.slice(urn.lastIndexOf(":") + 1),
      description: "Custom attributes mapped to the application user's public metadata",
      attributes: [...attributes.values()]
    })
  )
}

/**
 * The single custom extension schema of a connection's mappings, or `undefined` when they use only the
 * core and enterprise schemas. With several custom URNs, use {@link customSchemas}.
 *
 * @example
 * import { UserMapping } from "@dirsync/idp-profiles"
 * UserMapping.customSchema([{ scimPath: "title", metadataKey: "title" }]) // undefined
 */
export const customSchema = (
  mappings: ReadonlyArray<AttributeMapping>
): SchemaDefinition.SchemaDefinition | undefined => customSchemas(mappings)[0]

const describe = (mapping: AttributeMapping): string => `Mapped to publicMetadata.${mapping.metadataKey}`

/** `urn:…:extension:acme:2.0:User` -> `AcmeUser`. */
const schemaName = (urn: string): string => {
  const parts = urn.split(":")
  const vendor = parts.length >= 3 ? parts[parts.length - 3] ?? "Custom" : "Custom"
  return vendor.charAt(0).toUpperCase() + vendor.slice(1) + "User"
}
