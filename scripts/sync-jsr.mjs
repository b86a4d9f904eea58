#!/usr/bin/env node
// Keeps each package's jsr.json in step with its package.json: same name and version, and exports that
// mirror package.json's (`changeset version` only bumps package.json); and keeps the import map of the
// Deno smoke tests (scripts/deno-smoke/deno.json) pointing at those same JSR entry points.
// Run after `changeset version` (the root `version-packages` script does); `--check` only reports
// differences and exits non-zero.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const checkOnly = process.argv.includes("--check")
let stale = 0
const imports = {}

for (const name of readdirSync(join(root, "packages"))) {
  const jsrFile = join(root, "packages", name, "jsr.json")
  if (!existsSync(jsrFile)) continue
  const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"))
  const jsr = JSON.parse(readFileSync(jsrFile, "utf8"))
  const exports = Object.fromEntries(Object.entries(manifest.exports).filter(([, target]) => target !== null))
  const next = { ...jsr, name: manifest.name, version: manifest.version, exports }
  for (const [key, target] of Object.entries(exports)) {
    imports[manifest.name + key.slice(1)] = `../../packages/${name}/${target.replace(/^\.\//, "")}`
  }
  if (JSON.stringify(next) === JSON.stringify(jsr)) continue
  stale++
  if (checkOnly) console.error(`packages/${name}/jsr.json is out of step with package.json`)
  else {
    writeFileSync(jsrFile, JSON.stringify(next, null, 2) + "\n")
    console.log(`packages/${name}/jsr.json -> ${manifest.version}`)
  }
}

const denoFile = join(root, "scripts", "deno-smoke", "deno.json")
const deno = JSON.parse(readFileSync(denoFile, "utf8"))
if (JSON.stringify(deno.imports) !== JSON.stringify(imports)) {
  stale++
  if (checkOnly) console.error("scripts/deno-smoke/deno.json imports do not match the packages' jsr.json exports")
  else {
    writeFileSync(denoFile, JSON.stringify({ ...deno, imports }, null, 2) + "\n")
    console.log("scripts/deno-smoke/deno.json imports updated")
  }
}
if (checkOnly && stale > 0) process.exit(1)
