import Database from "better-sqlite3"
import { afterAll, describe, expect, it } from "vitest"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { call, sqliteUrl, startServer } from "./harness.js"

describe("server migrations on SQLite", () => {
  const url = sqliteUrl()
  afterAll(() => NodeFs.rmSync(NodePath.dirname(url), { recursive: true, force: true }))
  const generatedKey = (logs: ReadonlyArray<string>) => logs.map((l) => /^\s+(dsk_\S+)$/.exec(l)?.[1]).find((k) => k !== undefined)

  it("keeps the generated admin key, also when a database from before the server's migrations adopts them", async () => {
    const first = await startServer({ DATABASE_URL: url, DIRSYNC_ADMIN_KEY: "" })
    const key = generatedKey(first.logs)
    await first.stop()
    expect(key).toMatch(/^dsk_/)

    // A database whose server tables were created before they had migrations: no history table.
    const db = new Database(url)
    expect(db.prepare("SELECT name FROM dirsync_server_migrations ORDER BY migration_id").all()).toEqual([
      { name: "server_settings" },
      { name: "dashboard_sessions" }
    ])
    db.exec("DROP TABLE dirsync_server_migrations")
    db.close()

    const second = await startServer({ DATABASE_URL: url, DIRSYNC_ADMIN_KEY: "" })
    try {
      expect(generatedKey(second.logs)).toBeUndefined()
      const ok = await call(`${second.url}/v1/enterprise_connections`, { token: key! })
      expect(ok.status).toBe(200)
      const wrong = await call(`${second.url}/v1/enterprise_connections`, { token: "dsk_wrong" })
      expect(wrong.status).toBe(401)
    } finally {
      await second.stop()
    }
    const after = new Database(url)
    expect(after.prepare("SELECT COUNT(*) AS n FROM dirsync_server_migrations").get()).toEqual({ n: 2 })
    after.close()
  })
})
