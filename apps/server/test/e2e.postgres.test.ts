import { createPgDatabase } from "./harness.js"
import { suite } from "./suite.js"

suite("PostgreSQL", createPgDatabase)
