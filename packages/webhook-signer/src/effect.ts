/**
 * The Effect API of `@dirsync/webhook-signer`: the same Standard Webhooks signing and verification, with
 * time from `Clock`, secrets as `Redacted` and failures as tagged errors.
 *
 * @module
 */
export * as Secret from "./effect/Secret.js"
export * as WebhookSigner from "./effect/WebhookSigner.js"
export * as WebhookVerificationError from "./effect/WebhookVerificationError.js"
export * as WebhookVerifier from "./effect/WebhookVerifier.js"
