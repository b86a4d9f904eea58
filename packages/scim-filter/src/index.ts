/**
 * @dirsync/scim-filter — the SCIM 2.0 filter language (RFC 7644 §3.4.2.2) and PATCH paths
 * (RFC 7644 §3.5.2): parse, format and evaluate.
 *
 * @module
 */
export * as Filter from "./Filter.js"
export * as Path from "./Path.js"
