/**
 * A resource type's schemas resolved together (RFC 7643 §6): the core schema plus its extensions, with
 * attribute lookup by path (`userName`, `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`).
 * This is what the filter, PATCH and projection code consults for types, case sensitivity and mutability.
 *
 * @module
 */
import * as Attribute from "./Attribute.js"
import { commonAttributes } from "./internal/common.js"
import type { SchemaDefinition } from "./SchemaDefinition.js"

/** A core schema and its extension schemas, as one resource type uses them. */
export interface ResourceSchema {
  readonly core: SchemaDefinition
  readonly extensions: ReadonlyArray<SchemaDefinition>
}

/** An attribute reference: optional schema URN, attribute name and optional sub-attribute name. */
export interface AttributeReference {
  readonly urn?: string | undefined
  readonly attribute: string
  readonly subAttribute?: string | undefined
}

/**
 * What {@link resolve} found: the schema the attribute belongs to, the attribute and, if asked, the
 * sub-attribute. For a common attribute (`id`, `externalId`, `meta`, `schemas`; RFC 7643 §3.1) `schema` is
 * the core schema and `common` is `true`.
 */
export interface Resolved {
  readonly schema: SchemaDefinition
  readonly attribute: Attribute.Definition
  readonly subAttribute?: Attribute.Definition | undefined
  readonly common?: boolean | undefined
}

/**
 * Builds a resource schema from a core schema and extensions.
 *
 * @example
 * import { ResourceSchema, Schemas } from "@dirsync/scim-schema"
 * const users = ResourceSchema.make(Schemas.User, [Schemas.EnterpriseUser])
 */
export const make = (core: SchemaDefinition, extensions: ReadonlyArray<SchemaDefinition> = []): ResourceSchema => ({
  core,
  extensions
})

/**
 * Returns a copy with one more extension schema (a connection's custom attributes, for example).
 * An extension with the same URN is replaced.
 */
export const withExtension = (resource: ResourceSchema, extension: SchemaDefinition): ResourceSchema => ({
  core: resource.core,
  extensions: [
    ...resource.extensions.filter((e) => e.id.toLowerCase() !== extension.id.toLowerCase()),
    extension
  ]
})

/** Finds a schema of the resource (core or extension) by URN, ignoring case. */
export const findSchema = (resource: ResourceSchema, urn: string): SchemaDefinition | undefined => {
  const lower = urn.toLowerCase()
  if (resource.core.id.toLowerCase() === lower) return resource.core
  return resource.extensions.find((e) => e.id.toLowerCase() === lower)
}

/**
 * Resolves an attribute reference to its definitions, ignoring case (RFC 7643 §2.1). Without a URN the
 * core schema is searched first, then the extensions, then the common attributes of RFC 7643 §3.1
 * (`id`, `externalId`, `meta` with its sub-attributes, and `schemas`), which no schema lists but every
 * resource has; with the core schema's URN the common attributes are found too. Returns `undefined` for
 * an unknown attribute or sub-attribute, or an unknown URN.
 *
 * @example
 * import { ResourceSchema, Schemas } from "@dirsync/scim-schema"
 * const users = ResourceSchema.make(Schemas.User, [Schemas.EnterpriseUser])
 * ResourceSchema.resolve(users, { attribute: "name", subAttribute: "givenName" })?.subAttribute?.type // "string"
 */
export const resolve = (resource: ResourceSchema, reference: AttributeReference): Resolved | undefined => {
  const schemas = reference.urn === undefined
    ? [resource.core, ...resource.extensions]
    : [findSchema(resource, reference.urn)].filter((s): s is SchemaDefinition => s !== undefined)
  for (const schema of schemas) {
    const attribute = Attribute.find(schema.attributes, reference.attribute)
    if (attribute === undefined) continue
    if (reference.subAttribute === undefined) return { schema, attribute }
    const subAttribute = Attribute.find(attribute.subAttributes, reference.subAttribute)
    return subAttribute === undefined ? undefined : { schema, attribute, subAttribute }
  }
  const searchesCommon = reference.urn === undefined || reference.urn.toLowerCase() === resource.core.id.toLowerCase()
  if (!searchesCommon) return undefined
  const attribute = Attribute.find(commonAttributes, reference.attribute)
  if (attribute === undefined) return undefined
  if (reference.subAttribute === undefined) return { schema: resource.core, attribute, common: true }
  const subAttribute = Attribute.find(attribute.subAttributes, reference.subAttribute)
  return subAttribute === undefined ? undefined : { schema: resource.core, attribute, subAttribute, common: true }
}

/**
 * Splits a full attribute path that may start with a schema URN (`urn:…:User:manager.value`) into a
 * reference, using the resource's known schema URNs to find where the URN ends (URNs contain dots and
 * colons, so the split cannot be purely syntactic).
 */
export const parsePath = (resource: ResourceSchema, path: string): AttributeReference => {
  const lower = path.toLowerCase()
  for (const schema of [resource.core, ...resource.extensions]) {
    const prefix = schema.id.toLowerCase() + ":"
    if (lower.startsWith(prefix)) return { urn: schema.id, ...splitDotted(path.slice(prefix.length)) }
  }
  return splitDotted(path)
}

const splitDotted = (path: string): AttributeReference => {
  const dot = path.indexOf(".")
  return dot < 0 ? { attribute: path } : { attribute: path.slice(0, dot), subAttribute: path.slice(dot + 1) }
}
