/**
 * Attribute definitions as data (RFC 7643 §2.2, §7): the single source of truth for types, case
 * sensitivity, mutability, `returned` and uniqueness. The `/Schemas` documents are generated from them,
 * and the filter and PATCH packages read them to compare and change attributes correctly.
 *
 * @module
 */

/** The data types of RFC 7643 §2.3. */
export type Type = "string" | "boolean" | "decimal" | "integer" | "dateTime" | "binary" | "reference" | "complex"

/** Whether and how an attribute may be changed (RFC 7643 §7, "mutability"). */
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly"

/** When an attribute is returned in a response (RFC 7643 §7, "returned"). */
export type Returned = "always" | "never" | "default" | "request"

/** How a service provider enforces uniqueness of the attribute's value (RFC 7643 §7, "uniqueness"). */
export type Uniqueness = "none" | "server" | "global"

/**
 * One attribute of a schema, exactly the characteristics RFC 7643 §7 lists. Sub-attributes of a complex
 * attribute are definitions of their own; complex attributes never nest further (RFC 7643 §2.3.8).
 */
export interface Definition {
  readonly name: string
  readonly type: Type
  readonly multiValued: boolean
  readonly description: string
  readonly required: boolean
  readonly caseExact: boolean
  readonly mutability: Mutability
  readonly returned: Returned
  readonly uniqueness: Uniqueness
  readonly canonicalValues?: ReadonlyArray<string>
  readonly referenceTypes?: ReadonlyArray<string>
  readonly subAttributes?: ReadonlyArray<Definition>
}

/** The characteristics a definition may override; everything else takes the RFC 7643 §2.2 defaults. */
export type Options = Partial<Omit<Definition, "name" | "type">>

/**
 * Builds a definition with the defaults of RFC 7643 §2.2 (`required: false`, `caseExact: false`,
 * `mutability: "readWrite"`, `returned: "default"`, `uniqueness: "none"`, single-valued).
 *
 * @example
 * import { Attribute } from "@dirsync/scim-schema"
 * const userName = Attribute.make("userName", "string", { required: true, uniqueness: "server" })
 */
export const make = (name: string, type: Type, options: Options = {}): Definition => ({
  name,
  type,
  multiValued: false,
  description: "",
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...options
})

/**
 * Finds an attribute by name among definitions, ignoring case as RFC 7643 §2.1 requires.
 *
 * @example
 * import { Attribute } from "@dirsync/scim-schema"
 * Attribute.find([Attribute.make("userName", "string")], "USERNAME")?.name // "userName"
 */
export const find = (
  definitions: ReadonlyArray<Definition> | undefined,
  name: string
): Definition | undefined => {
  if (definitions === undefined) return undefined
  const lower = name.toLowerCase()
  for (const definition of definitions) {
    if (definition.name.toLowerCase() === lower) return definition
  }
  return undefined
}
