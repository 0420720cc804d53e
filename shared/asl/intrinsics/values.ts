/**
 * How AWS turns JSON values into text. Its interpreter is Java: numbers print like Java
 * (1.0E-4, not 0.0001), States.Format prints objects like a Java Map (`{a=1, b=[]}`), and
 * States.JsonToString writes compact JSON (Jackson).
 */
import type { JSONObject, JSONValue } from "../types.ts";

/** A number as Java prints it: integers without a fraction, other doubles like Double.toString. */
export function javaNumber(n: number): string {
  if (Number.isInteger(n)) {
    if (n === 0) return "0"; // -0 too: Jackson reads "-0" as the integer 0
    return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  }
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  // Java's computerized scientific notation: at least one fraction digit, no '+' in the exponent.
  const [mantissa, exponent] = n.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exponent.startsWith("+") ? exponent.slice(1) : exponent}`;
}

/** A value as Java's `String.valueOf` prints the equivalent Map/List/String (States.Format, ArrayContains). */
export function javaString(v: JSONValue): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return javaNumber(v);
  if (v === null || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) s += (i ? ", " : "") + javaString(v[i]);
    return s + "]";
  }
  let s = "{";
  let first = true;
  for (const k in v) {
    s += (first ? "" : ", ") + k + "=" + javaString((v as JSONObject)[k]);
    first = false;
  }
  return s + "}";
}

/** Compact JSON as Jackson writes it (numbers like Java). */
export function toJson(v: JSONValue): string {
  if (typeof v === "string") return JSON.stringify(v);
  // JSON.stringify writes the same text whenever every number prints alike in JS and Java; it is
  // much faster than building the text here.
  if (v !== null && typeof v === "object" && stringifiesLikeJava(v, 0)) return JSON.stringify(v);
  return slowJson(v);
}

/** Deeper than this, toJson takes the slow path (which behaves as it always did). */
const MAX_FAST_DEPTH = 200;

/**
 * True when JSON.stringify(v) equals slowJson(v): only strings, booleans, null, arrays, objects and
 * numbers that JS and Java print the same way (integers below 1e21; other numbers in [1e-3, 1e7)).
 * Anything else (undefined, NaN, a hole, a function, an object with another prototype...) sends
 * toJson down the slow path.
 */
function stringifiesLikeJava(v: JSONValue, depth: number): boolean {
  if (typeof v === "string" || typeof v === "boolean" || v === null) return true;
  if (typeof v === "number") return numberLikeJava(v);
  if (typeof v !== "object" || depth > MAX_FAST_DEPTH) return false;
  // strings and numbers in the container are checked in the loop, without a call each (most values are leaves)
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if (typeof e === "string") continue;
      if (typeof e === "number" ? !numberLikeJava(e) : !stringifiesLikeJava(e, depth + 1)) return false;
    }
    return true;
  }
  // for...in (the slow path) also lists inherited keys, JSON.stringify only own ones: plain objects only.
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in v) {
    const e = (v as JSONObject)[k];
    if (typeof e === "string") continue;
    if (typeof e === "number" ? !numberLikeJava(e) : !stringifiesLikeJava(e, depth + 1)) return false;
  }
  return true;
}

/** A number JS and Java print alike: an integer below 1e21, another number in [1e-3, 1e7). */
function numberLikeJava(v: number): boolean {
  if (Number.isInteger(v)) return v < 1e21 && v > -1e21;
  const abs = v < 0 ? -v : v;
  return abs >= 1e-3 && abs < 1e7;
}

function slowJson(v: JSONValue): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return javaNumber(v);
  if (v === null || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) s += (i ? "," : "") + slowJson(v[i]);
    return s + "]";
  }
  let s = "{";
  let first = true;
  for (const k in v) {
    s += (first ? "" : ",") + JSON.stringify(k) + ":" + slowJson((v as JSONObject)[k]);
    first = false;
  }
  return s + "}";
}

/** A key equal for structurally equal values, whatever the order of object keys. */
export function canonicalKey(v: JSONValue): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) s += (i ? "," : "") + canonicalKey(v[i]);
    return s + "]";
  }
  const keys = Object.keys(v).sort();
  let s = "{";
  for (let i = 0; i < keys.length; i++) s += (i ? "," : "") + JSON.stringify(keys[i]) + ":" + canonicalKey(v[keys[i]]);
  return s + "}";
}

export function isObject(v: JSONValue): v is JSONObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
