/**
 * The server's public base URL: `PUBLIC_URL`, or `http://localhost:{port}` from the address actually bound
 * (so `PORT=0` works). SCIM `Location` headers, `meta.location` and `scim_base_url` are built from it.
 *
 * @module
 */
import { HttpServer } from "@effect/platform"
import { Context, Effect, Layer, Option } from "effect"
import { ServerConfigTag } from "./Config.js"

/** The public base URL, without a trailing slash. */
export class PublicUrl extends Context.Tag("@dirsync/server/PublicUrl")<PublicUrl, string>() {
  /** From the configuration and the bound server address. */
  static readonly layer = Layer.effect(
    PublicUrl,
    Effect.gen(function*() {
      const config = yield* ServerConfigTag
      if (Option.isSome(config.publicUrl)) return config.publicUrl.value
      const server = yield* HttpServer.HttpServer
      const port = server.address._tag === "TcpAddress" ? server.address.port : config.port
      return `http://localhost:${port}`
    })
  )
}

/** The SCIM base URL of a connection. */
export const scimBaseUrl = (base: string, connectionId: string): string => `${base}/scim/v2/${connectionId}`
