/**
 * JSON value helpers for PATCH application: case-insensitive key lookup, SCIM equality (RFC 7643 §2.1,
 * `caseExact`), unassigned values (RFC 7643 §2.5), and validation/normalisation of operation values
 * against attribute definitions (RFC 7643 §2.3).
 */
import type { Attribute } from "@dirsync/scim-schema"

/** The scimType values a PATCH can fail with. */
export type ScimType = "invalidPath" | "noTarget" | "invalidValue" | "mutability" | "invalidSyntax"

/** Thrown inside the engine and turned into a `PatchError` by the operation loop. */
export class Failure {
  constructor(readonly scimType: ScimType, readonly reason: string) {}
}

export const fail = (scimType: ScimType, reason: string): never => {
  throw new Failure(scimType, reason)
}

export type JsonObject = Record<string, unknown>

export const isObject = (u: unknown): u is JsonObject => typeof u === "object" && u !== null && !Array.isArray(u)

const hasOwn = Object.prototype.hasOwnProperty

/** The key of `object` equal to `name` ignoring case (the exact key first), or `undefined`. */
export const findKey = (object: JsonObject, name: string): string | undefined => {
  if (hasOwn.call(object, name)) return name
  const lower = lowerCase(name)
  // Lower-casing can change the length only outside ASCII: compare lengths first to avoid allocations.
  const length = lower.length === name.length && isAscii(name) ? name.length : -1
  for (const key in object) {
    if (!hasOwn.call(object, key)) continue
    if ((length < 0 || key.length === length) && lowerCase(key) === lower) return key
  }
  return undefined
}

const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false
  return true
}

const lowerCache = new Map<string, string>()

/** `s.toLowerCase()`, remembered for the attribute names and URNs that come back on every request. */
export const lowerCase = (s: string): string => {
  let lower = lowerCache.get(s)
  if (lower === undefined) {
    lower = s.toLowerCase()
    if (lowerCache.size >= 4096) lowerCache.clear()
    lowerCache.set(s, lower)
  }
  return lower
}

/** RFC 7643 §2.5: unassigned, null and an empty array are equivalent; an empty complex value is too. */
export const isUnassigned = (u: unknown): boolean =>
  u === undefined || u === null || (Array.isArray(u) && u.length === 0) || (isObject(u) && isEmptyObject(u))

const isEmptyObject = (object: JsonObject): boolean => {
  for (const key in object) {
    if (hasOwn.call(object, key) && object[key] !== undefined && object[key] !== null) return false
  }
  return true
}

/**
 * A shallow copy of an object. `Object.assign` rather than spread: V8 gives a spread copy a map of its
 * own, which makes adding a key to it afterwards many times slower.
 */
export const shallowCopy = (object: Readonly<JsonObject>): JsonObject => Object.assign({}, object)

/** A deep copy of a JSON value (plain objects and arrays only). */
export const copy = (u: unknown): unknown => {
  if (typeof u !== "object" || u === null) return u
  if (Array.isArray(u)) return u.map(copy)
  const out: JsonObject = {}
  for (const key of Object.keys(u)) out[key] = copy((u as JsonObject)[key])
  return out
}

/** Exact deep equality of JSON values, ignoring object keys whose value is null or absent. */
export const exactEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!exactEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ao = a as JsonObject
  const bo = b as JsonObject
  let count = 0
  for (const key of Object.keys(ao)) {
    const av = ao[key]
    if (av === undefined || av === null) continue
    count++
    if (!exactEqual(av, bo[key])) return false
  }
  for (const key of Object.keys(bo)) {
    const bv = bo[key]
    if (bv !== undefined && bv !== null) count--
  }
  return count === 0
}

/**
 * SCIM equality of two values of one attribute: strings compare ignoring case unless the definition is
 * `caseExact`; complex values compare sub-attribute by sub-attribute with attribute names ignoring case.
 */
export const scimEqual = (definition: Attribute.Definition | undefined, a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a === "string" && typeof b === "string") {
    return definition !== undefined && !definition.caseExact && a.toLowerCase() === b.toLowerCase()
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!scimEqual(definition, a[i], b[i])) return false
    return true
  }
  if (!isObject(a) || !isObject(b)) return false
  return objectsEqual(definition, a, b) && objectsEqual(definition, b, a)
}

const objectsEqual = (definition: Attribute.Definition | undefined, a: JsonObject, b: JsonObject): boolean => {
  for (const key of Object.keys(a)) {
    const av = a[key]
    if (av === undefined || av === null) continue
    const bk = findKey(b, key)
    if (bk === undefined) return false
    const sub = definition?.subAttributes === undefined ? undefined : findSub(definition, key)
    if (!scimEqual(sub, av, b[bk])) return false
  }
  return true
}

export const findSub = (definition: Attribute.Definition, name: string): Attribute.Definition | undefined => {
  const subs = definition.subAttributes
  if (subs === undefined) return undefined
  for (const sub of subs) if (sub.name === name) return sub
  const lower = lowerCase(name)
  for (const sub of subs) if (sub.name.length === name.length && lowerCase(sub.name) === lower) return sub
  return undefined
}

/**
 * Whether the elements of a multi-valued attribute are references to other resources (`members`,
 * `groups`): those are identified by their `value` alone, so adding a member twice is one member.
 */
export const identifiedByValue = (definition: Attribute.Definition | undefined): boolean =>
  definition !== undefined && definition.type === "complex" && findSub(definition, "value") !== undefined &&
  findSub(definition, "$ref") !== undefined

/**
 * A few elements of a multi-valued attribute (the values of one operation), answering "which of them
 * equals this element?" quickly while a long list is scanned once: by the `value` key for references
 * (`members`: large groups stay linear and allocation-free), else by {@link sameElement}.
 */
export class ElementSet {
  private readonly keys: Map<unknown, number> | undefined
  private readonly others: Array<readonly [unknown, number]> = []
  private readonly caseExact: boolean
  private readonly definition: Attribute.Definition | undefined
  private count = 0

  constructor(definition: Attribute.Definition | undefined) {
    this.definition = definition
    const byValue = identifiedByValue(definition)
    this.caseExact = byValue && findSub(definition!, "value")!.caseExact
    this.keys = byValue ? new Map() : undefined
  }

  private valueOf(element: unknown): unknown {
    if (!isObject(element)) return undefined
    const value = hasOwn.call(element, "value") ? element.value : element[findKey(element, "value") ?? "value"]
    return value === null ? undefined : value
  }

  /** The index (in order of {@link add}) of an element equal to `element`, or -1. */
  indexOf(element: unknown): number {
    if (this.keys !== undefined) {
      const value = this.valueOf(element)
      if (value !== undefined) {
        const hit = this.keys.get(value)
        if (hit !== undefined) return hit
        if (typeof value !== "string" || this.caseExact || !hasUpperCase(value)) return -1
        return this.keys.get(value.toLowerCase()) ?? -1
      }
    }
    for (const [item, index] of this.others) if (sameElement(this.definition, item, element)) return index
    return -1
  }

  has(element: unknown): boolean {
    return this.indexOf(element) >= 0
  }

  /** Adds an element and returns its index. */
  add(element: unknown): number {
    const index = this.count++
    if (this.keys !== undefined) {
      const value = this.valueOf(element)
      if (value !== undefined) {
        const key = typeof value === "string" && !this.caseExact ? value.toLowerCase() : value
        if (!this.keys.has(key)) this.keys.set(key, index)
        return index
      }
    }
    this.others.push([element, index])
    return index
  }
}

const hasUpperCase = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c >= 65 && c <= 90) || c > 0x7f) return true
  }
  return false
}

/** Whether two elements of a multi-valued attribute are the same value (for add and remove by value). */
export const sameElement = (definition: Attribute.Definition | undefined, a: unknown, b: unknown): boolean => {
  if (definition !== undefined && identifiedByValue(definition) && isObject(a) && isObject(b)) {
    const ak = findKey(a, "value")
    const bk = findKey(b, "value")
    if (ak !== undefined && bk !== undefined) {
      return scimEqual(findSub(definition, "value"), a[ak], b[bk])
    }
  }
  return scimEqual(definition, a, b)
}

const describe = (u: unknown): string => {
  if (u === null) return "null"
  if (Array.isArray(u)) return "an array"
  if (typeof u === "object") return "an object"
  if (typeof u === "string") return JSON.stringify(u.length > 40 ? u.slice(0, 40) + "…" : u)
  return String(u)
}

/** How normalisation treats values that need a fix-up. */
export interface NormaliseOptions {
  /** Accept `"True"`/`"False"`, a bare id for a complex attribute and single values for arrays. */
  readonly coerce: boolean
  /** Fail on read-only sub-attributes instead of dropping them. */
  readonly strict: boolean
}

const TYPE_NAMES: Record<Attribute.Type, string> = {
  string: "a string",
  boolean: "a boolean",
  decimal: "a number",
  integer: "an integer",
  dateTime: "a dateTime string",
  binary: "a base64 string",
  reference: "a reference string",
  complex: "an object"
}

// xsd:dateTime (RFC 7643 §2.3.5) and base64 (§2.3.6), as @dirsync/scim-schema's decoder accepts them.
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/
const BINARY = /^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/

/**
 * Validates one (single) value of a definition and returns the value to store: a fresh copy, with known
 * sub-attribute names in their canonical case. `null` is returned as `null` (unassigned).
 */
export const normaliseSingle = (
  definition: Attribute.Definition | undefined,
  value: unknown,
  label: string,
  options: NormaliseOptions
): unknown => {
  if (value === null || value === undefined) return null
  if (definition === undefined) return copy(value)
  switch (definition.type) {
    case "string":
    case "reference":
      if (typeof value === "string") return value
      break
    case "binary":
      if (typeof value === "string" && BINARY.test(value)) return value
      break
    case "dateTime":
      if (typeof value === "string" && DATE_TIME.test(value)) return value
      break
    case "boolean":
      if (typeof value === "boolean") return value
      if (options.coerce && typeof value === "string") {
        const lower = value.toLowerCase()
        if (lower === "true") return true
        if (lower === "false") return false
      }
      break
    case "integer":
      if (typeof value === "number" && Number.isInteger(value)) return value
      break
    case "decimal":
      if (typeof value === "number" && Number.isFinite(value)) return value
      break
    case "complex": {
      if (isObject(value)) return normaliseComplex(definition, value, label, options)
      if (options.coerce && typeof value === "string" && findSub(definition, "value") !== undefined) {
        // Entra sends the enterprise manager as a bare id; "" clears it.
        return value === "" ? null : normaliseComplex(definition, { value }, label, options)
      }
      break
    }
  }
  return fail("invalidValue", `"${label}" expects ${TYPE_NAMES[definition.type]}, got ${describe(value)}`)
}

const normaliseComplex = (
  definition: Attribute.Definition,
  value: JsonObject,
  label: string,
  options: NormaliseOptions
): JsonObject | null => {
  const out: JsonObject = {}
  let any = false
  for (const key of Object.keys(value)) {
    const sub = findSub(definition, key)
    const raw = value[key]
    if (sub === undefined) {
      if (raw !== undefined && raw !== null) {
        out[key] = copy(raw)
        any = true
      }
      continue
    }
    if (sub.mutability === "readOnly") {
      if (options.strict) fail("mutability", `"${label}.${sub.name}" is readOnly`)
      continue
    }
    const normalised = sub.multiValued
      ? normaliseMulti(sub, raw, `${label}.${sub.name}`, options)
      : normaliseSingle(sub, raw, `${label}.${sub.name}`, options)
    if (normalised !== null) {
      out[sub.name] = normalised
      any = true
    }
  }
  return any ? out : null
}

/** Validates the value of a multi-valued attribute and returns a fresh array (a single value is wrapped when coercing). */
export const normaliseMulti = (
  definition: Attribute.Definition | undefined,
  value: unknown,
  label: string,
  options: NormaliseOptions
): Array<unknown> => {
  if (value === null || value === undefined) return []
  let items: ReadonlyArray<unknown>
  if (Array.isArray(value)) items = value
  else if (options.coerce || definition === undefined) items = [value]
  else return fail("invalidValue", `"${label}" is multi-valued and expects an array, got ${describe(value)}`)
  const out: Array<unknown> = []
  for (const item of items) {
    if (Array.isArray(item)) fail("invalidValue", `"${label}" expects single values in its array, got an array`)
    const normalised = normaliseSingle(definition, item, label, options)
    if (normalised !== null) out.push(normalised)
  }
  return out
}

/** Validates the value of a single-valued attribute (a one-element array is unwrapped when coercing). */
export const normaliseValue = (
  definition: Attribute.Definition | undefined,
  value: unknown,
  label: string,
  options: NormaliseOptions
): unknown => {
  if (definition === undefined) return copy(value)
  if (definition.multiValued) return normaliseMulti(definition, value, label, options)
  if (Array.isArray(value)) {
    if (options.coerce && value.length <= 1) return normaliseSingle(definition, value[0] ?? null, label, options)
    return fail("invalidValue", `"${label}" is single-valued, got an array`)
  }
  return normaliseSingle(definition, value, label, options)
}
