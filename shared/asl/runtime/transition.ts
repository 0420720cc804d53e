/**
 * How a state ends: its output checked, StateExited recorded, its variables set, and where its
 * branch goes next.
 */
import type { JSONObject, JSONValue } from "../types.ts";
import type { CState, FlowState } from "../compile/index.ts";
import type { Assigner } from "../compile/query-language.ts";
import type { Ref } from "../eval/ref.ts";
import type { Env } from "./env.ts";
import { exitedEvent } from "./history.ts";
import { boundWithin, exceedsSize, picksPart, sizeCause, terminalError, MAX_PAYLOAD_BYTES } from "./io.ts";
import type { Execution, Frame, Host } from "./types.ts";

/**
 * What running a state gives its branch: go on to state `next` (`to`, the compiled state, when linked) with
 * `output`, end the branch with `output` (`next` undefined), or wait for the host. One object shape for both.
 */
export type Step = { next: string | undefined; to: CState | undefined; output: JSONValue } | "wait";

/**
 * The state is done: check its output's size and record StateExited. A state that only selects
 * part of its input (Choice, Wait, Succeed) cannot grow it, and the input was checked when it was
 * the previous state's output; one whose paths read the context or a variable, or gather a list, can,
 * and is measured. `bound`, when known (see outputBound), spares walking the output when it is within
 * the limit; the output's bound is kept for the next state.
 */
export function exited(exec: Execution, frame: Frame, state: CState, host: Host, output: JSONValue, assigned?: JSONObject, bound = -1) {
  const type = state.type;
  let outBound = frame.bound;
  if (output !== frame.input) {
    // Choice, Wait and Succeed pick a part of their input, unless their paths read something else or gather a
    // list, or JSONata's Output made a new value
    const measured = type === "Pass" || type === "Task" || type === "Map" || type === "Parallel";
    if (measured || state.ql === "JSONata" || !selectsFromInput(state)) {
      outBound = bound >= 0 && bound <= MAX_PAYLOAD_BYTES ? bound : boundWithin(output);
      if (outBound < 0) throw terminalError("States.DataLimitExceeded", sizeCause(state.name));
    }
  }
  if (assigned) checkAssigned(assigned);
  exitedEvent(exec, frame, host.now, state.exited, state.name, output, assigned);
  frame.outBound = outBound;
}

/**
 * True when the state's output is a part of its input: its InputPath and OutputPath, if any, pick a part
 * (picksPart). One that reads the context or a variable, or gathers a list, can make a larger value.
 */
export function selectsFromInput(state: CState): boolean {
  const { inputPath, outputPath } = state as { inputPath?: Ref | null; outputPath?: Ref | null };
  return picksPart(inputPath) && picksPart(outputPath);
}

/** The state is done. Its output and its variables were evaluated together; both take effect now. */
export function proceed(
  exec: Execution,
  frame: Frame,
  state: FlowState,
  host: Host,
  output: JSONValue,
  assigned?: JSONObject,
  bound = -1,
): Step {
  exited(exec, frame, state, host, output, assigned, bound);
  if (assigned) setVars(frame, assigned);
  return { next: state.next, to: state.nextState, output };
}

/** New values replace the scope's object (never mutated: stored copies and events stay as they were). */
export function setVars(frame: Frame, assigned: JSONObject) {
  frame.vars = frame.vars ? { ...frame.vars, ...assigned } : { ...assigned };
}

/** AWS: 256 KiB for one variable, and for the values of one Assign together. */
export function checkAssigned(assigned: JSONObject) {
  if (!exceedsSize(assigned)) return;
  for (const name in assigned)
    if (exceedsSize(assigned[name]))
      throw terminalError("States.DataLimitExceeded", `The variable '${name}' exceeds the maximum size of ${MAX_PAYLOAD_BYTES} bytes.`);
  throw terminalError(
    "States.DataLimitExceeded",
    `The variables of one Assign exceed the maximum total size of ${MAX_PAYLOAD_BYTES} bytes.`,
  );
}

/** Evaluate Assign. In JSONPath, `$` is the state's result (or its effective input when it has none). */
export function assignOf(assign: Assigner | undefined, state: CState, env: Env, jsonPathBase: JSONValue): JSONObject | undefined {
  if (!assign) return undefined;
  if (state.ql === "JSONPath") env.input = jsonPathBase;
  return assign(env);
}

/** Two Assigns' variables together; the second's win. */
export function mergeAssigned(first: JSONObject | undefined, second: JSONObject | undefined): JSONObject | undefined {
  return first && second ? { ...first, ...second } : (first ?? second);
}
