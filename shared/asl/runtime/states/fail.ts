/** Fail: the branch fails with the state's error and cause (literal, from a path, or from JSONata). */
import type { FailState, StateMachine } from "../../compile/index.ts";
import { failFrame } from "../branches.ts";
import type { Env } from "../env.ts";
import type { Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";

export function runFail(machine: StateMachine, exec: Execution, frame: Frame, state: FailState, host: Host, env: Env): Step {
  const jsonata = state.j;
  const error = jsonata ? jsonata.error?.(env) : state.errorPath ? state.errorPath(env) : state.error;
  const cause = jsonata ? jsonata.cause?.(env) : state.causePath ? state.causePath(env) : state.cause;
  failFrame(machine, exec, frame, host, error === undefined ? undefined : String(error), cause === undefined ? undefined : String(cause));
  return "wait";
}
