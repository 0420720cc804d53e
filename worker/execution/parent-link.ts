/**
 * A child started by a parent's `startExecution.sync[:2]` task tells the parent how it ended, with
 * SendTask* and the parent's token (the application layer's, given as `answerParent`): success with
 * DescribeExecution's shape (Input and Output as JSON text for `.sync`, as JSON for `.sync:2`), anything
 * else a States.TaskFailed whose cause is that shape (with Error and Cause) as JSON text, as AWS records
 * it. A failed delivery is retried by the alarm.
 */
import type { JSONValue } from "../../shared/asl/types.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import type { TaskAnswer } from "./contract.ts";
import type { Loaded } from "./store.ts";
import { surroundings } from "./surroundings.ts";

const MAX_BACKOFF_MS = 5 * 60_000;

function shape(loaded: Loaded, sync2: boolean): { [k: string]: JSONValue } {
  const e = loaded.state.exec;
  const data = (text: string): JSONValue => (sync2 ? (JSON.parse(text) as JSONValue) : text);
  const d: { [k: string]: JSONValue } = {};
  if (e.status !== "SUCCEEDED" && e.cause != null) d.Cause = e.cause;
  if (e.status !== "SUCCEEDED" && e.error != null) d.Error = e.error;
  d.ExecutionArn = e.executionArn;
  d.Input = data(loaded.input);
  d.InputDetails = { Included: true };
  d.Name = e.name;
  if (e.status === "SUCCEEDED") {
    d.Output = data(JSON.stringify(e.output ?? null));
    d.OutputDetails = { Included: true };
  }
  d.StartDate = e.startTime;
  d.StateMachineArn = e.stateMachineArn;
  d.Status = e.status;
  d.StopDate = e.stopTime ?? e.startTime;
  return d;
}

export function parentAnswer(loaded: Loaded, sync2: boolean): TaskAnswer {
  const d = shape(loaded, sync2);
  return loaded.state.exec.status === "SUCCEEDED" ? { output: d } : { error: "States.TaskFailed", cause: JSON.stringify(d) };
}

/** Tells the parent once this execution has ended; true when the stored state changed. */
export async function notifyParent(env: Env, loaded: Loaded, now: () => number): Promise<boolean> {
  const p = loaded.state.parent;
  if (!p || p.notified || loaded.state.exec.status === "RUNNING") return false;
  try {
    await surroundings.answerParent(env, p.token, parentAnswer(loaded, p.sync2));
    p.notified = true;
  } catch (err) {
    // The parent refused for good (it ended, its task timed out, ...): nothing left to tell.
    if (err instanceof ApiError) p.notified = true;
    else {
      console.warn(`${loaded.state.exec.executionArn}: telling the parent failed; will retry`, err);
      p.failures++;
      p.retryAt = now() + Math.min(1000 * 2 ** (p.failures - 1), MAX_BACKOFF_MS);
    }
  }
  return true;
}

/** A Distributed Map's child tells its Map Run how it ended (retried by the alarm until told); true when the state changed. */
export async function notifyMapRun(env: Env, loaded: Loaded, now: () => number): Promise<boolean> {
  const link = loaded.state.mapRun;
  const e = loaded.state.exec;
  if (!link || link.notified || e.status === "RUNNING") return false;
  try {
    await surroundings.tellMapRun(env, link.arn, {
      index: link.index,
      status: e.status,
      ...(e.status === "SUCCEEDED" ? { output: JSON.stringify(e.output ?? null) } : { error: e.error ?? null, cause: e.cause ?? null }),
      startTime: e.startTime,
      stopTime: e.stopTime ?? e.startTime,
      attempt: e.redriveCount ?? 0,
    });
    link.notified = true;
  } catch (err) {
    console.warn(`${e.executionArn}: telling the Map Run failed; will retry`, err);
    link.failures++;
    link.retryAt = now() + Math.min(1000 * 2 ** (link.failures - 1), MAX_BACKOFF_MS);
  }
  return true;
}
