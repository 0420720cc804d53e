/**
 * Choice rules compiled once into predicates. Comparisons of a value of the wrong type are false,
 * as in AWS; a Variable that names nothing is a States.Runtime error, except for IsPresent.
 */
import { StatesError, type EvalEnv, type JSONValue, type JSONObject } from "../types.ts";
import { compileRef, type Ref } from "./ref.ts";
import { parseTimestamp } from "./timestamp.ts";
import { compileWildcard } from "./wildcard.ts";

export type Predicate = (env: EvalEnv) => boolean;

type Kind = "String" | "Numeric" | "Boolean" | "Timestamp";
type Cmp = "Equals" | "LessThan" | "GreaterThan" | "LessThanEquals" | "GreaterThanEquals";
const KINDS: Kind[] = ["String", "Numeric", "Boolean", "Timestamp"];
const CMPS: Cmp[] = ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];

/** Every comparison operator name, `...Path` forms included, and the `Is...` tests. */
export const COMPARISON_OPERATORS: string[] = [
  ...KINDS.flatMap((k) => CMPS.filter((c) => k !== "Boolean" || c === "Equals").flatMap((c) => [k + c, k + c + "Path"])),
  "StringMatches",
  "IsNull",
  "IsPresent",
  "IsNumeric",
  "IsString",
  "IsBoolean",
  "IsTimestamp",
];

const isNum = (v: unknown): v is number => typeof v === "number";

function coerce(kind: Kind, v: JSONValue | undefined): number | string | boolean | undefined {
  switch (kind) {
    case "String":
      return typeof v === "string" ? v : undefined;
    case "Numeric":
      return isNum(v) ? v : undefined;
    case "Boolean":
      return typeof v === "boolean" ? v : undefined;
    case "Timestamp":
      return parseTimestamp(v);
  }
}

function compare(cmp: Cmp, a: number | string | boolean, b: number | string | boolean): boolean {
  switch (cmp) {
    case "Equals":
      return a === b;
    case "LessThan":
      return a < b;
    case "GreaterThan":
      return a > b;
    case "LessThanEquals":
      return a <= b;
    case "GreaterThanEquals":
      return a >= b;
  }
}

function variable(ref: Ref, env: EvalEnv): JSONValue {
  const v = ref.get(env);
  if (v === undefined)
    throw new StatesError("States.Runtime", `Invalid path '${ref.src}': The choice state's condition path references an invalid value.`);
  return v;
}

/** Compile one rule (a top-level Choice or a nested And/Or/Not operand). Throws on a malformed rule. */
export function compileRule(rule: JSONObject): Predicate {
  if (Array.isArray(rule.And)) {
    const ps = rule.And.map((r) => compileRule(r as JSONObject));
    return (env) => ps.every((p) => p(env));
  }
  if (Array.isArray(rule.Or)) {
    const ps = rule.Or.map((r) => compileRule(r as JSONObject));
    return (env) => ps.some((p) => p(env));
  }
  if (rule.Not && typeof rule.Not === "object") {
    const p = compileRule(rule.Not as JSONObject);
    return (env) => !p(env);
  }
  if (typeof rule.Variable !== "string") throw new Error("a Choice rule needs a Variable");
  const ref = compileRef(rule.Variable);
  const op = COMPARISON_OPERATORS.find((o) => o in rule);
  if (!op) throw new Error("a Choice rule needs a comparison operator");
  const val = rule[op];

  switch (op) {
    case "IsPresent":
      return (env) => (ref.get(env) !== undefined) === val;
    case "IsNull":
      return (env) => (variable(ref, env) === null) === val;
    case "IsNumeric":
      return (env) => isNum(variable(ref, env)) === val;
    case "IsString":
      return (env) => (typeof variable(ref, env) === "string") === val;
    case "IsBoolean":
      return (env) => (typeof variable(ref, env) === "boolean") === val;
    case "IsTimestamp":
      return (env) => (parseTimestamp(variable(ref, env)) !== undefined) === val;
    case "StringMatches": {
      const m = compileWildcard(String(val));
      return (env) => {
        const v = variable(ref, env);
        return typeof v === "string" && m(v);
      };
    }
  }
  return compileComparison(op, ref, val);
}

/** StringEquals, NumericLessThanPath, ...: a comparison with a literal or with another path's value. */
function compileComparison(op: string, ref: Ref, val: JSONValue): Predicate {
  const kind = KINDS.find((k) => op.startsWith(k));
  if (kind === undefined) throw new Error(`${op} is not a comparison operator`);
  const isPath = op.endsWith("Path");
  const cmp = op.slice(kind.length, isPath ? -4 : undefined) as Cmp;
  if (isPath) {
    const other = compileRef(String(val));
    return (env) => {
      const v = coerce(kind, variable(ref, env));
      const raw = other.get(env);
      const o = coerce(kind, raw);
      if (o === undefined)
        throw new StatesError(
          "States.Runtime",
          raw === undefined
            ? `Invalid path '${other.src}': The choice state's condition path references an invalid value.`
            : `Invalid path '${other.src}': The choice state's ${op} operator references a value of the wrong type: ${JSON.stringify(raw)}`,
        );
      return v !== undefined && compare(cmp, v, o);
    };
  }
  const lit = coerce(kind, val);
  if (lit === undefined) throw new Error(`${op} needs a ${kind.toLowerCase()} value`);
  return (env) => {
    const v = coerce(kind, variable(ref, env));
    return v !== undefined && compare(cmp, v, lit);
  };
}
