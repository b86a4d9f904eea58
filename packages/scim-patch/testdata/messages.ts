/**
 * Realistic PATCH messages as Okta and Microsoft Entra ID send them (after the IdP profiles' normalisation:
 * lower-case ops, real booleans) with the resource they are applied to and the result RFC 7644 §3.5.2
 * (and the IdP's documented expectation) calls for. Shared by the tests and the benchmark.
 */
import { Schemas } from "@dirsync/scim-schema"
import type { PatchOp } from "../src/index.js"

const ENTERPRISE = Schemas.EnterpriseUserUrn

export const BABS = "2819c223-7f76-453a-919d-413861904646"
export const MANDY = "902c246b-6245-4190-8e05-00816be7344a"
export const KIM = "c3a26dd3-27a0-4dec-a2ac-ce211e105f97"
export const JOHN = "26118915-6090-4610-87e4-49d8ca9f808d"

/** RFC 7643 §8.2/§8.3 style enterprise user. */
export const user: Record<string, unknown> = {
  schemas: [Schemas.UserUrn, ENTERPRISE],
  id: BABS,
  externalId: "701984",
  userName: "bjensen@example.com",
  name: { formatted: "Ms. Barbara J Jensen, III", familyName: "Jensen", givenName: "Barbara" },
  displayName: "Babs Jensen",
  active: true,
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" }
  ],
  addresses: [
    {
      type: "work",
      streetAddress: "100 Universal City Plaza",
      locality: "Hollywood",
      region: "CA",
      postalCode: "91608",
      country: "USA",
      primary: true
    }
  ],
  phoneNumbers: [{ value: "555-555-5555", type: "work" }],
  [ENTERPRISE]: {
    employeeNumber: "701984",
    department: "Tour Operations",
    manager: { value: JOHN, displayName: "John Smith" }
  },
  meta: {
    resourceType: "User",
    created: "2010-01-23T04:56:22Z",
    lastModified: "2011-05-13T04:42:34Z",
    version: "W/\"3694e05e9dff591\""
  }
}

/** RFC 7643 §8.4 style group. */
export const group: Record<string, unknown> = {
  schemas: [Schemas.GroupUrn],
  id: "e9e30dba-f08f-4109-8486-d5c6a331660a",
  displayName: "Tour Guides",
  members: [
    { value: BABS, display: "Babs Jensen" },
    { value: MANDY, display: "Mandy Pepperidge" },
    { value: KIM, display: "Kim Kimura" }
  ],
  meta: { resourceType: "Group", created: "2010-01-23T04:56:22Z", lastModified: "2011-05-13T04:42:34Z" }
}

/** A group of 5,000 members, as a large customer's "All employees" group looks. */
const bigMembers = Array.from({ length: 5_000 }, (_, i) => ({ value: `u-${String(i).padStart(5, "0")}`, display: `User ${i}` }))
export const bigGroup: Record<string, unknown> = { ...group, displayName: "All employees", members: bigMembers }

export interface Message {
  readonly name: string
  readonly idp: "Okta" | "Entra" | "RFC"
  readonly type: "User" | "Group"
  readonly resource: Record<string, unknown>
  readonly operations: ReadonlyArray<PatchOp.Operation>
  /** The resource RFC 7644 §3.5.2 and the IdP expect afterwards. */
  readonly expected: Record<string, unknown>
  readonly changedPaths: ReadonlyArray<string>
}

const withUser = (changes: Record<string, unknown>): Record<string, unknown> => ({ ...user, ...changes })
const withGroup = (changes: Record<string, unknown>): Record<string, unknown> => ({ ...group, ...changes })
const enterprise = user[ENTERPRISE] as Record<string, unknown>

export const messages: ReadonlyArray<Message> = [
  {
    name: "Okta deactivate (pathless replace of active)",
    idp: "Okta",
    type: "User",
    resource: user,
    operations: [{ op: "replace", value: { active: false } }],
    expected: withUser({ active: false }),
    changedPaths: ["active"]
  },
  {
    name: "Okta group push: add a member",
    idp: "Okta",
    type: "Group",
    resource: group,
    operations: [{ op: "add", path: "members", value: [{ value: JOHN, display: "John Smith" }] }],
    expected: withGroup({
      members: [...(group.members as Array<unknown>), { value: JOHN, display: "John Smith" }]
    }),
    changedPaths: ["members"]
  },
  {
    name: "Okta group push: add a member already there (idempotent)",
    idp: "Okta",
    type: "Group",
    resource: group,
    operations: [{ op: "add", path: "members", value: [{ value: MANDY, display: "Mandy Pepperidge" }] }],
    expected: group,
    changedPaths: []
  },
  {
    name: "Okta group push: remove members[value eq \"…\"]",
    idp: "Okta",
    type: "Group",
    resource: group,
    operations: [{ op: "remove", path: `members[value eq "${MANDY}"]` }],
    expected: withGroup({
      members: [{ value: BABS, display: "Babs Jensen" }, { value: KIM, display: "Kim Kimura" }]
    }),
    changedPaths: ["members"]
  },
  {
    name: "Okta group push: replace members",
    idp: "Okta",
    type: "Group",
    resource: group,
    operations: [{ op: "replace", path: "members", value: [{ value: JOHN, display: "John Smith" }] }],
    expected: withGroup({ members: [{ value: JOHN, display: "John Smith" }] }),
    changedPaths: ["members"]
  },
  {
    name: "Okta group rename with the group's own id in the value",
    idp: "Okta",
    type: "Group",
    resource: group,
    operations: [{ op: "replace", value: { id: group.id, displayName: "Tour Guides EMEA" } }],
    expected: withGroup({ displayName: "Tour Guides EMEA" }),
    changedPaths: ["displayName"]
  },
  {
    name: "Entra replace emails[type eq \"work\"].value",
    idp: "Entra",
    type: "User",
    resource: user,
    operations: [{ op: "replace", path: "emails[type eq \"work\"].value", value: "barbara@example.com" }],
    expected: withUser({
      emails: [
        { value: "barbara@example.com", type: "work", primary: true },
        { value: "babs@jensen.org", type: "home" }
      ]
    }),
    changedPaths: ["emails"]
  },
  {
    name: "Entra replace phoneNumbers[type eq \"mobile\"].value with no mobile number (adds it)",
    idp: "Entra",
    type: "User",
    resource: user,
    operations: [{ op: "replace", path: "phoneNumbers[type eq \"mobile\"].value", value: "555-0100" }],
    expected: withUser({
      phoneNumbers: [{ value: "555-555-5555", type: "work" }, { type: "mobile", value: "555-0100" }]
    }),
    changedPaths: ["phoneNumbers"]
  },
  {
    name: "Entra replace name.givenName and name.familyName",
    idp: "Entra",
    type: "User",
    resource: user,
    operations: [
      { op: "replace", path: "name.givenName", value: "Barb" },
      { op: "replace", path: "name.familyName", value: "Jensen-Smith" }
    ],
    expected: withUser({
      name: { formatted: "Ms. Barbara J Jensen, III", familyName: "Jensen-Smith", givenName: "Barb" }
    }),
    changedPaths: ["name.givenName", "name.familyName"]
  },
  {
    name: "Entra replace enterprise manager with a bare id",
    idp: "Entra",
    type: "User",
    resource: user,
    operations: [{ op: "replace", path: `${ENTERPRISE}:manager`, value: MANDY }],
    expected: withUser({ [ENTERPRISE]: { ...enterprise, manager: { value: MANDY } } }),
    changedPaths: [`${ENTERPRISE}:manager.value`, `${ENTERPRISE}:manager.displayName`]
  },
  {
    name: "Entra remove the enterprise manager by an empty value",
    idp: "Entra",
    type: "User",
    resource: user,
    operations: [{ op: "replace", path: `${ENTERPRISE}:manager`, value: "" }],
    expected: withUser({ [ENTERPRISE]: { employeeNumber: "701984", department: "Tour Operations" } }),
    changedPaths: [`${ENTERPRISE}:manager.value`, `${ENTERPRISE}:manager.displayName`]
  },
  {
    name: "Entra add members",
    idp: "Entra",
    type: "Group",
    resource: withGroup({ members: [] }),
    operations: [{ op: "add", path: "members", value: [{ value: BABS }, { value: KIM }] }],
    expected: withGroup({ members: [{ value: BABS }, { value: KIM }] }),
    changedPaths: ["members"]
  },
  {
    name: "Entra Remove members with a value list (removes only the listed members)",
    idp: "Entra",
    type: "Group",
    resource: group,
    operations: [{ op: "remove", path: "members", value: [{ value: BABS }, { value: KIM }] }],
    expected: withGroup({ members: [{ value: MANDY, display: "Mandy Pepperidge" }] }),
    changedPaths: ["members"]
  },
  {
    name: "Entra pathless replace with dotted and URN keys",
    idp: "Entra",
    type: "User",
    resource: user,
    operations: [
      {
        op: "replace",
        value: {
          "name.familyName": "Jensen-Smith",
          [`${ENTERPRISE}:department`]: "Sales",
          displayName: "Barbara Jensen-Smith"
        }
      }
    ],
    expected: withUser({
      name: { formatted: "Ms. Barbara J Jensen, III", familyName: "Jensen-Smith", givenName: "Barbara" },
      displayName: "Barbara Jensen-Smith",
      [ENTERPRISE]: { ...enterprise, department: "Sales" }
    }),
    changedPaths: ["name.familyName", `${ENTERPRISE}:department`, "displayName"]
  },
  {
    name: "Entra replace active by path",
    idp: "Entra",
    type: "User",
    resource: user,
    operations: [{ op: "replace", path: "active", value: false }],
    expected: withUser({ active: false }),
    changedPaths: ["active"]
  },
  {
    name: "Okta group push: add a member to a 5,000-member group",
    idp: "Okta",
    type: "Group",
    resource: bigGroup,
    operations: [{ op: "add", path: "members", value: [{ value: "u-new", display: "New hire" }] }],
    expected: { ...bigGroup, members: [...bigMembers, { value: "u-new", display: "New hire" }] },
    changedPaths: ["members"]
  },
  {
    name: "Entra Remove two members of a 5,000-member group with a value list",
    idp: "Entra",
    type: "Group",
    resource: bigGroup,
    operations: [{ op: "remove", path: "members", value: [{ value: "u-00010" }, { value: "u-04000" }] }],
    expected: { ...bigGroup, members: bigMembers.filter((m) => m.value !== "u-00010" && m.value !== "u-04000") },
    changedPaths: ["members"]
  },
  {
    name: "Entra replace userName and several attributes in one message",
    idp: "Entra",
    type: "User",
    resource: user,
    operations: [
      { op: "replace", path: "userName", value: "barbara@example.com" },
      { op: "replace", path: "displayName", value: "Barbara Jensen" },
      { op: "replace", path: `${ENTERPRISE}:employeeNumber`, value: "701985" },
      { op: "add", path: "title", value: "Tour Guide" }
    ],
    expected: withUser({
      userName: "barbara@example.com",
      displayName: "Barbara Jensen",
      title: "Tour Guide",
      [ENTERPRISE]: { ...enterprise, employeeNumber: "701985" }
    }),
    changedPaths: ["userName", "displayName", `${ENTERPRISE}:employeeNumber`, "title"]
  }
]
