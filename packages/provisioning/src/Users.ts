/**
 * Application users (`user_…`): the application's own view of a person, kept in step with the SCIM User of
 * a connection. Deactivated users keep their data but cannot start a session.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { Page, Paged } from "./Connections.js"
import type { ApplicationUserNotFound } from "./Errors.js"

/** An email address of a user. */
export interface EmailAddress {
  readonly email: string
  readonly primary: boolean
}

/** An application user. */
export interface User {
  readonly id: string
  readonly username: string | null
  readonly firstName: string | null
  readonly lastName: string | null
  readonly emailAddresses: ReadonlyArray<EmailAddress>
  readonly primaryEmail: string | null
  readonly externalId: string | null
  readonly publicMetadata: Readonly<Record<string, unknown>>
  readonly deactivated: boolean
  /** The SCIM User this user is synced from. */
  readonly directory: { readonly connectionId: string; readonly scimId: string | null } | null
  readonly createdAt: number
  readonly updatedAt: number
}

/** The admin API's JSON of a user (snake_case); also the `data` of `user.*` webhooks. */
export interface UserJson {
  readonly id: string
  readonly object: "user"
  readonly username: string | null
  readonly first_name: string | null
  readonly last_name: string | null
  readonly email_addresses: ReadonlyArray<{ readonly email_address: string; readonly primary: boolean }>
  readonly primary_email_address: string | null
  readonly external_id: string | null
  readonly public_metadata: Readonly<Record<string, unknown>>
  readonly deactivated: boolean
  readonly status: "active" | "deactivated"
  readonly directory: { readonly connection_id: string; readonly scim_id: string | null } | null
  readonly created_at: number
  readonly updated_at: number
}

/**
 * The admin API JSON of a user.
 *
 * @example
 * import { Users } from "@dirsync/provisioning"
 * declare const user: Users.User
 * const json = Users.toJson(user) // { id, object: "user", username, first_name, …, deactivated }
 */
export const toJson = (user: User): UserJson => ({
  id: user.id,
  object: "user",
  username: user.username,
  first_name: user.firstName,
  last_name: user.lastName,
  email_addresses: user.emailAddresses.map((e) => ({ email_address: e.email, primary: e.primary })),
  primary_email_address: user.primaryEmail,
  external_id: user.externalId,
  public_metadata: user.publicMetadata,
  deactivated: user.deactivated,
  status: user.deactivated ? "deactivated" : "active",
  directory: user.directory === null
    ? null
    : { connection_id: user.directory.connectionId, scim_id: user.directory.scimId },
  created_at: user.createdAt,
  updated_at: user.updatedAt
})

/** Filters of the user list. */
export interface ListOptions extends Page {
  readonly connectionId?: string | undefined
  readonly status?: "active" | "deactivated" | undefined
}

/** The application users service (read side; SCIM operations write). */
export interface Service {
  readonly get: (id: string) => Effect.Effect<User, ApplicationUserNotFound>
  readonly list: (options?: ListOptions) => Effect.Effect<Paged<User>>
}

/** The application users tag. */
export class Users extends Context.Tag("@dirsync/provisioning/Users")<Users, Service>() {}
