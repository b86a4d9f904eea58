/**
 * PATCH application (RFC 7644 §3.5.2) through `@dirsync/scim-patch`, with the options of the connection's
 * IdP profile. The one place that touches the PATCH engine.
 */
import { Either } from "effect"
import { Profile } from "@dirsync/idp-profiles"
import { PatchOp } from "@dirsync/scim-patch"
import { Schemas } from "@dirsync/scim-schema"
import type { Provider } from "../Connections.js"
import { InvalidValue } from "../Errors.js"
import type { PatchOperation, Resource } from "../Scim.js"

export interface Applied {
  readonly resource: Resource
  readonly changed: boolean
}

/** Applies operations to the stored resource, all or nothing. */
export const apply = (
  resource: Resource,
  operations: ReadonlyArray<PatchOperation>,
  kind: "User" | "Group",
  provider: Provider
): Either.Either<Applied, InvalidValue> =>
  Either.mapBoth(
    PatchOp.apply(resource, operations, {
      schema: kind === "User" ? Schemas.UserResource : Schemas.GroupResource,
      ...Profile.get(provider).patchOptions
    }),
    {
      onLeft: (e) => new InvalidValue({ scimType: e.scimType, detail: e.detail }),
      onRight: (r) => ({ resource: r.resource, changed: r.changed })
    }
  )
