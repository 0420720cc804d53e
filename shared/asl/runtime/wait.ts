/** When a Wait state is due, from Seconds, SecondsPath, Timestamp or TimestampPath. */
import { StatesError, type EvalEnv } from "../types.ts";
import type { WaitState } from "../compile/index.ts";
import type { JsonataEnv } from "../jsonata/index.ts";
import { parseTimestamp } from "../eval/timestamp.ts";

/** AWS refuses a wait that ends more than a year after it starts (an execution's longest life). */
const MAX_WAIT_MS = 365 * 24 * 3600 * 1000;

export function waitDue(st: WaitState, env: EvalEnv, now: number): number {
  let due: number;
  const j = st.j;
  if (j?.seconds) {
    const v = j.seconds(env as JsonataEnv);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw new StatesError("States.QueryEvaluationError", `The Seconds field must be a non-negative integer, but was: ${JSON.stringify(v)}`);
    due = now + v * 1000;
  } else if (j?.timestamp) {
    const v = j.timestamp(env as JsonataEnv);
    const t = parseTimestamp(v);
    if (t === undefined)
      throw new StatesError(
        "States.QueryEvaluationError",
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof v === "string" ? v : JSON.stringify(v)}`,
      );
    due = t;
  } else if (st.seconds !== undefined) due = now + st.seconds * 1000;
  else if (st.secondsPath) {
    const src = st.secondsPath.src;
    const v = st.secondsPath.get(env);
    if (v === undefined) throw new StatesError("States.Runtime", `The SecondsPath parameter does not reference an input value: ${src}`);
    if (typeof v !== "number" || !Number.isInteger(v))
      throw new StatesError("States.Runtime", `The SecondsPath parameter cannot be parsed as a long value: ${src} == ${JSON.stringify(v)}`);
    if (v < 0) throw new StatesError("States.Runtime", `The SecondsPath parameter references a negative value: ${src} == ${v}`);
    due = now + v * 1000;
  } else if (st.timestamp !== undefined) {
    const t = parseTimestamp(st.timestamp);
    if (t === undefined)
      throw new StatesError("States.Runtime", `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${st.timestamp}`);
    due = t;
  } else if (st.timestampPath) {
    const ref = st.timestampPath;
    const v = ref.get(env);
    const t = parseTimestamp(v);
    if (t === undefined)
      throw new StatesError(
        "States.Runtime",
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${ref.src} == ${typeof v === "string" ? v : JSON.stringify(v)}`,
      );
    due = t;
  } else throw new StatesError("States.Runtime", "The Wait state has no Seconds, SecondsPath, Timestamp or TimestampPath value it can use.");
  if (due - now > MAX_WAIT_MS) throw new StatesError("States.Runtime", "Wait state delay is too long.");
  return Math.max(due, now);
}
