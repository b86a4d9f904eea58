import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "scim-patch", include: ["src/**/*.test.ts", "test/**/*.test.ts"] }
})
