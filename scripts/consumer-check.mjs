#!/usr/bin/env node
// Consumer check: do the published packages install and work outside the monorepo?
//
//   1. build every package (`pnpm build`; skip with --skip-build when dist/ is fresh)
//   2. `pnpm pack` every publishable package (pnpm applies publishConfig and rewrites `workspace:^`)
//   3. inspect each tarball: exports point at files that are in it, no `workspace:` range, no tests,
//      README and LICENSE present, jsr.json (where there is one) in step with package.json
//   4. `npm install` all tarballs together (internal dependencies come from the sibling tarballs) plus
//      `effect` into a fresh project in the OS temp dir, type-check scripts/consumer/*.ts with `tsc`
//      (strict, NodeNext, library declarations checked too), and run them with Node
//   5. the same for `@dirsync/webhook-signer` alone, in a project where `effect` is not installed
//
// Exits non-zero on the first failure. `--keep` leaves the temp dir for inspection.
import { spawn } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { basename, dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const args = new Set(process.argv.slice(2))
const require = createRequire(join(root, "package.json"))
const tsc = require.resolve("typescript/bin/tsc")
const started = performance.now()

const step = async (title, fn) => {
  const t0 = performance.now()
  process.stdout.write(`- ${title} ... `)
  const result = await fn()
  console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return result
}

/** Runs a command; on failure prints its output and throws. */
const run = (command, argv, cwd) =>
  new Promise((ok, fail) => {
    const child = spawn(command, argv, { cwd, env: { ...process.env, npm_config_loglevel: "error" } })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.on("error", fail)
    child.on("close", (code) => {
      if (code === 0) ok(output)
      else fail(new Error(`\`${command} ${argv.join(" ")}\` in ${cwd} exited with ${code}\n${output}`))
    })
  })

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"))

// The packages to publish: every non-private workspace package.
const packages = readdirSync(join(root, "packages"))
  .map((name) => join(root, "packages", name))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: readJson(join(dir, "package.json")) }))
  .filter(({ manifest }) => manifest.private !== true)

const work = mkdtempSync(join(tmpdir(), "dirsync-consumer-"))
const tarballs = join(work, "tarballs")
mkdirSync(tarballs)

try {
  if (!args.has("--skip-build")) await step("pnpm build", () => run("pnpm", ["run", "build"], root))

  const packed = await step(`pnpm pack (${packages.length} packages)`, () =>
    Promise.all(
      packages.map(async ({ dir, manifest }) => {
        const out = await run("pnpm", ["pack", "--pack-destination", tarballs], dir)
        const file = out.trim().split("\n").map((l) => l.trim()).reverse().find((l) => l.endsWith(".tgz"))
        if (file === undefined) throw new Error(`pnpm pack printed no tarball for ${manifest.name}:\n${out}`)
        return { dir, manifest, tarball: join(tarballs, basename(file)) }
      })
    )
  )

  await step("inspect tarballs", async () => {
    for (const { dir, manifest, tarball } of packed) {
      const files = new Set((await run("tar", ["-tzf", tarball], work)).split("\n").filter(Boolean))
      const published = JSON.parse(await run("tar", ["-xzOf", tarball, "package/package.json"], work))
      const fail = (why) => {
        throw new Error(`${manifest.name}: ${why}`)
      }
      if (JSON.stringify(published).includes("workspace:")) fail("a `workspace:` range survived packing")
      for (const f of files) if (/\.test\.ts$/.test(f)) fail(`ships a test file: ${f}`)
      for (const f of ["package/README.md", "package/LICENSE"]) if (!files.has(f)) fail(`${f.slice(8)} is missing`)
      const targets = []
      const collect = (value) => {
        if (typeof value === "string") targets.push(value)
        else if (value !== null && typeof value === "object") Object.values(value).forEach(collect)
      }
      collect(published.exports)
      collect(published.main)
      collect(published.types)
      if (targets.length === 0) fail("has no exports")
      for (const target of targets) {
        if (target.includes("*")) continue
        if (!target.startsWith("./dist/")) fail(`entry ${target} does not point into dist/`)
        if (!files.has(`package/${target.slice(2)}`)) fail(`entry ${target} is not in the tarball`)
      }
      const jsrFile = join(dir, "jsr.json")
      if (existsSync(jsrFile)) {
        const jsr = readJson(jsrFile)
        if (jsr.name !== manifest.name) fail(`jsr.json name ${jsr.name} differs from package.json`)
        if (jsr.version !== manifest.version) fail(`jsr.json version ${jsr.version} differs from ${manifest.version} (run \`node scripts/sync-jsr.mjs\`)`)
        const keys = (o) => Object.keys(o).filter((k) => o[k] !== null).sort().join(",")
        if (keys(jsr.exports) !== keys(manifest.exports)) fail("jsr.json exports do not mirror package.json exports")
        for (const [key, target] of Object.entries(jsr.exports)) {
          if (manifest.exports[key] !== target) fail(`jsr.json export ${key} -> ${target}, package.json -> ${manifest.exports[key]}`)
        }
      }
    }
  })

  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: false,
      types: [],
      outDir: "out",
      rootDir: "src"
    },
    include: ["src"]
  }

  /** A fresh npm project with the given dependencies and consumer scripts; installs, type-checks, runs. */
  const project = async (name, dependencies, scripts) => {
    const dir = join(work, name)
    mkdirSync(join(dir, "src"), { recursive: true })
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module", dependencies }, null, 2))
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2))
    for (const script of scripts) cpSync(join(root, "scripts", "consumer", script), join(dir, "src", script))
    await run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock"], dir)
    return dir
  }

  const fileDep = (tarball) => `file:${tarball}`
  const all = Object.fromEntries(packed.map(({ manifest, tarball }) => [manifest.name, fileDep(tarball)]))
  const effectRange = readJson(join(root, "packages", "scim-schema", "package.json")).peerDependencies.effect
  const consumerScripts = readdirSync(join(root, "scripts", "consumer")).filter((f) => f.endsWith(".ts"))
  const signer = packed.find(({ manifest }) => manifest.name === "@dirsync/webhook-signer")
  if (signer === undefined) throw new Error("@dirsync/webhook-signer was not packed")

  const [full, bare] = await step("npm install the tarballs into two fresh projects", () =>
    Promise.all([
      project("consumer", { ...all, effect: effectRange }, consumerScripts),
      project("consumer-without-effect", { "@dirsync/webhook-signer": fileDep(signer.tarball) }, ["webhook-signer.ts"])
    ])
  )
  if (existsSync(join(bare, "node_modules", "effect"))) throw new Error("effect was installed next to @dirsync/webhook-signer alone")
  for (const { manifest } of packed) {
    const installed = join(full, "node_modules", ...manifest.name.split("/"))
    if (existsSync(join(installed, "node_modules", "@dirsync"))) {
      throw new Error(`${manifest.name} got its own copy of an internal dependency instead of the sibling tarball`)
    }
  }

  await step("tsc: type-check the consumer scripts", () =>
    Promise.all([run(process.execPath, [tsc, "-p", "."], full), run(process.execPath, [tsc, "-p", "."], bare)])
  )

  await step("node: run the consumer scripts", async () => {
    const outputs = await Promise.all([
      ...consumerScripts.map((script) => run(process.execPath, [join("out", script.replace(/\.ts$/, ".js"))], full)),
      run(process.execPath, [join("out", "webhook-signer.js")], bare).then((o) => o.replace(" ok", " ok (without effect)"))
    ])
    console.log()
    for (const o of outputs) process.stdout.write(`    ${o.trim().split("\n").filter((l) => !/ExperimentalWarning|--trace-warnings/.test(l)).join("\n    ")}\n`)
    process.stdout.write("  ")
  })

  console.log(`consumer check passed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
} finally {
  if (args.has("--keep")) console.log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
