/** Pass: its input, or its Result, or its Parameters, placed by ResultPath. */
import type { PassState } from "../../compile/index.ts";
import type { Env } from "../env.ts";
import { applyPath, finishOutput, outputBound, picksPart } from "../io.ts";
import { assignOf, proceed, type Step } from "../transition.ts";
import type { JSONValue } from "../../types.ts";
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
  const resultBound = passResultBound(state, frame, result, effective);
  // the output is the result (a part of it with OutputPath, unless OutputPath reads the context)
  if (state.resultPath === undefined)
    return proceed(exec, frame, state, host, output, assigned, state.outputPath === undefined ? resultBound : -1);
  return proceed(exec, frame, state, host, output, assigned, outputBound(state, frame.bound, result, resultBound));
}

/**
 * A bound of the result's JSON size from the input's, when one is known without walking the result: an
 * effective input that InputPath took from the input is a part of it, no larger than it; Parameters that
 * only read it have a bound of their own (TemplateBound). -1 otherwise: InputPath read the context
 * or a variable, or the input's bound is not known.
 */
function passResultBound(state: PassState, frame: Frame, result: JSONValue, effective: JSONValue): number {
  const inputBound = frame.bound;
  if (inputBound === undefined || inputBound < 0) return -1;
  if (!picksPart(state.inputPath)) return -1;
  if (result === effective) return inputBound;
  if (state.result === undefined && state.parametersBound) return state.parametersBound.of(inputBound);
  return -1;
}
