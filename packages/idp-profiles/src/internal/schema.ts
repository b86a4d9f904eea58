/**
 * Schema lookups used by the normalisation: attribute definitions by name (case-insensitive), the
 * common attributes of RFC 7643 §3.1, and a light split of PATCH paths (RFC 7644 §3.5.2) that needs no
 * filter parser: only the attribute a path targets matters here, not which values its filter selects.
 */
import { Attribute, ResourceSchema, Schemas } from "@dirsync/scim-schema"
import type { SchemaDefinition } from "@dirsync/scim-schema"

type Schema = SchemaDefinition.SchemaDefinition

/** The common attributes of RFC 7643 §3.1 (`id`, `externalId`, `meta`), kept out of the schemas' own lists. */
export const common: ReadonlyArray<Attribute.Definition> = Schemas.Common

export interface Found {
  /** The extension schema the attribute belongs to, when it is not core or common. */
  readonly extension?: Schema | undefined
  readonly definition: Attribute.Definition
}

/** Finds a top-level attribute: core first, then the common attributes, then the extensions (or one URN's schema). */
export const findAttribute = (
  schema: ResourceSchema.ResourceSchema,
  name: string,
  urn?: string
): Found | undefined => {
  if (urn !== undefined) {
    const owner = ResourceSchema.findSchema(schema, urn)
    if (owner === undefined) return undefined
    const definition = Attribute.find(owner.attributes, name)
    if (definition === undefined) return undefined
    return owner.id.toLowerCase() === schema.core.id.toLowerCase() ? { definition } : { extension: owner, definition }
  }
  const core = Attribute.find(schema.core.attributes, name) ?? Attribute.find(common, name)
  if (core !== undefined) return { definition: core }
  for (const extension of schema.extensions) {
    const definition = Attribute.find(extension.attributes, name)
    if (definition !== undefined) return { extension, definition }
  }
  return undefined
}

/** Every schema URN of the resource type, core first. */
export const schemaIds = (schema: ResourceSchema.ResourceSchema): ReadonlyArray<string> => [
  schema.core.id,
  ...schema.extensions.map((e) => e.id)
]

/** The pieces of a PATCH path, without interpreting the filter. */
export interface SplitPath {
  readonly urn?: string | undefined
  /** True when the URN was separated from the attribute by a dot (`urn:…:User.manager`). */
  readonly dotNotation: boolean
  readonly attribute: string
  readonly filter?: string | undefined
  readonly subAttribute?: string | undefined
}

/**
 * Splits `[urn:]attr[.sub]` or `[urn:]attr[filter][.sub]`. The URN is a known schema id when one
 * matches, otherwise it ends at the last colon before the attribute (attribute names hold no colon).
 */
export const splitPath = (schema: ResourceSchema.ResourceSchema, path: string): SplitPath | undefined => {
  let rest = path.trim()
  let urn: string | undefined
  let dotNotation = false
  const lower = rest.toLowerCase()
  for (const id of schemaIds(schema)) {
    const idLower = id.toLowerCase()
    if (lower.startsWith(idLower + ":")) {
      urn = id
      rest = rest.slice(id.length + 1)
      break
    }
    if (lower.startsWith(idLower + ".")) {
      urn = id
      dotNotation = true
      rest = rest.slice(id.length + 1)
      break
    }
  }
  if (urn === undefined && lower.startsWith("urn:")) {
    const bracket = rest.indexOf("[")
    const head = bracket < 0 ? rest : rest.slice(0, bracket)
    const colon = head.lastIndexOf(":")
    if (colon < 0) return undefined
    urn = rest.slice(0, colon)
    rest = rest.slice(colon + 1)
  }
  const match = /^([A-Za-z$][\w$-]*)/.exec(rest)
  if (match === null) return undefined
  const attribute = match[1] as string
  rest = rest.slice(attribute.length)
  let filter: string | undefined
  if (rest.startsWith("[")) {
    const close = closingBracket(rest)
    if (close < 0) return undefined
    filter = rest.slice(1, close)
    rest = rest.slice(close + 1)
  }
  let subAttribute: string | undefined
  if (rest.startsWith(".")) {
    subAttribute = rest.slice(1)
    rest = ""
    if (!/^[A-Za-z$][\w$-]*$/.test(subAttribute)) return undefined
  }
  if (rest !== "") return undefined
  return { urn, dotNotation, attribute, filter, subAttribute }
}

const closingBracket = (text: string): number => {
  let inString = false
  for (let i = 1; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === "\\") i++
      else if (c === "\"") inString = false
    } else if (c === "\"") inString = true
    else if (c === "]") return i
  }
  return -1
}

/** What a PATCH path targets: the attribute, and the sub-attribute or a single element of a multi-valued one. */
export interface Target {
  readonly split: SplitPath
  readonly found: Found
  readonly subAttribute?: Attribute.Definition | undefined
}

export const resolveTarget = (schema: ResourceSchema.ResourceSchema, path: string): Target | undefined => {
  const split = splitPath(schema, path)
  if (split === undefined) return undefined
  const found = findAttribute(schema, split.attribute, split.urn)
  if (found === undefined) return undefined
  if (split.subAttribute === undefined) return { split, found }
  const subAttribute = Attribute.find(found.definition.subAttributes, split.subAttribute)
  return subAttribute === undefined ? undefined : { split, found, subAttribute }
}
