/**
 * @dirsync/scim-schema — SCIM 2.0 resources, attribute definitions, discovery documents and messages
 * (RFC 7643, RFC 7644) on `effect/Schema`.
 *
 * @module
 */
export * as Attribute from "./Attribute.js"
export * as ResourceSchema from "./ResourceSchema.js"
export * as SchemaDefinition from "./SchemaDefinition.js"
