/**
 * dirsync-harness: runs the CLI on the process arguments. Exit codes: 0 all good, 1 a check failed,
 * 2 the target cannot be used (wrong URL or token, unreachable) or the options are wrong.
 *
 * @module
 */
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { run } from "./Cli.js"

run(process.argv).pipe(
  Effect.catchTags({
    ChecksFailed: (e) => Effect.zipRight(Console.error(e.message), Effect.sync(() => (process.exitCode = 1))),
    TargetUnusable: (e) => Effect.zipRight(Console.error(`Error: ${e.message}`), Effect.sync(() => (process.exitCode = 2)))
  }),
  // Invalid options: @effect/cli has already printed what is wrong.
  Effect.catchAll(() => Effect.sync(() => (process.exitCode = 2))),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disablePrettyLogger: true })
)
