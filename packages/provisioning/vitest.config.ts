import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "provisioning", include: ["src/**/*.test.ts", "test/**/*.test.ts"] }
})
