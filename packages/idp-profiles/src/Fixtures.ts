/**
 * Recorded IdP requests, written from the vendors' public documentation (each fixture's `source` names
 * the page): Okta's SCIM 2.0 reference and test plan, Microsoft's "Develop and plan provisioning for a
 * SCIM endpoint" and its SCIM compliance known-issues page (`aadOptscim062020`). The tests replay them
 * through normalisation, decoding, PATCH and mapping; the harness app replays them against a server.
 *
 * A fixture is a request as the IdP sends it (`path` relative to the connection's SCIM base URL), the
 * state it expects (`given.resource`, the stored resource the request targets), and what should come out:
 * the HTTP status, the fix-up messages, the normalised body or filter, the application user or the group.
 *
 * @module
 */
import type { ProfileName } from "./Profile.js"
import type { ApplicationUser, AttributeMapping } from "./UserMapping.js"
import oktaCreateGroup from "../testdata/okta/create-group.json" with { type: "json" }
import oktaCreateUser from "../testdata/okta/create-user.json" with { type: "json" }
import oktaDeactivateUser from "../testdata/okta/deactivate-user.json" with { type: "json" }
import oktaDeleteGroup from "../testdata/okta/delete-group.json" with { type: "json" }
import oktaGetUser from "../testdata/okta/get-user.json" with { type: "json" }
import oktaListUsers from "../testdata/okta/list-users.json" with { type: "json" }
import oktaPutUser from "../testdata/okta/put-user.json" with { type: "json" }
import oktaReactivateUser from "../testdata/okta/reactivate-user.json" with { type: "json" }
import oktaRenameGroup from "../testdata/okta/rename-group.json" with { type: "json" }
import oktaReplaceGroupMembers from "../testdata/okta/replace-group-members.json" with { type: "json" }
import oktaTestApiCredentials from "../testdata/okta/test-api-credentials.json" with { type: "json" }
import oktaUpdateGroupMembership from "../testdata/okta/update-group-membership.json" with { type: "json" }
import oktaUserExistsCheck from "../testdata/okta/user-exists-check.json" with { type: "json" }
import entraAddAttributeWithFlag from "../testdata/entra/add-attribute-with-flag.json" with { type: "json" }
import entraAddAttributeWithoutFlag from "../testdata/entra/add-attribute-without-flag.json" with { type: "json" }
import entraAddManager from "../testdata/entra/add-manager.json" with { type: "json" }
import entraCreateGroup from "../testdata/entra/create-group.json" with { type: "json" }
import entraCreateUserWithNulls from "../testdata/entra/create-user-with-nulls.json" with { type: "json" }
import entraCreateUser from "../testdata/entra/create-user.json" with { type: "json" }
import entraDeleteGroup from "../testdata/entra/delete-group.json" with { type: "json" }
import entraDeleteUser from "../testdata/entra/delete-user.json" with { type: "json" }
import entraDisableUserWithFlag from "../testdata/entra/disable-user-with-flag.json" with { type: "json" }
import entraDisableUserWithoutFlag from "../testdata/entra/disable-user-without-flag.json" with { type: "json" }
import entraDisableUser from "../testdata/entra/disable-user.json" with { type: "json" }
import entraGetGroupByDisplayname from "../testdata/entra/get-group-by-displayname.json" with { type: "json" }
import entraGetGroup from "../testdata/entra/get-group.json" with { type: "json" }
import entraGetUserByExternalid from "../testdata/entra/get-user-by-externalid.json" with { type: "json" }
import entraGetUserByUsername from "../testdata/entra/get-user-by-username.json" with { type: "json" }
import entraGetUserByWorkEmail from "../testdata/entra/get-user-by-work-email.json" with { type: "json" }
import entraGetUser from "../testdata/entra/get-user.json" with { type: "json" }
import entraRemoveMemberWithFlag from "../testdata/entra/remove-member-with-flag.json" with { type: "json" }
import entraRemoveMemberWithoutFlag from "../testdata/entra/remove-member-without-flag.json" with { type: "json" }
import entraReplaceAttributesWithFlag from "../testdata/entra/replace-attributes-with-flag.json" with { type: "json" }
import entraReplaceAttributesWithoutFlag from "../testdata/entra/replace-attributes-without-flag.json" with { type: "json" }
import entraTestConnection from "../testdata/entra/test-connection.json" with { type: "json" }
import entraUpdateGroupAddMembers from "../testdata/entra/update-group-add-members.json" with { type: "json" }
import entraUpdateGroupDisplayname from "../testdata/entra/update-group-displayname.json" with { type: "json" }
import entraUpdateGroupRemoveMembers from "../testdata/entra/update-group-remove-members.json" with { type: "json" }
import entraUpdateUserMultiValued from "../testdata/entra/update-user-multi-valued.json" with { type: "json" }
import entraUpdateUserUsername from "../testdata/entra/update-user-username.json" with { type: "json" }
import entraUserWithCustomExtension from "../testdata/entra/user-with-custom-extension.json" with { type: "json" }

/** An HTTP method an IdP uses against a SCIM service provider. */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/** One recorded request and its expected outcome. */
export interface Fixture {
  /** `okta/create-user`: the IdP folder and file name. */
  readonly name: string
  /** The page of the vendor's documentation the request is taken from. */
  readonly source: string
  readonly description: string
  readonly idp: Exclude<ProfileName, "generic">
  readonly resourceType: "User" | "Group"
  /** Custom attribute mappings of the connection, when the fixture uses some. */
  readonly mappings?: ReadonlyArray<AttributeMapping>
  /** The stored resource the request targets (for GET by id, PUT, PATCH, DELETE). */
  readonly given?: { readonly resource: Readonly<Record<string, unknown>> }
  readonly request: {
    readonly method: Method
    /** Relative to the SCIM base URL, query string included and URL-encoded as sent. */
    readonly path: string
    readonly headers?: Readonly<Record<string, string>>
    readonly body?: unknown
  }
  readonly expect?: {
    /** The status a conforming service provider answers with. */
    readonly status?: number
    /** The fix-up messages normalisation records, in order. */
    readonly fixups?: ReadonlyArray<string>
    /** The normalised request body, when normalisation changes it or the shape matters. */
    readonly body?: unknown
    /** The normalised `filter` query parameter. */
    readonly filter?: string
    /** For list requests against an empty directory. */
    readonly totalResults?: number
    /** The application user after the request. */
    readonly user?: ApplicationUser
    /** The group after the request: its display name and member ids in order. */
    readonly group?: { readonly displayName: string; readonly members: ReadonlyArray<string> }
  }
}

const fixture = (name: string, json: object): Fixture => ({ name, ...(json as Omit<Fixture, "name">) })

/** Okta's requests: Test API Credentials, existence check, create, GET-then-PUT, pathless (de)activation, group push. */
export const okta: ReadonlyArray<Fixture> = [
  fixture("okta/create-group", oktaCreateGroup),
  fixture("okta/create-user", oktaCreateUser),
  fixture("okta/deactivate-user", oktaDeactivateUser),
  fixture("okta/delete-group", oktaDeleteGroup),
  fixture("okta/get-user", oktaGetUser),
  fixture("okta/list-users", oktaListUsers),
  fixture("okta/put-user", oktaPutUser),
  fixture("okta/reactivate-user", oktaReactivateUser),
  fixture("okta/rename-group", oktaRenameGroup),
  fixture("okta/replace-group-members", oktaReplaceGroupMembers),
  fixture("okta/test-api-credentials", oktaTestApiCredentials),
  fixture("okta/update-group-membership", oktaUpdateGroupMembership),
  fixture("okta/user-exists-check", oktaUserExistsCheck)
]

/**
 * Entra's requests: Test Connection, lookups by userName, externalId and work e-mail, create, every PATCH
 * shape with and without `aadOptscim062020`, disable, delete, groups and their members.
 */
export const entra: ReadonlyArray<Fixture> = [
  fixture("entra/add-attribute-with-flag", entraAddAttributeWithFlag),
  fixture("entra/add-attribute-without-flag", entraAddAttributeWithoutFlag),
  fixture("entra/add-manager", entraAddManager),
  fixture("entra/create-group", entraCreateGroup),
  fixture("entra/create-user-with-nulls", entraCreateUserWithNulls),
  fixture("entra/create-user", entraCreateUser),
  fixture("entra/delete-group", entraDeleteGroup),
  fixture("entra/delete-user", entraDeleteUser),
  fixture("entra/disable-user-with-flag", entraDisableUserWithFlag),
  fixture("entra/disable-user-without-flag", entraDisableUserWithoutFlag),
  fixture("entra/disable-user", entraDisableUser),
  fixture("entra/get-group-by-displayname", entraGetGroupByDisplayname),
  fixture("entra/get-group", entraGetGroup),
  fixture("entra/get-user-by-externalid", entraGetUserByExternalid),
  fixture("entra/get-user-by-username", entraGetUserByUsername),
  fixture("entra/get-user-by-work-email", entraGetUserByWorkEmail),
  fixture("entra/get-user", entraGetUser),
  fixture("entra/remove-member-with-flag", entraRemoveMemberWithFlag),
  fixture("entra/remove-member-without-flag", entraRemoveMemberWithoutFlag),
  fixture("entra/replace-attributes-with-flag", entraReplaceAttributesWithFlag),
  fixture("entra/replace-attributes-without-flag", entraReplaceAttributesWithoutFlag),
  fixture("entra/test-connection", entraTestConnection),
  fixture("entra/update-group-add-members", entraUpdateGroupAddMembers),
  fixture("entra/update-group-displayname", entraUpdateGroupDisplayname),
  fixture("entra/update-group-remove-members", entraUpdateGroupRemoveMembers),
  fixture("entra/update-user-multi-valued", entraUpdateUserMultiValued),
  fixture("entra/update-user-username", entraUpdateUserUsername),
  fixture("entra/user-with-custom-extension", entraUserWithCustomExtension)
]

/** Every fixture, Okta's first. */
export const all: ReadonlyArray<Fixture> = [...okta, ...entra]

/**
 * A fixture by name.
 *
 * @example
 * import { Fixtures } from "@dirsync/idp-profiles"
 * Fixtures.get("okta/create-user")?.request.method // "POST"
 */
export const get = (name: string): Fixture | undefined => all.find((f) => f.name === name)
