/** fast-check arbitraries for filter trees, shared by the tests. */
import fc from "fast-check"
import { Filter } from "../src/index.js"

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

const NAMES = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,6}$/)
const arbitraryPath = (withSub: boolean): fc.Arbitrary<Filter.AttributePath> =>
  fc.record(
    {
      urn: fc.constantFrom(ENTERPRISE, "urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:x"),
      attribute: NAMES,
      subAttribute: withSub ? NAMES : fc.constant(undefined as never)
    },
    { requiredKeys: ["attribute"] }
  ).map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as Filter.AttributePath)
const arbitraryValue: fc.Arbitrary<Filter.Value> = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null)
)
/** Numbers and booleans with a spelling of their own, as the parser keeps it in `text`. */
const arbitrarySpelling: fc.Arbitrary<readonly [number | boolean, string]> = fc.oneof(
  fc.integer().map((n) => [n, `${n}.0`] as const),
  fc.integer({ min: 0, max: 1e6 }).map((n) => [n, `${n}E0`] as const),
  fc.boolean().map((b) => [b, b ? "True" : "FALSE"] as const),
  fc.bigInt({ min: 10n ** 16n, max: 10n ** 24n }).map((b) => [Number(b), b.toString()] as const)
).filter(([value, text]) => text !== JSON.stringify(value))
export const arbitraryOp = fc.constantFrom<Filter.CompareOperator>("eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le")
const arbitraryTree = (withValuePath: boolean): fc.Arbitrary<Filter.Filter> =>
  fc.letrec<{ filter: Filter.Filter }>((tie) => ({
    filter: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.tuple(arbitraryPath(true), arbitraryOp, arbitraryValue).map(([p, op, v]) => Filter.compare(p, op, v)),
      fc.tuple(arbitraryPath(true), arbitraryOp, arbitrarySpelling).map(([p, op, [v, text]]) => ({
        ...Filter.compare(p, op, v),
        text
      })),
      arbitraryPath(true).map((p) => Filter.present(p)),
      fc.tuple(tie("filter"), tie("filter")).map(([l, r]) => Filter.and(l, r)),
      fc.tuple(tie("filter"), tie("filter")).map(([l, r]) => Filter.or(l, r)),
      tie("filter").map((f) => Filter.not(f)),
      ...(withValuePath ? [fc.tuple(arbitraryPath(false), arbitraryTree(false)).map(([p, f]) => Filter.valuePath(p, f))] : [])
    )
  })).filter
/** Trees as the parser builds them. */
export const arbitraryFilter = arbitraryTree(true)
/** Trees without value paths, as found inside brackets. */
export const arbitraryInnerFilter = arbitraryTree(false)
