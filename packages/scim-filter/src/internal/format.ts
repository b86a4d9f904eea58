/**
 * Canonical text of filters and paths: lower-case operators, single spaces, JSON values, and
 * parentheses only where the tree needs them (`and` binds tighter than `or`, chains are left-nested).
 */
import type { AttributePath, Filter, Value } from "../Filter.js"

export const formatAttributePath = (path: AttributePath): string => {
  const base = path.urn === undefined ? path.attribute : `${path.urn}:${path.attribute}`
  return path.subAttribute === undefined ? base : `${base}.${path.subAttribute}`
}

export const formatValue = (value: Value): string => {
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : JSON.stringify(value)
  return String(value)
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/

/**
 * The spelling of a comparison value: a number's or boolean's `text` as written when it is a valid
 * spelling of that value (`1.50`, `1E3`, `True`), else the canonical JSON text.
 */
export const formatCompareValue = (value: Value, text: string | undefined): string => {
  if (text !== undefined) {
    if (typeof value === "number" && NUMBER.test(text) && Object.is(Number(text), value)) return text
    if (typeof value === "boolean" && text.toLowerCase() === String(value)) return text
  }
  return formatValue(value)
}

const enum Prec {
  Or = 1,
  And = 2,
  Atom = 3
}

const precedence = (filter: Filter): Prec =>
  filter._tag === "Or" ? Prec.Or : filter._tag === "And" ? Prec.And : Prec.Atom

const operand = (filter: Filter, min: Prec): string => {
  const text = formatFilter(filter)
  return precedence(filter) < min ? `(${text})` : text
}

export const formatFilter = (filter: Filter): string => {
  switch (filter._tag) {
    case "Compare":
      return `${formatAttributePath(filter.path)} ${filter.op} ${formatCompareValue(filter.value, filter.text)}`
    case "Present":
      return `${formatAttributePath(filter.path)} pr`
    case "Not":
      return `not (${formatFilter(filter.filter)})`
    case "ValuePath":
      return `${formatAttributePath(filter.path)}[${formatFilter(filter.filter)}]`
    case "And":
      // Left operand may be another `and` (left-nested chain); a right `and` needs parentheses.
      return `${operand(filter.left, Prec.And)} and ${operand(filter.right, Prec.Atom)}`
    case "Or":
      return `${operand(filter.left, Prec.Or)} or ${operand(filter.right, Prec.And)}`
  }
}
