/**
 * Fix-up records: one short, human-readable line for every change the normalisation made to an inbound
 * request (`op "Replace" -> "replace"`, `active "False" -> false`). The server stores them on the
 * directory event, so an administrator can see what an IdP really sent and how it was read.
 *
 * @module
 */

/**
 * The kinds of fix-up, one per quirk handled (the README's quirk table lists them with their sources).
 *
 * - `op-case`: a PATCH `op` not in lower case (Entra without `aadOptscim062020`).
 * - `key-case`: a structural key in the wrong case (`operations`, `Op`, `Path`, `Value`).
 * - `schemas-added`: a missing `schemas` member added.
 * - `schema-urn`: a misspelt schema URN corrected (Entra's `…:enterprise:2.0User`).
 * - `string-boolean`: `"True"` / `"False"` given for a boolean attribute (Entra).
 * - `attribute-case`: an attribute name re-keyed to its canonical case (`UserName` -> `userName`).
 * - `null-value`: a `null` value dropped (unassigned, RFC 7643 §2.5) or turned into a `remove`.
 * - `dotted-key`: a pathless value with dotted or URN-qualified keys expanded into paths (Entra with the flag).
 * - `extension-attribute`: an extension attribute sent at the top level moved under its schema URN.
 * - `extension-dot-notation`: `urn:…:User.manager` read as `urn:…:User:manager` (Entra's pre-2018 job).
 * - `member-value-list`: `remove` of `members` with a value list turned into filtered removals (Entra without the flag).
 * - `empty-remove`: a `remove` with an empty value list dropped (it would otherwise remove every value).
 * - `complex-shape`: a complex value in the wrong shape (`manager` as a bare id or an array, a member as a string).
 * - `single-value-wrapped`: one value given for a multi-valued attribute wrapped in an array.
 * - `id-in-value`: the resource's own `id` removed from a pathless `replace` value (Okta's group rename).
 * - `empty-path`: an empty `path` treated as no path.
 * - `unquoted-filter-value`: an unquoted filter value quoted (`externalId eq jyoung`, Microsoft's example).
 */
export type Code =
  | "op-case"
  | "key-case"
  | "schemas-added"
  | "schema-urn"
  | "string-boolean"
  | "attribute-case"
  | "null-value"
  | "dotted-key"
  | "extension-attribute"
  | "extension-dot-notation"
  | "member-value-list"
  | "empty-remove"
  | "complex-shape"
  | "single-value-wrapped"
  | "id-in-value"
  | "empty-path"
  | "unquoted-filter-value"

/** One change made while normalising a request: a machine-readable `code` and a one-line `message`. */
export interface Fixup {
  readonly code: Code
  readonly message: string
}

/**
 * Builds a fix-up record.
 *
 * @example
 * import { Fixup } from "@dirsync/idp-profiles"
 * Fixup.make("op-case", `op "Replace" -> "replace"`)
 */
export const make = (code: Code, message: string): Fixup => ({ code, message })

/**
 * Renders fix-ups as the lines stored on a directory event.
 *
 * @example
 * import { Fixup } from "@dirsync/idp-profiles"
 * Fixup.format([Fixup.make("op-case", `op "Add" -> "add"`)]) // [`op "Add" -> "add"`]
 */
export const format = (fixups: ReadonlyArray<Fixup>): ReadonlyArray<string> => fixups.map((f) => f.message)
