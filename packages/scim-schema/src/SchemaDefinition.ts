/**
 * Schema definitions (RFC 7643 §7): a URN, a name and the attribute definitions of one schema, such as
 * the core User schema, the Enterprise User extension, or a connection's custom extension.
 *
 * @module
 */
import type * as Attribute from "./Attribute.js"

/** One schema: its URN `id`, name, description and attributes (RFC 7643 §7). */
export interface SchemaDefinition {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly attributes: ReadonlyArray<Attribute.Definition>
}

/**
 * Builds a schema definition.
 *
 * @example
 * import { Attribute, SchemaDefinition } from "@dirsync/scim-schema"
 * const custom = SchemaDefinition.make({
 *   id: "urn:example:params:scim:schemas:extension:acme:2.0:User",
 *   name: "AcmeUser",
 *   attributes: [Attribute.make("badgeNumber", "string")]
 * })
 */
export const make = (options: {
  readonly id: string
  readonly name: string
  readonly description?: string
  readonly attributes: ReadonlyArray<Attribute.Definition>
}): SchemaDefinition => ({ description: "", ...options })
