import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { sqliteUrl } from "./harness.js"
import { suite } from "./suite.js"

suite("SQLite", async () => {
  const url = sqliteUrl()
  return { url, drop: async () => NodeFs.rmSync(NodePath.dirname(url), { recursive: true, force: true }) }
})
