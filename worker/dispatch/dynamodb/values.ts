/**
 * DynamoDB attribute values ({"S": "x"}, {"N": "1.5"}, {"M": {...}}, ...): checked, compared and
 * encoded as AWS does. Numbers are exact decimals (38 digits, exponent -130..+125), never floats;
 * strings and binaries compare by their UTF-8 / raw bytes. A key value's encoding is a text whose
 * byte order (SQLite's BINARY collation) is the value's DynamoDB order.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";

export type AV = JSONObject;
export type Item = Record<string, AV>;

const TYPES = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"] as const;
export type AVType = (typeof TYPES)[number];

export const typeOf = (v: AV): AVType => Object.keys(v)[0] as AVType;
const isObj = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** A decimal m × 10^e, exact. */
export type Dec = { m: bigint; e: number };

const NUMBER = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** The decimal a DynamoDB number string names, or why it is not one (AWS's range and precision). */
export function parseNumber(s: string): Dec | string {
  const m = NUMBER.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return `The parameter cannot be converted to a numeric value: ${s}`;
  let digits = (m[2] + (m[3] ?? "")).replace(/^0+/, "");
  let e = Number(m[4] ?? "0") - (m[3] ?? "").length;
  if (digits === "") return { m: 0n, e: 0 };
  const trailing = digits.length - digits.replace(/0+$/, "").length;
  digits = digits.slice(0, digits.length - trailing);
  e += trailing;
  if (digits.length > 38) return `Attempting to store more than 38 significant digits in a Number`;
  const magnitude = digits.length + e; // the value is 0.d1d2... × 10^magnitude
  if (magnitude > 126) return "Number overflow. Attempting to store a number with magnitude larger than supported range";
  if (magnitude < -129) return "Number underflow. Attempting to store a number with magnitude smaller than supported range";
  return { m: BigInt(m[1] === "-" ? `-${digits}` : digits), e };
}

export function decToString(d: Dec): string {
  if (d.m === 0n) return "0";
  const neg = d.m < 0n;
  const digits = (neg ? -d.m : d.m).toString();
  let out: string;
  if (d.e >= 0) out = digits + "0".repeat(d.e);
  else if (-d.e >= digits.length) out = `0.${"0".repeat(-d.e - digits.length)}${digits}`;
  else out = `${digits.slice(0, digits.length + d.e)}.${digits.slice(digits.length + d.e)}`;
  return neg ? `-${out}` : out;
}

const align = (a: Dec, b: Dec): [bigint, bigint, number] => {
  const e = Math.min(a.e, b.e);
  return [a.m * 10n ** BigInt(a.e - e), b.m * 10n ** BigInt(b.e - e), e];
};

export function decAdd(a: Dec, b: Dec, sign: 1 | -1 = 1): Dec | string {
  const [x, y, e] = align(a, b);
  const sum = decToString({ m: sign === 1 ? x + y : x - y, e });
  return parseNumber(sum);
}

export function decCompare(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const num = (s: JSONValue): Dec => parseNumber(s as string) as Dec;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function bytesOf(b64: string): Uint8Array {
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Order of two scalar values of the same type (S, N, B), or null when they cannot be ordered. */
export function compare(a: AV, b: AV): number | null {
  const t = typeOf(a);
  if (t !== typeOf(b)) return null;
  if (t === "N") return decCompare(num(a.N), num(b.N));
  if (t === "S") return compareBytes(utf8(a.S as string), utf8(b.S as string));
  if (t === "B") return compareBytes(bytesOf(a.B as string), bytesOf(b.B as string));
  return null;
}

/** DynamoDB equality: same type and value; numbers by value, sets regardless of order. */
export function equal(a: AV, b: AV): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  const x = a[t];
  const y = b[t];
  switch (t) {
    case "S":
    case "B":
    case "BOOL":
    case "NULL":
      return x === y;
    case "N":
      return decCompare(num(x), num(y)) === 0;
    case "L": {
      const l = x as AV[],
        r = y as AV[];
      return l.length === r.length && l.every((v, i) => equal(v, r[i]));
    }
    case "M": {
      const l = x as Item,
        r = y as Item;
      const keys = Object.keys(l);
      return keys.length === Object.keys(r).length && keys.every((k) => Object.hasOwn(r, k) && equal(l[k], r[k]));
    }
    default: {
      const l = x as string[],
        r = y as string[];
      const el = t.slice(0, 1) as "S" | "N" | "B";
      return l.length === r.length && l.every((v) => r.some((w) => equal({ [el]: v }, { [el]: w })));
    }
  }
}

/** Why a value is not an attribute value (AWS's ValidationException wording where it has one), or null. */
export function avProblem(v: JSONValue, where: string): string | null {
  if (!isObj(v) || Object.keys(v).length !== 1 || !(TYPES as readonly string[]).includes(Object.keys(v)[0]))
    return `One or more parameter values were invalid: ${where} is not an attribute value such as {"S": "text"} or {"N": "1"}`;
  const t = typeOf(v);
  const x = v[t];
  const bad = (what: string) => `One or more parameter values were invalid: ${where}: ${what}`;
  switch (t) {
    case "S":
      return typeof x === "string" ? null : bad("an S value is a string");
    case "N":
      if (typeof x !== "string") return bad("an N value is a string of digits");
      return typeof parseNumber(x) === "string" ? (parseNumber(x) as string) : null;
    case "B":
      return typeof x === "string" && isBase64(x) ? null : bad("a B value is base64 text");
    case "BOOL":
      return typeof x === "boolean" ? null : bad("a BOOL value is true or false");
    case "NULL":
      return x === true ? null : bad("Null attribute value types must have the value of true");
    case "L":
      if (!Array.isArray(x)) return bad("an L value is an array of attribute values");
      for (const [i, e] of x.entries()) {
        const p = avProblem(e, `${where}[${i}]`);
        if (p) return p;
      }
      return null;
    case "M":
      if (!isObj(x)) return bad("an M value is an object of attribute values");
      for (const [k, e] of Object.entries(x)) {
        const p = avProblem(e, `${where}.${k}`);
        if (p) return p;
      }
      return null;
    default:
      return setProblem(t, x, bad);
  }
}

function setProblem(t: AVType, x: JSONValue, bad: (w: string) => string): string | null {
  if (!Array.isArray(x)) return bad(`an ${t} value is an array`);
  if (x.length === 0) return "One or more parameter values were invalid: An string set  may not be empty".replace("string", SET_WORD[t]);
  const el = t.slice(0, 1) as "S" | "N" | "B";
  for (const e of x) {
    const p = avProblem({ [el]: e }, "a set element");
    if (p) return p;
  }
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++)
      if (equal({ [el]: x[i] }, { [el]: x[j] }))
        return `One or more parameter values were invalid: Input collection ${JSON.stringify(x)} contains duplicates.`;
  return null;
}

const SET_WORD: Record<string, string> = { SS: "string", NS: "number", BS: "binary" };
const isBase64 = (s: string): boolean => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0;

/** An item's problem: each attribute a valid value, at most 400 KB (AWS's limit, measured as its JSON). */
export function itemProblem(item: JSONValue, what = "Item"): string | null {
  if (!isObj(item)) return `One or more parameter values were invalid: ${what} must be an object of attribute values`;
  for (const [k, v] of Object.entries(item)) {
    const p = avProblem(v, k);
    if (p) return p;
  }
  if (utf8(JSON.stringify(item)).length > 400 * 1024) return "Item size has exceeded the maximum allowed size";
  return null;
}

/**
 * A key value's sortable text: "S" + the string, "N" + an order-preserving decimal code, "B" + hex
 * of the bytes. Within one type, byte order of the codes is DynamoDB's order of the values.
 */
export function keyCode(v: AV): string {
  const t = typeOf(v);
  if (t === "S") return `S${v.S as string}`;
  if (t === "B") return `B${[...bytesOf(v.B as string)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  return `N${numberCode(num(v.N))}`;
}

/** 0 < 1 < 2 for negative, zero, positive; the exponent, then the digits (complemented when negative). */
function numberCode(d: Dec): string {
  if (d.m === 0n) return "1";
  const neg = d.m < 0n;
  const digits = (neg ? -d.m : d.m).toString();
  const magnitude = digits.length + d.e + 200; // 70..326, three digits
  if (!neg) return `2${String(magnitude).padStart(3, "0")}${digits}`;
  const flipped = [...digits].map((c) => String(9 - Number(c))).join("");
  return `0${String(999 - magnitude).padStart(3, "0")}${flipped}~`;
}
