/** Succeed: the branch ends with the state's input (through InputPath and OutputPath, or Output). */
import type { JSONValue } from "../../types.ts";
import type { SucceedState } from "../../compile/index.ts";
import type { Env } from "../env.ts";
import { applyPath } from "../io.ts";
import { exited, type Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";

export function runSucceed(exec: Execution, frame: Frame, state: SucceedState, host: Host, env: Env): Step {
  const jsonata = state.j;
  let output: JSONValue;
  if (jsonata) output = jsonata.output ? jsonata.output(env) : frame.input;
  else {
    env.input = applyPath(state.inputPath, env);
    output = state.outputPath === undefined ? env.input : applyPath(state.outputPath, env);
  }
  exited(exec, frame, state, host, output);
  return { next: undefined, to: undefined, output };
}
