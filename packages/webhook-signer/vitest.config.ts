import { defineProject } from "vitest/config"

export default defineProject({
  test: { name: "webhook-signer", include: ["src/**/*.test.ts", "test/**/*.test.ts"] }
})
