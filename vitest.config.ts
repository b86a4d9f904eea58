import { defineConfig } from "vitest/config"

// One run covers every package and app: each folder is a vitest project.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"]
  }
})
