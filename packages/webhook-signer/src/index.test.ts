import { describe, expect, it } from "vitest"
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))

/** Every module reachable by static or dynamic import from an entry, and every bare specifier it imports. */
const graph = (entry: string) => {
  const files = new Set<string>()
  const bare = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "")
    for (const match of source.matchAll(/(?:import|export)\s+(type\s+)?[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      if (match[1] !== undefined) continue // type-only: erased at run time
      const specifier = (match[2] ?? match[3])!
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")))
      else bare.add(specifier)
    }
  }
  visit(resolve(here, entry))
  return { files, bare }
}

describe("entry points", () => {
  it('"." imports nothing at run time: no effect, no node:*', () => {
    const { files, bare } = graph("index.ts")
    expect(files.size).toBeGreaterThan(5)
    expect([...bare]).toEqual([])
  })

  it('"./effect" imports effect and nothing else', () => {
    const { bare } = graph("effect.ts")
    expect([...bare].sort()).toEqual(["effect"])
  })

  it("the two entries expose the same modules", async () => {
    const plain = await import("./index.js")
    const effect = await import("./effect.js")
    expect(Object.keys(plain).sort()).toEqual(Object.keys(effect).sort())
  })
})
