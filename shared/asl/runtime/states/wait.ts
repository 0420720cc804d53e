/** Wait: arm a timer until Seconds, SecondsPath, Timestamp or TimestampPath is due; go on when it fires. */
import { StatesError, type EvalEnv } from "../../types.ts";
import type { WaitState } from "../../compile/index.ts";
import type { JsonataEnv } from "../../jsonata/index.ts";
import { parseTimestamp } from "../../eval/timestamp.ts";
import type { Env } from "../env.ts";
import { pendingInput } from "../frames.ts";
import { applyPath } from "../io.ts";
import { addTimer } from "../timers.ts";
import { assignOf, proceed, type Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";

/** AWS refuses a wait that ends more than a year after it starts (an execution's longest life). */
const MAX_WAIT_MS = 365 * 24 * 3600 * 1000;

export function runWait(exec: Execution, frame: Frame, state: WaitState, host: Host, env: Env): Step {
  const jsonata = state.j;
  if (frame.resume?.kind === "timer") {
    frame.resume = undefined;
    if (jsonata) return proceed(exec, frame, state, host, jsonata.output ? jsonata.output(env) : frame.input, state.assign?.(env));
    const effective = pendingInput(frame);
    env.input = effective;
    const assigned = assignOf(state.assign, state, env, effective);
    env.input = effective;
    const output = state.outputPath === undefined ? effective : applyPath(state.outputPath, env);
    return proceed(exec, frame, state, host, output, assigned);
  }
  const effective = jsonata ? frame.input : applyPath(state.inputPath, env);
  env.input = effective;
  frame.effective = effective;
  frame.waitingOn = addTimer(exec, frame, "wait", waitDue(state, env, host.now));
  return "wait";
}

/** When a Wait state is due (ms since the epoch), from whichever of its fields it has. */
export function waitDue(state: WaitState, env: EvalEnv, now: number): number {
  const jsonata = state.j;
  let due: number;
  if (jsonata?.seconds) due = now + jsonataSeconds(jsonata.seconds(env as JsonataEnv)) * 1000;
  else if (jsonata?.timestamp) due = jsonataTimestamp(jsonata.timestamp(env as JsonataEnv));
  else if (state.seconds !== undefined) due = now + state.seconds * 1000;
  else if (state.secondsPath) due = now + secondsAt(state.secondsPath.src, state.secondsPath.get(env)) * 1000;
  else if (state.timestamp !== undefined) {
    const time = parseTimestamp(state.timestamp);
    if (time === undefined)
      throw new StatesError(
        "States.Runtime",
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${state.timestamp}`,
      );
    due = time;
  } else if (state.timestampPath) due = timestampAt(state.timestampPath.src, state.timestampPath.get(env));
  else throw new StatesError("States.Runtime", "The Wait state has no Seconds, SecondsPath, Timestamp or TimestampPath value it can use.");
  if (due - now > MAX_WAIT_MS) throw new StatesError("States.Runtime", "Wait state delay is too long.");
  return Math.max(due, now);
}

function jsonataSeconds(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw new StatesError("States.QueryEvaluationError", `The Seconds field must be a non-negative integer, but was: ${JSON.stringify(v)}`);
  return v;
}

function jsonataTimestamp(v: unknown): number {
  const time = parseTimestamp(v);
  if (time === undefined)
    throw new StatesError(
      "States.QueryEvaluationError",
      "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: " +
        (typeof v === "string" ? v : JSON.stringify(v)),
    );
  return time;
}

function secondsAt(src: string, v: unknown): number {
  if (v === undefined) throw new StatesError("States.Runtime", `The SecondsPath parameter does not reference an input value: ${src}`);
  if (typeof v !== "number" || !Number.isInteger(v))
    throw new StatesError("States.Runtime", `The SecondsPath parameter cannot be parsed as a long value: ${src} == ${JSON.stringify(v)}`);
  if (v < 0) throw new StatesError("States.Runtime", `The SecondsPath parameter references a negative value: ${src} == ${v}`);
  return v;
}

function timestampAt(src: string, v: unknown): number {
  const time = parseTimestamp(v);
  if (time === undefined)
    throw new StatesError(
      "States.Runtime",
      "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: " +
        `${src} == ${typeof v === "string" ? v : JSON.stringify(v)}`,
    );
  return time;
}
