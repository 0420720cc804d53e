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

function checkOperand(report: Report, op: string, operand: Operand, v: JSONValue, loc: string): void {
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
  if (!ok) schema(report, loc, `The value for the field '${op}' must be ${OPERAND_NAMES[operand]}`);
  else if (operand === "timestamp" && !isTimestamp(v as string)) schema(report, loc, TIMESTAMP_MESSAGE);
}

/** One JSONPath rule, top-level or nested. */
function checkRule(report: Report, rule: JSONObject, top: boolean, loc: string, depth: number): void {
  checkFields(report, rule, top ? TOP_JSONPATH : NESTED_JSONPATH, "JSONPath", loc);
  checkString(report, rule, "Comment", loc);
  if (top) {
    checkRequired(report, rule, ["Next"], loc);
    checkAssign(report, rule, "JSONPath", loc);
  }
  let operators = 0;
  let comparison: string | undefined;
  for (const key in rule) {
    const operand = OPERATORS.get(key);
    if (operand !== undefined) {
      operators++;
      comparison = key;
      checkOperand(report, key, operand, rule[key], at(loc, key));
    } else if (LOGICAL.includes(key)) {
      operators++;
    }
  }
  if (operators !== 1) {
    schema(report, loc, "A Choice rule must contain exactly one comparison operator, or one of And, Or, Not");
  }
  if (comparison !== undefined) {
    checkRequired(report, rule, ["Variable"], loc);
    checkPath(report, rule, "Variable", loc);
  } else if (rule.Variable !== undefined && operators === 1) {
    schema(report, loc, "Field 'Variable' is not supported");
  }
  if (depth > 100) return; // a definition under 1 MiB cannot nest deeper in any useful way
  for (const key of ["And", "Or"]) {
    const v = rule[key];
    if (v === undefined) continue;
    const where = at(loc, key);
    if (!Array.isArray(v) || v.length === 0) {
      schema(report, where, `The value for the field '${key}' must be a non-empty array of rules`);
      continue;
    }
    for (let i = 0; i < v.length; i++) nested(report, v[i], at(where, i), depth);
  }
  if (rule.Not !== undefined) nested(report, rule.Not, at(loc, "Not"), depth);
}

function nested(report: Report, v: JSONValue, loc: string, depth: number): void {
  if (isObject(v)) checkRule(report, v, false, loc, depth + 1);
  else schema(report, loc, "A Choice rule must be an object");
}

function checkJsonataRule(report: Report, rule: JSONObject, loc: string): void {
  checkFields(report, rule, TOP_JSONATA, "JSONata", loc);
  checkString(report, rule, "Comment", loc);
  checkRequired(report, rule, ["Condition", "Next"], loc);
  checkAssign(report, rule, "JSONata", loc);
  const condition = rule.Condition;
  if (condition !== undefined && typeof condition !== "boolean" && !isExpression(condition)) {
    schema(report, at(loc, "Condition"), "The value for the field 'Condition' must be a JSONata expression or a boolean");
  }
}

/** Checks a Choice state's Choices and Default; `target` records each transition. */
export function checkChoice(
  report: Report,
  state: JSONObject,
  lang: QueryLanguage,
  loc: string,
  target: (name: JSONValue | undefined, pointer: string) => void,
): void {
  const choices = state.Choices;
  if (choices !== undefined) {
    const where = at(loc, "Choices");
    if (!Array.isArray(choices)) {
      schema(report, where, "The value for the field 'Choices' must be an array");
    } else if (choices.length === 0) {
      schema(report, where, "Choices must contain at least one rule");
    } else {
      for (let i = 0; i < choices.length; i++) {
        const rule = choices[i],
          ruleAt = at(where, i);
        if (!isObject(rule)) {
          schema(report, ruleAt, "A Choice rule must be an object");
          continue;
        }
        if (lang === "JSONata") checkJsonataRule(report, rule, ruleAt);
        else checkRule(report, rule, true, ruleAt, 0);
        if (checkString(report, rule, "Next", ruleAt)) target(rule.Next, at(ruleAt, "Next"));
      }
    }
  }
  if (checkString(report, state, "Default", loc)) target(state.Default, at(loc, "Default"));
}
