import { describe, expect, it } from "vitest"
import { normalizeBaseUrl, resolve, TargetError } from "./Target.js"

describe("resolve()", () => {
  const base = "http://sync.example.com/scim/v2/conn_1"
  it.each([
    ["/Users", "http://sync.example.com/scim/v2/conn_1/Users"],
    ["/Users?filter=userName%20eq%20%22a%22", "http://sync.example.com/scim/v2/conn_1/Users?filter=userName%20eq%20%22a%22"],
    ["/Groups/abc?excludedAttributes=members", "http://sync.example.com/scim/v2/conn_1/Groups/abc?excludedAttributes=members"]
  ])("keeps %s under the base URL", (path, url) => {
    expect(resolve(base, path)).toBe(url)
  })

  it.each(["http://evil.example.com/x", "//evil.example.com/x", "Users", "/../conn_2/Users", "/%2e%2e/conn_2/Users"])(
    "refuses %s",
    (path) => {
      const error = (() => {
        try {
          resolve(base, path)
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(TargetError)
      expect((error as TargetError).reason).toBe("OutsideTarget")
    }
  )
})

describe("normalizeBaseUrl()", () => {
  it("drops a trailing slash", () => {
    expect(normalizeBaseUrl("http://h:1/scim/v2/c/")).toBe("http://h:1/scim/v2/c")
  })
  it.each(["not a url", "ftp://h/scim", "http://h/scim?x=1", "http://user:pw@h/scim"])("refuses %s", (input) => {
    expect(() => normalizeBaseUrl(input)).toThrow(TargetError)
  })
})
