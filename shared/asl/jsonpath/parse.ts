/** The JSONPath parser: a path's text, once, into segments (see syntax.ts). */
import { compileRegex } from "../eval/regex.ts";
import { canonical, PathSyntaxError, type CompiledPath, type Filter, type Operand, type Seg } from "./syntax.ts";

const MAX_PATH_LENGTH = 4096;

// Parsed paths by text: a definition repeats its paths (`$.order.id` in state after state), and a
// compiled path is never changed once made, so states share one. Bounded: cleared when full.
const PARSED = new Map<string, CompiledPath>();
const MAX_PARSED = 4096;

/** Parse a path that starts with `$` (or `@` inside a filter). Throws PathSyntaxError. */
export function compilePath(src: string): CompiledPath {
  if (typeof src !== "string") throw new PathSyntaxError("a path must be a string");
  const known = PARSED.get(src);
  if (known !== undefined) return known;
  if (src.length > MAX_PATH_LENGTH) throw new PathSyntaxError(`path longer than ${MAX_PATH_LENGTH} characters`);
  const segs = new Parser(src).parseRoot("$");
  const definite = segs.every((seg) => seg.kind === "name" || seg.kind === "index" || seg.kind === "length");
  const reference = segs.every((seg) => seg.kind === "name" || seg.kind === "index");
  const path: CompiledPath = { src, definite, segs, reference, canonical: canonical(segs) };
  if (PARSED.size >= MAX_PARSED) PARSED.clear();
  PARSED.set(src, path);
  return path;
}

class Parser {
  /** The position of the next character to read. */
  pos = 0;
  private readonly src: string;
  constructor(src: string) {
    this.src = src;
  }

  /** `nested`: a path inside a filter (`@...` or `$...`), which ends where its segments end. */
  parseRoot(root: "$" | "@", nested = root === "@"): Seg[] {
    const src = this.src;
    if (src[this.pos] !== root) throw new PathSyntaxError(`path must start with '${root}'`);
    this.pos++;
    const segs: Seg[] = [];
    while (this.pos < src.length) {
      const ch = src[this.pos];
      if (nested && !(ch === "." || ch === "[")) break;
      if (ch === ".") segs.push(src[this.pos + 1] === "." ? this.deepScan() : this.dotted());
      else if (ch === "[") segs.push(this.bracket());
      else throw new PathSyntaxError(`unexpected '${ch}' at position ${this.pos}`);
    }
    return segs;
  }

  /** `..name`, `..*` or `..[...]`. */
  private deepScan(): Seg {
    this.pos += 2;
    if (this.src[this.pos] === "[") return { kind: "deep", seg: this.bracket() };
    if (this.src[this.pos] === "*") {
      this.pos++;
      return { kind: "deep", seg: { kind: "wild" } };
    }
    return { kind: "deep", seg: { kind: "name", name: this.ident() } };
  }

  /** `.name`, `.*`, `.length()`, or `.[...]`, which Jayway (AWS's JSONPath) reads as `[...]`. */
  private dotted(): Seg {
    this.pos++;
    if (this.src[this.pos] === "[") return this.bracket();
    if (this.src[this.pos] === "*") {
      this.pos++;
      return { kind: "wild" };
    }
    const name = this.ident();
    if (name === "length" && this.src.startsWith("()", this.pos)) {
      this.pos += 2;
      return { kind: "length" };
    }
    return { kind: "name", name };
  }

  private ident(): string {
    const src = this.src;
    const start = this.pos;
    while (this.pos < src.length && !".[]()'\" =!<>&|,".includes(src[this.pos])) this.pos++;
    if (this.pos === start) throw new PathSyntaxError(`expected a field name at position ${start}`);
    return src.slice(start, this.pos);
  }

  private skipSpaces() {
    while (this.src[this.pos] === " ") this.pos++;
  }

  private quoted(): string {
    const src = this.src;
    const quote = src[this.pos++];
    let out = "";
    while (this.pos < src.length && src[this.pos] !== quote) {
      // Only the delimiting quote can be escaped; any other backslash is part of the name.
      if (src[this.pos] === "\\" && src[this.pos + 1] === quote) this.pos++;
      out += src[this.pos++];
    }
    if (src[this.pos] !== quote) throw new PathSyntaxError("unterminated string in path");
    this.pos++;
    return out;
  }

  private int(): number | undefined {
    const src = this.src;
    const start = this.pos;
    if (src[this.pos] === "-") this.pos++;
    while (this.pos < src.length && src[this.pos] >= "0" && src[this.pos] <= "9") this.pos++;
    if (this.pos === start) return undefined;
    const n = Number(src.slice(start, this.pos));
    if (!Number.isInteger(n)) throw new PathSyntaxError(`bad number at position ${start}`);
    return n;
  }

  private expect(ch: string) {
    this.skipSpaces();
    if (this.src[this.pos] !== ch) throw new PathSyntaxError(`expected '${ch}' at position ${this.pos}`);
    this.pos++;
  }

  /** `[...]`: a wildcard, a filter, quoted names, or indexes and slices. */
  private bracket(): Seg {
    this.pos++; // [
    this.skipSpaces();
    const ch = this.src[this.pos];
    let seg: Seg;
    if (ch === "*") {
      this.pos++;
      seg = { kind: "wild" };
    } else if (ch === "?") {
      this.pos++;
      this.expect("(");
      const filter = this.orExpr();
      this.expect(")");
      seg = { kind: "filter", filter };
    } else if (ch === "'" || ch === '"') seg = this.names();
    else seg = this.indexes();
    this.expect("]");
    return seg;
  }

  /** `['a']` or the union `['a','b']`. */
  private names(): Seg {
    const items: string[] = [this.quoted()];
    this.skipSpaces();
    while (this.src[this.pos] === ",") {
      this.pos++;
      this.skipSpaces();
      items.push(this.quoted());
      this.skipSpaces();
    }
    return items.length === 1 ? { kind: "name", name: items[0] } : { kind: "union", items };
  }

  /** `[0]`, the slice `[start:end:step]`, or the union `[0,1]`. */
  private indexes(): Seg {
    const src = this.src;
    const first = this.int();
    this.skipSpaces();
    if (src[this.pos] === ":") {
      this.pos++;
      this.skipSpaces();
      const end = this.int();
      let step = 1;
      this.skipSpaces();
      if (src[this.pos] === ":") {
        this.pos++;
        step = this.int() ?? 1;
        if (step === 0) throw new PathSyntaxError("slice step cannot be 0");
      }
      return { kind: "slice", start: first, end, step };
    }
    if (first === undefined) throw new PathSyntaxError(`bad bracket expression at position ${this.pos}`);
    if (src[this.pos] !== ",") return { kind: "index", index: first };
    const items: number[] = [first];
    while (src[this.pos] === ",") {
      this.pos++;
      this.skipSpaces();
      const n = this.int();
      if (n === undefined) throw new PathSyntaxError(`expected an index at position ${this.pos}`);
      items.push(n);
      this.skipSpaces();
    }
    return { kind: "union", items };
  }

  private orExpr(): Filter {
    let left = this.andExpr();
    for (;;) {
      this.skipSpaces();
      if (!this.src.startsWith("||", this.pos)) return left;
      this.pos += 2;
      left = { op: "or", left, right: this.andExpr() };
    }
  }

  private andExpr(): Filter {
    let left = this.unary();
    for (;;) {
      this.skipSpaces();
      if (!this.src.startsWith("&&", this.pos)) return left;
      this.pos += 2;
      left = { op: "and", left, right: this.unary() };
    }
  }

  private unary(): Filter {
    this.skipSpaces();
    const src = this.src;
    if (src[this.pos] === "!" && src[this.pos + 1] !== "=") {
      this.pos++;
      return { op: "not", operand: this.unary() };
    }
    if (src[this.pos] === "(") {
      this.pos++;
      const inner = this.orExpr();
      this.expect(")");
      return inner;
    }
    const left = this.operand();
    this.skipSpaces();
    const match = /^(==|!=|<=|>=|<|>|=~)/.exec(src.slice(this.pos));
    if (!match) {
      if ("lit" in left) throw new PathSyntaxError("a filter needs a comparison or a path");
      return { op: "exists", path: left.rel, root: left.root };
    }
    this.pos += match[1].length;
    const right = this.operand();
    if (match[1] !== "=~" || !("lit" in right) || typeof right.lit !== "string") return { op: "cmp", cmp: match[1], left, right };
    // A pattern written in the path is compiled once, and refused with the path if RE2 cannot run it.
    try {
      return { op: "cmp", cmp: match[1], left, right, regex: compileRegex(right.lit) };
    } catch (e) {
      throw new PathSyntaxError((e as Error).message);
    }
  }

  private operand(): Operand {
    this.skipSpaces();
    const src = this.src;
    const ch = src[this.pos];
    if (ch === "@" || ch === "$") {
      const sub = new Parser(src);
      sub.pos = this.pos;
      const rel = sub.parseRoot(ch, true);
      this.pos = sub.pos;
      return { rel, root: ch === "$" };
    }
    if (ch === "'" || ch === '"') return { lit: this.quoted() };
    if (ch === "/") {
      const end = src.indexOf("/", this.pos + 1);
      if (end < 0) throw new PathSyntaxError("unterminated regular expression");
      const lit = src.slice(this.pos + 1, end);
      this.pos = end + 1;
      while (/[a-z]/.test(src[this.pos] ?? "")) this.pos++;
      return { lit };
    }
    const match = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(src.slice(this.pos));
    if (!match) throw new PathSyntaxError(`bad filter operand at position ${this.pos}`);
    this.pos += match[1].length;
    return { lit: JSON.parse(match[1]) };
  }
}
