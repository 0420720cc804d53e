/**
 * A branch ends: the top level ends the execution; a Parallel branch or a Map iteration hands its
 * result or its error to the frame that owns the Map or Parallel state.
 */
import type { JSONValue } from "../types.ts";
import type { StateMachine } from "../compile/index.ts";
import { endExecution, failExecution } from "./execution.ts";
import { iterationDone } from "./fan.ts";
import { abortFrame, childrenOf, dropFrame, failed } from "./frames.ts";
import { emitAfter, iterationEvent, STATE_ABORTED } from "./history.ts";
import { fanPoint, pointOf } from "./redrive-point.ts";
import type { Execution, Frame, Host, MapFan } from "./types.ts";
import { queueFrame } from "./timers.ts";

/** A branch reached the end of its scope. */
export function finishFrame(machine: StateMachine, exec: Execution, frame: Frame, host: Host, output: JSONValue) {
  if (frame.parent === -1) {
    exec.output = output;
    endExecution(exec, host, "SUCCEEDED", "ExecutionSucceeded", {});
    return;
  }
  const owner = exec.frames[frame.parent];
  dropFrame(exec, frame);
  if (!owner?.fan) return;
  const fan = owner.fan;
  fan.results[frame.slot] = output;
  const ownerState = machine.scopes[owner.scope].states[owner.state];
  const last = frame.lastEventId;
  if (fan.kind === "map") owner.lastEventId = iterationEvent(exec, last, host.now, "MapIterationSucceeded", ownerState.name, frame.slot);
  else owner.lastEventId = last;
  iterationDone(machine, exec, owner, ownerState, host, fan, last);
}

type ErrorText = string | null | undefined;

/** A branch failed with an error no state of it caught. */
export function failFrame(machine: StateMachine, exec: Execution, frame: Frame, host: Host, error: ErrorText, cause: ErrorText) {
  if (frame.parent === -1) {
    failExecution(exec, host, error, cause);
    return;
  }
  const owner = exec.frames[frame.parent];
  // Standard executions keep where a failed branch stood: a redrive runs it again from there
  const lost = owner?.fan && exec.type === "STANDARD" ? pointOf(exec, frame) : undefined;
  abortFrame(exec, frame);
  if (!owner?.fan) return;
  const fan = owner.fan;
  const ownerState = machine.scopes[owner.scope].states[owner.state];
  // AWS: the failure, the aborts and MapStateFailed all follow the failing branch's last event
  const last = frame.lastEventId;
  if (fan.kind === "map") {
    emitAfter(exec, last, host.now, "MapIterationFailed", { name: ownerState.name, index: frame.slot });
    if (fan.toleratedCount !== undefined || fan.toleratedPercentage !== undefined) {
      if (tolerates(fan)) {
        fan.results[frame.slot] = { Error: error ?? null, Cause: cause ?? null };
        if (lost) (fan.lost ??= []).push(lost);
        iterationDone(machine, exec, owner, ownerState, host, fan, last);
        return;
      }
      error = "States.ExceedToleratedFailureThreshold";
      cause = "The specified tolerated failure threshold was exceeded";
    }
  }
  if (lost) owner.redriveFan = fanPoint(exec, owner, fan, lost);
  for (const child of childrenOf(exec, owner.id)) {
    abortBranchEvents(machine, exec, child, last, host);
    if (fan.kind === "map") emitAfter(exec, last, host.now, "MapIterationAborted", { name: ownerState.name, index: child.slot });
    abortFrame(exec, child);
  }
  owner.fan = undefined;
  // <Map|Parallel>StateFailed is recorded in handleError, once no retrier takes the error
  owner.lastEventId = last;
  owner.resume = failed(error ?? null, cause ?? null);
  queueFrame(exec, owner.id);
}

/** Count one more failed iteration; true while the failures stay within ToleratedFailureCount/Percentage. */
function tolerates(fan: MapFan): boolean {
  fan.failed++;
  const overCount = fan.toleratedCount !== undefined && fan.failed > fan.toleratedCount;
  const overPercentage = fan.toleratedPercentage !== undefined && (fan.failed * 100) / fan.total > fan.toleratedPercentage;
  return !overCount && !overPercentage;
}

/** `<Type>StateAborted` for the entered state of a branch being abandoned, and of its own branches. */
function abortBranchEvents(machine: StateMachine, exec: Execution, frame: Frame, prev: number, host: Host) {
  for (const child of childrenOf(exec, frame.id)) abortBranchEvents(machine, exec, child, prev, host);
  if (frame.entered) emitAfter(exec, prev, host.now, STATE_ABORTED[machine.scopes[frame.scope].states[frame.state].type]);
}
