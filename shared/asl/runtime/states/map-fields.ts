/** A Map's fields read at its start: its items, MaxConcurrency, tolerated failures, and numbers given by path or JSONata. */
import { StatesError, type JSONValue } from "../../types.ts";
import type { MapState } from "../../compile/index.ts";
import type { Ref } from "../../eval/ref.ts";
import { jsonType } from "../../jsonata/index.ts";
import type { Env } from "../env.ts";
import { applyPath, exceedsSize, terminalError, MAX_PAYLOAD_BYTES } from "../io.ts";
import type { Frame } from "../types.ts";

export function itemsOf(frame: Frame, state: MapState, env: Env): JSONValue[] {
  const jsonata = state.j;
  let items: JSONValue;
  if (jsonata) items = jsonata.items ? jsonata.items(env) : frame.input;
  else items = state.itemsPath ? applyPath(state.itemsPath, env) : env.input;
  if (Array.isArray(items)) {
    // An input is within the size limit already; an array JSONata made (`[1..1000000]`) may not be
    if (jsonata?.items && exceedsSize(items))
      throw terminalError(
        "States.DataLimitExceeded",
        `The Items of the Map state '${state.name}' exceed the maximum size of ${MAX_PAYLOAD_BYTES} bytes.`,
      );
    return items;
  }
  if (jsonata?.items && jsonata.itemsSrc)
    throw new StatesError(
      "States.QueryEvaluationError",
      `The JSONata expression '${jsonata.itemsSrc}' specified for the field 'Items' returned an unexpected result type. ` +
        `Expected 'array', but was '${jsonType(items)}' for value: ${JSON.stringify(items)}`,
    );
  const error = jsonata ? "States.QueryEvaluationError" : "States.Runtime";
  throw new StatesError(error, `Map state input must be an array but was: ${JSON.stringify(items)}`);
}

export function maxConcurrency(state: MapState, env: Env): number {
  let max = state.maxConcurrency;
  if (state.j?.maxConcurrency) max = jsonataNumber(state.j.maxConcurrency(env), "MaxConcurrency", true);
  if (state.maxConcurrencyPath) {
    const v = pathNumber(state.maxConcurrencyPath, env, "MaxConcurrencyPath", true);
    if (v < 0) throw new StatesError("States.Runtime", `MaxConcurrency cannot be negative.`);
    max = v;
  }
  return max;
}

export function toleratedCount(state: MapState, env: Env): number | undefined {
  let count = state.toleratedFailureCount;
  if (state.j?.toleratedFailureCount) count = jsonataNumber(state.j.toleratedFailureCount(env), "ToleratedFailureCount", true);
  if (state.toleratedFailureCountPath) count = pathNumber(state.toleratedFailureCountPath, env, "ToleratedFailureCountPath", true);
  if (count !== undefined && count < 0) throw new StatesError("States.Runtime", "ToleratedFailureCount cannot be negative.");
  return count;
}

export function toleratedPercentage(state: MapState, env: Env): number | undefined {
  let percentage = state.toleratedFailurePercentage;
  const jsonata = state.j?.toleratedFailurePercentage;
  if (jsonata) percentage = jsonataNumber(jsonata(env), "ToleratedFailurePercentage", false);
  const path = state.toleratedFailurePercentagePath;
  if (path) percentage = pathNumber(path, env, "ToleratedFailurePercentagePath", false);
  if (percentage !== undefined && (percentage < 0 || percentage > 100))
    throw new StatesError("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.");
  return percentage;
}

/** A number a JSONata field gave, or States.QueryEvaluationError. */
export function jsonataNumber(v: JSONValue, field: string, integer: boolean): number {
  if (typeof v !== "number" || (integer && !Number.isInteger(v)) || v < 0)
    throw new StatesError(
      "States.QueryEvaluationError",
      `The ${field} field must be a ${integer ? "non-negative integer" : "non-negative number"}, but was: ${JSON.stringify(v)}`,
    );
  return v;
}

/** A number read through a `...Path` field, with AWS's message when it is not one. */
export function pathNumber(ref: Ref, env: Env, field: string, integer: boolean): number {
  let v = applyPath(ref, env);
  // AWS takes a number written as a string too ("1"), not other text
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) v = Number(v);
  if (typeof v !== "number" || (integer && !Number.isInteger(v)))
    throw new StatesError(
      "States.Runtime",
      `The ${field} field refers to value "${typeof v === "string" ? v : JSON.stringify(v)}" ` +
        `which is not a valid ${integer ? "integer" : "float"}: ${ref.src}`,
    );
  return v;
}
