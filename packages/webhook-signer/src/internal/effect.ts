/**
 * Runs a core Promise inside Effect, mapping core failures to the Effect API's tagged errors.
 *
 * @internal
 */
import { Effect, Redacted } from "effect"
import { WebhookSecretError } from "../effect/Secret.js"
import { WebhookVerificationError } from "../effect/WebhookVerificationError.js"
import { SecretFailure, VerificationFailure } from "./failure.js"

/** Secret failures become `WebhookSecretError`; anything else is a defect. */
export const fromSecretPromise = <A>(run: () => Promise<A>): Effect.Effect<A, WebhookSecretError> =>
  Effect.tryPromise({ try: run, catch: (error) => error }).pipe(
    Effect.catchAll((error) =>
      error instanceof SecretFailure
        ? Effect.fail(new WebhookSecretError({ reason: error.reason, message: error.message }))
        : Effect.die(error)
    )
  )

const toVerifyError = (error: unknown): Effect.Effect<never, WebhookVerificationError | WebhookSecretError> => {
  if (error instanceof VerificationFailure) {
    return Effect.fail(
      new WebhookVerificationError({
        reason: error.reason,
        message: error.message,
        id: error.id,
        timestamp: error.timestamp
      })
    )
  }
  if (error instanceof SecretFailure) {
    return Effect.fail(new WebhookSecretError({ reason: error.reason, message: error.message }))
  }
  return Effect.die(error)
}

/** Verification failures become `WebhookVerificationError`, secret failures `WebhookSecretError`. */
export const fromVerifyPromise = <A>(
  run: () => Promise<A>
): Effect.Effect<A, WebhookVerificationError | WebhookSecretError> =>
  Effect.tryPromise({ try: run, catch: (error) => error }).pipe(Effect.catchAll(toVerifyError))

/** The plain strings of one or several redacted secrets. */
export const reveal = (
  secrets: Redacted.Redacted<string> | ReadonlyArray<Redacted.Redacted<string>>
): ReadonlyArray<string> =>
  Redacted.isRedacted(secrets)
    ? [Redacted.value(secrets as Redacted.Redacted<string>)]
    : (secrets as ReadonlyArray<Redacted.Redacted<string>>).map(Redacted.value)
