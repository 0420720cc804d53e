/**
 * JSONPath as Step Functions evaluates it (Jayway semantics): a path is parsed once into segments,
 * then evaluated without any string work. A definite path (names and indexes only) yields one value
 * or nothing; an indefinite one (wildcard, slice, union, filter, deep scan) yields a list.
 */
import type { JSONValue, JSONObject } from "./types.ts";

export class PathSyntaxError extends Error {}

type Filter =
  | { op: "exists"; path: Seg[] }
  | { op: "not"; a: Filter }
  | { op: "and" | "or"; a: Filter; b: Filter }
  | { op: "cmp"; cmp: string; l: Operand; r: Operand };
type Operand = { lit: JSONValue } | { rel: Seg[]; root: boolean };

export type Seg =
  | { k: "name"; name: string }
  | { k: "index"; i: number }
  | { k: "wild" }
  | { k: "slice"; start?: number; end?: number; step: number }
  | { k: "union"; items: (string | number)[] }
  | { k: "filter"; f: Filter }
  | { k: "deep"; seg: Seg }
  | { k: "length" };

export interface CompiledPath {
  readonly src: string;
  /** True when the path names at most one value. */
  readonly definite: boolean;
  readonly segs: Seg[];
  /** Names and indexes only (a reference path, usable as ResultPath). */
  readonly reference: boolean;
  /** Canonical Jayway form, e.g. `$['a'][0]`, for error messages. */
  readonly canonical: string;
}

const MAX_PATH_LENGTH = 4096;

/** Parse a path that starts with `$` (or `@` inside a filter). Throws PathSyntaxError. */
export function compilePath(src: string): CompiledPath {
  if (typeof src !== "string") throw new PathSyntaxError("a path must be a string");
  if (src.length > MAX_PATH_LENGTH) throw new PathSyntaxError(`path longer than ${MAX_PATH_LENGTH} characters`);
  const p = new Parser(src);
  const segs = p.parseRoot("$");
  const definite = segs.every((s) => s.k === "name" || s.k === "index" || s.k === "length");
  const reference = segs.every((s) => s.k === "name" || s.k === "index");
  return { src, definite, segs, reference, canonical: canonical(segs) };
}

function canonical(segs: Seg[]): string {
  let out = "$";
  for (const s of segs) {
    if (s.k === "name") out += `['${s.name}']`;
    else if (s.k === "index") out += `[${s.i}]`;
    else if (s.k === "wild") out += "[*]";
    else if (s.k === "length") out += ".length()";
    else if (s.k === "deep") out += ".." + canonical([s.seg]).slice(1);
    else if (s.k === "slice") out += `[${s.start ?? ""}:${s.end ?? ""}]`;
    else if (s.k === "union") out += `[${s.items.map((x) => (typeof x === "number" ? x : `'${x}'`)).join(",")}]`;
    else out += "[?]";
  }
  return out;
}

class Parser {
  i = 0;
  private readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  parseRoot(root: "$" | "@"): Seg[] {
    const s = this.s;
    if (s[this.i] !== root) throw new PathSyntaxError(`path must start with '${root}'`);
    this.i++;
    const segs: Seg[] = [];
    while (this.i < s.length) {
      const c = s[this.i];
      if (root === "@" && !(c === "." || c === "[")) break;
      if (c === ".") {
        if (s[this.i + 1] === ".") {
          this.i += 2;
          if (s[this.i] === "[") segs.push({ k: "deep", seg: this.bracket() });
          else if (s[this.i] === "*") {
            this.i++;
            segs.push({ k: "deep", seg: { k: "wild" } });
          } else segs.push({ k: "deep", seg: { k: "name", name: this.ident() } });
          continue;
        }
        this.i++;
        if (s[this.i] === "*") {
          this.i++;
          segs.push({ k: "wild" });
          continue;
        }
        const name = this.ident();
        if (name === "length" && s.startsWith("()", this.i)) {
          this.i += 2;
          segs.push({ k: "length" });
          continue;
        }
        segs.push({ k: "name", name });
      } else if (c === "[") {
        segs.push(this.bracket());
      } else {
        throw new PathSyntaxError(`unexpected '${c}' at position ${this.i}`);
      }
    }
    return segs;
  }

  private ident(): string {
    const s = this.s;
    const start = this.i;
    while (this.i < s.length && !".[]()'\" =!<>&|,".includes(s[this.i])) this.i++;
    if (this.i === start) throw new PathSyntaxError(`expected a field name at position ${start}`);
    return s.slice(start, this.i);
  }

  private ws() {
    while (this.s[this.i] === " ") this.i++;
  }

  private quoted(): string {
    const s = this.s;
    const q = s[this.i++];
    let out = "";
    while (this.i < s.length && s[this.i] !== q) {
      // Only the delimiting quote can be escaped; any other backslash is part of the name.
      if (s[this.i] === "\\" && s[this.i + 1] === q) this.i++;
      out += s[this.i++];
    }
    if (s[this.i] !== q) throw new PathSyntaxError("unterminated string in path");
    this.i++;
    return out;
  }

  private int(): number | undefined {
    const s = this.s;
    const start = this.i;
    if (s[this.i] === "-") this.i++;
    while (this.i < s.length && s[this.i] >= "0" && s[this.i] <= "9") this.i++;
    if (this.i === start) return undefined;
    const n = Number(s.slice(start, this.i));
    if (!Number.isInteger(n)) throw new PathSyntaxError(`bad number at position ${start}`);
    return n;
  }

  private expect(c: string) {
    this.ws();
    if (this.s[this.i] !== c) throw new PathSyntaxError(`expected '${c}' at position ${this.i}`);
    this.i++;
  }

  private bracket(): Seg {
    const s = this.s;
    this.i++; // [
    this.ws();
    const c = s[this.i];
    let seg: Seg;
    if (c === "*") {
      this.i++;
      seg = { k: "wild" };
    } else if (c === "?") {
      this.i++;
      this.expect("(");
      const f = this.orExpr();
      this.expect(")");
      seg = { k: "filter", f };
    } else if (c === "'" || c === '"') {
      const items: string[] = [this.quoted()];
      this.ws();
      while (s[this.i] === ",") {
        this.i++;
        this.ws();
        items.push(this.quoted());
        this.ws();
      }
      seg = items.length === 1 ? { k: "name", name: items[0] } : { k: "union", items };
    } else {
      const a = this.int();
      this.ws();
      if (s[this.i] === ":") {
        this.i++;
        this.ws();
        const b = this.int();
        let step = 1;
        this.ws();
        if (s[this.i] === ":") {
          this.i++;
          step = this.int() ?? 1;
          if (step === 0) throw new PathSyntaxError("slice step cannot be 0");
        }
        seg = { k: "slice", start: a, end: b, step };
      } else if (a === undefined) {
        throw new PathSyntaxError(`bad bracket expression at position ${this.i}`);
      } else if (s[this.i] === ",") {
        const items: number[] = [a];
        while (s[this.i] === ",") {
          this.i++;
          this.ws();
          const n = this.int();
          if (n === undefined) throw new PathSyntaxError(`expected an index at position ${this.i}`);
          items.push(n);
          this.ws();
        }
        seg = { k: "union", items };
      } else seg = { k: "index", i: a };
    }
    this.expect("]");
    return seg;
  }

  private orExpr(): Filter {
    let a = this.andExpr();
    for (;;) {
      this.ws();
      if (!this.s.startsWith("||", this.i)) return a;
      this.i += 2;
      a = { op: "or", a, b: this.andExpr() };
    }
  }

  private andExpr(): Filter {
    let a = this.unary();
    for (;;) {
      this.ws();
      if (!this.s.startsWith("&&", this.i)) return a;
      this.i += 2;
      a = { op: "and", a, b: this.unary() };
    }
  }

  private unary(): Filter {
    this.ws();
    const s = this.s;
    if (s[this.i] === "!" && s[this.i + 1] !== "=") {
      this.i++;
      return { op: "not", a: this.unary() };
    }
    if (s[this.i] === "(") {
      this.i++;
      const f = this.orExpr();
      this.expect(")");
      return f;
    }
    const l = this.operand();
    this.ws();
    const m = /^(==|!=|<=|>=|<|>|=~)/.exec(s.slice(this.i));
    if (!m) {
      if ("lit" in l) throw new PathSyntaxError("a filter needs a comparison or a path");
      return { op: "exists", path: l.rel };
    }
    this.i += m[1].length;
    return { op: "cmp", cmp: m[1], l, r: this.operand() };
  }

  private operand(): Operand {
    this.ws();
    const s = this.s;
    const c = s[this.i];
    if (c === "@" || c === "$") {
      const sub = new Parser(s);
      sub.i = this.i;
      const rel = sub.parseRoot(c);
      this.i = sub.i;
      return { rel, root: c === "$" };
    }
    if (c === "'" || c === '"') return { lit: this.quoted() };
    if (c === "/") {
      const end = s.indexOf("/", this.i + 1);
      if (end < 0) throw new PathSyntaxError("unterminated regular expression");
      const lit = s.slice(this.i + 1, end);
      this.i = end + 1;
      while (/[a-z]/.test(s[this.i] ?? "")) this.i++;
      return { lit };
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.slice(this.i));
    if (!m) throw new PathSyntaxError(`bad filter operand at position ${this.i}`);
    this.i += m[1].length;
    return { lit: JSON.parse(m[1]) };
  }
}

const isObj = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);
const hasOwn = Object.prototype.hasOwnProperty;

/** Evaluate a definite path: the value, or undefined when it names nothing. */
export function getDefinite(segs: Seg[], root: JSONValue): JSONValue | undefined {
  let cur: JSONValue | undefined = root;
  for (let n = 0; n < segs.length; n++) {
    const s = segs[n];
    if (s.k === "name") {
      if (!isObj(cur) || !hasOwn.call(cur, s.name)) return undefined;
      cur = cur[s.name];
    } else if (s.k === "index") {
      if (!Array.isArray(cur)) return undefined;
      const i: number = s.i < 0 ? cur.length + s.i : s.i;
      if (i < 0 || i >= cur.length) return undefined;
      cur = cur[i];
    } else if (s.k === "length") {
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
  for (const s of segs) {
    const next: JSONValue[] = [];
    for (const v of cur) step(s, v, next, root);
    cur = next;
  }
  return cur;
}

function step(s: Seg, v: JSONValue, out: JSONValue[], root: JSONValue) {
  switch (s.k) {
    case "name":
      if (isObj(v) && hasOwn.call(v, s.name)) out.push(v[s.name]);
      return;
    case "index": {
      if (!Array.isArray(v)) return;
      const i = s.i < 0 ? v.length + s.i : s.i;
      if (i >= 0 && i < v.length) out.push(v[i]);
      return;
    }
    case "wild":
      if (Array.isArray(v)) out.push(...v);
      else if (isObj(v)) for (const k in v) out.push(v[k]);
      return;
    case "slice": {
      if (!Array.isArray(v)) return;
      const len = v.length;
      const norm = (x: number | undefined, d: number) =>
        x === undefined ? d : x < 0 ? Math.max(0, len + x) : Math.min(len, x);
      if (s.step > 0) for (let i = norm(s.start, 0); i < norm(s.end, len); i += s.step) out.push(v[i]);
      else for (let i = norm(s.start, len) - 1; i >= norm(s.end, 0); i += s.step) out.push(v[i]);
      return;
    }
    case "union":
      for (const it of s.items) step(typeof it === "number" ? { k: "index", i: it } : { k: "name", name: it }, v, out, root);
      return;
    case "filter":
      if (Array.isArray(v)) {
        for (const x of v) if (test(s.f, x, root)) out.push(x);
      } else if (isObj(v) && test(s.f, v, root)) out.push(v);
      return;
    case "deep":
      deep(s.seg, v, out, root);
      return;
    case "length":
      if (Array.isArray(v)) out.push(v.length);
      else if (isObj(v)) out.push(Object.keys(v).length);
      else if (typeof v === "string") out.push(v.length);
      return;
  }
}

function deep(seg: Seg, v: JSONValue, out: JSONValue[], root: JSONValue, depth = 0) {
  if (depth > 512) throw new PathSyntaxError("value nested too deeply for '..'");
  step(seg, v, out, root);
  if (Array.isArray(v)) for (const x of v) deep(seg, x, out, root, depth + 1);
  else if (isObj(v)) for (const k in v) deep(seg, v[k], out, root, depth + 1);
}

function operandValue(o: Operand, cur: JSONValue, root: JSONValue): { ok: boolean; v?: JSONValue } {
  if ("lit" in o) return { ok: true, v: o.lit };
  const vals = queryAll(o.rel, o.root ? root : cur);
  return vals.length ? { ok: true, v: vals[0] } : { ok: false };
}

function test(f: Filter, cur: JSONValue, root: JSONValue): boolean {
  switch (f.op) {
    case "exists":
      return queryAll(f.path, cur).length > 0;
    case "not":
      return !test(f.a, cur, root);
    case "and":
      return test(f.a, cur, root) && test(f.b, cur, root);
    case "or":
      return test(f.a, cur, root) || test(f.b, cur, root);
    case "cmp": {
      const l = operandValue(f.l, cur, root);
      const r = operandValue(f.r, cur, root);
      if (!l.ok || !r.ok) return f.cmp === "!=" && l.ok !== r.ok;
      const a = l.v as JSONValue;
      const b = r.v as JSONValue;
      switch (f.cmp) {
        case "==":
          return jsonEqual(a, b);
        case "!=":
          return !jsonEqual(a, b);
        case "=~":
          return typeof a === "string" && typeof b === "string" && new RegExp(b).test(a);
        default: {
          if (!((typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string")))
            return false;
          if (f.cmp === "<") return a < b;
          if (f.cmp === "<=") return a <= b;
          if (f.cmp === ">") return a > b;
          return a >= b;
        }
      }
    }
  }
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
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!hasOwn.call(b, k) || !jsonEqual(a[k], (b as JSONObject)[k])) return false;
  return true;
}

/**
 * Return a copy of `root` with `value` written at the reference path, copying only the objects
 * along the path and creating missing ones. Returns undefined when the path runs through a value
 * that cannot hold a field (a string, a number, ...).
 */
export function setAtPath(segs: Seg[], root: JSONValue, value: JSONValue): JSONValue | undefined {
  if (segs.length === 0) return value;
  return setRec(segs, 0, root, value);
}

function setRec(segs: Seg[], n: number, cur: JSONValue | undefined, value: JSONValue): JSONValue | undefined {
  const s = segs[n];
  const last = n === segs.length - 1;
  if (s.k === "name") {
    if (cur !== undefined && !isObj(cur)) return undefined;
    const copy: JSONObject = cur ? { ...cur } : {};
    const v = last ? value : setRec(segs, n + 1, copy[s.name], value);
    if (v === undefined) return undefined;
    copy[s.name] = v;
    return copy;
  }
  if (s.k === "index") {
    if (!Array.isArray(cur)) return undefined;
    const i = s.i < 0 ? cur.length + s.i : s.i;
    if (i < 0 || i >= cur.length) return undefined;
    const copy = cur.slice();
    const v = last ? value : setRec(segs, n + 1, copy[i], value);
    if (v === undefined) return undefined;
    copy[i] = v;
    return copy;
  }
  return undefined;
}
