/**
 * DynamoDB's expression languages, parsed exactly as AWS documents them ("Condition and filter
 * expressions, operators, and functions", "Update expressions", "Projection expressions", "Key
 * condition expressions"): document paths (`a.b[0]`, `#n`), values (`:v`), comparators, BETWEEN, IN,
 * AND/OR/NOT with AWS's precedence, the functions, and SET/REMOVE/ADD/DELETE clauses. `#names` and
 * `:values` are resolved while parsing; each one used is recorded so that unused ones can be refused.
 */
import type { JSONObject } from "../../../shared/asl/types.ts";
import { avProblem, type AV } from "./values.ts";

export type Path = (string | number)[];
export type Operand =
  | { k: "path"; path: Path }
  | { k: "value"; v: AV }
  | { k: "size"; path: Path }
  | { k: "if_not_exists"; path: Path; v: Operand }
  | { k: "list_append"; a: Operand; b: Operand }
  | { k: "+" | "-"; a: Operand; b: Operand };
export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";
export type Cond =
  | { k: "cmp"; op: Comparator; a: Operand; b: Operand }
  | { k: "between"; a: Operand; lo: Operand; hi: Operand }
  | { k: "in"; a: Operand; list: Operand[] }
  | { k: "and" | "or"; a: Cond; b: Cond }
  | { k: "not"; a: Cond }
  | { k: "fn"; name: string; args: Operand[] };
export type Update = { set: { path: Path; v: Operand }[]; remove: Path[]; add: { path: Path; v: AV }[]; delete: { path: Path; v: AV }[] };

/** A bad expression: its message is AWS's ValidationException message. */
export class ExpressionError extends Error {}

/** The placeholders of one request, and which of them its expressions used. */
export class Placeholders {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();
  readonly names: Record<string, string>;
  readonly values: Record<string, AV>;
  constructor(names: Record<string, string>, values: Record<string, AV>) {
    this.names = names;
    this.values = values;
  }

  static from(p: JSONObject): Placeholders | string {
    const names = p.ExpressionAttributeNames ?? {};
    const values = p.ExpressionAttributeValues ?? {};
    if (typeof names !== "object" || Array.isArray(names) || names === null) return "ExpressionAttributeNames must be an object";
    if (typeof values !== "object" || Array.isArray(values) || values === null) return "ExpressionAttributeValues must be an object";
    for (const [k, v] of Object.entries(names)) {
      if (!k.startsWith("#")) return `ExpressionAttributeNames contains invalid key: Syntax error; key: "${k}"`;
      if (typeof v !== "string" || v === "") return `ExpressionAttributeNames contains invalid value: Empty attribute name; key: "${k}"`;
    }
    for (const [k, v] of Object.entries(values)) {
      if (!k.startsWith(":")) return `ExpressionAttributeValues contains invalid key: Syntax error; key: "${k}"`;
      const problem = avProblem(v, `ExpressionAttributeValues[${k}]`);
      if (problem) return `ExpressionAttributeValues contains invalid value: ${problem} for key ${k}`;
    }
    return new Placeholders(names as Record<string, string>, values as Record<string, AV>);
  }

  /** AWS refuses placeholders that no expression of the request used. */
  unused(): string | null {
    const names = Object.keys(this.names).filter((n) => !this.usedNames.has(n));
    if (names.length) return `Value provided in ExpressionAttributeNames unused in expressions: keys: {${names.join(", ")}}`;
    const values = Object.keys(this.values).filter((n) => !this.usedValues.has(n));
    if (values.length) return `Value provided in ExpressionAttributeValues unused in expressions: keys: {${values.join(", ")}}`;
    return null;
  }
}

type Tok = { t: "name" | "hash" | "colon" | "int" | "op" | "end"; s: string; at: number };
const TOKEN = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(\d+)|(<>|<=|>=|[=<>()[\],.+-]))/y;

function tokenize(text: string, what: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length && text.slice(at).trim() !== "") {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) {
      const bad = text.slice(at).trim()[0];
      throw new ExpressionError(`Invalid ${what}: Invalid character encountered; character: ${JSON.stringify(bad).slice(1, -1)}`);
    }
    const s = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    const t = m[1] ? "hash" : m[2] ? "colon" : m[3] ? "name" : m[4] ? "int" : "op";
    out.push({ t, s, at: m.index + m[0].length - s.length });
    at = TOKEN.lastIndex;
  }
  out.push({ t: "end", s: "<EOF>", at: text.length });
  return out;
}

const COMPARATORS = new Set(["=", "<>", "<", "<=", ">", ">="]);
const CONDITION_FUNCTIONS: Record<string, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
};
const UPDATE_FUNCTIONS = new Set(["if_not_exists", "list_append"]);

class Parser {
  private i = 0;
  private readonly toks: Tok[];
  private readonly text: string;
  readonly what: string;
  private readonly ph: Placeholders;
  constructor(text: string, what: string, ph: Placeholders) {
    this.text = text;
    this.what = what;
    this.ph = ph;
    if (text.trim() === "") throw new ExpressionError(`Invalid ${what}: The expression can not be empty;`);
    this.toks = tokenize(text, what);
  }

  get peek(): Tok {
    return this.toks[this.i];
  }
  next(): Tok {
    return this.toks[this.i++];
  }
  word(w: string): boolean {
    return this.peek.t === "name" && this.peek.s.toUpperCase() === w;
  }
  accept(s: string): boolean {
    if (this.peek.t === "op" && this.peek.s === s) return !!this.next();
    return false;
  }
  expect(s: string): void {
    if (!this.accept(s)) this.syntax();
  }
  fail(message: string): never {
    throw new ExpressionError(`Invalid ${this.what}: ${message}`);
  }
  /** AWS's wording: the token where parsing stopped, and the text around it. */
  syntax(): never {
    const tok = this.peek;
    const from = this.i > 0 ? this.toks[this.i - 1].at : 0;
    const after = this.toks[this.i + 1];
    const to = tok.t === "end" ? this.text.length : after ? after.at + (after.t === "end" ? 0 : after.s.length) : this.text.length;
    this.fail(`Syntax error; token: "${tok.s}", near: "${this.text.slice(from, to)}"`);
  }
  end(): void {
    if (this.peek.t !== "end") this.syntax();
  }

  value(): AV {
    const tok = this.next();
    if (!Object.hasOwn(this.ph.values, tok.s))
      this.fail(`An expression attribute value used in expression is not defined; attribute value: ${tok.s}`);
    this.ph.usedValues.add(tok.s);
    return this.ph.values[tok.s];
  }

  pathElement(): string {
    const tok = this.next();
    if (tok.t === "hash") {
      if (!Object.hasOwn(this.ph.names, tok.s))
        this.fail(`An expression attribute name used in the document path is not defined; attribute name: ${tok.s}`);
      this.ph.usedNames.add(tok.s);
      return this.ph.names[tok.s];
    }
    if (tok.t !== "name") {
      this.i--;
      this.syntax();
    }
    return tok.s;
  }

  path(): Path {
    const out: Path = [this.pathElement()];
    for (;;) {
      if (this.accept(".")) out.push(this.pathElement());
      else if (this.accept("[")) {
        if (this.peek.t !== "int") this.syntax();
        out.push(Number(this.next().s));
        this.expect("]");
      } else return out;
    }
  }

  /** A path, a :value, size(path), and in updates if_not_exists/list_append and + / -. */
  operand(update = false): Operand {
    const tok = this.peek;
    if (tok.t === "colon") return { k: "value", v: this.value() };
    if (tok.t === "name" && this.toks[this.i + 1].s === "(" && this.toks[this.i + 1].t === "op") {
      const name = tok.s;
      this.i += 2;
      let out: Operand;
      if (name === "size" && !update) out = { k: "size", path: this.path() };
      else if (name === "if_not_exists" && update) {
        const path = this.path();
        this.expect(",");
        out = { k: "if_not_exists", path, v: this.operand(true) };
      } else if (name === "list_append" && update) {
        const a = this.operand(true);
        this.expect(",");
        out = { k: "list_append", a, b: this.operand(true) };
      } else if (CONDITION_FUNCTIONS[name] || UPDATE_FUNCTIONS.has(name) || name === "size")
        this.fail(`The function is not allowed to be used this way in an expression; function: ${name}`);
      else this.fail(`Invalid function name; function: ${name}`);
      this.expect(")");
      return out;
    }
    return { k: "path", path: this.path() };
  }

  condition(): Cond {
    let a = this.conjunction();
    while (this.word("OR")) {
      this.next();
      a = { k: "or", a, b: this.conjunction() };
    }
    return a;
  }
  conjunction(): Cond {
    let a = this.negation();
    while (this.word("AND")) {
      this.next();
      a = { k: "and", a, b: this.negation() };
    }
    return a;
  }
  negation(): Cond {
    if (this.word("NOT")) {
      this.next();
      return { k: "not", a: this.negation() };
    }
    return this.primary();
  }
  primary(): Cond {
    if (this.accept("(")) {
      const c = this.condition();
      this.expect(")");
      return c;
    }
    const tok = this.peek;
    if (tok.t === "name" && CONDITION_FUNCTIONS[tok.s] && this.toks[this.i + 1].s === "(") {
      this.i += 2;
      const args: Operand[] = [{ k: "path", path: this.path() }];
      while (this.accept(",")) args.push(this.operand());
      this.expect(")");
      if (args.length !== CONDITION_FUNCTIONS[tok.s])
        this.fail(
          `Incorrect number of operands for operator or function; operator or function: ${tok.s}, number of operands: ${args.length}`,
        );
      return { k: "fn", name: tok.s, args };
    }
    const a = this.operand();
    if (this.peek.t === "op" && COMPARATORS.has(this.peek.s)) return { k: "cmp", op: this.next().s as Comparator, a, b: this.operand() };
    if (this.word("BETWEEN")) {
      this.next();
      const lo = this.operand();
      if (!this.word("AND")) this.syntax();
      this.next();
      return { k: "between", a, lo, hi: this.operand() };
    }
    if (this.word("IN")) {
      this.next();
      this.expect("(");
      const list = [this.operand()];
      while (this.accept(",")) list.push(this.operand());
      this.expect(")");
      if (list.length > 100) this.fail("The IN operator is provided with too many operands; number of operands: " + list.length);
      return { k: "in", a, list };
    }
    this.syntax();
  }

  updateValue(): Operand {
    const a = this.operand(true);
    if (this.accept("+")) return { k: "+", a, b: this.operand(true) };
    if (this.accept("-")) return { k: "-", a, b: this.operand(true) };
    return a;
  }

  update(): Update {
    const u: Update = { set: [], remove: [], add: [], delete: [] };
    const seen = new Set<string>();
    while (this.peek.t !== "end") {
      const clause = this.peek.t === "name" ? this.peek.s.toUpperCase() : "";
      if (!["SET", "REMOVE", "ADD", "DELETE"].includes(clause)) this.syntax();
      if (seen.has(clause)) this.fail(`The "${clause}" section can only be used once in an update expression;`);
      seen.add(clause);
      this.next();
      do {
        const path = this.path();
        if (clause === "SET") {
          this.expect("=");
          u.set.push({ path, v: this.updateValue() });
        } else if (clause === "REMOVE") u.remove.push(path);
        else {
          if (this.peek.t !== "colon") this.syntax();
          (clause === "ADD" ? u.add : u.delete).push({ path, v: this.value() });
        }
      } while (this.accept(","));
    }
    return u;
  }
}

export function parseCondition(text: string, what: string, ph: Placeholders): Cond {
  const p = new Parser(text, what, ph);
  const c = p.condition();
  p.end();
  return c;
}

export function parseUpdate(text: string, ph: Placeholders): Update {
  const p = new Parser(text, "UpdateExpression", ph);
  const u = p.update();
  const paths = [...u.set.map((a) => a.path), ...u.remove, ...u.add.map((a) => a.path), ...u.delete.map((a) => a.path)];
  for (let i = 0; i < paths.length; i++)
    for (let j = i + 1; j < paths.length; j++) {
      const [a, b] = [paths[i], paths[j]];
      const n = Math.min(a.length, b.length);
      if (a.slice(0, n).every((x, k) => x === b[k]))
        p.fail(
          "Two document paths overlap with each other; must remove or rewrite one of these paths; " +
            `path one: [${a.join(", ")}], path two: [${b.join(", ")}]`,
        );
    }
  return u;
}

export function parseProjection(text: string, ph: Placeholders): Path[] {
  const p = new Parser(text, "ProjectionExpression", ph);
  const out = [p.path()];
  while (p.accept(",")) out.push(p.path());
  p.end();
  return out;
}

/** A document path as AWS prints it in messages: a.b[0]. */
export const pathText = (path: Path): string => path.map((e, i) => (typeof e === "number" ? `[${e}]` : i === 0 ? e : `.${e}`)).join("");
