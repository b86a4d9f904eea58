import { ResourceSchema, Resource, Schemas } from "@dirsync/scim-schema"
import { Filter } from "@dirsync/scim-filter"
import { PatchOp } from "@dirsync/scim-patch"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import * as Fixtures from "./Fixtures.js"
import * as Fixup from "./Fixup.js"
import * as Normalize from "./Normalize.js"
import * as Profile from "./Profile.js"
import * as UserMapping from "./UserMapping.js"

const schemaOf = (fixture: Fixtures.Fixture): ResourceSchema.ResourceSchema =>
  fixture.resourceType === "Group"
    ? Schemas.GroupResource
    : UserMapping.customSchemas(fixture.mappings ?? []).reduce(ResourceSchema.withExtension, Schemas.UserResource)

const decode = (fixture: Fixtures.Fixture, resource: unknown): Either.Either<unknown, { readonly message: string }> =>
  fixture.resourceType === "Group" ? Resource.decodeGroup(resource) : Resource.decodeUser(resource)

const resourceIdOf = (fixture: Fixtures.Fixture): string | undefined => {
  const id = fixture.given?.resource["id"]
  return typeof id === "string" ? id : undefined
}

/** Runs a fixture's request the way the server does: normalise, decode, apply, and returns the resource after it. */
const run = (fixture: Fixtures.Fixture) => {
  const profile = Profile.get(fixture.idp)
  const schema = schemaOf(fixture)
  const options = { profile, schema, resourceId: resourceIdOf(fixture) }
  const { method, body } = fixture.request
  if (method === "POST" || method === "PUT") {
    const normalized = Normalize.resource(body, options)
    return { ...normalized, resource: normalized.body }
  }
  if (method === "PATCH") {
    const normalized = Normalize.patchRequest(body, options)
    const operations = (normalized.body as { Operations: ReadonlyArray<PatchOp.Operation> }).Operations
    const result = PatchOp.apply(fixture.given?.resource ?? {}, operations, { schema, ...profile.patchOptions })
    if (Either.isLeft(result)) throw new Error(`${fixture.name}: ${result.left.detail}`)
    return { ...normalized, resource: result.right.resource as unknown }
  }
  const query = new URLSearchParams(fixture.request.path.split("?")[1] ?? "")
  const filter = query.get("filter")
  if (filter !== null) {
    const normalized = Normalize.filter(filter, profile, schema)
    return { body: normalized.text, fixups: normalized.fixups, resource: fixture.given?.resource }
  }
  return { body: undefined, fixups: [] as ReadonlyArray<Fixup.Fixup>, resource: fixture.given?.resource }
}

describe("Fixtures", () => {
  it("holds the recorded Okta and Entra requests, each citing the vendor's page", () => {
    expect(Fixtures.okta.length).toBeGreaterThanOrEqual(12)
    expect(Fixtures.entra.length).toBeGreaterThanOrEqual(25)
    for (const fixture of Fixtures.all) {
      expect(fixture.source).toMatch(/^https:\/\/(developer\.okta\.com|learn\.microsoft\.com|github\.com\/joelfranusic-okta)/)
      expect(fixture.name.startsWith(fixture.idp + "/")).toBe(true)
      expect(fixture.description.length).toBeGreaterThan(20)
    }
    expect(new Set(Fixtures.all.map((f) => f.name)).size).toBe(Fixtures.all.length)
  })

  it("get() finds a fixture by name", () => {
    expect(Fixtures.get("okta/create-user")?.request.method).toBe("POST")
    expect(Fixtures.get("entra/nope")).toBeUndefined()
  })

  it("covers every PATCH shape Entra sends with and without aadOptscim062020", () => {
    const names = Fixtures.entra.map((f) => f.name)
    for (
      const name of [
        "entra/disable-user-without-flag",
        "entra/disable-user-with-flag",
        "entra/add-attribute-without-flag",
        "entra/add-attribute-with-flag",
        "entra/replace-attributes-without-flag",
        "entra/replace-attributes-with-flag",
        "entra/remove-member-without-flag",
        "entra/remove-member-with-flag"
      ]
    ) expect(names).toContain(name)
  })

  describe.each(Fixtures.all.map((f) => [f.name, f] as const))("%s", (_name, fixture) => {
    it("normalises with the expected fix-up records", () => {
      const { fixups } = run(fixture)
      expect(Fixup.format(fixups)).toEqual(fixture.expect?.fixups ?? [])
    })

    if (fixture.expect?.body !== undefined) {
      it("normalises to the expected body", () => {
        expect(run(fixture).body).toEqual(fixture.expect?.body)
      })
    }

    if (fixture.expect?.filter !== undefined) {
      it("normalises the filter, which then parses without tolerances", () => {
        const text = run(fixture).body as string
        expect(text).toBe(fixture.expect?.filter)
        expect(Either.isRight(Filter.parse(text, { unquotedValues: false }))).toBe(true)
      })
    }

    if (fixture.expect?.user !== undefined || fixture.expect?.group !== undefined) {
      it("decodes and maps to the expected result", () => {
        const { resource } = run(fixture)
        const decoded = decode(fixture, resource)
        if (Either.isLeft(decoded)) throw new Error(decoded.left.message)
        if (fixture.expect?.user !== undefined) {
          expect(UserMapping.toApplicationUser(resource, fixture.mappings)).toEqual(fixture.expect.user)
        }
        if (fixture.expect?.group !== undefined) {
          const group = resource as { displayName: string; members?: ReadonlyArray<{ value: string }> }
          expect({ displayName: group.displayName, members: (group.members ?? []).map((m) => m.value) })
            .toEqual(fixture.expect.group)
        }
      })
    }

    it("is detected as its IdP from its User-Agent or its shape, or left generic", () => {
      const userAgent = fixture.request.headers?.["User-Agent"]
      const detected = Profile.detect({ userAgent, body: fixture.request.body }).profile.name
      expect([fixture.idp, "generic"]).toContain(detected)
      if (userAgent !== undefined) expect(detected).toBe(fixture.idp)
    })
  })
})

describe("Okta GET-then-PUT round trip", () => {
  const create = Fixtures.get("okta/create-user")!
  const schema = Schemas.UserResource
  const stored = Normalize.resource(create.request.body, { profile: "okta", schema }).body as Record<string, unknown>
  // What the server answers to GET: the stored resource with an id, without the never-returned password.
  const { password: _password, ...fetched }: Record<string, unknown> = {
    ...stored,
    id: "23a35c27-23d3-4c03-b4c5-6443c09e7173"
  }

  it("what Okta GETs and PUTs back unchanged yields the same application user", () => {
    const put = Normalize.resource(JSON.parse(JSON.stringify(fetched)), { profile: "okta", schema })
    expect(put.fixups).toEqual([])
    expect(UserMapping.toApplicationUser(put.body)).toEqual(UserMapping.toApplicationUser(stored))
    expect(UserMapping.toApplicationUser(put.body)).toEqual(create.expect?.user)
  })

  it("a PUT with one change changes only that field", () => {
    const changed = { ...fetched, name: { givenName: "Another", familyName: "User" } }
    const put = Normalize.resource(changed, { profile: "okta", schema })
    expect(UserMapping.toApplicationUser(put.body)).toEqual({ ...create.expect?.user, firstName: "Another" })
  })
})
