/** Small helpers for plain JSON values as received from an IdP. */

export type JsonRecord = Record<string, unknown>

export const isRecord = (u: unknown): u is JsonRecord =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Finds the key of `record` equal to `name` ignoring case (attribute names are case-insensitive, RFC 7643 §2.1). */
export const findKey = (record: JsonRecord, name: string): string | undefined => {
  if (Object.prototype.hasOwnProperty.call(record, name)) return name
  const lower = name.toLowerCase()
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === lower) return key
  }
  return undefined
}

/** Reads an attribute ignoring the case of its name. */
export const getCI = (record: JsonRecord, name: string): unknown => {
  const key = findKey(record, name)
  return key === undefined ? undefined : record[key]
}

/** Renders a value for a fix-up message: strings in double quotes, everything else as JSON. */
export const show = (value: unknown): string => {
  if (value === undefined) return "undefined"
  const text = JSON.stringify(value)
  return text.length > 100 ? text.slice(0, 97) + "..." : text
}

/** Quotes a name or path for a fix-up message, never shortened. */
export const quote = (text: string): string => JSON.stringify(text)
