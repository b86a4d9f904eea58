import * as Attribute from "../Attribute.js"

/**
 * The common attributes of RFC 7643 §3.1 (`id`, `externalId`, `meta`) plus `schemas` (§3): they belong to
 * every resource rather than to a schema's attribute list, so they are kept here and searched after the
 * schemas' own attributes.
 */
export const commonAttributes: ReadonlyArray<Attribute.Definition> = [
  Attribute.make("schemas", "reference", {
    multiValued: true,
    description: "The schema URIs that define the attributes present in the resource.",
    required: true,
    caseExact: true,
    mutability: "readWrite",
    returned: "always",
    referenceTypes: ["uri"]
  }),
  Attribute.make("id", "string", {
    description:
      "A unique identifier for a SCIM resource as defined by the service provider.  Each representation of the resource MUST include a non-empty \"id\" value.  This identifier MUST be unique across the SCIM service provider's entire set of resources.",
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server"
  }),
  Attribute.make("externalId", "string", {
    description:
      "A String that is an identifier for the resource as defined by the provisioning client.",
    caseExact: true,
    mutability: "readWrite"
  }),
  Attribute.make("meta", "complex", {
    description: "A complex attribute containing resource metadata.",
    mutability: "readOnly",
    subAttributes: [
      Attribute.make("resourceType", "string", {
        description: "The name of the resource type of the resource.",
        caseExact: true,
        mutability: "readOnly"
      }),
      Attribute.make("created", "dateTime", {
        description: "The \"DateTime\" that the resource was added to the service provider.",
        mutability: "readOnly"
      }),
      Attribute.make("lastModified", "dateTime", {
        description: "The most recent DateTime that the details of this resource were updated at the service provider.",
        mutability: "readOnly"
      }),
      Attribute.make("location", "reference", {
        description: "The URI of the resource being returned.",
        caseExact: true,
        mutability: "readOnly",
        referenceTypes: ["uri"]
      }),
      Attribute.make("version", "string", {
        description: "The version of the resource being returned.",
        caseExact: true,
        mutability: "readOnly"
      })
    ]
  })
]
