/**
 * Parser of intrinsic calls: `States.Name(arg, ...)`. Arguments are string literals in single
 * quotes (escapes \' \{ \} \\ only), JSON numbers, true/false/null, paths ($..., $$..., $var)
 * and nested calls. Runs once per expression, at definition time.
 */
import type { JSONValue } from "../types.ts";
import { IntrinsicSyntaxError } from "./errors.ts";

export type Node = CallNode | LiteralNode | PathNode;
export interface CallNode {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly Node[];
  readonly position: number;
}
export interface LiteralNode {
  readonly kind: "literal";
  readonly value: JSONValue;
  /** String literals only: the text between the quotes, escapes kept. */
  readonly raw?: string;
}
export interface PathNode {
  readonly kind: "path";
  readonly path: string;
  readonly position: number;
}

const NAME = /[A-Za-z0-9]/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WS = /[ \t\n\r]/;
/** Deeper nesting than this is surely a mistake; it also keeps the recursion bounded. */
const MAX_DEPTH = 64;

/** Parse one whole intrinsic call; throws IntrinsicSyntaxError saying what is wrong and where. */
export function parseIntrinsic(expr: string): CallNode {
  const p = new Parser(expr);
  const call = p.call(0);
  p.ws();
  if (p.i < expr.length) p.fail(`Unexpected ${JSON.stringify(expr.slice(p.i, p.i + 10))} after the closing parenthesis`);
  return call;
}

class Parser {
  readonly s: string;
  i = 0;
  constructor(s: string) {
    this.s = s;
  }

  fail(message: string, at = this.i): never {
    throw new IntrinsicSyntaxError(message, this.s, at);
  }

  ws(): void {
    while (this.i < this.s.length && WS.test(this.s[this.i])) this.i++;
  }

  call(depth: number): CallNode {
    const s = this.s;
    const start = this.i;
    if (depth > MAX_DEPTH) this.fail(`Intrinsic calls nested deeper than ${MAX_DEPTH}`);
    if (!s.startsWith("States.", start)) this.fail("Expected an intrinsic function call such as States.Format(...)");
    this.i += 7;
    while (this.i < s.length && NAME.test(s[this.i])) this.i++;
    const name = s.slice(start, this.i);
    if (name.length === 7) this.fail("Expected a function name after 'States.'");
    this.ws();
    if (s[this.i] !== "(") this.fail(`Expected '(' after ${name}`);
    this.i++;
    this.ws();
    const args: Node[] = [];
    if (s[this.i] === ")") {
      this.i++;
      return { kind: "call", name, args, position: start };
    }
    for (;;) {
      args.push(this.arg(depth));
      this.ws();
      const c = s[this.i];
      if (c === ",") {
        this.i++;
        this.ws();
      } else if (c === ")") {
        this.i++;
        return { kind: "call", name, args, position: start };
      } else {
        this.fail(c === undefined ? `Missing ')' to close ${name}(` : `Expected ',' or ')' in the arguments of ${name}`);
      }
    }
  }

  arg(depth: number): Node {
    const s = this.s;
    const c = s[this.i];
    if (c === "'") return this.string();
    if (c === "$") return this.path();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    if (s.startsWith("States.", this.i)) return this.call(depth + 1);
    for (const [word, value] of KEYWORDS) {
      if (s.startsWith(word, this.i) && this.atEnd(this.i + word.length)) {
        this.i += word.length;
        return { kind: "literal", value };
      }
    }
    if (c === '"') this.fail("String literals take single quotes: 'text'");
    const missing = c === undefined || c === ")" || c === ",";
    this.fail(missing ? "Missing argument" : `Unexpected ${JSON.stringify(c)} where an argument was expected`);
  }

  /** True when an argument token may end at j. */
  atEnd(j: number): boolean {
    const c = this.s[j];
    return c === undefined || c === "," || c === ")" || WS.test(c);
  }

  string(): LiteralNode {
    const s = this.s;
    const start = ++this.i;
    let value = "";
    let from = start;
    for (;;) {
      const c = s[this.i];
      if (c === undefined) this.fail("Unterminated string literal", start - 1);
      if (c === "'") break;
      if (c === "\\") {
        const e = s[this.i + 1];
        if (e !== "'" && e !== "\\" && e !== "{" && e !== "}") {
          this.fail(`Unsupported escape '\\${e ?? ""}' in a string literal (allowed: \\' \\{ \\} \\\\)`);
        }
        value += s.slice(from, this.i) + e;
        this.i += 2;
        from = this.i;
      } else {
        this.i++;
      }
    }
    value += s.slice(from, this.i);
    const raw = s.slice(start, this.i);
    this.i++;
    return { kind: "literal", value, raw };
  }

  number(): LiteralNode {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m || !this.atEnd(this.i + m[0].length)) this.fail("Malformed number");
    this.i += m[0].length;
    const value = Number(m[0]);
    return { kind: "literal", value: value === 0 ? 0 : value };
  }

  /** A path runs to the next top-level ',' ')' or space; brackets may hold anything. */
  path(): PathNode {
    const s = this.s;
    const start = this.i;
    let depth = 0;
    let quote = "";
    for (; this.i < s.length; this.i++) {
      const c = s[this.i];
      if (quote) {
        if (c === "\\") this.i++;
        else if (c === quote) quote = "";
      } else if (depth > 0 && (c === "'" || c === '"')) {
        quote = c;
      } else if (c === "[") {
        depth++;
      } else if (c === "]") {
        depth--;
      } else if (depth === 0 && (c === "," || c === ")" || WS.test(c))) {
        break;
      }
    }
    if (depth !== 0 || quote) this.fail("Unterminated '[' in a path", start);
    return { kind: "path", path: s.slice(start, this.i), position: start };
  }
}

const KEYWORDS: readonly (readonly [string, JSONValue])[] = [
  ["true", true],
  ["false", false],
  ["null", null],
];
