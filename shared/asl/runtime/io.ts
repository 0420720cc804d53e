/** Input and output processing in AWS's order, and the data-size limit. */
import { StatesError, type EvalEnv, type JSONValue } from "../types.ts";
import { missingMessage, setAtPath, type Seg } from "../jsonpath.ts";
import type { Ref } from "../eval/ref.ts";
import type { CState } from "../compile.ts";

/** Deeper JSON than this is refused (recursive code elsewhere stays far from the stack's end). */
export const MAX_DEPTH = 1000;

/** 256 KiB: the largest input, output or result a state may carry. */
export const MAX_PAYLOAD_BYTES = 262144;

/** Apply InputPath or OutputPath (`null` gives `{}`). */
export function applyPath(ref: Ref | null | undefined, env: EvalEnv): JSONValue {
  if (ref === undefined) return env.input;
  if (ref === null) return {};
  const v = ref.get(env);
  if (v === undefined) {
    const base = ref.root === "input" ? env.input : ref.root === "context" ? env.context : env.vars?.[ref.varName!];
    const why = base === undefined ? `No results for path: ${ref.path.canonical}` : missingMessage(ref.path.segs, base);
    throw new StatesError("States.Runtime", `Invalid path '${ref.src}' : ${why}`);
  }
  return v;
}

/** Merge a result into the raw state input at ResultPath. */
export function applyResultPath(
  segs: Seg[] | null | undefined,
  src: string | undefined,
  input: JSONValue,
  result: JSONValue,
): JSONValue {
  if (segs === undefined) return result;
  if (segs === null) return input;
  if (segs.length === 0) return result;
  const out = setAtPath(segs, input, result);
  if (out === undefined)
    throw new StatesError(
      "States.ResultPathMatchFailure",
      `Unable to apply ResultPath "${src}" to input ${JSON.stringify(input)}`,
    );
  return out;
}

/** The state's output from its raw input and its result: ResultPath, then OutputPath. */
export function finishOutput(st: CState, input: JSONValue, result: JSONValue, env: EvalEnv): JSONValue {
  const merged = applyResultPath(st.resultPath, st.resultPathSrc, input, result);
  if (st.outputPath === undefined) return merged;
  env.input = merged;
  return applyPath(st.outputPath, env);
}

/**
 * True when the JSON text of `v` would exceed `limit` bytes. Counts cheap bounds first and only
 * serialises when the bounds cannot decide.
 */
export function exceedsSize(v: JSONValue, limit = MAX_PAYLOAD_BYTES): boolean {
  const b = { lo: 0, hi: 0 };
  bound(v, b, limit, 0);
  if (b.hi <= limit) return false;
  if (b.lo > limit) return true;
  return new TextEncoder().encode(JSON.stringify(v)).length > limit;
}

function bound(v: JSONValue, b: { lo: number; hi: number }, limit: number, depth: number): void {
  if (b.lo > limit) return;
  if (depth > MAX_DEPTH) {
    const e = new StatesError("States.DataLimitExceeded", `The value is nested more than ${MAX_DEPTH} levels deep.`);
    e.terminal = true;
    throw e;
  }
  if (typeof v === "string") {
    b.lo += v.length + 2;
    b.hi += v.length * 6 + 2;
  } else if (typeof v === "number") {
    b.lo += 1;
    b.hi += 24;
  } else if (v === null || typeof v === "boolean") {
    b.lo += 4;
    b.hi += 5;
  } else if (Array.isArray(v)) {
    b.lo += 2 + v.length;
    b.hi += 2 + v.length;
    for (let i = 0; i < v.length; i++) bound(v[i], b, limit, depth + 1);
  } else {
    b.lo += 2;
    b.hi += 2;
    for (const k in v) {
      b.lo += k.length + 4;
      b.hi += k.length * 6 + 4;
      bound(v[k], b, limit, depth + 1);
    }
  }
}
