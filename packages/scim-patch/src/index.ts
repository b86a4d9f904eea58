/**
 * @dirsync/scim-patch — SCIM 2.0 PATCH (RFC 7644 §3.5.2) applied to plain JSON resources: strict,
 * atomic, schema-aware, and tolerant of what Okta and Microsoft Entra ID really send.
 *
 * @module
 */
export * as PatchOp from "./PatchOp.js"
