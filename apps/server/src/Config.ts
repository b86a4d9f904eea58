/**
 * Server configuration, read from the environment through Effect `Config`.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `PORT` | `8787` | TCP port (0 picks a free one) |
 * | `HOST` | `0.0.0.0` | interface to listen on |
 * | `DATABASE_URL` | `./data/dirsync.sqlite` | SQLite file path, or `postgres://…` for PostgreSQL |
 * | `DIRSYNC_ADMIN_KEY` | generated once | admin API key; when unset a key is generated on first start, stored hashed and printed once |
 * | `PUBLIC_URL` | `http://localhost:{PORT}` | base URL used in SCIM `Location` headers and `scim_base_url` |
 * | `DIRSYNC_ALLOW_PRIVATE_WEBHOOKS` | `false` | allow webhook endpoints on loopback or private addresses |
 * | `DIRSYNC_RATE_LIMIT_PER_SECOND` | `200` | SCIM requests per second per bearer token (burst: twice that) |
 * | `DIRSYNC_MAX_BODY_BYTES` | `1048576` | largest accepted request body; larger gets 413 |
 * | `DIRSYNC_WEBHOOK_POLL_MS` | `1000` | how often the webhook dispatcher looks for due messages |
 * | `DIRSYNC_WEBHOOK_TIMEOUT_MS` | `15000` | timeout of one webhook delivery attempt |
 * | `DIRSYNC_WEBHOOK_RETRY_SCHEDULE_MS` | `5000,300000,…` | comma-separated delays between delivery attempts (default: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) |
 * | `DIRSYNC_TOKEN_OVERLAP_MS` | `86400000` | how long a rotated-out SCIM token keeps working |
 *
 * @module
 */
import { Config, Context, Effect, Layer, Option, Redacted } from "effect"

/** The resolved server configuration. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly databaseUrl: Redacted.Redacted<string>
  readonly adminKey: Option.Option<Redacted.Redacted<string>>
  readonly publicUrl: Option.Option<string>
  readonly allowPrivateWebhooks: boolean
  readonly rateLimitPerSecond: number
  readonly maxBodyBytes: number
  readonly webhookPollMillis: number
  readonly webhookTimeoutMillis: number
  /** Delays between webhook delivery attempts; `None` keeps the built-in schedule. */
  readonly webhookRetryScheduleMillis: Option.Option<ReadonlyArray<number>>
  /** How long a rotated-out SCIM token keeps working; `None` keeps the default (24 hours). */
  readonly tokenOverlapMillis: Option.Option<number>
}

/** The configuration as an Effect `Config`, so it is read once and validated with useful messages. */
export const config: Config.Config<ServerConfig> = Config.all({
  port: Config.integer("PORT").pipe(
    Config.validate({ message: "Expected a port number between 0 and 65535", validation: (n) => n >= 0 && n <= 65535 }),
    Config.withDefault(8787)
  ),
  host: Config.string("HOST").pipe(Config.withDefault("0.0.0.0")),
  databaseUrl: Config.redacted("DATABASE_URL").pipe(Config.withDefault(Redacted.make("./data/dirsync.sqlite"))),
  adminKey: Config.option(Config.redacted("DIRSYNC_ADMIN_KEY")).pipe(
    Config.map(Option.filter((key) => Redacted.value(key).length > 0))
  ),
  publicUrl: Config.option(Config.string("PUBLIC_URL")).pipe(
    Config.map(Option.filter((url) => url.length > 0)),
    Config.map(Option.map((url) => url.replace(/\/+$/, "")))
  ),
  allowPrivateWebhooks: Config.boolean("DIRSYNC_ALLOW_PRIVATE_WEBHOOKS").pipe(Config.withDefault(false)),
  rateLimitPerSecond: Config.number("DIRSYNC_RATE_LIMIT_PER_SECOND").pipe(
    Config.withDefault(200),
    Config.validate({ message: "Expected a positive number", validation: (n) => n > 0 })
  ),
  maxBodyBytes: Config.integer("DIRSYNC_MAX_BODY_BYTES").pipe(Config.withDefault(1024 * 1024)),
  webhookPollMillis: Config.integer("DIRSYNC_WEBHOOK_POLL_MS").pipe(Config.withDefault(1000)),
  webhookTimeoutMillis: Config.integer("DIRSYNC_WEBHOOK_TIMEOUT_MS").pipe(Config.withDefault(15_000)),
  webhookRetryScheduleMillis: Config.option(
    Config.string("DIRSYNC_WEBHOOK_RETRY_SCHEDULE_MS").pipe(
      Config.map((raw) => raw.split(",").map((part) => part.trim()).filter((part) => part.length > 0).map(Number)),
      Config.validate({
        message: "Expected a comma-separated list of non-negative millisecond delays",
        validation: (list) => list.length > 0 && list.every((n) => Number.isInteger(n) && n >= 0)
      })
    )
  ),
  tokenOverlapMillis: Config.option(
    Config.integer("DIRSYNC_TOKEN_OVERLAP_MS").pipe(
      Config.validate({ message: "Expected a non-negative number of milliseconds", validation: (n) => n >= 0 })
    )
  )
})

/** The server configuration as a service. */
export class ServerConfigTag extends Context.Tag("@dirsync/server/Config")<ServerConfigTag, ServerConfig>() {
  /** Reads the configuration from the environment. */
  static readonly layer = Layer.effect(ServerConfigTag, config)
  /** A fixed configuration (tests). */
  static readonly layerWith = (value: ServerConfig) => Layer.succeed(ServerConfigTag, value)
}

/**
 * The public base URL: `PUBLIC_URL`, or `http://localhost:{port}` from the address actually bound.
 */
export const publicBaseUrl = (config: ServerConfig, boundPort: number): string =>
  Option.getOrElse(config.publicUrl, () => `http://localhost:${boundPort}`)

/** Reads the configuration (convenience). */
export const get = Effect.map(ServerConfigTag, (c) => c)
