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
      return `${formatAttributePath(filter.path)} ${filter.op} ${formatValue(filter.value)}`
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
