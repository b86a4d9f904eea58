import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "scim-filter", include: ["src/**/*.test.ts", "test/**/*.test.ts"] }
})
