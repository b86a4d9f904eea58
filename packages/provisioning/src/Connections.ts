/**
 * Enterprise connections (`conn_…`): a customer's SAML or OIDC identity provider, its email domains, its
 * attribute mappings and whether Directory Sync is enabled.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { ConnectionNotFound } from "./Errors.js"

/** The sign-in protocol of a connection. */
export type Protocol = "saml" | "oidc"

/** The identity provider behind a connection; decides the normalisation profile. */
export type Provider = "okta" | "entra" | "generic"

/** A custom attribute mapping: a SCIM attribute path copied to the user's public metadata under a key. */
export interface AttributeMapping {
  readonly scimPath: string
  readonly metadataKey: string
}

/** An enterprise connection. */
export interface EnterpriseConnection {
  readonly id: string
  readonly name: string
  readonly protocol: Protocol
  readonly provider: Provider
  readonly domains: ReadonlyArray<string>
  /** Users without an email address are refused (default false). */
  readonly requireEmail: boolean
  /** Email addresses must be in `domains` when `domains` is not empty (default true). */
  readonly restrictEmailDomains: boolean
  readonly attributeMappings: ReadonlyArray<AttributeMapping>
  readonly directorySyncEnabled: boolean
  readonly createdAt: number
  readonly updatedAt: number
}

/** What creating a connection takes. */
export interface CreateInput {
  readonly name: string
  readonly protocol: Protocol
  readonly provider: Provider
  readonly domains?: ReadonlyArray<string> | undefined
  readonly requireEmail?: boolean | undefined
  readonly restrictEmailDomains?: boolean | undefined
  readonly attributeMappings?: ReadonlyArray<AttributeMapping> | undefined
}

/** What updating a connection may change. */
export interface UpdateInput {
  readonly name?: string | undefined
  readonly provider?: Provider | undefined
  readonly domains?: ReadonlyArray<string> | undefined
  readonly requireEmail?: boolean | undefined
  readonly restrictEmailDomains?: boolean | undefined
  readonly attributeMappings?: ReadonlyArray<AttributeMapping> | undefined
}

/** Offset pagination for admin lists. */
export interface Page {
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

/** An admin list page: the rows and the total count. */
export interface Paged<A> {
  readonly data: ReadonlyArray<A>
  readonly totalCount: number
}

/** The connections service. */
export interface Service {
  readonly create: (input: CreateInput) => Effect.Effect<EnterpriseConnection>
  readonly get: (id: string) => Effect.Effect<EnterpriseConnection, ConnectionNotFound>
  readonly list: (page?: Page) => Effect.Effect<Paged<EnterpriseConnection>>
  readonly update: (id: string, input: UpdateInput) => Effect.Effect<EnterpriseConnection, ConnectionNotFound>
  /** Removes the connection, its tokens, SCIM users and groups; application users stay (deactivated). */
  readonly remove: (id: string) => Effect.Effect<void, ConnectionNotFound>
}

/** The connections tag. */
export class Connections extends Context.Tag("@dirsync/provisioning/Connections")<Connections, Service>() {}
