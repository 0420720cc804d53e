/** Parallel: start every branch on the effective input; the fan collects their results in order. */
import type { JSONValue } from "../../types.ts";
import type { ParallelState, StateMachine } from "../../compile/index.ts";
import { parallelFan } from "../fan-make.ts";
import { newFrame } from "../frames.ts";
import { emit } from "../history.ts";
import type { Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";

export function runParallel(
  machine: StateMachine,
  exec: Execution,
  frame: Frame,
  state: ParallelState,
  host: Host,
  input: JSONValue,
): Step {
  emit(exec, frame, host.now, "ParallelStateStarted");
  const count = state.branches.length;
  frame.fan = parallelFan(count, input);
  frame.redriveFan = undefined;
  for (let i = 0; i < count; i++) {
    const scope = state.branches[i];
    const branch = newFrame(exec, frame.id, i, scope, machine.scopes[scope].startAt, input);
    branch.lastEventId = frame.lastEventId;
    exec.ready.push(branch.id);
  }
  return "wait";
}
