/**
 * The dispatcher for this worker's bindings, given what it needs of the application layer: a parent's
 * startExecution task starts its child as StartExecution does; an activity task asks whether its activity exists.
 */
import type { Env } from "../env.ts";
import type { Dispatcher } from "../execution/contract.ts";
import { makeDispatcher } from "../dispatch/table.ts";
import { activityMissing } from "./activities.ts";
import { startExecution } from "./executions.ts";
import { withMapRuns } from "./map-run-children.ts";

export function dispatcherFor(env: Env): Dispatcher {
  return withMapRuns(env, integrationsFor(env));
}

function integrationsFor(env: Env): Dispatcher {
  return makeDispatcher(env, {
    startExecution: (child) =>
      startExecution(env, {
        machine: child.stateMachineArn,
        name: child.name,
        input: child.input,
        parent: child.parent,
        publicUrl: child.publicUrl,
      }),
    activityExists: async (arn) => (await activityMissing(env, arn)) === null,
  });
}
