/**
 * Schema-driven repair of values: string booleans by the attribute's type, complex values in the wrong
 * shape, sub-attribute names in the wrong case, `null` sub-attributes. Every change is recorded.
 */
import { Attribute } from "@dirsync/scim-schema"
import * as Fixup from "../Fixup.js"
import { isRecord, show } from "./json.js"

export type Level = "attribute" | "element"

const BOOLEAN = /^(true|false)$/i

/** Repairs `value` given for `definition`; `level` says whether it is the whole attribute or one element of it. */
export const coerce = (
  value: unknown,
  definition: Attribute.Definition,
  level: Level,
  label: string,
  fixups: Array<Fixup.Fixup>
): unknown => {
  if (value === null || value === undefined) return value
  if (level === "attribute" && definition.multiValued) {
    if (Array.isArray(value)) return value.map((element) => coerceElement(element, definition, label, fixups))
    fixups.push(Fixup.make("single-value-wrapped", `${label} ${show(value)} -> [${show(value)}]`))
    return [coerceElement(value, definition, label, fixups)]
  }
  return coerceElement(value, definition, label, fixups)
}

const coerceElement = (
  value: unknown,
  definition: Attribute.Definition,
  label: string,
  fixups: Array<Fixup.Fixup>
): unknown => {
  switch (definition.type) {
    case "boolean":
      return coerceBoolean(value, label, fixups)
    case "complex":
      return coerceComplex(value, definition, label, fixups)
    default:
      return value
  }
}

const coerceBoolean = (value: unknown, label: string, fixups: Array<Fixup.Fixup>): unknown => {
  if (typeof value === "string" && BOOLEAN.test(value.trim())) {
    const result = value.trim().toLowerCase() === "true"
    fixups.push(Fixup.make("string-boolean", `${label} ${show(value)} -> ${result}`))
    return result
  }
  return value
}

const coerceComplex = (
  value: unknown,
  definition: Attribute.Definition,
  label: string,
  fixups: Array<Fixup.Fixup>
): unknown => {
  if (Array.isArray(value)) {
    // A single-valued complex attribute sent as an array (Entra's `manager` in Example 5).
    if (!definition.multiValued && value.length === 1) {
      fixups.push(Fixup.make("complex-shape", `${label} one-element array -> its element`))
      return coerceComplex(value[0], definition, label, fixups)
    }
    return value
  }
  const valueSub = Attribute.find(definition.subAttributes, "value")
  if ((typeof value === "string" || typeof value === "number") && valueSub !== undefined) {
    // A bare id where a complex value is expected (`manager: "123456"`, `members: ["id"]`).
    const wrapped = { [valueSub.name]: value }
    fixups.push(Fixup.make("complex-shape", `${label} ${show(value)} -> ${show(wrapped)}`))
    return wrapped
  }
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, sub] of Object.entries(value)) {
    const subDefinition = Attribute.find(definition.subAttributes, key)
    if (subDefinition === undefined) {
      out[key] = sub
      continue
    }
    const name = subDefinition.name
    if (name !== key) fixups.push(Fixup.make("attribute-case", `attribute "${label}.${key}" -> "${label}.${name}"`))
    if (sub === null) {
      fixups.push(Fixup.make("null-value", `${label}.${name} null -> omitted`))
      continue
    }
    out[name] = coerce(sub, subDefinition, "attribute", `${label}.${name}`, fixups)
  }
  return out
}
