/**
 * The built-in schemas of RFC 7643: the core User (§4.1) and Group (§4.2) schemas and the Enterprise User
 * extension (§4.3), as attribute definitions with the characteristics of RFC 7643 §8.7.1, the schemas of
 * the discovery resources ServiceProviderConfig (§5), ResourceType (§6) and Schema (§7) with those of
 * §8.7.2, and the URNs of the resource, discovery and message schemas (RFC 7644 §3). Where a definition
 * deliberately differs from §8.7, its doc comment says so and why.
 *
 * The common attributes `id`, `externalId` and `meta` (RFC 7643 §3.1) and `schemas` (§3) are not part of
 * any schema's attribute list, as in the RFC; they are in {@link Common}, and
 * `ResourceSchema.resolve` searches them after the schemas, so `id`, `externalId` and `meta.lastModified`
 * resolve on every resource type.
 *
 * @module
 */
import * as Attribute from "./Attribute.js"
import { commonAttributes } from "./internal/common.js"
import * as ResourceSchema from "./ResourceSchema.js"
import * as SchemaDefinition from "./SchemaDefinition.js"

/** URN of the core User schema (RFC 7643 §4.1). */
export const UserUrn = "urn:ietf:params:scim:schemas:core:2.0:User"
/** URN of the Enterprise User extension schema (RFC 7643 §4.3). */
export const EnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
/** URN of the core Group schema (RFC 7643 §4.2). */
export const GroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group"
/** URN of the Service Provider Configuration schema (RFC 7643 §5). */
export const ServiceProviderConfigUrn = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
/** URN of the Resource Type schema (RFC 7643 §6). */
export const ResourceTypeUrn = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
/** URN of the Schema schema, used by `/Schemas` documents (RFC 7643 §7). */
export const SchemaUrn = "urn:ietf:params:scim:schemas:core:2.0:Schema"
/** URN of the list response message (RFC 7644 §3.4.2). */
export const ListResponseUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
/** URN of the PATCH request message (RFC 7644 §3.5.2). */
export const PatchOpUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
/** URN of the POST `/.search` request message (RFC 7644 §3.4.3). */
export const SearchRequestUrn = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
/** URN of the bulk request message (RFC 7644 §3.7). */
export const BulkRequestUrn = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
/** URN of the bulk response message (RFC 7644 §3.7). */
export const BulkResponseUrn = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
/** URN of the error response message (RFC 7644 §3.12). */
export const ErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error"

/**
 * The common attributes every resource carries (RFC 7643 §3 and §3.1): `schemas` (always returned),
 * `id` (read-only, always returned, case-exact, unique), `externalId` (case-exact) and `meta` (read-only,
 * with `resourceType`, `created`, `lastModified`, `location`, `version`).
 */
export const Common: ReadonlyArray<Attribute.Definition> = commonAttributes

// --- helpers for the long RFC lists -------------------------------------------------------------------

const str = (name: string, description: string, options: Attribute.Options = {}) =>
  Attribute.make(name, "string", { description, ...options })

const DISPLAY = "A human-readable name, primarily used for display purposes.  READ-ONLY."

const primary = (what: string) =>
  Attribute.make("primary", "boolean", {
    description:
      `A Boolean value indicating the 'primary' or preferred attribute value for this attribute${what}.  The primary attribute value 'True' MUST appear no more than once.`
  })

const multiComplex = (
  name: string,
  description: string,
  subAttributes: ReadonlyArray<Attribute.Definition>,
  options: Attribute.Options = {}
) => Attribute.make(name, "complex", { description, multiValued: true, subAttributes, ...options })

// --- User (RFC 7643 §4.1, §8.7.1) ---------------------------------------------------------------------

const nameAttribute = Attribute.make("name", "complex", {
  description:
    "The components of the user's real name. Providers MAY return just the full name as a single string in the formatted sub-attribute, or they MAY return just the individual component attributes using the other sub-attributes, or they MAY return both.  If both variants are returned, they SHOULD be describing the same name, with the formatted name indicating how the component attributes should be combined.",
  subAttributes: [
    str(
      "formatted",
      "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III')."
    ),
    str(
      "familyName",
      "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III')."
    ),
    str(
      "givenName",
      "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III')."
    ),
    str("middleName", "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III')."),
    str(
      "honorificPrefix",
      "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III')."
    ),
    str(
      "honorificSuffix",
      "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III')."
    )
  ]
})

const EMAILS =
  "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'."

/**
 * The core User schema (RFC 7643 §4.1) with the attribute characteristics of RFC 7643 §8.7.1:
 * `userName` (required, server-unique, not case-exact), `name`, `displayName`, `nickName`, `profileUrl`,
 * `title`, `userType`, `preferredLanguage`, `locale`, `timezone`, `active`, `password` (write-only, never
 * returned) and the multi-valued `emails`, `phoneNumbers`, `ims`, `photos`, `addresses`, `groups`
 * (read-only), `entitlements`, `roles` and `x509Certificates`.
 */
export const User: SchemaDefinition.SchemaDefinition = SchemaDefinition.make({
  id: UserUrn,
  name: "User",
  description: "User Account",
  attributes: [
    str(
      "userName",
      "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value.  This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
      { required: true, uniqueness: "server" }
    ),
    nameAttribute,
    str(
      "displayName",
      "The name of the User, suitable for display to end-users.  The name SHOULD be the full name of the User being described, if known."
    ),
    str(
      "nickName",
      "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'.  This attribute SHOULD NOT be used to represent a User's username (e.g., 'bjensen' or 'mpepperidge')."
    ),
    Attribute.make("profileUrl", "reference", {
      description: "A fully qualified URL pointing to a page representing the User's online profile.",
      referenceTypes: ["external"]
    }),
    str("title", "The user's title, such as \"Vice President.\""),
    str(
      "userType",
      "Used to identify the relationship between the organization and the user.  Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used."
    ),
    str(
      "preferredLanguage",
      "Indicates the User's preferred written or spoken language.  Generally used for selecting a localized user interface; e.g., 'en_US' specifies the language English and country US."
    ),
    str(
      "locale",
      "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations."
    ),
    str("timezone", "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
    Attribute.make("active", "boolean", { description: "A Boolean value indicating the User's administrative status." }),
    str(
      "password",
      "The User's cleartext password.  This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.",
      { mutability: "writeOnly", returned: "never" }
    ),
    multiComplex("emails", EMAILS, [
      str("value", EMAILS),
      str("display", DISPLAY),
      str("type", "A label indicating the attribute's function, e.g., 'work' or 'home'.", {
        canonicalValues: ["work", "home", "other"]
      }),
      primary(", e.g., the preferred mailing address or primary email address")
    ]),
    multiComplex(
      "phoneNumbers",
      "Phone numbers for the User.  The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.",
      [
        str("value", "Phone number of the User."),
        str("display", DISPLAY),
        str("type", "A label indicating the attribute's function, e.g., 'work', 'home', 'mobile'.", {
          canonicalValues: ["work", "home", "mobile", "fax", "pager", "other"]
        }),
        primary(", e.g., the preferred phone number or primary phone number")
      ]
    ),
    multiComplex("ims", "Instant messaging addresses for the User.", [
      str("value", "Instant messaging address for the User."),
      str("display", DISPLAY),
      str("type", "A label indicating the attribute's function, e.g., 'aim', 'gtalk', 'xmpp'.", {
        canonicalValues: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]
      }),
      primary(", e.g., the preferred messenger or primary messenger")
    ]),
    multiComplex("photos", "URLs of photos of the User.", [
      Attribute.make("value", "reference", { description: "URL of a photo of the User.", referenceTypes: ["external"] }),
      str("display", DISPLAY),
      str("type", "A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.", {
        canonicalValues: ["photo", "thumbnail"]
      }),
      primary(", e.g., the preferred photo or thumbnail")
    ]),
    multiComplex(
      "addresses",
      "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'.  This attribute is a complex type with the following sub-attributes.",
      [
        str(
          "formatted",
          "The full mailing address, formatted for display or use with a mailing label.  This attribute MAY contain newlines."
        ),
        str(
          "streetAddress",
          "The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information.  This attribute MAY contain newlines."
        ),
        str("locality", "The city or locality component."),
        str("region", "The state or region component."),
        str("postalCode", "The zip code or postal code component."),
        str("country", "The country name component."),
        str("type", "A label indicating the attribute's function, e.g., 'work' or 'home'.", {
          canonicalValues: ["work", "home", "other"]
        })
      ]
    ),
    multiComplex(
      "groups",
      "A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.",
      [
        str("value", "The identifier of the User's group.", { mutability: "readOnly" }),
        Attribute.make("$ref", "reference", {
          description: "The URI of the corresponding 'Group' resource to which the user belongs.",
          referenceTypes: ["User", "Group"],
          mutability: "readOnly"
        }),
        str("display", DISPLAY, { mutability: "readOnly" }),
        str("type", "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", {
          canonicalValues: ["direct", "indirect"],
          mutability: "readOnly"
        })
      ],
      { mutability: "readOnly" }
    ),
    multiComplex("entitlements", "A list of entitlements for the User that represent a thing the User has.", [
      str("value", "The value of an entitlement."),
      str("display", DISPLAY),
      str("type", "A label indicating the attribute's function."),
      primary("")
    ]),
    multiComplex(
      "roles",
      "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
      [
        str("value", "The value of a role."),
        str("display", DISPLAY),
        str("type", "A label indicating the attribute's function.", { canonicalValues: [] }),
        primary("")
      ]
    ),
    multiComplex("x509Certificates", "A list of certificates issued to the User.", [
      Attribute.make("value", "binary", { description: "The value of an X.509 certificate." }),
      str("display", DISPLAY),
      str("type", "A label indicating the attribute's function.", { canonicalValues: [] }),
      primary("")
    ])
  ]
})

// --- Group (RFC 7643 §4.2, §8.7.1) --------------------------------------------------------------------

/**
 * The core Group schema (RFC 7643 §4.2) with the characteristics of RFC 7643 §8.7.1: `displayName`
 * and the multi-valued `members` (`value`, `$ref`, `type`, all immutable). RFC 7643 §8.7.1 marks
 * `displayName` as not required in the schema document although §4.2 calls it REQUIRED; the definition
 * follows §8.7.1 and the decoder (`Resource.Group`) requires it.
 *
 * One deliberate addition to §8.7.1: `members.display` (string, `readWrite`, returned by default). The
 * Group example of RFC 7643 §8.4 carries it, and Okta sends `{value, display}` in every membership
 * `add` and re-sends members with a new `display` after a user is renamed, so it is writable rather
 * than immutable like the other sub-attributes (an immutable `display` would fail those requests, a
 * read-only one would drop what the IdP sent).
 */
export const Group: SchemaDefinition.SchemaDefinition = SchemaDefinition.make({
  id: GroupUrn,
  name: "Group",
  description: "Group",
  attributes: [
    str("displayName", "A human-readable name for the Group. REQUIRED."),
    multiComplex("members", "A list of members of the Group.", [
      str("value", "Identifier of the member of this Group.", { mutability: "immutable" }),
      Attribute.make("$ref", "reference", {
        description: "The URI corresponding to a SCIM resource that is a member of this Group.",
        referenceTypes: ["User", "Group"],
        mutability: "immutable"
      }),
      str("display", "A human-readable name for the member, primarily used for display purposes."),
      str("type", "A label indicating the type of resource, e.g., 'User' or 'Group'.", {
        canonicalValues: ["User", "Group"],
        mutability: "immutable"
      })
    ])
  ]
})

// --- Enterprise User (RFC 7643 §4.3, §8.7.1) ----------------------------------------------------------

/**
 * The Enterprise User extension (RFC 7643 §4.3) with the characteristics of RFC 7643 §8.7.1:
 * `employeeNumber`, `costCenter`, `organization`, `division`, `department` and the complex `manager`
 * (`value`, `$ref`, read-only `displayName`). In a resource its attributes sit under the URN key.
 */
export const EnterpriseUser: SchemaDefinition.SchemaDefinition = SchemaDefinition.make({
  id: EnterpriseUserUrn,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    str(
      "employeeNumber",
      "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization."
    ),
    str("costCenter", "Identifies the name of a cost center."),
    str("organization", "Identifies the name of an organization."),
    str("division", "Identifies the name of a division."),
    str("department", "Identifies the name of a department."),
    Attribute.make("manager", "complex", {
      description:
        "The User's manager.  A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.",
      subAttributes: [
        str("value", "The id of the SCIM resource representing the User's manager.  REQUIRED."),
        Attribute.make("$ref", "reference", {
          description: "The URI of the SCIM resource representing the User's manager.  REQUIRED.",
          referenceTypes: ["User"]
        }),
        str("displayName", "The displayName of the User's manager. OPTIONAL and READ-ONLY.", {
          mutability: "readOnly"
        })
      ]
    })
  ]
})

/**
 * The User resource type's schemas: core User plus the Enterprise User extension.
 *
 * @example
 * import { ResourceSchema, Schemas } from "@dirsync/scim-schema"
 * ResourceSchema.resolve(Schemas.UserResource, { attribute: "emails", subAttribute: "value" })?.subAttribute?.caseExact // false
 */
export const UserResource: ResourceSchema.ResourceSchema = ResourceSchema.make(User, [EnterpriseUser])

/**
 * The Group resource type's schemas: core Group, no extensions.
 *
 * @example
 * import { ResourceSchema, Schemas } from "@dirsync/scim-schema"
 * ResourceSchema.resolve(Schemas.GroupResource, { attribute: "members", subAttribute: "value" })?.subAttribute?.mutability // "immutable"
 */
export const GroupResource: ResourceSchema.ResourceSchema = ResourceSchema.make(Group)

// --- ServiceProviderConfig, ResourceType, Schema (RFC 7643 §5, §6, §7, §8.7.2) --------------------------

const readOnly = (name: string, type: Attribute.Type, description: string, options: Attribute.Options = {}) =>
  Attribute.make(name, type, { description, mutability: "readOnly", ...options })

const SUPPORTED = "A Boolean value specifying whether or not the operation is supported."
const supported = readOnly("supported", "boolean", SUPPORTED, { required: true })
const feature = (name: string, description: string, more: ReadonlyArray<Attribute.Definition> = []) =>
  readOnly(name, "complex", description, { required: true, subAttributes: [supported, ...more] })

/**
 * The Service Provider Configuration schema (RFC 7643 §5) with the characteristics of RFC 7643 §8.7.2.
 * Deliberate additions, all defined by §5 and present in every `/ServiceProviderConfig` document
 * `Discovery.serviceProviderConfig` builds: `etag` (which §8.7.2 leaves out), and the
 * `authenticationSchemes` sub-attributes `type` (REQUIRED in §5) and `primary` (used in §8.5).
 */
export const ServiceProviderConfig: SchemaDefinition.SchemaDefinition = SchemaDefinition.make({
  id: ServiceProviderConfigUrn,
  name: "Service Provider Configuration",
  description: "Schema for representing the service provider's configuration",
  attributes: [
    readOnly(
      "documentationUri",
      "reference",
      "An HTTP-addressable URL pointing to the service provider's human-consumable help documentation.",
      { referenceTypes: ["external"] }
    ),
    feature("patch", "A complex type that specifies PATCH configuration options."),
    feature("bulk", "A complex type that specifies bulk configuration options.", [
      readOnly("maxOperations", "integer", "An integer value specifying the maximum number of operations.", {
        required: true
      }),
      readOnly("maxPayloadSize", "integer", "An integer value specifying the maximum payload size in bytes.", {
        required: true
      })
    ]),
    feature("filter", "A complex type that specifies FILTER options.", [
      readOnly(
        "maxResults",
        "integer",
        "An integer value specifying the maximum number of resources returned in a response.",
        { required: true }
      )
    ]),
    feature("changePassword", "A complex type that specifies configuration options related to changing a password."),
    feature("sort", "A complex type that specifies sort result options."),
    feature("etag", "A complex type that specifies ETag configuration options."),
    readOnly("authenticationSchemes", "complex", "A complex type that specifies supported authentication scheme properties.", {
      multiValued: true,
      required: true,
      subAttributes: [
        readOnly("type", "string", "The authentication scheme.", {
          required: true,
          canonicalValues: ["oauth", "oauth2", "oauthbearertoken", "httpbasic", "httpdigest"]
        }),
        readOnly("name", "string", "The common authentication scheme name, e.g., HTTP Basic.", { required: true }),
        readOnly("description", "string", "A description of the authentication scheme.", { required: true }),
        readOnly(
          "specUri",
          "reference",
          "An HTTP-addressable URL pointing to the authentication scheme's specification.",
          { referenceTypes: ["external"] }
        ),
        readOnly(
          "documentationUri",
          "reference",
          "An HTTP-addressable URL pointing to the authentication scheme's usage documentation.",
          { referenceTypes: ["external"] }
        ),
        readOnly("primary", "boolean", "A Boolean value indicating the preferred authentication scheme.")
      ]
    })
  ]
})

/**
 * The Resource Type schema (RFC 7643 §6) with the characteristics of RFC 7643 §8.7.2, except that
 * `schemaExtensions` is multi-valued and optional, as §6 defines it and `/ResourceTypes` documents
 * carry it (§8.7.2 marks it single-valued and required).
 */
export const ResourceType: SchemaDefinition.SchemaDefinition = SchemaDefinition.make({
  id: ResourceTypeUrn,
  name: "ResourceType",
  description: "Specifies the schema that describes a SCIM resource type",
  attributes: [
    readOnly("id", "string", "The resource type's server unique id. May be the same as the 'name' attribute."),
    readOnly(
      "name",
      "string",
      "The resource type name.  When applicable, service providers MUST specify the name, e.g., 'User'.",
      { required: true }
    ),
    readOnly(
      "description",
      "string",
      "The resource type's human-readable description.  When applicable, service providers MUST specify the description."
    ),
    readOnly(
      "endpoint",
      "reference",
      "The resource type's HTTP-addressable endpoint relative to the Base URL, e.g., '/Users'.",
      { required: true, referenceTypes: ["uri"] }
    ),
    readOnly("schema", "reference", "The resource type's primary/base schema URI.", {
      required: true,
      caseExact: true,
      referenceTypes: ["uri"]
    }),
    readOnly("schemaExtensions", "complex", "A list of URIs of the resource type's schema extensions.", {
      multiValued: true,
      subAttributes: [
        readOnly("schema", "reference", "The URI of a schema extension.", {
          required: true,
          caseExact: true,
          referenceTypes: ["uri"]
        }),
        readOnly(
          "required",
          "boolean",
          "A Boolean value that specifies whether or not the schema extension is required for the resource type.  If true, a resource of this type MUST include this schema extension and also include any attributes declared as required in this schema extension. If false, a resource of this type MAY omit this schema extension.",
          { required: true }
        )
      ]
    })
  ]
})

const TYPE_DESCRIPTION =
  "The attribute's data type. Valid values include 'string', 'complex', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'binary'."

const attributeCharacteristics: ReadonlyArray<Attribute.Definition> = [
  readOnly("name", "string", "The attribute's name.", { required: true, caseExact: true }),
  readOnly("type", "string", TYPE_DESCRIPTION, {
    required: true,
    canonicalValues: ["string", "complex", "boolean", "decimal", "integer", "dateTime", "reference", "binary"]
  }),
  readOnly("multiValued", "boolean", "A Boolean value indicating an attribute's plurality.", { required: true }),
  readOnly("description", "string", "A human-readable description of the attribute.", { caseExact: true }),
  readOnly("required", "boolean", "A boolean value indicating whether or not the attribute is required."),
  readOnly(
    "canonicalValues",
    "string",
    "A collection of canonical values.  When applicable, service providers MUST specify the canonical types, e.g., 'work', 'home'.",
    { multiValued: true, caseExact: true }
  ),
  readOnly("caseExact", "boolean", "A Boolean value indicating whether or not a string attribute is case sensitive."),
  readOnly("mutability", "string", "Indicates whether or not an attribute is modifiable.", {
    caseExact: true,
    canonicalValues: ["readOnly", "readWrite", "immutable", "writeOnly"]
  }),
  readOnly("returned", "string", "Indicates when an attribute is returned in a response (e.g., to a query).", {
    caseExact: true,
    canonicalValues: ["always", "never", "default", "request"]
  }),
  readOnly("uniqueness", "string", "Indicates how unique a value must be.", {
    caseExact: true,
    canonicalValues: ["none", "server", "global"]
  }),
  readOnly(
    "referenceTypes",
    "string",
    "Used only with an attribute of type 'reference'.  Specifies a SCIM resourceType that a reference attribute MAY refer to, e.g., 'User'.",
    { multiValued: true, caseExact: true }
  )
]

/**
 * The Schema schema (RFC 7643 §7) that `/Schemas` documents follow, with the characteristics of RFC
 * 7643 §8.7.2, except that `type` also lists `binary` among its canonical values (a type of §2.3.6 that
 * `x509Certificates.value` uses) and `subAttributes.referenceTypes` is multi-valued like the top-level
 * `referenceTypes` (§8.7.2 marks it single-valued, yet every document carries an array).
 */
export const Schema: SchemaDefinition.SchemaDefinition = SchemaDefinition.make({
  id: SchemaUrn,
  name: "Schema",
  description: "Specifies the schema that describes a SCIM schema",
  attributes: [
    readOnly("id", "string", "The unique URI of the schema. When applicable, service providers MUST specify the URI.", {
      required: true
    }),
    readOnly(
      "name",
      "string",
      "The schema's human-readable name. When applicable, service providers MUST specify the name, e.g., 'User'.",
      { required: true }
    ),
    readOnly(
      "description",
      "string",
      "The schema's human-readable description.  When applicable, service providers MUST specify the description."
    ),
    readOnly("attributes", "complex", "A complex attribute that includes the attributes of a schema.", {
      multiValued: true,
      required: true,
      subAttributes: [
        ...attributeCharacteristics,
        readOnly("subAttributes", "complex", "Used to define the sub-attributes of a complex attribute.", {
          multiValued: true,
          subAttributes: attributeCharacteristics
        })
      ]
    })
  ]
})

/**
 * The schemas of the discovery resources (RFC 7643 §8.7.2), in the RFC's order: ServiceProviderConfig,
 * ResourceType and Schema. `Discovery.schemaDocuments` serves them after the resource schemas.
 */
export const discovery: ReadonlyArray<SchemaDefinition.SchemaDefinition> = [ServiceProviderConfig, ResourceType, Schema]
