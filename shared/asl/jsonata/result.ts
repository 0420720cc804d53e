/**
 * A jsonata result as JSON. jsonata hands back parts of its input as they are (shared, never
 * copied here) and arrays of its own that carry flags (`sequence`, `keepSingleton`, ...); those
 * arrays are copied without the flags. -0 becomes 0. A function or a non-finite number has no JSON
 * form: `undefined` is returned for it and the caller names the expression.
 */
import type { JSONObject, JSONValue } from "../types.ts";

/** Marks "no JSON form" while walking: a function or NaN/Infinity somewhere in the value. */
const BAD = Symbol("not JSON");

/** The JSON form of a jsonata result, or undefined when it contains a function or a non-finite number. */
export function toJson(v: unknown): JSONValue | undefined {
  const r = clean(v);
  return r === BAD ? undefined : (r as JSONValue);
}

function clean(v: unknown): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      if (!Number.isFinite(v)) return BAD;
      return v === 0 ? 0 : v;
    case "object":
      if (v === null) return v;
      return Array.isArray(v) ? cleanArray(v) : cleanObject(v as Record<string, unknown>);
    default:
      return BAD; // a function
  }
}

function cleanArray(a: unknown[]): unknown {
  // jsonata's own arrays carry flags as extra properties: copy those, keep plain ones.
  let out: unknown[] | undefined = isFlagged(a) ? a.slice() : undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = x === undefined ? null : clean(x);
    if (y === BAD) return BAD;
    if (y !== x) (out ??= a.slice())[i] = y;
  }
  return out ?? a;
}

function isFlagged(a: unknown[]): boolean {
  const f = a as unknown as Record<string, unknown>;
  return f.sequence !== undefined || f.keepSingleton !== undefined || f.outerWrapper !== undefined || f.tupleStream !== undefined;
}

function cleanObject(object: Record<string, unknown>): unknown {
  // A lambda is an object to jsonata: it has no JSON form.
  if (object._jsonata_lambda === true || object._jsonata_function === true) return BAD;
  let out: JSONObject | undefined;
  for (const k in object) {
    const x = object[k];
    const y = x === undefined ? undefined : clean(x);
    if (y === BAD) return BAD;
    if (y !== x) {
      out ??= { ...(object as JSONObject) };
      if (y === undefined) delete out[k];
      else out[k] = y as JSONValue;
    }
  }
  return out ?? object;
}

/** A deep copy of JSON data (objects and arrays copied, scalars as they are). */
export function copyJson<T>(v: T): T {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(copyJson) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = copyJson((v as Record<string, unknown>)[k]);
    // JSON.parse makes "__proto__" an own key; assigning it would set the copy's prototype instead.
    if (k === "__proto__") Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out as T;
}
