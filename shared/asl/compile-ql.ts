/**
 * The parts of a state that depend on its query language: JSONata fields (`Arguments`, `Output`,
 * `Items`, `Condition`, expressions in place of literals) and `Assign`, which both languages have.
 */
import type { EvalEnv, JSONObject, JSONValue } from "./types.ts";
import { compileJsonata, compileJsonataTemplate, isJsonataString, type JsonataEnv } from "./jsonata/index.ts";
import { compileTemplate, type Getter } from "./eval/template.ts";

export type QueryLanguage = "JSONPath" | "JSONata";
export type JGetter = (env: JsonataEnv) => JSONValue;

/** The JSONata fields of a state (each a getter; a literal compiles to a constant). */
export interface JsonataFields {
  args?: JGetter;
  output?: JGetter;
  items?: JGetter;
  /** The Items expression's text, for AWS's type-error cause. */
  itemsSrc?: string;
  itemSelector?: JGetter;
  seconds?: JGetter;
  timestamp?: JGetter;
  error?: JGetter;
  cause?: JGetter;
  timeoutSeconds?: JGetter;
  heartbeatSeconds?: JGetter;
  maxConcurrency?: JGetter;
  toleratedFailureCount?: JGetter;
  toleratedFailurePercentage?: JGetter;
}

/** A field that may hold a literal or a `{% %}` expression. */
export function jsonataValue(v: JSONValue, field: string): JGetter {
  if (isJsonataString(v)) return compileJsonata(v, field);
  return () => v;
}

const FIELDS: [keyof JsonataFields, string, "template" | "value"][] = [
  ["args", "Arguments", "template"],
  ["output", "Output", "template"],
  ["items", "Items", "template"],
  ["itemSelector", "ItemSelector", "template"],
  ["seconds", "Seconds", "value"],
  ["timestamp", "Timestamp", "value"],
  ["error", "Error", "value"],
  ["cause", "Cause", "value"],
  ["timeoutSeconds", "TimeoutSeconds", "value"],
  ["heartbeatSeconds", "HeartbeatSeconds", "value"],
  ["maxConcurrency", "MaxConcurrency", "value"],
  ["toleratedFailureCount", "ToleratedFailureCount", "value"],
  ["toleratedFailurePercentage", "ToleratedFailurePercentage", "value"],
];

/** Compile the JSONata fields present in a state definition. Throws on a bad expression. */
export function compileJsonataFields(s: JSONObject, attempt: <T>(field: string, f: () => T) => T | undefined): JsonataFields {
  const out: JsonataFields = {};
  const getters = out as Record<string, JGetter | undefined>;
  for (const [key, field, kind] of FIELDS) {
    if (!(field in s)) continue;
    const v = s[field]!;
    getters[key] = attempt(field, () => (kind === "template" ? compileJsonataTemplate(v, field) : jsonataValue(v, field)));
  }
  if (isJsonataString(s.Items)) out.itemsSrc = s.Items.slice(2, -2).trim();
  return out;
}

/**
 * `Assign`: in JSONata every `{% %}` string is an expression; in JSONPath, keys ending in `.$` take a
 * path or an intrinsic call, as in Parameters. Either way it yields an object of name → value.
 */
export function compileAssign(v: JSONValue, ql: QueryLanguage): (env: JsonataEnv) => JSONObject {
  if (ql === "JSONata") return compileJsonataTemplate(v, "Assign") as (env: JsonataEnv) => JSONObject;
  return compileTemplate(v) as Getter as (env: EvalEnv) => JSONObject;
}
