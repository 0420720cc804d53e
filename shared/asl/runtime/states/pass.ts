/** Pass: its input, or its Result, or its Parameters, placed by ResultPath. */
import type { PassState } from "../../compile/index.ts";
import type { Env } from "../env.ts";
import { applyPath, finishOutput, outputBound } from "../io.ts";
import { assignOf, proceed, type Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";

export function runPass(exec: Execution, frame: Frame, state: PassState, host: Host, env: Env): Step {
  const jsonata = state.j;
  if (jsonata) return proceed(exec, frame, state, host, jsonata.output ? jsonata.output(env) : frame.input, state.assign?.(env));
  const effective = applyPath(state.inputPath, env);
  env.input = effective;
  const result = state.result !== undefined ? state.result : state.parameters ? state.parameters(env) : effective;
  const assigned = assignOf(state.assign, state, env, result);
  env.input = effective;
  const output = finishOutput(state, frame.input, result, env);
  if (state.resultPath === undefined) return proceed(exec, frame, state, host, output, assigned);
  // a result that is the effective input is a part of the input, no larger than it
  const resultBound = result === effective && frame.bound !== undefined ? frame.bound : -1;
  return proceed(exec, frame, state, host, output, assigned, outputBound(state, frame.bound, result, resultBound));
}
