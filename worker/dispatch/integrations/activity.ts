/**
 * A Task whose Resource is an activity ARN: the task (input and token) goes to the activity's queue,
 * one ActivityObject per activity, and the dispatch answers `submitted` at once; the result comes
 * back through the token when a worker reports (SendTaskSuccess/Failure). The execution's timers
 * (TimeoutSeconds, HeartbeatSeconds) run meanwhile; a task its execution no longer waits for is
 * dropped from the queue when its turn comes (worker/activities/object.ts). That the activity
 * exists is checked at creation by the application layer, which reads the activities in D1, and again
 * here: one deleted since is refused as AWS refuses it, a States.Runtime error of the state.
 */
import type { Integration } from "../types.ts";

export const activity: Integration = {
  keys: ["activity"],
  patterns: ["request-response"],
  problem: () => null,
  async run({ env, deps }, call, _resource, signal) {
    if (!call.token) return { error: "States.Runtime", cause: `The activity task '${call.stateName}' has no task token` };
    if (!(await deps.activityExists(call.resource))) return { runtime: `The activity ${call.resource} does not exist.` };
    const queue = env.ACTIVITIES.getByName(call.resource);
    await queue.enqueue({ token: call.token, input: JSON.stringify(call.input) });
    // Cancelled while being queued (the execution stopped or the task timed out meanwhile).
    if (signal?.aborted) await queue.cancel(call.token);
    return { submitted: null };
  },
};
