/**
 * Applying a SCIM PATCH request (RFC 7644 §3.5.2) to a resource: `add`, `replace` and `remove`, with and
 * without `path`, sub-attribute paths, schema-URN paths and `valuePath` filters, multi-valued semantics,
 * the `primary` rule of RFC 7643 §2.4 and the mutability and `required` characteristics of RFC 7643 §7.
 *
 * A message is atomic: every operation applies or none does, and the input resource is never mutated.
 * The defaults are lenient in the ways Okta and Microsoft Entra ID need (each one can be switched off);
 * `strict: true` turns all of them off for RFC-exact behaviour.
 *
 * @module
 */
import type { ResourceSchema } from "@dirsync/scim-schema"
import { ScimError } from "@dirsync/scim-schema"
import { Data, Either } from "effect"
import * as Engine from "./internal/engine.js"
import * as V from "./internal/values.js"

/**
 * One PATCH operation as the IdP profiles hand it over: lower-case `op`, real booleans in `value`.
 * (Unless `strict`, `op` is also accepted in any case, as Entra sends it.)
 */
export interface Operation {
  readonly op: "add" | "replace" | "remove"
  readonly path?: string | undefined
  readonly value?: unknown
}

/**
 * How {@link apply} behaves. `schema` is required; every other option defaults to `!strict`, so the
 * default is lenient (what a server facing Okta and Entra needs) and `strict: true` is RFC 7644 to the
 * letter. An option given explicitly always wins over `strict`.
 */
export interface Options {
  /** The resource type's schemas: types, case sensitivity, mutability, `required`, multi-valuedness. */
  readonly schema: ResourceSchema.ResourceSchema
  /** Turn every tolerance below off unless it is set explicitly. Default `false`. */
  readonly strict?: boolean | undefined
  /**
   * Entra: an `add` or `replace` on a value path that matches nothing (`emails[type eq "work"].value`
   * on a user without a work email) adds the value the filter describes (`{type: "work", value}`)
   * instead of failing with `noTarget`. Only filters made of `eq` and `and` can be turned into a value.
   */
  readonly addOnMissingValuePath?: boolean | undefined
  /** Microsoft's SCIM validator: an empty `Operations` array is a successful no-op instead of `invalidSyntax`. */
  readonly allowEmptyOperations?: boolean | undefined
  /**
   * Entra (`aadOptscim062020`): keys of a pathless value that are paths (`"name.givenName"`,
   * `"urn:…:enterprise:2.0:User:employeeNumber"`) are applied as paths instead of stored literally.
   */
  readonly expandDottedKeys?: boolean | undefined
  /**
   * Okta group rename: an `id` in a pathless value that equals the resource's own `id` is ignored
   * instead of being a `mutability` error.
   */
  readonly ignoreIdInValue?: boolean | undefined
  /**
   * Attributes (and extension schemas) the schema does not define are patched as plain JSON instead of
   * failing with `invalidPath`. IdPs send custom attributes; stored resources keep them.
   */
  readonly allowUnknownAttributes?: boolean | undefined
  /**
   * Okta, JumpCloud: a `remove` whose filter or value list matches nothing (the member is already gone)
   * succeeds without change instead of failing with `noTarget`, so retried removals are idempotent.
   */
  readonly allowRemoveNoMatch?: boolean | undefined
  /**
   * Value fix-ups: Entra's bare manager id (`"value": "id"` for a complex attribute, `""` clears it), a
   * one-element array for a single-valued attribute, a single value for a multi-valued attribute, and
   * `"True"`/`"False"` strings for booleans.
   */
  readonly coerceValues?: boolean | undefined
}

/** The outcome of a PATCH that applied. */
export interface PatchResult {
  /** The patched resource: a new object, or the input itself when nothing changed. */
  readonly resource: Record<string, unknown>
  /** Whether any attribute value differs from the input (a PATCH that changes nothing fires no webhook). */
  readonly changed: boolean
  /**
   * The attribute paths whose value changed, in operation order, with canonical names: `active`,
   * `emails`, `members`, `name.givenName` (sub-attributes for single-valued complex attributes),
   * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` for extensions.
   */
  readonly changedPaths: ReadonlyArray<string>
}

/** The `scimType` a PATCH fails with (RFC 7644 §3.12, Table 9). */
export type PatchErrorType = V.ScimType

/**
 * Why a PATCH message did not apply. `operationIndex` is the zero-based index of the failing
 * operation in `Operations` (`undefined` when the message as a whole is wrong); `detail` names it
 * counting from one, with its op and path, then the reason:
 * `Operation 2 (remove "members[value eq \"x\"]"): No value of "members" matches [value eq "x"]`.
 * Always an HTTP 400 (see {@link toScimError}).
 */
export class PatchError extends Data.TaggedError("PatchError")<{
  readonly scimType: PatchErrorType
  readonly operationIndex: number | undefined
  readonly detail: string
}> {
  override get message(): string {
    return this.detail
  }
}

/**
 * Converts a {@link PatchError} to the SCIM error (status 400 with its `scimType` and `detail`).
 *
 * @example
 * import { PatchOp } from "@dirsync/scim-patch"
 * import { Schemas } from "@dirsync/scim-schema"
 * import { Either } from "effect"
 * const result = PatchOp.apply({ userName: "a" }, [{ op: "remove" }], { schema: Schemas.UserResource })
 * if (Either.isLeft(result)) PatchOp.toScimError(result.left).toBody() // { status: "400", scimType: "noTarget", … }
 */
export const toScimError = (error: PatchError): ScimError.ScimError => ScimError.make(400, error.detail, error.scimType)

const OPS = new Set(["add", "replace", "remove"])

const settingsCache = new WeakMap<Options, Engine.Settings>()

const settingsOf = (options: Options): Engine.Settings => {
  let settings = settingsCache.get(options)
  if (settings === undefined) {
    const lenient = options.strict !== true
    settings = {
      schema: options.schema,
      strict: !lenient,
      addOnMissingValuePath: options.addOnMissingValuePath ?? lenient,
      allowEmptyOperations: options.allowEmptyOperations ?? lenient,
      expandDottedKeys: options.expandDottedKeys ?? lenient,
      ignoreIdInValue: options.ignoreIdInValue ?? lenient,
      allowUnknownAttributes: options.allowUnknownAttributes ?? lenient,
      allowRemoveNoMatch: options.allowRemoveNoMatch ?? lenient,
      coerceValues: options.coerceValues ?? lenient
    }
    settingsCache.set(options, settings)
  }
  return settings
}

const describeOperation = (index: number, operation: Operation | undefined): string => {
  const op = typeof operation?.op === "string" ? operation.op : String(operation?.op)
  const path = operation?.path
  return typeof path === "string"
    ? `Operation ${index + 1} (${op} ${JSON.stringify(path)})`
    : `Operation ${index + 1} (${op} without path)`
}

/**
 * Applies the operations of a PATCH message to a resource, all or nothing. Returns the patched
 * resource with what changed, or the first operation that cannot apply as a {@link PatchError}
 * (`invalidPath`, `noTarget`, `invalidValue`, `mutability`, `invalidSyntax`). The input is never mutated.
 *
 * @example
 * import { PatchOp } from "@dirsync/scim-patch"
 * import { Schemas } from "@dirsync/scim-schema"
 * import { Either } from "effect"
 *
 * const user = { schemas: [Schemas.UserUrn], id: "2819c223", userName: "bjensen", active: true }
 * const result = PatchOp.apply(user, [{ op: "replace", value: { active: false } }], { schema: Schemas.UserResource })
 * if (Either.isRight(result)) {
 *   result.right.resource.active // false
 *   result.right.changedPaths // ["active"]
 * }
 */
export const apply = (
  resource: Readonly<Record<string, unknown>>,
  operations: ReadonlyArray<Operation>,
  options: Options
): Either.Either<PatchResult, PatchError> => {
  const settings = settingsOf(options)
  if (!Array.isArray(operations)) {
    return Either.left(
      new PatchError({ scimType: "invalidSyntax", operationIndex: undefined, detail: "Operations must be an array" })
    )
  }
  if (operations.length === 0) {
    if (settings.allowEmptyOperations) return Either.right({ resource, changed: false, changedPaths: [] })
    return Either.left(
      new PatchError({
        scimType: "invalidSyntax",
        operationIndex: undefined,
        detail: "Operations must contain at least one operation"
      })
    )
  }
  const working = new Engine.Working(resource, settings)
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index]
    try {
      if (!V.isObject(operation)) V.fail("invalidSyntax", "an operation must be an object")
      const raw = operation!.op as unknown
      // Entra sends "Add"/"Replace"/"Remove"; RFC 7644 §3.5.2 spells them in lower case.
      const op = typeof raw === "string" && !settings.strict ? V.lowerCase(raw) : raw
      if (typeof op !== "string" || !OPS.has(op)) {
        V.fail("invalidSyntax", `"op" must be "add", "replace" or "remove", got ${JSON.stringify(op) ?? "nothing"}`)
      }
      const path = operation!.path
      if (path !== undefined && path !== null && typeof path !== "string") {
        V.fail("invalidPath", "\"path\" must be a string")
      }
      const hasValue = "value" in operation! && operation!.value !== undefined
      Engine.applyOperation(working, op as Engine.OpName, path ?? undefined, operation!.value, hasValue)
    } catch (e) {
      if (e instanceof V.Failure) {
        return Either.left(
          new PatchError({
            scimType: e.scimType,
            operationIndex: index,
            detail: `${describeOperation(index, operation)}: ${e.reason}`
          })
        )
      }
      throw e
    }
  }
  working.finish()
  const changedPaths = working.changedPaths()
  return Either.right(
    changedPaths.length === 0
      ? { resource, changed: false, changedPaths }
      : { resource: working.root, changed: true, changedPaths }
  )
}
