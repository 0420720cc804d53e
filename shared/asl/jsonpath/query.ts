/** Reading through a parsed JSONPath: one value for a definite path, a list for any path. */
import { compileRegex } from "../eval/regex.ts";
import { StatesError, type JSONObject, type JSONValue } from "../types.ts";
import { canonical, PathSyntaxError, type Filter, type Matcher, type Operand, type Seg } from "./syntax.ts";

export const isObj = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);
const hasOwn = Object.prototype.hasOwnProperty;

/** Evaluate a definite path: the value, or undefined when it names nothing. */
export function getDefinite(segs: Seg[], root: JSONValue): JSONValue | undefined {
  let cur: JSONValue | undefined = root;
  for (let n = 0; n < segs.length; n++) {
    const seg = segs[n];
    if (seg.kind === "name") {
      if (!isObj(cur) || !hasOwn.call(cur, seg.name)) return undefined;
      cur = cur[seg.name];
    } else if (seg.kind === "index") {
      if (!Array.isArray(cur)) return undefined;
      const i: number = seg.index < 0 ? cur.length + seg.index : seg.index;
      if (i < 0 || i >= cur.length) return undefined;
      cur = cur[i];
    } else if (seg.kind === "length") {
      if (Array.isArray(cur)) cur = cur.length;
      else if (isObj(cur)) cur = Object.keys(cur).length;
      else if (typeof cur === "string") cur = cur.length;
      else return undefined;
    } else return undefined;
  }
  return cur;
}

/**
 * Jayway's message for a definite path that names nothing: a missing field on the way is
 * "Missing property in path $['a']", a missing last step is "No results for path: $['a']['b']".
 */
export function missingMessage(segs: Seg[], root: JSONValue): string {
  let cur: JSONValue | undefined = root;
  for (let n = 0; n < segs.length - 1; n++) {
    cur = getDefinite([segs[n]], cur as JSONValue);
    if (cur === undefined) return `Missing property in path ${canonical(segs.slice(0, n + 1))}`;
  }
  return `No results for path: ${canonical(segs)}`;
}

/** Evaluate any path into the list of values it names (Jayway order). */
export function queryAll(segs: Seg[], root: JSONValue): JSONValue[] {
  let cur: JSONValue[] = [root];
  for (const seg of segs) {
    const next: JSONValue[] = [];
    for (const v of cur) step(seg, v, next, root);
    cur = next;
  }
  return cur;
}

/** Append to `out` what one segment names in `v`. */
function step(seg: Seg, v: JSONValue, out: JSONValue[], root: JSONValue) {
  switch (seg.kind) {
    case "name":
      if (isObj(v) && hasOwn.call(v, seg.name)) out.push(v[seg.name]);
      return;
    case "index": {
      if (!Array.isArray(v)) return;
      const i = seg.index < 0 ? v.length + seg.index : seg.index;
      if (i >= 0 && i < v.length) out.push(v[i]);
      return;
    }
    case "wild":
      if (Array.isArray(v)) out.push(...v);
      else if (isObj(v)) for (const k in v) out.push(v[k]);
      return;
    case "slice":
      if (Array.isArray(v)) slice(seg, v, out);
      return;
    case "union":
      for (const item of seg.items)
        step(typeof item === "number" ? { kind: "index", index: item } : { kind: "name", name: item }, v, out, root);
      return;
    case "filter":
      if (Array.isArray(v)) {
        for (const x of v) if (test(seg.filter, x, root)) out.push(x);
      } else if (isObj(v) && test(seg.filter, v, root)) out.push(v);
      return;
    case "deep":
      deep(seg.seg, v, out, root);
      return;
    case "length":
      if (Array.isArray(v)) out.push(v.length);
      else if (isObj(v)) out.push(Object.keys(v).length);
      else if (typeof v === "string") out.push(v.length);
      return;
  }
}

function slice(seg: { start?: number; end?: number; step: number }, v: JSONValue[], out: JSONValue[]) {
  const len = v.length;
  const norm = (x: number | undefined, dflt: number) => (x === undefined ? dflt : x < 0 ? Math.max(0, len + x) : Math.min(len, x));
  if (seg.step > 0) for (let i = norm(seg.start, 0); i < norm(seg.end, len); i += seg.step) out.push(v[i]);
  else for (let i = norm(seg.start, len) - 1; i >= norm(seg.end, 0); i += seg.step) out.push(v[i]);
}

function deep(seg: Seg, v: JSONValue, out: JSONValue[], root: JSONValue, depth = 0) {
  if (depth > 512) throw new PathSyntaxError("value nested too deeply for '..'");
  step(seg, v, out, root);
  if (Array.isArray(v)) for (const x of v) deep(seg, x, out, root, depth + 1);
  else if (isObj(v)) for (const k in v) deep(seg, v[k], out, root, depth + 1);
}

function operandValue(operand: Operand, cur: JSONValue, root: JSONValue): { ok: boolean; v?: JSONValue } {
  if ("lit" in operand) return { ok: true, v: operand.lit };
  const vals = queryAll(operand.rel, operand.root ? root : cur);
  return vals.length ? { ok: true, v: vals[0] } : { ok: false };
}

/** Whether a filter expression holds for the node `cur`. */
function test(filter: Filter, cur: JSONValue, root: JSONValue): boolean {
  switch (filter.op) {
    case "exists":
      return queryAll(filter.path, filter.root ? root : cur).length > 0;
    case "not":
      return !test(filter.operand, cur, root);
    case "and":
      return test(filter.left, cur, root) && test(filter.right, cur, root);
    case "or":
      return test(filter.left, cur, root) || test(filter.right, cur, root);
    case "cmp": {
      const left = operandValue(filter.left, cur, root);
      if (filter.regex) return left.ok && typeof left.v === "string" && filter.regex.test(left.v);
      const right = operandValue(filter.right, cur, root);
      if (!left.ok || !right.ok) return filter.cmp === "!=" && left.ok !== right.ok;
      return compare(filter.cmp, left.v as JSONValue, right.v as JSONValue);
    }
  }
}

function compare(cmp: string, a: JSONValue, b: JSONValue): boolean {
  switch (cmp) {
    case "==":
      return jsonEqual(a, b);
    case "!=":
      return !jsonEqual(a, b);
    case "=~":
      return typeof a === "string" && typeof b === "string" && dynamicRegex(b).test(a);
    default: {
      if (!((typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string"))) return false;
      if (cmp === "<") return a < b;
      if (cmp === "<=") return a <= b;
      if (cmp === ">") return a > b;
      return a >= b;
    }
  }
}

/** Patterns read from the data (`@.a =~ $.pattern`), compiled once each; a few hundred at most. */
const dynamic = new Map<string, Matcher>();

/** A pattern from the data: RE2, so linear in the text; one RE2 cannot run is a States.Runtime error. */
function dynamicRegex(pattern: string): Matcher {
  let m = dynamic.get(pattern);
  if (m === undefined) {
    try {
      m = compileRegex(pattern);
    } catch (e) {
      throw new StatesError("States.Runtime", (e as Error).message);
    }
    if (dynamic.size >= 256) dynamic.clear();
    dynamic.set(pattern, m);
  }
  return m;
}

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: JSONValue, b: JSONValue): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!hasOwn.call(b, k) || !jsonEqual(a[k], (b as JSONObject)[k])) return false;
  return true;
}
