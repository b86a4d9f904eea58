/**
 * A realistic filter corpus: the RFC 7644 §3.4.2.2 examples and the lookups Okta and Entra ID send
 * (userName/externalId/id/displayName equality, Entra's `emails[type eq "work"].value eq …` form and
 * unquoted values), plus generated users to evaluate them on. Seeded, so every run sees the same data.
 */

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

/** A small deterministic PRNG (mulberry32). */
export const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const rnd = random(7)
const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rnd() * xs.length)]!
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join("")
const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`
const FIRST = ["barbara", "john", "jane", "mo", "ana", "li", "omar", "sven", "priya", "kofi", "yuki", "eva"]
const LAST = ["jensen", "smith", "o'malley", "garcia", "nguyen", "kumar", "müller", "okafor", "tanaka", "rossi"]
const DOMAINS = ["example.com", "example.org", "contoso.com", "acme.io"]
const DEPARTMENTS = ["Sales", "Engineering", "Support", "Finance", "Tour Operations"]

export const RFC_EXAMPLES: ReadonlyArray<string> = [
  "userName eq \"bjensen\"",
  "name.familyName co \"O'Malley\"",
  "userName sw \"J\"",
  "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
  "title pr",
  "meta.lastModified gt \"2011-05-13T04:42:34Z\"",
  "meta.lastModified ge \"2011-05-13T04:42:34Z\"",
  "meta.lastModified lt \"2011-05-13T04:42:34Z\"",
  "meta.lastModified le \"2011-05-13T04:42:34Z\"",
  "title pr and userType eq \"Employee\"",
  "title pr or userType eq \"Intern\"",
  "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
  "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
  "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
  "userType eq \"Employee\" and (emails.type eq \"work\")",
  "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
  "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]"
]

const email = () => `${pick(FIRST)}.${pick(LAST).replace("'", "")}@${pick(DOMAINS)}`

/** Filters every parser in the comparison should accept (quoted values, RFC grammar). */
export const parseCorpus = (): Array<string> => {
  const out = [...RFC_EXAMPLES]
  while (out.length < 300) {
    const kind = Math.floor(rnd() * 10)
    switch (kind) {
      case 0: case 1: out.push(`userName eq "${email()}"`); break // Okta, Entra
      case 2: case 3: out.push(`externalId eq "${guid()}"`); break // Entra
      case 4: out.push(`id eq "${guid()}"`); break
      case 5: out.push(`displayName eq "${pick(DEPARTMENTS)} ${hex(3)}"`); break // groups
      case 6: out.push(`emails[type eq "work" and value eq "${email()}"]`); break
      case 7: out.push(`${ENTERPRISE}:employeeNumber eq "${Math.floor(rnd() * 1e6)}"`); break
      case 8: out.push(`active eq true and meta.lastModified gt "2024-0${1 + Math.floor(rnd() * 9)}-01T00:00:00Z"`); break
      default: out.push(`userName eq "${email()}" and (active eq true or not (title pr))`)
    }
  }
  return out
}

/** What identity providers send that the strict grammar does not allow (ours accepts, by design). */
export const TOLERATED: ReadonlyArray<string> = [
  "externalId eq jyoung",
  `externalId eq ${"5f3b1c2e-8d4a-4e6f-9b1a-2c3d4e5f6a7b"}`,
  "emails[type eq \"work\"].value eq \"jyoung@contoso.com\""
]

/** 10,000 users as Okta and Entra ID provision them, with attribute names and values in mixed case. */
export const generateUsers = (count: number): Array<Record<string, unknown>> =>
  Array.from({ length: count }, (_, i) => {
    const first = pick(FIRST)
    const last = pick(LAST)
    const domain = pick(DOMAINS)
    const upper = rnd() < 0.3
    const userName = `${first}.${last}@${domain}`
    const offset = pick(["Z", "+02:00", "-05:00", ".123Z"])
    const base = Date.UTC(2011, 4, 13, 4, 42, 34) + Math.floor((rnd() - 0.5) * 400) * 60_000
    const date = new Date(base + (offset === "+02:00" ? 7_200_000 : offset === "-05:00" ? -18_000_000 : 0))
    const lastModified = date.toISOString().slice(0, 19) + offset
    return {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ...(i % 2 === 0 ? [ENTERPRISE] : [])],
      id: `user-${i}`,
      externalId: guid(),
      userName: upper ? userName.toUpperCase() : userName,
      name: { givenName: first, familyName: rnd() < 0.5 ? last : last.toUpperCase() },
      displayName: `${first} ${last}`,
      ...(rnd() < 0.4 ? { title: pick(["Tour Guide", "Engineer", "Manager", ""]) } : {}),
      userType: pick(["Employee", "Intern", "Contractor"]),
      active: rnd() < 0.8,
      emails: [
        { type: "work", value: rnd() < 0.2 ? userName.toUpperCase() : userName, primary: true },
        ...(rnd() < 0.5 ? [{ type: "home", value: `${first}@home.example.org` }] : [])
      ],
      meta: { resourceType: "User", created: "2010-01-23T04:56:22Z", lastModified },
      ...(i % 2 === 0 ? { [ENTERPRISE]: { employeeNumber: String(i), department: pick(DEPARTMENTS) } } : {})
    }
  })

/**
 * Filters for the evaluation comparison, each with what RFC 7643/7644 require (printed when a peer's
 * answer differs).
 */
export const evaluationFilters = (users: ReadonlyArray<Record<string, unknown>>): Array<readonly [string, string]> => {
  const someone = users[42]!
  const shouting = users.find((u) => u.userName === String(u.userName).toUpperCase())!
  return [
    [`userName eq "${String(shouting.userName).toLowerCase()}"`, "userName is caseExact=false (RFC 7643 §4.1.1)"],
    [`userName eq "${String(someone.userName)}"`, "userName is caseExact=false (RFC 7643 §4.1.1)"],
    [`externalId eq "${String(someone.externalId)}"`, "externalId is caseExact=true (RFC 7643 §3.1)"],
    ["userName sw \"JOHN\"", "sw ignores case on a caseExact=false attribute"],
    ["emails[type eq \"work\" and value ew \"@example.com\"]", "emails.value is caseExact=false"],
    ["emails co \"contoso.com\"", "a complex attribute without sub-attribute compares its value (RFC 7644 §3.4.2.2)"],
    ["meta.lastModified gt \"2011-05-13T04:42:34Z\"", "dateTime compares instants, not text (RFC 7643 §2.3.5)"],
    ["title pr and userType eq \"Employee\"", "pr is false for an empty string (RFC 7644 §3.4.2.2)"],
    ["active eq true and not (name.familyName eq \"jensen\")", "name.familyName is caseExact=false"],
    [`${ENTERPRISE}:department eq "sales"`, "department is caseExact=false"],
    ["userType eq \"Intern\" or userType eq \"Contractor\"", "plain equality"],
    ["displayName co \"an\" and active eq false", "plain substring"]
  ]
}
