/**
 * Directory Sync on a connection: enabling it issues a SCIM bearer token (shown once, stored only as a
 * SHA-256 hash), rotation issues a new token while the previous one keeps working for an overlap, disabling
 * revokes every token. {@link Service.authenticate} turns a bearer token into its connection.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { EnterpriseConnection } from "./Connections.js"
import type { ConnectionNotFound, DirectorySyncDisabled, DirectorySyncUnsupported, InvalidToken } from "./Errors.js"

/** The prefix of every SCIM bearer token, so leaked tokens are recognisable by secret scanners. */
export const TokenPrefix = "dsync_scim_"

/** What enabling returns; `bearerToken` is never shown again. */
export interface Enabled {
  readonly connectionId: string
  readonly enabled: true
  /** `{publicUrl}/scim/v2/{connection_id}` when the layer knows its public URL. */
  readonly scimBaseUrl?: string | undefined
  readonly bearerToken: string
}

/** What rotating returns: the new token and when the previous one stops working. */
export interface Rotated {
  readonly bearerToken: string
  readonly previousTokenExpiresAt: number
}

/** A stored token, without its secret. */
export interface TokenInfo {
  readonly id: string
  /** The first characters of the token, to recognise it. */
  readonly prefix: string
  readonly createdAt: number
  readonly lastUsedAt: number | null
  readonly expiresAt: number | null
}

/** The Directory Sync state of a connection. */
export interface Status {
  readonly connectionId: string
  readonly enabled: boolean
  readonly scimBaseUrl?: string | undefined
  readonly tokens: ReadonlyArray<TokenInfo>
}

/** The Directory Sync service. */
export interface Service {
  /** Enables Directory Sync (SAML and OIDC connections only) and issues a token; re-enabling replaces every token. */
  readonly enable: (
    connectionId: string
  ) => Effect.Effect<Enabled, ConnectionNotFound | DirectorySyncUnsupported>
  /** Issues a new token; the previous ones keep working for `overlapMillis` (default from the layer options). */
  readonly rotate: (
    connectionId: string,
    options?: { readonly overlapMillis?: number | undefined }
  ) => Effect.Effect<Rotated, ConnectionNotFound | DirectorySyncDisabled>
  /** Disables Directory Sync and deletes every token; SCIM requests then fail with `InvalidToken`. */
  readonly disable: (connectionId: string) => Effect.Effect<void, ConnectionNotFound>
  readonly status: (connectionId: string) => Effect.Effect<Status, ConnectionNotFound>
  /** The connection a bearer token belongs to (SHA-256 lookup, constant-time comparison). */
  readonly authenticate: (bearerToken: string) => Effect.Effect<EnterpriseConnection, InvalidToken>
}

/** The Directory Sync tag. */
export class DirectorySync extends Context.Tag("@dirsync/provisioning/DirectorySync")<DirectorySync, Service>() {}
