/**
 * @dirsync/provisioning — the Directory Sync domain on Effect: enterprise connections, Directory Sync tokens,
 * SCIM Users and Groups (RFC 7644), application users, sessions, directory events and the webhook outbox,
 * stored through `@effect/sql` on SQLite or PostgreSQL.
 *
 * @module
 */
export * as Connections from "./Connections.js"
export * as DirectoryEvents from "./DirectoryEvents.js"
export * as DirectorySync from "./DirectorySync.js"
export * as Errors from "./Errors.js"
export * as IdGenerator from "./IdGenerator.js"
export * as Outbox from "./Outbox.js"
export * as Provisioning from "./Provisioning.js"
export * as Scim from "./Scim.js"
export * as ScimGroups from "./ScimGroups.js"
export * as ScimUsers from "./ScimUsers.js"
export * as Sessions from "./Sessions.js"
export * as Users from "./Users.js"
export * as Webhooks from "./Webhooks.js"
