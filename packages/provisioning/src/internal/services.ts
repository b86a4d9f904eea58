/** Every service of the package as one layer over the store. */
import { Context, Effect, Layer } from "effect"
import type { SqlClient } from "@effect/sql/SqlClient"
import { Connections } from "../Connections.js"
import { DirectoryEvents } from "../DirectoryEvents.js"
import { DirectorySync } from "../DirectorySync.js"
import type { IdGenerator } from "../IdGenerator.js"
import { Outbox } from "../Outbox.js"
import type { Config } from "./config.js"
import type { Provided } from "../Provisioning.js"
import { ScimGroups } from "../ScimGroups.js"
import { ScimUsers } from "../ScimUsers.js"
import { Sessions } from "../Sessions.js"
import { Users } from "../Users.js"
import { Webhooks } from "../Webhooks.js"
import * as Admin from "./admin.js"
import * as Groups from "./scimGroups.js"
import * as ScimUsersImpl from "./scimUsers.js"

export const layer: Layer.Layer<Provided, never, SqlClient | IdGenerator | Config> = Layer.effectContext(
  Effect.gen(function*() {
    return Context.empty().pipe(
      Context.add(Connections, yield* Admin.makeConnections),
      Context.add(DirectorySync, yield* Admin.makeDirectorySync),
      Context.add(ScimUsers, yield* ScimUsersImpl.make),
      Context.add(ScimGroups, yield* Groups.make),
      Context.add(Users, yield* Admin.makeUsers),
      Context.add(Sessions, yield* Admin.makeSessions),
      Context.add(DirectoryEvents, yield* Admin.makeDirectoryEvents),
      Context.add(Webhooks, yield* Admin.makeWebhooks),
      Context.add(Outbox, yield* Admin.makeOutbox)
    )
  })
)
