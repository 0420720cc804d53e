/** Input and output processing in AWS's order, and the data-size limit. */
import { StatesError, type EvalEnv, type JSONValue } from "../types.ts";
import { missingMessage, setAtPath, type Seg } from "../jsonpath/index.ts";
import type { Ref } from "../eval/ref.ts";
import type { PassState, WorkState } from "../compile/index.ts";

/**
 * JSON nested deeper than this many levels of arrays and objects is refused (recursive code elsewhere
 * stays far from the stack's end): `[[1]]` is 2 levels deep; 1000 nested arrays pass, 1001 do not.
 */
export const MAX_DEPTH = 1000;

/** 256 KiB: the largest input, output or result a state may carry. */
export const MAX_PAYLOAD_BYTES = 262144;

/** An error only its own name catches (a state's own input or output over the size limit). */
export function terminalError(error: string, cause: string): StatesError {
  const e = new StatesError(error, cause);
  e.terminal = true;
  return e;
}

/** AWS's cause when a state's or a task's result is over the size limit. */
export const sizeCause = (who: string) =>
  `The state/task '${who}' returned a result with a size exceeding the maximum number of bytes service limit.`;

/**
 * True when InputPath or OutputPath `ref` gives a part of the value it reads, no larger than it: absent,
 * null (`{}`), or a definite path into the input. A path into the context or a variable gives another value,
 * and an indefinite one (a wildcard, a deep scan) a list that can be larger than what it reads.
 */
export function picksPart(ref: Ref | null | undefined): boolean {
  return !ref || (ref.root === "input" && ref.path.definite);
}

/** Apply InputPath or OutputPath (`null` gives `{}`). */
export function applyPath(ref: Ref | null | undefined, env: EvalEnv): JSONValue {
  if (ref === undefined) return env.input;
  if (ref === null) return {};
  const v = ref.get(env);
  if (v === undefined) {
    const base = ref.root === "input" ? env.input : ref.root === "context" ? env.context : variable(env, ref.varName);
    const why = base === undefined ? `No results for path: ${ref.path.canonical}` : missingMessage(ref.path.segs, base);
    throw new StatesError("States.Runtime", `Invalid path '${ref.src}' : ${why}`);
  }
  return v;
}

function variable(env: EvalEnv, name: string | undefined): JSONValue | undefined {
  return name === undefined ? undefined : env.vars?.[name];
}

/** Merge a result into the raw state input at ResultPath. */
export function applyResultPath(segs: Seg[] | null | undefined, src: string | undefined, input: JSONValue, result: JSONValue): JSONValue {
  if (segs === undefined) return result;
  if (segs === null) return input;
  if (segs.length === 0) return result;
  const out = setAtPath(segs, input, result);
  if (out === undefined)
    throw new StatesError("States.ResultPathMatchFailure", `Unable to apply ResultPath "${src}" to input ${JSON.stringify(input)}`);
  return out;
}

/** The state's output from its raw input and its result: ResultPath, then OutputPath. */
export function finishOutput(state: PassState | WorkState, input: JSONValue, result: JSONValue, env: EvalEnv): JSONValue {
  const merged = applyResultPath(state.resultPath, state.resultPathSrc, input, result);
  if (state.outputPath === undefined) return merged;
  env.input = merged;
  return applyPath(state.outputPath, env);
}

/**
 * True when the JSON text of `v` would exceed `limit` bytes; States.DataLimitExceeded when `v` is
 * nested deeper than MAX_DEPTH, whatever its size. An upper bound (every character counted at its
 * worst) settles almost every case without serialising; only values near the limit are measured exactly.
 */
export function exceedsSize(v: JSONValue, limit = MAX_PAYLOAD_BYTES): boolean {
  return boundWithin(v, limit) < 0;
}

/**
 * At least the size of `v`'s JSON text when it is within `limit` (often more: see upperBound), or -1
 * when it exceeds it. States.DataLimitExceeded when `v` is nested deeper than MAX_DEPTH.
 */
export function boundWithin(v: JSONValue, limit = MAX_PAYLOAD_BYTES): number {
  const bound = upperBound(v, 0, limit);
  if (bound <= limit) return bound;
  // The bound stopped once past the limit, perhaps before reaching the deepest value: the depth is
  // checked in full before serialising (JSON.stringify overflows the stack on deep enough values).
  checkDepth(v, 0);
  const exact = utf8Length(JSON.stringify(v));
  return exact > limit ? -1 : exact;
}

/**
 * A bound of a state's output (its result placed by ResultPath, then OutputPath) from its input's bound
 * and its result's, walking the result only when its bound is not known (-1); -1 when no bound is
 * known. OutputPath selects a part, which cannot be larger (unless it does not: picksPart, else -1).
 * A result placed inside the input replaces what was there or adds a member: at most the result, its key,
 * quotes, colon, comma and the braces of an object made on the way, per step of the path.
 */
export function outputBound(state: PassState | WorkState, inputBound: number | undefined, result: JSONValue, resultBound: number): number {
  // an OutputPath that reads the context or a variable, or gathers a list, does not select a part of the output
  if (!picksPart(state.outputPath)) return -1;
  const segs = state.resultPath;
  // the output is the result, or a part of it: its bound if known (else the size check walks it)
  if (segs === undefined || (segs !== null && segs.length === 0)) return resultBound;
  if (segs === null) return inputBound ?? -1;
  if (!(inputBound !== undefined && inputBound >= 0)) return -1;
  const r = resultBound >= 0 ? resultBound : boundWithin(result);
  if (r < 0) return -1;
  let n = inputBound + r;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    n += seg.kind === "name" ? seg.name.length * 6 + 8 : 2;
  }
  return n;
}

const tooDeep = () => terminalError("States.DataLimitExceeded", `The value is nested more than ${MAX_DEPTH} levels deep.`);

/** States.DataLimitExceeded when `v` (an array or object at nesting index `depth`) is nested too deeply. */
function checkDepth(v: JSONValue, depth: number): void {
  if (typeof v !== "object" || v === null) return;
  if (depth >= MAX_DEPTH) throw tooDeep();
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkDepth(v[i], depth + 1);
  } else {
    for (const k in v) checkDepth(v[k], depth + 1);
  }
}

/** The most characters a number (or true, false, null) takes as JSON. */
export const MAX_SCALAR = 25;

/**
 * The most bytes `v` can take as JSON, or any number over `limit` once it is certain to pass it. Strings
 * and scalars inside an array or object are counted in the loop, without a call: most values are leaves,
 * and a call per leaf took more than half of the walk.
 */
function upperBound(v: JSONValue, depth: number, limit: number): number {
  if (typeof v === "string") return v.length * 6 + 2;
  // a number is at most 25 characters (-0.0000012345678901234567); true, false and null fewer
  if (typeof v !== "object" || v === null) return MAX_SCALAR;
  if (depth >= MAX_DEPTH) throw tooDeep();
  let n = 2;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && n <= limit; i++) {
      const e = v[i];
      if (typeof e === "string") n += e.length * 6 + 3;
      else if (typeof e !== "object" || e === null) n += MAX_SCALAR + 1;
      else n += upperBound(e, depth + 1, limit) + 1;
    }
  } else {
    // for-in allocates nothing (Object.keys would make an array per object)
    for (const k in v) {
      const e = v[k];
      n += k.length * 6 + 4;
      if (typeof e === "string") n += e.length * 6 + 2;
      else if (typeof e !== "object" || e === null) n += MAX_SCALAR;
      else n += upperBound(e, depth + 1, limit);
      if (n > limit) break;
    }
  }
  return n;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    n += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}
