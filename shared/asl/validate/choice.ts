/**
 * Choice rules. A JSONPath rule is a Variable with exactly one comparison operator, or one of
 * And / Or / Not over nested rules; only top-level rules carry Next (and Assign). A JSONata rule
 * is a Condition.
 */
import type { JSONObject, JSONValue } from "../types.ts";
import { checkFields } from "./fields.ts";
import { at, isObject, schema, type QueryLanguage, type Report } from "./report.ts";
import { isTimestamp, TIMESTAMP_MESSAGE } from "./timestamps.ts";
import { checkPath, checkRequired, checkString, isExpression } from "./values.ts";
import { checkAssign } from "./variables.ts";

type Operand = "string" | "number" | "boolean" | "timestamp" | "path";

const OPERATORS = new Map<string, Operand>();
for (const kind of ["String", "Numeric", "Timestamp"]) {
  const operand: Operand = kind === "String" ? "string" : kind === "Numeric" ? "number" : "timestamp";
  for (const op of ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"]) {
    OPERATORS.set(kind + op, operand);
    OPERATORS.set(`${kind}${op}Path`, "path");
  }
}
OPERATORS.set("StringMatches", "string");
OPERATORS.set("BooleanEquals", "boolean");
OPERATORS.set("BooleanEqualsPath", "path");
for (const test of ["IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"]) OPERATORS.set(test, "boolean");

const LOGICAL = ["And", "Or", "Not"];

const TOP_JSONPATH = new Set(["Variable", "And", "Or", "Not", "Next", "Assign", "Comment", ...OPERATORS.keys()]);
const NESTED_JSONPATH = new Set(["Variable", "And", "Or", "Not", "Comment", ...OPERATORS.keys()]);
const TOP_JSONATA = new Set(["Condition", "Next", "Assign", "Output", "Comment"]);

const OPERAND_NAMES: Record<Operand, string> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  timestamp: "a string",
  path: "a valid JSONPath",
};

function checkOperand(r: Report, op: string, operand: Operand, v: JSONValue, loc: string): void {
  let ok: boolean;
  switch (operand) {
    case "string":
    case "timestamp":
      ok = typeof v === "string";
      break;
    case "number":
      ok = typeof v === "number" && Number.isFinite(v);
      break;
    case "boolean":
      ok = typeof v === "boolean";
      break;
    case "path":
      ok = typeof v === "string" && v.charCodeAt(0) === 36;
      break;
  }
  if (!ok) schema(r, loc, `The value for the field '${op}' must be ${OPERAND_NAMES[operand]}`);
  else if (operand === "timestamp" && !isTimestamp(v as string)) schema(r, loc, TIMESTAMP_MESSAGE);
}

/** One JSONPath rule, top-level or nested. */
function checkRule(r: Report, o: JSONObject, top: boolean, loc: string, depth: number): void {
  checkFields(r, o, top ? TOP_JSONPATH : NESTED_JSONPATH, "JSONPath", loc);
  checkString(r, o, "Comment", loc);
  if (top) {
    checkRequired(r, o, ["Next"], loc);
    checkAssign(r, o, "JSONPath", loc);
  }
  let operators = 0;
  let comparison: string | undefined;
  for (const key in o) {
    if (OPERATORS.has(key)) {
      operators++;
      comparison = key;
      checkOperand(r, key, OPERATORS.get(key)!, o[key], at(loc, key));
    } else if (LOGICAL.includes(key)) {
      operators++;
    }
  }
  if (operators !== 1) {
    schema(r, loc, "A Choice rule must contain exactly one comparison operator, or one of And, Or, Not");
  }
  if (comparison !== undefined) {
    checkRequired(r, o, ["Variable"], loc);
    checkPath(r, o, "Variable", loc);
  } else if (o.Variable !== undefined && operators === 1) {
    schema(r, loc, "Field 'Variable' is not supported");
  }
  if (depth > 100) return; // a definition under 1 MiB cannot nest deeper in any useful way
  for (const key of ["And", "Or"]) {
    const v = o[key];
    if (v === undefined) continue;
    const where = at(loc, key);
    if (!Array.isArray(v) || v.length === 0) {
      schema(r, where, `The value for the field '${key}' must be a non-empty array of rules`);
      continue;
    }
    for (let i = 0; i < v.length; i++) nested(r, v[i], at(where, i), depth);
  }
  if (o.Not !== undefined) nested(r, o.Not, at(loc, "Not"), depth);
}

function nested(r: Report, v: JSONValue, loc: string, depth: number): void {
  if (isObject(v)) checkRule(r, v, false, loc, depth + 1);
  else schema(r, loc, "A Choice rule must be an object");
}

function checkJsonataRule(r: Report, o: JSONObject, loc: string): void {
  checkFields(r, o, TOP_JSONATA, "JSONata", loc);
  checkString(r, o, "Comment", loc);
  checkRequired(r, o, ["Condition", "Next"], loc);
  checkAssign(r, o, "JSONata", loc);
  const c = o.Condition;
  if (c !== undefined && typeof c !== "boolean" && !isExpression(c)) {
    schema(r, at(loc, "Condition"), "The value for the field 'Condition' must be a JSONata expression or a boolean");
  }
}

/** Checks a Choice state's Choices and Default; `target` records each transition. */
export function checkChoice(
  r: Report,
  s: JSONObject,
  lang: QueryLanguage,
  loc: string,
  target: (name: JSONValue | undefined, pointer: string) => void,
): void {
  const choices = s.Choices;
  if (choices !== undefined) {
    const where = at(loc, "Choices");
    if (!Array.isArray(choices)) {
      schema(r, where, "The value for the field 'Choices' must be an array");
    } else if (choices.length === 0) {
      schema(r, where, "Choices must contain at least one rule");
    } else {
      for (let i = 0; i < choices.length; i++) {
        const rule = choices[i], ruleAt = at(where, i);
        if (!isObject(rule)) {
          schema(r, ruleAt, "A Choice rule must be an object");
          continue;
        }
        if (lang === "JSONata") checkJsonataRule(r, rule, ruleAt);
        else checkRule(r, rule, true, ruleAt, 0);
        if (checkString(r, rule, "Next", ruleAt)) target(rule.Next, at(ruleAt, "Next"));
      }
    }
  }
  if (checkString(r, s, "Default", loc)) target(s.Default, at(loc, "Default"));
}
