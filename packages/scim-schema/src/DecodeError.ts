/**
 * Decoding errors that say what is wrong and where: a `ParseError` from `effect/Schema` becomes one line
 * such as `emails[1].value: expected a string` (RFC 7644 §3.12 asks for a human-readable `detail`), with
 * the path in SCIM attribute notation (URN keys joined with `:`, sub-attributes with `.`, list positions
 * in brackets).
 *
 * @module
 */
import { Data, Option, SchemaAST } from "effect"
import type { ParseResult } from "effect"
import * as ScimError from "./ScimError.js"

/**
 * A request body or resource that does not match its schema. `path` is the SCIM-style location
 * (`emails[1].value`, empty for the whole value), `reason` what is wrong (`expected a string`) and
 * `input` the value that was decoded. The message is `path: reason`.
 */
export class DecodeError extends Data.TaggedError("DecodeError")<{
  readonly path: string
  readonly reason: string
  readonly input: unknown
}> {
  /** `path: reason`, or just the reason for the whole value. */
  override get message(): string {
    return this.path === "" ? this.reason : `${this.path}: ${this.reason}`
  }
}

type Segment = PropertyKey

/** Formats a path as SCIM notation: `emails[1].value`, `urn:…:enterprise:2.0:User:manager.value`. */
export const formatPath = (path: ReadonlyArray<Segment>): string => {
  let out = ""
  let previous: Segment | undefined = undefined
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`
    else if (out === "") out = String(segment)
    else out += (typeof previous === "string" && previous.toLowerCase().startsWith("urn:") ? ":" : ".") + String(segment)
    previous = segment
  }
  return out
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`)

const describe = (ast: SchemaAST.AST): string => {
  const description = SchemaAST.getDescriptionAnnotation(ast)
  if (Option.isSome(description) && ast._tag === "Refinement") return description.value
  switch (ast._tag) {
    case "StringKeyword":
      return "a string"
    case "NumberKeyword":
      return "a number"
    case "BooleanKeyword":
      return "a boolean"
    case "Literal":
      return ast.literal === null ? "null" : JSON.stringify(ast.literal)
    case "TupleType":
      return ast.rest.length > 0 ? "an array" : `an array of ${ast.elements.length}`
    case "TypeLiteral":
      return ast.indexSignatures.length > 0 && ast.propertySignatures.length === 0 ? "an object" : "an object"
    case "Union": {
      const members = ast.types.filter((t) => !(t._tag === "Literal" && t.literal === null))
      if (members.every((t) => t._tag === "Literal")) {
        const names = members.map(describe)
        return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`
      }
      const first = members[0]
      return members.length === 1 && first !== undefined ? describe(first) : members.map(describe).join(" or ")
    }
    case "Refinement": {
      if (Option.isSome(description)) return description.value
      const id = SchemaAST.getSchemaIdAnnotation(ast)
      if (Option.isSome(id) && String(id.value).includes("Int")) return "an integer"
      return describe(ast.from)
    }
    case "Transformation":
      return describe(ast.to)
    case "Suspend":
      return describe(ast.f())
    default:
      return article(ast._tag.replace(/Keyword$/, "").toLowerCase())
  }
}

const first = <A>(issues: A | ReadonlyArray<A>): A =>
  Array.isArray(issues) ? (issues as ReadonlyArray<A>)[0]! : (issues as A)

const walk = (issue: ParseResult.ParseIssue, path: ReadonlyArray<Segment>): { path: ReadonlyArray<Segment>; reason: string } => {
  switch (issue._tag) {
    case "Pointer":
      return walk(issue.issue, [...path, ...(Array.isArray(issue.path) ? issue.path : [issue.path as Segment])])
    case "Missing":
      return { path, reason: "is required" }
    case "Unexpected":
      return { path, reason: "is not allowed" }
    case "Forbidden":
      return { path, reason: "cannot be checked" }
    case "Type":
      return { path, reason: `expected ${describe(issue.ast)}` }
    case "Refinement":
      return issue.kind === "From" ? walk(issue.issue, path) : { path, reason: `expected ${describe(issue.ast)}` }
    case "Transformation":
      return walk(issue.issue, path)
    case "Composite": {
      if (issue.ast._tag === "Union") {
        const inner = first(issue.issues)
        // A union of alternatives (`T | null`) that failed on the value itself: describe the alternatives.
        if (inner._tag === "Type" || inner._tag === "Refinement" || inner._tag === "Composite") {
          const nested = walk(inner, path)
          if (nested.path.length > path.length) return nested
          return { path, reason: `expected ${describe(issue.ast)}` }
        }
        return walk(inner, path)
      }
      return walk(first(issue.issues), path)
    }
  }
}

/**
 * The one-line form of a parse error: `emails[1].value: expected a string`.
 *
 * @example
 * import { Schema } from "effect"
 * import { DecodeError, Resource, Schemas } from "@dirsync/scim-schema"
 * const result = Schema.decodeUnknownEither(Resource.User)({ schemas: [Schemas.UserUrn], userName: "b", emails: [{}, { value: 1 }] })
 * if (result._tag === "Left") DecodeError.format(result.left) // "emails[1].value: expected a string"
 */
export const format = (error: ParseResult.ParseError): string => {
  const { path, reason } = walk(error.issue, [])
  return path.length === 0 ? reason : `${formatPath(path)}: ${reason}`
}

/**
 * Turns a parse error into a {@link DecodeError} carrying the path, the reason and the input.
 *
 * @example
 * import { Schema } from "effect"
 * import { DecodeError } from "@dirsync/scim-schema"
 * const result = Schema.decodeUnknownEither(Schema.Struct({ a: Schema.String }))({ a: 1 })
 * if (result._tag === "Left") DecodeError.fromParseError(result.left, { a: 1 }).message // "a: expected a string"
 */
export const fromParseError = (error: ParseResult.ParseError, input: unknown): DecodeError => {
  const { path, reason } = walk(error.issue, [])
  return new DecodeError({ path: formatPath(path), reason, input })
}

/**
 * The SCIM error for a decoding failure: 400 with `scimType` `invalidValue` when a value is of the
 * wrong type or missing (the default), or `invalidSyntax` when asked (a body that is not the message it
 * claims to be). The detail is the error's one-line message.
 *
 * @example
 * import { DecodeError } from "@dirsync/scim-schema"
 * DecodeError.toScimError(new DecodeError.DecodeError({ path: "userName", reason: "is required", input: {} })).toBody()
 * // { schemas: [...Error], status: "400", scimType: "invalidValue", detail: "userName: is required" }
 */
export const toScimError = (
  error: DecodeError,
  scimType: "invalidValue" | "invalidSyntax" = "invalidValue"
): ScimError.ScimError => ScimError.make(400, error.message, scimType)
