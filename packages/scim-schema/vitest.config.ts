import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "scim-schema", include: ["src/**/*.test.ts", "test/**/*.test.ts"] }
})
