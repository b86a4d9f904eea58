/**
 * @dirsync/idp-profiles — Okta, Microsoft Entra ID and generic SCIM 2.0 clients as they really behave:
 * request normalisation with every fix-up recorded, IdP detection, SCIM User <-> application user
 * mapping with custom attribute mappings, e-mail rules, and recorded request fixtures.
 *
 * @module
 */
export * as EmailPolicy from "./EmailPolicy.js"
export * as Fixtures from "./Fixtures.js"
export * as Fixup from "./Fixup.js"
export * as Normalize from "./Normalize.js"
export * as Profile from "./Profile.js"
export * as UserMapping from "./UserMapping.js"
