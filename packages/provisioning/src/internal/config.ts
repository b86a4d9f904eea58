import { Context } from "effect"

/** Options with their defaults applied. */
export interface Resolved {
  readonly publicUrl: string
  readonly tokenOverlapMillis: number
  readonly eventRetentionMillis: number
  readonly maxResults: number
  readonly retrySchedule: ReadonlyArray<number>
}

/** The resolved options, as a service. */
export class Config extends Context.Tag("@dirsync/provisioning/Config")<Config, Resolved>() {}

