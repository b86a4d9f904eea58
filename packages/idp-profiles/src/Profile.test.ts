import { describe, expect, it } from "vitest"
import * as Profile from "./Profile.js"

describe("Profile", () => {
  it("get() returns each profile by name", () => {
    for (const name of Profile.names) expect(Profile.get(name).name).toBe(name)
  })

  it("carries the PatchOp options each IdP needs", () => {
    expect(Profile.get("okta").patchOptions.ignoreIdInValue).toBe(true)
    expect(Profile.get("entra").patchOptions).toMatchObject({ addOnMissingValuePath: true, expandDottedKeys: true })
    expect(Object.values(Profile.get("generic").patchOptions).every((v) => v === true)).toBe(true)
  })

  it("isName() accepts only the three names", () => {
    expect(["okta", "entra", "generic", "azure", 1].map(Profile.isName)).toEqual([true, true, true, false, false])
  })

  it.each<[string, Profile.Request, Profile.ProfileName]>([
    ["Okta's documented client", { userAgent: "Okta SCIM Client 1.0.0" }, "okta"],
    ["Okta's test plan", { userAgent: "OKTA SCIM Integration" }, "okta"],
    ["a Microsoft agent", { userAgent: "Microsoft Azure AD provisioning" }, "entra"],
    ["a capitalised op", { body: { Operations: [{ op: "Replace", path: "displayName", value: "x" }] } }, "entra"],
    ["a string boolean", { body: { Operations: [{ op: "replace", path: "active", value: "False" }] } }, "entra"],
    ["an RFC request without agent", { body: { Operations: [{ op: "replace", value: { active: false } }] } }, "generic"],
    ["curl", { userAgent: "curl/8.5.0" }, "generic"],
    ["a word that merely contains okta", { userAgent: "Loktar/1.0" }, "generic"],
    ["nothing at all", {}, "generic"]
  ])("detect() recognises %s", (_, request, expected) => {
    expect(Profile.detect(request).profile.name).toBe(expected)
  })

  it("detect() gives a reason, and an override wins", () => {
    expect(Profile.detect({ userAgent: "Okta SCIM Client 1.0.0" }).reason).toContain("Okta SCIM Client")
    const overridden = Profile.detect({ userAgent: "Okta SCIM Client 1.0.0" }, "entra")
    expect(overridden.profile.name).toBe("entra")
    expect(overridden.reason).toContain("explicitly")
  })

  it("forConnection() uses the connection's provider, and detects only for generic connections", () => {
    const entraLooking = { body: { Operations: [{ op: "Add", path: "nickName", value: "x" }] } }
    expect(Profile.forConnection("okta", entraLooking).profile.name).toBe("okta")
    expect(Profile.forConnection("generic", entraLooking).profile.name).toBe("entra")
    expect(Profile.forConnection("generic", entraLooking, "okta").profile.name).toBe("okta")
  })
})
