/**
 * Checks and reports: every assertion the harness makes is a `Check` (passed or not, what was expected,
 * what came back, and the request that produced it when it failed). A `Report` groups the checks of one
 * run and renders as a table for the terminal, JSON, or JUnit XML for CI.
 *
 * @module
 */
import type { SentRequest } from "./Target.js"

/** One assertion. */
export interface Check {
  /** The flow step, e.g. `okta/create-user`. */
  readonly step: string
  /** What is asserted, in words: `answers 201 Created`. */
  readonly title: string
  readonly passed: boolean
  readonly expected: string
  readonly got: string
  /** The request, included when the check failed. */
  readonly request?: SentRequest
}

/** The checks of one run. */
export interface Report {
  readonly name: string
  readonly checks: ReadonlyArray<Check>
  readonly durationMs: number
}

/** Counts of a report. */
export const summary = (report: Report): { readonly passed: number; readonly failed: number; readonly total: number } => {
  const failed = report.checks.filter((c) => !c.passed).length
  return { passed: report.checks.length - failed, failed, total: report.checks.length }
}

/** True when every check passed. */
export const ok = (report: Report): boolean => report.checks.every((c) => c.passed)

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

const requestLine = (r: SentRequest): string =>
  `${r.method} ${r.url}${r.body === undefined ? "" : ` ${typeof r.body === "string" ? r.body : JSON.stringify(r.body)}`}`

/**
 * Renders a report as a plain-text table: one row per check, then for failures the expected value, what
 * came back and the request.
 *
 * @example
 * console.log(table(report))
 * // PASS  okta/create-user   answers 201 Created
 */
export const table = (report: Report, options: { readonly color?: boolean } = {}): string => {
  const color = options.color ?? false
  const paint = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s)
  const stepWidth = Math.min(40, Math.max(4, ...report.checks.map((c) => c.step.length)))
  const lines: Array<string> = []
  lines.push(`${"".padEnd(6)}${"STEP".padEnd(stepWidth + 2)}CHECK`)
  for (const c of report.checks) {
    lines.push(`${c.passed ? paint(32, "PASS") : paint(31, "FAIL")}  ${clip(c.step, stepWidth).padEnd(stepWidth + 2)}${c.title}`)
    if (!c.passed) {
      lines.push(`${"".padEnd(stepWidth + 8)}expected: ${clip(c.expected, 300)}`)
      lines.push(`${"".padEnd(stepWidth + 8)}got:      ${clip(c.got, 300)}`)
      if (c.request) lines.push(`${"".padEnd(stepWidth + 8)}request:  ${clip(requestLine(c.request), 400)}`)
    }
  }
  const s = summary(report)
  lines.push("")
  lines.push(
    `${report.name}: ${s.passed} passed, ${s.failed} failed, ${s.total} checks in ${(report.durationMs / 1000).toFixed(1)} s`
  )
  return lines.join("\n")
}

/** Renders a report as JSON: `{name, passed, failed, durationMs, checks}`. */
export const json = (report: Report): string =>
  JSON.stringify({ name: report.name, ...summary(report), durationMs: Math.round(report.durationMs), checks: report.checks }, null, 2)

const xml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")

/**
 * Renders a report as JUnit XML: one test suite per flow step, one test case per check, failures with
 * the expected value, what came back and the request.
 */
export const junit = (report: Report): string => {
  const s = summary(report)
  const steps = new Map<string, Array<Check>>()
  for (const c of report.checks) steps.set(c.step, [...(steps.get(c.step) ?? []), c])
  const out: Array<string> = ['<?xml version="1.0" encoding="UTF-8"?>']
  out.push(
    `<testsuites name="${xml(report.name)}" tests="${s.total}" failures="${s.failed}" time="${(report.durationMs / 1000).toFixed(3)}">`
  )
  for (const [step, checks] of steps) {
    const failed = checks.filter((c) => !c.passed).length
    out.push(`  <testsuite name="${xml(step)}" tests="${checks.length}" failures="${failed}">`)
    for (const c of checks) {
      if (c.passed) {
        out.push(`    <testcase classname="${xml(step)}" name="${xml(c.title)}"/>`)
      } else {
        const body = [`expected: ${c.expected}`, `got: ${c.got}`, ...(c.request ? [`request: ${requestLine(c.request)}`] : [])]
        out.push(`    <testcase classname="${xml(step)}" name="${xml(c.title)}">`)
        out.push(`      <failure message="${xml(`expected ${clip(c.expected, 200)}`)}">${xml(body.join("\n"))}</failure>`)
        out.push(`    </testcase>`)
      }
    }
    out.push(`  </testsuite>`)
  }
  out.push(`</testsuites>`)
  return out.join("\n")
}
