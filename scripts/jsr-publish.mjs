#!/usr/bin/env node
// Publishes every package that has a jsr.json to JSR with `deno publish` (the `deno` npm package provides
// the binary). Relative imports end in `.js` in the source, so `--sloppy-imports` lets Deno rewrite them to
// the `.ts` files it publishes; `@dirsync/*` imports resolve through the root package.json `workspaces`;
// Effect's inferred types are "slow types" to JSR, hence `--allow-slow-types`.
//
//   node scripts/jsr-publish.mjs --dry-run --allow-dirty   # what CI runs: every package would publish
//   node scripts/jsr-publish.mjs             # publishes (interactive login, or a token in CI)
import { spawn } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const deno = join(root, "node_modules", ".bin", "deno")
const extra = process.argv.slice(2)
const packages = readdirSync(join(root, "packages")).filter((name) => existsSync(join(root, "packages", name, "jsr.json")))

const publish = (name) =>
  new Promise((ok, fail) => {
    const argv = ["publish", "--config", "jsr.json", "--sloppy-imports", "--allow-slow-types", ...extra]
    const child = spawn(deno, argv, { cwd: join(root, "packages", name), env: { ...process.env, NO_COLOR: "1" } })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.on("error", fail)
    child.on("close", (code) =>
      code === 0 ? ok(`packages/${name}: ${output.trim().split("\n").at(-1)}`) : fail(new Error(`packages/${name}:\n${output}`))
    )
  })

// One at a time when publishing for real (dependents after their dependencies); dry runs in parallel.
const order = ["scim-schema", "scim-filter", "scim-patch", "webhook-signer", "idp-profiles"].filter((n) => packages.includes(n))
const rest = packages.filter((n) => !order.includes(n))
if (extra.includes("--dry-run")) {
  for (const line of await Promise.all([...order, ...rest].map(publish))) console.log(line)
} else {
  for (const name of [...order, ...rest]) console.log(await publish(name))
}
