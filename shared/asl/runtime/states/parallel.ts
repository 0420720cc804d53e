/** Parallel: start every branch on the effective input; the fan collects their results in order. */
import type { JSONValue } from "../../types.ts";
import type { ParallelState, StateMachine } from "../../compile/index.ts";
import { parallelFan } from "../fan-make.ts";
import { newFrame } from "../frames.ts";
import { emit } from "../history.ts";
import { boundWithin, picksPart, sizeCause, terminalError } from "../io.ts";
import type { Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";
import { queueFrame } from "../timers.ts";

export function runParallel(
  machine: StateMachine,
  exec: Execution,
  frame: Frame,
  state: ParallelState,
  host: Host,
  input: JSONValue,
): Step {
  const bound = branchInputBound(frame, state, input);
  emit(exec, frame, host.now, "ParallelStateStarted");
  const count = state.branches.length;
  frame.fan = parallelFan(count, input);
  frame.redriveFan = undefined;
  for (let i = 0; i < count; i++) {
    const scope = state.branches[i];
    const branch = newFrame(exec, frame.id, i, scope, machine.scopes[scope].startAt, input);
    branch.lastEventId = frame.lastEventId;
    branch.bound = bound;
    queueFrame(exec, branch.id);
  }
  return "wait";
}

/**
 * A bound of the branches' input, which the state checks: a part of its own input (no Parameters or
 * Arguments, an InputPath that picks a part) has that input's bound; anything else is measured, and over
 * 256 KiB fails the state.
 */
function branchInputBound(frame: Frame, state: ParallelState, input: JSONValue): number {
  const known = frame.bound;
  if (!state.parameters && !state.j?.args && picksPart(state.inputPath) && known !== undefined && known >= 0) return known;
  const bound = boundWithin(input);
  if (bound < 0) throw terminalError("States.DataLimitExceeded", sizeCause(state.name));
  return bound;
}
