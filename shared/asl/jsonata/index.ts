/**
 * JSONata expressions ("{% ... %}") for JSONata states: compiled once per definition, evaluated
 * synchronously with jsonata 1.8.7 (2.x only evaluates asynchronously), with the functions
 * Step Functions adds and AWS's causes for States.QueryEvaluationError.
 */
import jsonata from "jsonata";
import type { EvalEnv, JSONObject, JSONValue } from "../types.ts";
import { LinearRegExp, UnsupportedRegexError } from "../eval/regex.ts";
import { prepare, type Prepared } from "./ast.ts";
import { BudgetExceededError, chargeSearch, countStep, resetBudget } from "./budget.ts";
import { expressionText, overBudget, returnedNothing, threw, unsupportedResult } from "./errors.ts";
import { active, BINDINGS } from "./functions.ts";
import { copyJson, toJson } from "./result.ts";

export { jsonataResultTypeError, expressionText, jsonType } from "./errors.ts";
export { MAX_STEPS } from "./budget.ts";

/**
 * What an expression sees: `$states` (input, context, and where allowed result / errorOutput) and,
 * through env.vars, every variable in scope.
 */
export interface JsonataEnv extends EvalEnv {
  states: JSONObject;
}

export type JsonataGetter = (env: JsonataEnv) => JSONValue;

/** An expression jsonata cannot parse. `message` is jsonata's, without its code. */
export class JsonataSyntaxError extends Error {
  /** jsonata's code, e.g. S0202. */
  readonly code: string;
  /** Offset in the expression where jsonata stopped. */
  readonly position: number;
  /** Where the expression sits, AWS style: "Output", "Arguments/a/b[0]", ... */
  readonly field: string;
  constructor(message: string, code: string, position: number, field: string) {
    super(message);
    this.code = code;
    this.position = position;
    this.field = field;
  }
}

/** True for a string that is a JSONata expression: starts with "{%" and ends with "%}" (AWS: no leading/trailing spaces outside). */
export function isJsonataString(v: unknown): v is string {
  return typeof v === "string" && v.length >= 4 && v.startsWith("{%") && v.endsWith("%}");
}

/** jsonata reads its regular-expression class from here when it evaluates a `/regex/` literal. */
const engine = jsonata as unknown as { RegexEngine: unknown };
const parse = jsonata as unknown as (text: string, options: { RegexEngine: unknown }) => jsonata.Expression;
LinearRegExp.meter = chargeSearch;

/**
 * Compile "{% expr %}" once. `field` names where it sits for error causes, AWS style: "Output",
 * "Arguments/FunctionName", "Assign/result", "Items", "Condition", "Seconds", ... Throws
 * JsonataSyntaxError for a bad expression.
 */
export function compileJsonata(src: string, field: string): JsonataGetter {
  const text = expressionText(src);
  let expr: jsonata.Expression;
  try {
    expr = parse(text, { RegexEngine: LinearRegExp });
  } catch (e) {
    const f = e as { code?: string; message?: string; position?: number };
    throw new JsonataSyntaxError(f.message ?? String(e), f.code ?? "S0201", f.position ?? 0, field);
  }
  let prepared: Prepared;
  try {
    prepared = prepare(expr.ast());
  } catch (e) {
    if (e instanceof UnsupportedRegexError) throw new JsonataSyntaxError(e.message, "S0201", 0, field);
    throw e;
  }
  // Only the variables the expression names are bound at each evaluation.
  const names = prepared.names.filter((n) => n !== "states");
  // Such an expression gets its own copy of the data, which stays the engine's, unmarked.
  const own: <T>(v: T) => T = prepared.marksInput ? copyJson : (v) => v;
  for (const [name, value] of BINDINGS) expr.assign(name, value);
  expr.assign("__evaluate_entry", countStep);
  const count = names.length;
  return (env) => {
    const bindings: Record<string, unknown> = {};
    const vars = env.vars;
    if (vars !== undefined) {
      for (let i = 0; i < count; i++) {
        const name = names[i];
        if (Object.hasOwn(vars, name)) bindings[name] = own(vars[name]);
      }
    }
    bindings.states = own(env.states);
    const saved = active.env;
    active.env = env;
    // Set again for each evaluation: any jsonata() call without the option resets it to RegExp.
    engine.RegexEngine = LinearRegExp;
    resetBudget();
    let r: unknown;
    try {
      r = expr.evaluate(undefined, bindings);
    } catch (e) {
      throw e instanceof BudgetExceededError ? overBudget(text, field) : threw(text, field, e);
    } finally {
      active.env = saved;
    }
    if (r === undefined) throw returnedNothing(text, field);
    const json = toJson(r);
    if (json === undefined) throw unsupportedResult(text, field);
    return json;
  };
}

/**
 * Compile a template: objects/arrays recursively, every "{% %}" string evaluated, everything else
 * constant and shared (not copied). `field` names the template ("Arguments", "Output",
 * "Assign/name", ...); nested keys extend it with "/key" and array items with "[i]" for causes.
 */
export function compileJsonataTemplate(tpl: JSONValue, field: string): JsonataGetter {
  return compileNode(tpl, field) ?? (() => tpl);
}

/** Returns undefined when the node is constant. */
function compileNode(node: JSONValue, field: string): JsonataGetter | undefined {
  if (typeof node === "string") return isJsonataString(node) ? compileJsonata(node, field) : undefined;
  if (node === null || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    const parts = node.map((x, i) => compileNode(x, `${field}[${i}]`));
    if (parts.every((p) => p === undefined)) return undefined;
    const getters = parts.map((p, i) => p ?? (() => node[i]));
    const n = getters.length;
    return (env) => {
      const out: JSONValue[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = getters[i](env);
      return out;
    };
  }
  const keys = Object.keys(node);
  const parts = keys.map((k) => compileNode(node[k], `${field}/${k}`));
  if (parts.every((p) => p === undefined)) return undefined;
  const getters = parts.map(
    (p, i) =>
      p ??
      (
        (v: JSONValue) => () =>
          v
      )(node[keys[i]]),
  );
  const n = keys.length;
  return (env) => {
    const out: JSONObject = {};
    for (let i = 0; i < n; i++) out[keys[i]] = getters[i](env);
    return out;
  };
}
