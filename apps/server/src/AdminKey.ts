/**
 * The admin API key. `DIRSYNC_ADMIN_KEY` when set; otherwise a key (`dsk_…`, 32 random bytes) is generated
 * on the first start, only its SHA-256 hash is stored in the database, and the key is printed once to
 * stdout. Later starts (and other server processes on the same database) reuse the stored hash.
 *
 * @module
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import * as NodeCrypto from "node:crypto"
import { ServerConfigTag } from "./Config.js"

/** Checks admin keys. */
export interface AdminKeyService {
  /** Whether a presented key is the admin key (constant-time). */
  readonly verify: (presented: string) => boolean
}

/** The admin key checker as a service. */
export class AdminKey extends Context.Tag("@dirsync/server/AdminKey")<AdminKey, AdminKeyService>() {}

const sha256 = (value: string): Buffer => NodeCrypto.createHash("sha256").update(value, "utf8").digest()

/** A checker for a known hash. */
export const fromHash = (hash: Buffer): AdminKeyService => ({
  verify: (presented) => presented.length > 0 && NodeCrypto.timingSafeEqual(sha256(presented), hash)
})

const SETTING = "admin_key_sha256"

/**
 * Builds the admin key checker: from `DIRSYNC_ADMIN_KEY`, or from the stored hash, or by generating,
 * storing and printing a new key.
 */
export const layer = Layer.effect(
  AdminKey,
  Effect.gen(function*() {
    const config = yield* ServerConfigTag
    if (Option.isSome(config.adminKey)) return fromHash(sha256(Redacted.value(config.adminKey.value)))
    const sql = yield* SqlClient.SqlClient
    const read = sql<{ value: string }>`SELECT value FROM dirsync_server_settings WHERE name = ${SETTING}`
    const existing = yield* read
    if (existing[0]) return fromHash(Buffer.from(existing[0].value, "hex"))
    const key = `dsk_${NodeCrypto.randomBytes(32).toString("base64url")}`
    const hash = sha256(key).toString("hex")
    yield* sql`INSERT INTO dirsync_server_settings (name, value) VALUES (${SETTING}, ${hash}) ON CONFLICT (name) DO NOTHING`
    const stored = (yield* read)[0]?.value ?? hash
    if (stored === hash) {
      // Printed once, on purpose, to stdout only: this is the only time the key can be seen.
      process.stdout.write(
        `\nGenerated admin API key (shown only once, store it now):\n\n  ${key}\n\n` +
          `Use it as "Authorization: Bearer <key>" on /v1/*. Set DIRSYNC_ADMIN_KEY to choose your own.\n\n`
      )
    }
    return fromHash(Buffer.from(stored, "hex"))
  }).pipe(Effect.orDie)
)
