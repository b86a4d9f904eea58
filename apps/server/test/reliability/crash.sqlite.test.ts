import { sqliteUrl } from "../harness.js"
import { scenario } from "./crash.js"

scenario("SQLite", async () => ({ url: sqliteUrl(), drop: async () => {} }), 11)
