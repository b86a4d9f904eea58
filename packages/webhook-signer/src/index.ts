/**
 * Standard Webhooks signing and verification on Web Crypto, compatible with the `standardwebhooks` and
 * `svix` libraries. This entry point has no dependencies; the Effect API is at
 * `@dirsync/webhook-signer/effect`.
 *
 * @module
 */
export * as Secret from "./Secret.js"
export * as WebhookSigner from "./WebhookSigner.js"
export * as WebhookVerificationError from "./WebhookVerificationError.js"
export * as WebhookVerifier from "./WebhookVerifier.js"
