/**
 * Hand-written scanner and recursive-descent parser for the filter grammar of RFC 7644 §3.4.2.2 and the
 * PATCH path grammar of RFC 7644 §3.5.2. Precedence: `or` < `and` < `not` / primary. Logical chains are
 * parsed with loops (left-associative), so only brackets and parentheses recurse, and those are bounded
 * by `maxDepth`.
 */
import type { AttributePath, CompareOperator, Filter, ParseOptions, Value } from "../Filter.js"
import type { Path } from "../Path.js"
import { formatValue } from "./format.js"

/** Resolved parser settings (every option filled in). */
export interface Settings {
  readonly unquotedValues: boolean
  readonly valuePathSubAttribute: boolean
  readonly maxLength: number
  readonly maxDepth: number
}

/** Fills in the defaults: every tolerance on unless `strict`, 8192 characters, 32 levels. */
export const settings = (options: ParseOptions | undefined): Settings => {
  if (options === undefined) return defaults
  const tolerant = options?.strict !== true
  return {
    unquotedValues: options?.unquotedValues ?? tolerant,
    valuePathSubAttribute: options?.valuePathSubAttribute ?? tolerant,
    maxLength: options?.maxLength ?? 8192,
    maxDepth: options?.maxDepth ?? 32
  }
}

const defaults: Settings = { unquotedValues: true, valuePathSubAttribute: true, maxLength: 8192, maxDepth: 32 }

/** A parse failure at a zero-based offset; turned into a `FilterParseError` by the public modules. */
export class Failure {
  constructor(
    readonly offset: number,
    readonly expected: string,
    readonly reason: string
  ) {}
}

const enum Ctx {
  Top,
  Paren,
  Bracket
}

const pair = (op: string): number => (op.charCodeAt(0) << 8) | op.charCodeAt(1)
const OPERATORS = new Map<number, CompareOperator | "pr">(
  (["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le", "pr"] as const).map((op) => [pair(op), op])
)
/** The operator whose two lower-cased letters are `key`, if any. */
const operatorOf = (key: number): CompareOperator | "pr" | undefined => OPERATORS.get(key)
const OPERATOR_LIST = "an operator (eq, ne, co, sw, ew, gt, lt, ge, le or pr)"
const VALUE_LIST = "a value (a quoted string, a number, true, false or null)"
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y

const isWs = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13
const isAlpha = (c: number): boolean => ((c | 32) >= 97 && (c | 32) <= 122)
const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isNameChar = (c: number): boolean => isAlpha(c) || isDigit(c) || c === 45 || c === 95
const isPathChar = (c: number): boolean => isNameChar(c) || c === 46 || c === 58 || c === 36

const expectedAfter = (ctx: Ctx): string =>
  ctx === Ctx.Top ? "\"and\", \"or\" or the end of the filter" : ctx === Ctx.Paren ? "\"and\", \"or\" or \")\"" : "\"and\", \"or\" or \"]\""

class Parser {
  i = 0
  depth = 0
  readonly n: number
  constructor(
    readonly s: string,
    readonly settings: Settings
  ) {
    this.n = s.length
  }

  fail(offset: number, expected: string, reason = `expected ${expected}`): never {
    throw new Failure(offset, expected, reason)
  }

  code(at: number): number {
    return at < this.n ? this.s.charCodeAt(at) : -1
  }

  skipWs(): void {
    while (this.i < this.n && isWs(this.s.charCodeAt(this.i))) this.i++
  }

  enter(at: number): void {
    if (++this.depth > this.settings.maxDepth) {
      const max = this.settings.maxDepth
      this.fail(at, `at most ${max} levels of nesting`, `nesting deeper than ${max} levels`)
    }
  }

  /** Whether a case-insensitive keyword starts at `i` and ends at a delimiter. */
  keywordAt(keyword: string): boolean {
    const end = this.i + keyword.length
    if (end > this.n) return false
    for (let k = 0; k < keyword.length; k++) {
      if ((this.s.charCodeAt(this.i + k) | 32) !== keyword.charCodeAt(k)) return false
    }
    const after = this.code(end)
    return after === -1 || isWs(after) || after === 40
  }

  /** A logical keyword needs whitespace before it, unless it follows a closing bracket or quotation mark. */
  separatedFrom(save: number): boolean {
    if (this.i > save) return true
    const before = this.code(save - 1)
    return before === 41 || before === 93 || before === 34
  }

  parseOr(ctx: Ctx): Filter {
    let left = this.parseAnd(ctx)
    for (;;) {
      const save = this.i
      this.skipWs()
      if (this.separatedFrom(save) && this.keywordAt("or")) {
        this.i += 2
        left = { _tag: "Or", left, right: this.parseAnd(ctx) }
      } else {
        this.i = save
        return left
      }
    }
  }

  parseAnd(ctx: Ctx): Filter {
    let left = this.parseUnary(ctx)
    for (;;) {
      const save = this.i
      this.skipWs()
      if (this.separatedFrom(save) && this.keywordAt("and")) {
        this.i += 3
        left = { _tag: "And", left, right: this.parseUnary(ctx) }
      } else {
        this.i = save
        return left
      }
    }
  }

  parseUnary(ctx: Ctx): Filter {
    this.skipWs()
    const c = this.code(this.i)
    if (c === 40) return this.parseGroup(ctx)
    if ((c | 32) === 110 && this.keywordAt("not")) {
      const save = this.i
      this.i += 3
      this.skipWs()
      if (this.code(this.i) === 40) return { _tag: "Not", filter: this.parseGroup(ctx) }
      this.i = save
    }
    return this.parseAttrExp(ctx)
  }

  /** `(` filter `)`; the position is at the opening parenthesis. */
  parseGroup(ctx: Ctx): Filter {
    this.enter(this.i)
    this.i++
    const inner = this.parseOr(ctx === Ctx.Bracket ? Ctx.Bracket : Ctx.Paren)
    this.skipWs()
    if (this.code(this.i) !== 41) this.fail(this.i, "\"and\", \"or\" or \")\"")
    this.i++
    this.depth--
    return inner
  }

  parseAttrExp(ctx: Ctx): Filter {
    const path = this.parseAttrPath()
    if (this.code(this.i) === 91) {
      const filter = this.parseBracket(path, ctx)
      if (this.code(this.i) === 46 && this.settings.valuePathSubAttribute) {
        this.i++
        const attribute = this.parseName()
        const last = this.parseOperation({ attribute })
        return { _tag: "ValuePath", path, filter: { _tag: "And", left: filter, right: last } }
      }
      return { _tag: "ValuePath", path, filter }
    }
    return this.parseOperation(path)
  }

  /** `[` valFilter `]` after an attribute path; the position is at the opening bracket. */
  parseBracket(path: AttributePath, ctx: Ctx): Filter {
    if (ctx === Ctx.Bracket) this.fail(this.i, OPERATOR_LIST, "value filters cannot be nested")
    if (path.subAttribute !== undefined) {
      this.fail(this.i, OPERATOR_LIST, "a value filter cannot follow a sub-attribute")
    }
    this.enter(this.i)
    this.i++
    const filter = this.parseOr(Ctx.Bracket)
    this.skipWs()
    if (this.code(this.i) !== 93) this.fail(this.i, "\"and\", \"or\" or \"]\"")
    this.i++
    this.depth--
    return filter
  }

  parseOperation(path: AttributePath): Filter {
    this.skipWs()
    const start = this.i
    const op = start + 2 <= this.n && !isAlpha(this.code(start + 2))
      ? operatorOf(((this.s.charCodeAt(start) | 32) << 8) | (this.s.charCodeAt(start + 1) | 32))
      : undefined
    if (op === undefined) this.fail(start, OPERATOR_LIST)
    this.i = start + 2
    if (op === "pr") return { _tag: "Present", path }
    this.skipWs()
    const from = this.i
    const value = this.parseValue()
    if (typeof value === "number" || typeof value === "boolean") {
      // Keep a number's or boolean's spelling when it is not the canonical one (`1.50`, `True`): string
      // attributes compare against the text as sent.
      const text = this.s.slice(from, this.i)
      if (text !== formatValue(value)) return { _tag: "Compare", path, op, value, text }
    }
    return { _tag: "Compare", path, op, value }
  }

  delimiterAt(at: number): boolean {
    const c = this.code(at)
    return c === -1 || isWs(c) || c === 41 || c === 93
  }

  parseValue(): Value {
    const start = this.i
    const c = this.code(start)
    if (c === -1 || c === 41 || c === 93) this.fail(start, "a value")
    if (c === 34) return this.parseString()
    if (c === 45 || isDigit(c)) {
      NUMBER.lastIndex = start
      const match = NUMBER.exec(this.s)
      if (match !== null && this.delimiterAt(start + match[0].length)) {
        this.i = start + match[0].length
        return Number(match[0])
      }
    } else if (isAlpha(c)) {
      let end = start
      while (isAlpha(this.code(end))) end++
      if (this.delimiterAt(end)) {
        const word = this.s.slice(start, end).toLowerCase()
        if (word === "true" || word === "false" || word === "null") {
          this.i = end
          return word === "null" ? null : word === "true"
        }
      }
    }
    if (!this.settings.unquotedValues) this.fail(start, VALUE_LIST)
    let end = start
    while (!this.delimiterAt(end)) end++
    this.i = end
    return this.s.slice(start, end)
  }

  /** A JSON string (RFC 8259 §7); the position is at the opening quotation mark. */
  parseString(): string {
    const s = this.s
    let j = this.i + 1
    let segment = j
    let out = ""
    for (;;) {
      if (j >= this.n) this.fail(j, "a closing quotation mark", "expected a closing quotation mark")
      const c = s.charCodeAt(j)
      if (c === 34) {
        this.i = j + 1
        return out + s.slice(segment, j)
      }
      if (c === 92) {
        out += s.slice(segment, j)
        const e = this.code(j + 1)
        switch (e) {
          case 34: out += "\""; break
          case 92: out += "\\"; break
          case 47: out += "/"; break
          case 98: out += "\b"; break
          case 102: out += "\f"; break
          case 110: out += "\n"; break
          case 114: out += "\r"; break
          case 116: out += "\t"; break
          case 117: {
            const hex = s.slice(j + 2, j + 6)
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
              this.fail(j, "four hexadecimal digits after \\u", "expected four hexadecimal digits after \\u")
            }
            out += String.fromCharCode(parseInt(hex, 16))
            j += 4
            break
          }
          default:
            this.fail(
              j,
              "an escape sequence (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)",
              "expected an escape sequence (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)"
            )
        }
        j += 2
        segment = j
        continue
      }
      if (c < 32) this.fail(j, "an escaped control character", "expected an escaped control character in the string")
      j++
    }
  }

  /** `[URI ":"] ATTRNAME ["." ATTRNAME]`; the URN ends at the last colon. */
  parseAttrPath(): AttributePath {
    const s = this.s
    const start = this.i
    const c = this.code(start)
    if (!(isAlpha(c) || c === 36)) this.fail(start, "an attribute path")
    let colon = -1
    let dot = -1
    let i = start
    for (; i < this.n; i++) {
      const d = s.charCodeAt(i)
      if (d === 58) {
        colon = i
        dot = -1
      } else if (d === 46) {
        if (dot < 0) dot = i
      } else if (!isPathChar(d)) break
    }
    this.i = i
    const nameStart = colon + 1 || start
    if (colon >= 0 && nameStart === i) this.fail(nameStart, "an attribute name after the schema URN")
    const nameEnd = dot < 0 ? i : dot
    this.checkName(nameStart, nameEnd)
    const attribute = s.slice(nameStart, nameEnd)
    if (dot < 0) return colon < 0 ? { attribute } : { urn: s.slice(start, colon), attribute }
    this.checkName(dot + 1, i)
    const subAttribute = s.slice(dot + 1, i)
    return colon < 0 ? { attribute, subAttribute } : { urn: s.slice(start, colon), attribute, subAttribute }
  }

  /** A bare ATTRNAME (after `].`). */
  parseName(): string {
    const start = this.i
    while (this.i < this.n && (isNameChar(this.s.charCodeAt(this.i)) || this.s.charCodeAt(this.i) === 36)) this.i++
    this.checkName(start, this.i)
    return this.s.slice(start, this.i)
  }

  /** ATTRNAME = ALPHA *(nameChar), plus `$ref` (RFC 7643 §2.3.7 names it so). */
  checkName(from: number, to: number): void {
    if (from >= to) this.fail(from, "an attribute name")
    const first = this.s.charCodeAt(from)
    if (!isAlpha(first) && !(first === 36 && to - from > 1)) this.fail(from, "an attribute name")
    for (let k = from + 1; k < to; k++) {
      if (!isNameChar(this.s.charCodeAt(k))) this.fail(k, "a letter, digit, \"-\" or \"_\" in the attribute name")
    }
  }
}

const run = <A>(text: string, settings: Settings, body: (p: Parser) => A): A | Failure => {
  if (text.length > settings.maxLength) {
    return new Failure(
      settings.maxLength,
      `at most ${settings.maxLength} characters`,
      `the input is longer than ${settings.maxLength} characters`
    )
  }
  const parser = new Parser(text, settings)
  try {
    return body(parser)
  } catch (error) {
    if (error instanceof Failure) return error
    throw error
  }
}

/** Parses a whole filter. */
export const parseFilter = (text: string, settings: Settings): Filter | Failure =>
  run(text, settings, (p) => {
    const filter = p.parseOr(Ctx.Top)
    p.skipWs()
    if (p.i < p.n) p.fail(p.i, expectedAfter(Ctx.Top))
    return filter
  })

/** Parses a whole PATCH path: `attrPath` or `valuePath ["." subAttr]`. */
export const parsePath = (text: string, settings: Settings): Path | Failure =>
  run(text, settings, (p): Path => {
    p.skipWs()
    const path = p.parseAttrPath()
    if (p.code(p.i) === 91) {
      const filter = p.parseBracket(path, Ctx.Top)
      let subAttribute: string | undefined
      if (p.code(p.i) === 46) {
        p.i++
        subAttribute = p.parseName()
      }
      p.skipWs()
      if (p.i < p.n) p.fail(p.i, "the end of the path")
      return subAttribute === undefined
        ? { _tag: "ValuePath", path, filter }
        : { _tag: "ValuePath", path, filter, subAttribute }
    }
    p.skipWs()
    if (p.i < p.n) p.fail(p.i, "\"[\" or the end of the path")
    return { _tag: "AttributePath", path }
  })
