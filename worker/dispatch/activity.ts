/**
 * A Task whose Resource is an activity ARN: the task (input and token) goes to the activity's queue,
 * one ActivityObject per activity, and the dispatch answers `submitted` at once; the result comes
 * back through the token when a worker reports (SendTaskSuccess/Failure). The execution's timers
 * (TimeoutSeconds, HeartbeatSeconds) run meanwhile; a task its execution no longer waits for is
 * dropped from the queue when its turn comes (see activities/claim.ts).
 */
import { activityOfArn, isActivityArn } from "../activities/names.ts";
import type { Env } from "../env.ts";
import type { TaskCall, TaskResult } from "../execution/contract.ts";

export { isActivityArn };

/** Synchronous check: an activity ARN of this runtime's region and account (D1 says whether it exists). */
export function activityProblem(env: Env, resource: string): string | null {
  if (activityOfArn(env, resource) !== null) return null;
  return `Activity does not exist: '${resource}' (activities here are arn:aws:states:${env.AWS_REGION || "us-east-1"}:${env.AWS_ACCOUNT_ID || "123456789012"}:activity:<name>)`;
}

export async function dispatchActivity(env: Env, call: TaskCall, signal?: AbortSignal): Promise<TaskResult> {
  if (!call.token) return { error: "States.Runtime", cause: `The activity task '${call.stateName}' has no task token` };
  const queue = env.ACTIVITIES.getByName(call.resource);
  await queue.enqueue({ token: call.token, input: JSON.stringify(call.input) });
  // Cancelled while being queued (the execution stopped or the task timed out meanwhile).
  if (signal?.aborted) await queue.cancel(call.token);
  return { submitted: null };
}
