/**
 * The parts of a state that depend on its query language: JSONata fields (`Arguments`, `Output`,
 * `Items`, `Condition`, expressions in place of literals) and `Assign`, which both languages have.
 */
import type { EvalEnv, JSONObject, JSONValue } from "../types.ts";
import { compileJsonata, compileJsonataTemplate, isJsonataString, type JsonataEnv } from "../jsonata/index.ts";
import { compileTemplate, type Getter } from "../eval/template.ts";

export type QueryLanguage = "JSONPath" | "JSONata";
export type JGetter = (env: JsonataEnv) => JSONValue;
/** A compiled `Assign`: the variables a state (or a Choice rule, or a catcher) sets. */
export type Assigner = (env: JsonataEnv) => JSONObject;

/** The JSONata fields of a state (each a getter; a literal compiles to a constant). */
export interface JsonataFields {
  args: JGetter | undefined;
  output: JGetter | undefined;
  items: JGetter | undefined;
  /** The Items expression's text, for AWS's type-error cause. */
  itemsSrc: string | undefined;
  itemSelector: JGetter | undefined;
  seconds: JGetter | undefined;
  timestamp: JGetter | undefined;
  error: JGetter | undefined;
  cause: JGetter | undefined;
  timeoutSeconds: JGetter | undefined;
  heartbeatSeconds: JGetter | undefined;
  maxConcurrency: JGetter | undefined;
  toleratedFailureCount: JGetter | undefined;
  toleratedFailurePercentage: JGetter | undefined;
}

/** A field that may hold a literal or a `{% %}` expression. */
export function jsonataValue(v: JSONValue, field: string): JGetter {
  if (isJsonataString(v)) return compileJsonata(v, field);
  return () => v;
}

type GetterKey = Exclude<keyof JsonataFields, "itemsSrc">;

const FIELDS: [GetterKey, string, "template" | "value"][] = [
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

/**
 * Compile the JSONata fields present in a state definition; `attempt` turns a bad expression into a
 * diagnostic. Every field is present, in one order, so that all states' field objects share one shape.
 */
export function compileJsonataFields(def: JSONObject, attempt: <T>(field: string, make: () => T) => T | undefined): JsonataFields {
  const out: JsonataFields = {
    args: undefined,
    output: undefined,
    items: undefined,
    itemsSrc: undefined,
    itemSelector: undefined,
    seconds: undefined,
    timestamp: undefined,
    error: undefined,
    cause: undefined,
    timeoutSeconds: undefined,
    heartbeatSeconds: undefined,
    maxConcurrency: undefined,
    toleratedFailureCount: undefined,
    toleratedFailurePercentage: undefined,
  };
  for (const [key, field, kind] of FIELDS) {
    const v = def[field];
    if (v === undefined) continue;
    out[key] = attempt(field, () => (kind === "template" ? compileJsonataTemplate(v, field) : jsonataValue(v, field)));
  }
  if (isJsonataString(def.Items)) out.itemsSrc = def.Items.slice(2, -2).trim();
  return out;
}

/**
 * `Assign`: in JSONata every `{% %}` string is an expression; in JSONPath, keys ending in `.$` take a
 * path or an intrinsic call, as in Parameters. Either way it yields an object of name → value.
 */
export function compileAssign(v: JSONValue, ql: QueryLanguage): Assigner {
  if (ql === "JSONata") return compileJsonataTemplate(v, "Assign") as Assigner;
  return compileTemplate(v) as Getter as (env: EvalEnv) => JSONObject;
}
