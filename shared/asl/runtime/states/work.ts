/**
 * What Task, Parallel and Map share: the effective input their work starts from, and taking the
 * work's result back (ResultSelector, ResultPath, OutputPath, or JSONata's Output).
 */
import type { JSONValue } from "../../types.ts";
import type { WorkState } from "../../compile/index.ts";
import type { Env } from "../env.ts";
import { emitAfter, STATE_SUCCEEDED } from "../history.ts";
import { applyPath, finishOutput, outputBound } from "../io.ts";
import { assignOf, proceed, type Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";

/**
 * The input the work starts from (InputPath then Parameters, or Arguments), made once per attempt
 * and kept on the frame while the work is out. A task whose result comes back later gets its token here.
 */
export function effectiveInput(frame: Frame, state: WorkState, host: Host, env: Env): JSONValue {
  if (frame.effective !== undefined) return frame.effective;
  const jsonata = state.j;
  const selected = jsonata ? frame.input : applyPath(state.inputPath, env);
  env.input = selected;
  // a token for every task whose result comes back later: callbacks, .sync, activities
  if (state.type === "Task" && (state.pattern !== "request-response" || state.info.family === "Activity"))
    frame.token = host.taskToken ? host.taskToken({ taskId: 0, stateName: state.name, enteredEventId: frame.enteredEventId }) : host.uuid();
  let effective: JSONValue;
  if (jsonata) effective = state.type !== "Map" && jsonata.args ? jsonata.args(env) : selected;
  else effective = state.type === "Map" ? selected : state.parameters ? state.parameters(env) : selected;
  frame.effective = effective;
  return effective;
}

/** The work came back with `result` (of size bound `resultBound`, -1 if not known): the state's output and variables, and on to Next. */
export function takeResult(
  exec: Execution,
  frame: Frame,
  state: WorkState,
  host: Host,
  env: Env,
  result: JSONValue,
  resultBound = -1,
): Step {
  // AWS: <Map|Parallel>StateSucceeded and the StateExited after it both follow the last branch event
  if (state.type !== "Task") emitAfter(exec, frame.lastEventId, host.now, STATE_SUCCEEDED[state.type]);
  frame.effective = undefined;
  const jsonata = state.j;
  if (jsonata) {
    env.result = result;
    if (jsonata.output) return proceed(exec, frame, state, host, jsonata.output(env), state.assign?.(env));
    return proceed(exec, frame, state, host, result, state.assign?.(env), resultBound);
  }
  let selected = result;
  let selectedBound = resultBound;
  if (state.resultSelector) {
    env.input = result;
    selected = state.resultSelector(env);
    selectedBound = -1;
  }
  const assigned = assignOf(state.assign, state, env, selected);
  env.input = frame.input;
  const output = finishOutput(state, frame.input, selected, env);
  return proceed(exec, frame, state, host, output, assigned, outputBound(state, frame.bound, selected, selectedBound));
}
