/** A flow under test: sends requests to the target, records checks, remembers what it created. */
import type { Check } from "../Report.js"
import { type Exchange, isScimError, type RequestOptions, send, type Target } from "../Target.js"

const show = (v: unknown): string => (v === undefined ? "(absent)" : JSON.stringify(v))

const describeAnswer = (ex: Exchange): string => {
  const body = ex.text.length > 240 ? `${ex.text.slice(0, 240)}…` : ex.text
  return `${ex.status}${body === "" ? "" : ` ${body}`}`
}

/** A random lowercase hex string. */
export const randomHex = (n: number): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(n / 2)))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, n)
}

/** Deep copy of JSON. */
export const clone = <A>(a: A): A => JSON.parse(JSON.stringify(a)) as A

/** The checks of one run and the resources it created, with the request helpers that record them. */
export class Flow {
  readonly checks: Array<Check> = []
  private readonly created: Array<{ readonly kind: "Users" | "Groups"; readonly id: string }> = []

  constructor(readonly target: Target) {}

  send(options: RequestOptions): Promise<Exchange> {
    return send(this.target, options)
  }

  /** Records a check. */
  check(step: string, title: string, passed: boolean, expected: unknown, got: unknown, ex?: Exchange): boolean {
    this.checks.push({
      step,
      title,
      passed,
      expected: typeof expected === "string" ? expected : show(expected),
      got: typeof got === "string" ? got : show(got),
      ...(!passed && ex ? { request: ex.request } : {})
    })
    return passed
  }

  /** The answer's status is one of `expected`. */
  status(step: string, ex: Exchange, expected: number | ReadonlyArray<number>, title?: string): boolean {
    const list = typeof expected === "number" ? [expected] : expected
    return this.check(step, title ?? `answers ${list.join(" or ")}`, list.includes(ex.status), list.join(" or "), describeAnswer(ex), ex)
  }

  /** Deep equality of JSON values. */
  equal(step: string, title: string, ex: Exchange | undefined, actual: unknown, expected: unknown): boolean {
    return this.check(step, title, JSON.stringify(actual) === JSON.stringify(expected), expected, actual, ex)
  }

  /** A condition, with what was expected and what came back in words. */
  that(step: string, title: string, ex: Exchange | undefined, passed: boolean, expected: unknown, got: unknown): boolean {
    return this.check(step, title, passed, expected, got, ex)
  }

  /** A SCIM error body with the given status (and scimType, when given). */
  scimError(step: string, ex: Exchange, status: number, scimType?: string): void {
    if (!this.status(step, ex, status)) return
    const body = ex.json ?? {}
    this.that(step, "answers a SCIM error body (RFC 7644 §3.12)", ex,
      isScimError(body) && String(body.status) === String(status),
      `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"${status}"}`, ex.text)
    if (scimType !== undefined) this.equal(step, `scimType is "${scimType}"`, ex, body.scimType, scimType)
  }

  /** The response is `application/scim+json`. */
  scimContentType(step: string, ex: Exchange): void {
    const ct = ex.headers.get("content-type") ?? ""
    this.that(step, "answers Content-Type application/scim+json", ex, /^application\/scim\+json\b/i.test(ct), "application/scim+json", ct || "(none)")
  }

  /** A ListResponse with integer paging fields and `itemsPerPage` equal to the number returned. */
  listResponse(step: string, ex: Exchange): ReadonlyArray<any> {
    const body = ex.json ?? {}
    const resources: Array<any> = Array.isArray(body.Resources) ? body.Resources : []
    this.that(step, "answers a ListResponse", ex,
      Array.isArray(body.schemas) && body.schemas.includes("urn:ietf:params:scim:api:messages:2.0:ListResponse"),
      "schemas [urn:ietf:params:scim:api:messages:2.0:ListResponse]", body.schemas)
    this.that(step, "totalResults, itemsPerPage and startIndex are integers", ex,
      [body.totalResults, body.itemsPerPage, body.startIndex].every((n) => Number.isInteger(n)),
      "integers", { totalResults: body.totalResults, itemsPerPage: body.itemsPerPage, startIndex: body.startIndex })
    this.that(step, "itemsPerPage equals the number of Resources returned", ex,
      body.itemsPerPage === resources.length, resources.length, body.itemsPerPage)
    return resources
  }

  /** Remembers a resource to delete at the end. */
  created_(kind: "Users" | "Groups", id: unknown): void {
    if (typeof id === "string" && id !== "") this.created.push({ kind, id })
  }

  /** Forgets a resource (deleted by the flow itself). */
  forget(id: string): void {
    const i = this.created.findIndex((c) => c.id === id)
    if (i >= 0) this.created.splice(i, 1)
  }

  /** Deletes what the flow created, groups first; each delete must answer 204 (or 404 when already gone). */
  async cleanup(step = "cleanup"): Promise<void> {
    const order = [...this.created.filter((c) => c.kind === "Groups"), ...this.created.filter((c) => c.kind === "Users")]
    for (const c of order) {
      const ex = await this.send({ method: "DELETE", path: `/${c.kind}/${encodeURIComponent(c.id)}` })
      this.status(step, ex, [204, 200, 404], `deletes ${c.kind === "Users" ? "user" : "group"} ${c.id}`)
    }
    this.created.length = 0
  }
}

/** `?filter=` with the expression URL-encoded as IdPs send it. */
export const filterQuery = (filter: string, extra = ""): string =>
  `?filter=${encodeURIComponent(filter).replace(/'/g, "%27")}${extra}`

/** Member ids of a group resource, sorted. */
export const memberIds = (group: any): Array<string> =>
  (Array.isArray(group?.members) ? group.members : []).map((m: any) => String(m?.value)).sort()
