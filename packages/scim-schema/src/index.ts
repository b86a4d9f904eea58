/**
 * @dirsync/scim-schema — SCIM 2.0 resources, attribute definitions, discovery documents and messages
 * (RFC 7643, RFC 7644) on `effect/Schema`.
 *
 * @module
 */
export * as Attribute from "./Attribute.js"
export * as ResourceSchema from "./ResourceSchema.js"
export * as SchemaDefinition from "./SchemaDefinition.js"
export * as Schemas from "./Schemas.js"
export * as ScimError from "./ScimError.js"
export * as Resource from "./Resource.js"
export * as DecodeError from "./DecodeError.js"
export * as Discovery from "./Discovery.js"
export * as Messages from "./Messages.js"
export * as Projection from "./Projection.js"
