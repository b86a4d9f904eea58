/**
 * The failures the core raises, independent of how each public API reports them: the Promise API turns
 * them into `Error` subclasses, the Effect API into `Data.TaggedError`s.
 *
 * @internal
 */

/** Why a webhook did not verify. */
export type VerificationReason =
  | "MissingHeaders"
  | "InvalidTimestamp"
  | "TimestampTooOld"
  | "TimestampTooNew"
  | "NoMatchingSignature"

/** Why a secret or key cannot be used. */
export type SecretReason = "Empty" | "InvalidEncoding" | "InvalidLength" | "WrongKind" | "Unsupported"

/** A verification failure raised by the core. */
export class VerificationFailure {
  readonly _tag = "VerificationFailure"
  constructor(
    readonly reason: VerificationReason,
    readonly message: string,
    readonly id: string | undefined,
    readonly timestamp: number | undefined
  ) {}
}

/** A secret failure raised by the core. */
export class SecretFailure {
  readonly _tag = "SecretFailure"
  constructor(readonly reason: SecretReason, readonly message: string) {}
}
