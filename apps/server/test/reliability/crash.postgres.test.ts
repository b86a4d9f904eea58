import { createPgDatabase } from "../harness.js"
import { scenario } from "./crash.js"

scenario("PostgreSQL", createPgDatabase, 23)
