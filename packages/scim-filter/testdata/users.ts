/**
 * A small set of User resources for the RFC 7644 §3.4.2.2 example table. Attribute names deliberately
 * vary in case, as clients send them.
 */
export const users: ReadonlyArray<Record<string, unknown>> = [
  {
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    ],
    id: "u1",
    externalId: "bjensen-ext",
    userName: "bjensen",
    name: { familyName: "Jensen", givenName: "Barbara" },
    title: "Tour Guide",
    userType: "Employee",
    active: true,
    emails: [
      { type: "work", value: "bjensen@example.com", primary: true },
      { type: "home", value: "babs@jensen.org" }
    ],
    ims: [{ type: "aim", value: "babs" }],
    meta: { resourceType: "User", lastModified: "2011-05-13T04:42:34Z" },
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      employeeNumber: "701984",
      department: "Tour Operations",
      manager: { value: "u4", displayName: "Mo" }
    }
  },
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    id: "u2",
    externalId: "JSMITH-EXT",
    UserName: "JSmith",
    name: { FamilyName: "O'Malley" },
    userType: "Intern",
    active: "False",
    emails: [{ type: "work", value: "jsmith@example.org" }],
    ims: [{ type: "xmpp", value: "js@foo.com" }],
    meta: { resourceType: "User", lastModified: "2012-01-01T00:00:00Z" }
  },
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    id: "u3",
    userName: "jane",
    title: "",
    userType: "Contractor",
    active: false,
    emails: [{ type: "home", value: "jane@EXAMPLE.COM" }],
    meta: { resourceType: "User", lastModified: "2011-05-13T06:42:34+02:00" }
  },
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    id: "u4",
    userName: "mo",
    title: "Boss",
    USERTYPE: "Employee",
    emails: [{ type: "work", value: "mo@example.com" }],
    meta: { resourceType: "User", lastModified: "2010-01-01T00:00:00.000Z" }
  },
  {
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    ],
    id: "u5",
    userName: "BOB",
    userType: "Employee",
    emails: [{ type: "work", value: "bob@other.net" }, { type: "home", value: "bob@example.org" }],
    ims: [],
    meta: { resourceType: "User", lastModified: "2013-03-01T10:00:00.5Z" },
    "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": { employeeNumber: "42", department: "" }
  }
]
