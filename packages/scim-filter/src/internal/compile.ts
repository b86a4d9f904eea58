/**
 * Compiles a filter tree into a predicate once: attribute lookups, definitions (type, caseExact) and
 * lower-cased constants are resolved at compile time, so evaluation is closure calls only.
 * Semantics follow RFC 7644 §3.4.2.2 (see the `Filter` module documentation).
 */
import { Attribute, ResourceSchema } from "@dirsync/scim-schema"
import type { AttributePath, CompareOperator, Filter, Value } from "../Filter.js"
import { formatCompareValue } from "./format.js"

type Json = Record<string, unknown>
type Read = (o: Json) => unknown
type Test = (v: unknown) => boolean
export type Predicate = (resource: Json) => boolean

const never: Predicate = () => false

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v)
const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s)

/** A case-insensitive property reader (RFC 7643 §2.1): exact key first, then a scan. */
export const reader = (name: string): Read => {
  const lower = name.toLowerCase()
  if (name in Object.prototype || lower in Object.prototype) {
    return (o) => {
      for (const key of Object.keys(o)) if (key.toLowerCase() === lower) return o[key]
      return undefined
    }
  }
  const length = isAscii(lower) ? lower.length : -1
  return (o) => {
    const v = o[name]
    if (v !== undefined) return v
    for (const key in o) {
      if ((length < 0 || key.length === length) && key.toLowerCase() === lower) return o[key]
    }
    return undefined
  }
}

const readValue = reader("value")

/** Where an attribute is read from and what the schema says about it (`undefined` fields: no schema). */
interface Target {
  readonly read: Read
  readonly subAttribute?: string | undefined
  readonly attribute?: Attribute.Definition | undefined
  readonly sub?: Attribute.Definition | undefined
}

interface Scope {
  readonly schema: boolean
  /** `undefined`: the attribute is unknown and never matches. */
  readonly resolve: (path: AttributePath) => Target | undefined
  /** The scope of a value filter's sub-attributes. */
  readonly element: (target: Target) => Scope
}

const elementScope = (definition: Attribute.Definition | undefined, schema: boolean): Scope => ({
  schema,
  resolve: (path) => {
    if (!schema) {
      return { read: reader(path.attribute), subAttribute: path.subAttribute }
    }
    if (path.urn !== undefined || path.subAttribute !== undefined) return undefined
    const attribute = Attribute.find(definition?.subAttributes, path.attribute)
    return attribute === undefined ? undefined : { read: reader(path.attribute), attribute }
  },
  element: () => elementScope(undefined, schema)
})

const schemalessScope: Scope = {
  schema: false,
  resolve: (path) => {
    const read = reader(path.attribute)
    if (path.urn === undefined) return { read, subAttribute: path.subAttribute }
    const extension = reader(path.urn)
    return {
      read: (o) => {
        const container = extension(o)
        return read(isObject(container) ? container : o)
      },
      subAttribute: path.subAttribute
    }
  },
  element: () => elementScope(undefined, false)
}

const resourceScope = (resource: ResourceSchema.ResourceSchema): Scope => ({
  schema: true,
  resolve: (path) => {
    const found = ResourceSchema.resolve(resource, path)
    if (found === undefined) return undefined
    let read = reader(path.attribute)
    if (found.schema !== resource.core) {
      const extension = reader(found.schema.id)
      const inner = read
      read = (o) => {
        const container = extension(o)
        return isObject(container) ? inner(container) : undefined
      }
    }
    return { read, subAttribute: path.subAttribute, attribute: found.attribute, sub: found.subAttribute }
  },
  element: (target) => elementScope(target.attribute, true)
})

// ---------------------------------------------------------------------------------------------------
// Value tests

const present = (v: unknown): boolean => {
  if (v === undefined || v === null) return false
  if (typeof v === "string") return v.length > 0
  if (Array.isArray(v)) return v.some(present)
  if (typeof v === "object") {
    for (const key in v) if (present((v as Json)[key])) return true
    return false
  }
  return true
}

const stringTest = (op: CompareOperator, c: string, caseExact: boolean): Test => {
  if (caseExact) {
    switch (op) {
      case "eq": return (v) => v === c
      case "ne": return (v) => typeof v === "string" && v !== c
      case "co": return (v) => typeof v === "string" && v.includes(c)
      case "sw": return (v) => typeof v === "string" && v.startsWith(c)
      case "ew": return (v) => typeof v === "string" && v.endsWith(c)
      case "gt": return (v) => typeof v === "string" && v > c
      case "lt": return (v) => typeof v === "string" && v < c
      case "ge": return (v) => typeof v === "string" && v >= c
      case "le": return (v) => typeof v === "string" && v <= c
    }
  }
  const lc = c.toLowerCase()
  // An ASCII constant can only equal, ignoring case, a string of the same length.
  const length = isAscii(c) ? c.length : -1
  switch (op) {
    case "eq":
      return (v) =>
        v === c || (typeof v === "string" && (length < 0 || v.length === length) && v.toLowerCase() === lc)
    case "ne":
      return (v) =>
        typeof v === "string" && v !== c && ((length >= 0 && v.length !== length) || v.toLowerCase() !== lc)
    case "co": return (v) => typeof v === "string" && v.toLowerCase().includes(lc)
    case "sw": return (v) => typeof v === "string" && v.toLowerCase().startsWith(lc)
    case "ew": return (v) => typeof v === "string" && v.toLowerCase().endsWith(lc)
    case "gt": return (v) => typeof v === "string" && v.toLowerCase() > lc
    case "lt": return (v) => typeof v === "string" && v.toLowerCase() < lc
    case "ge": return (v) => typeof v === "string" && v.toLowerCase() >= lc
    case "le": return (v) => typeof v === "string" && v.toLowerCase() <= lc
  }
}

/** Numbers (and dateTime instants): equality and ordering; substring operators do not apply. */
const order = (op: CompareOperator, c: number): Test | undefined => {
  switch (op) {
    case "eq": return (v) => v === c
    case "ne": return (v) => typeof v === "number" && !Number.isNaN(v) && v !== c
    case "gt": return (v) => typeof v === "number" && v > c
    case "lt": return (v) => typeof v === "number" && v < c
    case "ge": return (v) => typeof v === "number" && v >= c
    case "le": return (v) => typeof v === "number" && v <= c
    default: return undefined
  }
}

/** Booleans: `eq`/`ne` only; the strings "true"/"false" in any case are read as booleans (Entra sends them). */
const asBoolean = (v: unknown): boolean | undefined => {
  if (typeof v === "boolean") return v
  if (typeof v === "string") {
    const lower = v.toLowerCase()
    return lower === "true" ? true : lower === "false" ? false : undefined
  }
  return undefined
}

const booleanTest = (op: CompareOperator, c: boolean): Test | undefined =>
  op === "eq"
    ? (v) => v === c || asBoolean(v) === c
    : op === "ne"
    ? (v) => {
      const b = asBoolean(v)
      return b !== undefined && b !== c
    }
    : undefined

/** dateTime: ordering and equality on instants (RFC 7643 §2.3.5); substring operators on the text. */
const dateTimeTest = (op: CompareOperator, c: string, caseExact: boolean): Test => {
  const instant = Date.parse(c)
  if (Number.isNaN(instant) || op === "co" || op === "sw" || op === "ew") return stringTest(op, c, caseExact)
  const test = order(op, instant)!
  return (v) => typeof v === "string" && test(Date.parse(v))
}

/**
 * The test for one comparison. `text` is the literal as text: the string itself, or the spelling of a
 * number or boolean (`externalId eq 12345` as Entra ID sends it). String, reference and binary
 * attributes compare against that text, so an unquoted literal still finds the string `"12345"`;
 * `dateTime` only takes strings, numbers and booleans compare by type.
 */
const valueTest = (
  op: CompareOperator,
  c: Exclude<Value, null>,
  text: string,
  leaf: Attribute.Definition | undefined
): Test | undefined => {
  if (leaf === undefined) {
    if (typeof c === "string") return stringTest(op, c, false)
    if (typeof c === "number") {
      // Without a schema a number matches numbers by value and strings by its text.
      const asNumber = order(op, c)
      const asString = stringTest(op, text, false)
      return (v) => typeof v === "string" ? asString(v) : asNumber !== undefined && asNumber(v)
    }
    return booleanTest(op, c)
  }
  switch (leaf.type) {
    case "string":
    case "reference":
      return stringTest(op, text, leaf.caseExact)
    case "binary":
      // Base64 is case exact whatever the definition says (RFC 7643 §2.3.6).
      return stringTest(op, text, true)
    case "dateTime":
      return typeof c === "string" ? dateTimeTest(op, c, leaf.caseExact) : undefined
    case "integer":
    case "decimal":
      return typeof c === "number" ? order(op, c) : undefined
    case "boolean": {
      const b = asBoolean(c)
      return b === undefined ? undefined : booleanTest(op, b)
    }
    case "complex":
      return undefined
  }
}

// ---------------------------------------------------------------------------------------------------
// Predicates

/** True when `test` holds for any value at the target (multi-valued attributes: any element). */
const anyValue = (target: Target, test: Test, compare: boolean): Predicate => {
  const read = target.read
  if (target.subAttribute !== undefined) {
    const sub = reader(target.subAttribute)
    const onSub = (e: Json): boolean => {
      const v = sub(e)
      if (Array.isArray(v)) return v.some(test)
      return test(v)
    }
    return (o) => {
      const v = read(o)
      if (typeof v !== "object" || v === null) return false
      if (Array.isArray(v)) {
        for (const e of v) if (isObject(e) && onSub(e)) return true
        return false
      }
      return onSub(v as Json)
    }
  }
  if (!compare) return (o) => test(read(o))
  // A complex attribute without a sub-attribute is compared through its `value` sub-attribute.
  return (o) => {
    const v = read(o)
    if (typeof v !== "object") return test(v)
    if (v === null) return false
    if (Array.isArray(v)) {
      for (const e of v) {
        if (typeof e === "object" && e !== null ? test(readValue(e as Json)) : test(e)) return true
      }
      return false
    }
    return test(readValue(v as Json))
  }
}

/** The definition the compared value follows: the sub-attribute, else a complex attribute's `value`. */
const leafOf = (target: Target): Attribute.Definition | undefined | null => {
  if (target.sub !== undefined) return target.sub
  const attribute = target.attribute
  if (attribute === undefined) return undefined
  if (attribute.type !== "complex") return attribute
  return Attribute.find(attribute.subAttributes, "value") ?? null
}

const compileNode = (filter: Filter, scope: Scope): Predicate => {
  switch (filter._tag) {
    case "And": {
      const left = compileNode(filter.left, scope)
      const right = compileNode(filter.right, scope)
      return (o) => left(o) && right(o)
    }
    case "Or": {
      const left = compileNode(filter.left, scope)
      const right = compileNode(filter.right, scope)
      return (o) => left(o) || right(o)
    }
    case "Not": {
      const inner = compileNode(filter.filter, scope)
      return (o) => !inner(o)
    }
    case "Present": {
      const target = scope.resolve(filter.path)
      return target === undefined ? never : anyValue(target, present, false)
    }
    case "Compare": {
      const target = scope.resolve(filter.path)
      if (target === undefined) return never
      const value = filter.value
      if (value === null) {
        // `eq null` asks for an absent value, `ne null` for a present one; no other operator applies.
        const some = anyValue(target, present, false)
        return filter.op === "eq" ? (o) => !some(o) : filter.op === "ne" ? some : never
      }
      const leaf = leafOf(target)
      if (leaf === null) return never
      const text = typeof value === "string" ? value : formatCompareValue(value, filter.text)
      const test = valueTest(filter.op, value, text, leaf)
      return test === undefined ? never : anyValue(target, test, true)
    }
    case "ValuePath": {
      const target = scope.resolve(filter.path)
      if (target === undefined) return never
      const inner = compileNode(filter.filter, scope.element(target))
      const read = target.read
      return (o) => {
        const v = read(o)
        if (typeof v !== "object" || v === null) return false
        if (Array.isArray(v)) {
          for (const e of v) if (isObject(e) && inner(e)) return true
          return false
        }
        return inner(v as Json)
      }
    }
  }
}

/** Compiles a filter into a predicate over resources, with or without a resource schema. */
export const compile = (filter: Filter, resource?: ResourceSchema.ResourceSchema): Predicate => {
  const predicate = compileNode(filter, resource === undefined ? schemalessScope : resourceScope(resource))
  return (o) => isObject(o) && predicate(o)
}
