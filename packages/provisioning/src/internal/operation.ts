/** The frame of every SCIM write: one transaction; on failure a `scim.provisioning_failed` event of its own. */
import { Cause, Effect, Option } from "effect"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { Outcome } from "../DirectoryEvents.js"
import * as Errors from "../Errors.js"
import type { Service as Ids } from "../IdGenerator.js"
import type { RequestContext } from "../Scim.js"
import { isUniqueViolation, orDie, recordEvent, transaction } from "./common.js"

const outcomeOf = (cause: Cause.Cause<Errors.ProvisioningError>): Outcome => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const e = Errors.toScimError(failure.value)
    return { status: e.status, scimType: e.scimType, detail: e.detail }
  }
  return { status: 500, detail: "Internal error while provisioning" }
}

export interface WriteOptions {
  readonly sql: SqlClient
  readonly ids: Ids
  readonly connectionId: string
  readonly context: RequestContext
  readonly resourceId: string | null
  /** The unique attribute a unique-index violation is reported on. */
  readonly unique: () => { attribute: string; value: string }
}

/** Runs a provisioning operation in one transaction and records its failure in another. */
export const write = <A, E, R>(
  options: WriteOptions,
  body: Effect.Effect<A, E, R>
): Effect.Effect<A, Exclude<E, SqlError> | Errors.UniquenessConflict, R> =>
  transaction(options.sql, body).pipe(
    Effect.catchIf(
      (e): e is SqlError => (e as { _tag?: unknown })._tag === "SqlError" && isUniqueViolation(e as SqlError),
      () => {
        const u = options.unique()
        return Effect.fail(new Errors.UniquenessConflict({ ...u, scimType: "uniqueness" }))
      }
    ),
    orDie,
    Effect.onError((cause) =>
      Cause.isInterruptedOnly(cause)
        ? Effect.void
        : transaction(
          options.sql,
          recordEvent(options.sql, options.ids, {
            connectionId: options.connectionId,
            type: "scim.provisioning_failed",
            userId: null,
            resourceId: options.resourceId,
            context: options.context,
            outcome: outcomeOf(cause as Cause.Cause<Errors.ProvisioningError>),
            user: null,
            diff: null
          })
        ).pipe(Effect.catchAllCause((c) => Effect.logError("Cannot record provisioning failure", c)))
    )
  ) as Effect.Effect<A, Exclude<E, SqlError> | Errors.UniquenessConflict, R>
