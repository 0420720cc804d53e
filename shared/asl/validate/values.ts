/** Type and range checks for single fields, each reporting AWS-style messages at the field's pointer. */
import type { JSONObject, JSONValue } from "../types.ts";
import { at, schema, type Report } from "./report.ts";

/** The largest value AWS accepts for second counts (Wait Seconds, TimeoutSeconds, ...). */
export const MAX_SECONDS = 99999999;

/** A JSONata expression written as a string: `{% ... %}`. */
export function isExpression(v: JSONValue | undefined): boolean {
  return typeof v === "string" && v.length >= 4 && v.startsWith("{%") && v.endsWith("%}");
}

export function checkString(report: Report, node: JSONObject, key: string, loc: string): boolean {
  const v = node[key];
  if (v === undefined || typeof v === "string") return true;
  schema(report, at(loc, key), `The value for the field '${key}' must be a string`);
  return false;
}

export function checkBoolean(report: Report, node: JSONObject, key: string, loc: string): void {
  const v = node[key];
  if (v !== undefined && typeof v !== "boolean") {
    schema(report, at(loc, key), `The value for the field '${key}' must be a boolean`);
  }
}

export function checkObject(report: Report, node: JSONObject, key: string, loc: string): void {
  const v = node[key];
  if (v !== undefined && (typeof v !== "object" || v === null || Array.isArray(v))) {
    schema(report, at(loc, key), `The value for the field '${key}' must be an object`);
  }
}

/**
 * A JSONPath-valued field: a string starting with `$` (a deeper syntax check belongs to the
 * compiler). `nullable` fields (InputPath, OutputPath, ResultPath) also accept null.
 */
export function checkPath(report: Report, node: JSONObject, key: string, loc: string, nullable = false): void {
  const v = node[key];
  if (v === undefined || (v === null && nullable)) return;
  if (typeof v === "string" && v.charCodeAt(0) === 36 /* $ */) return;
  schema(report, at(loc, key), `The value for the field '${key}' must be a valid JSONPath`);
}

/**
 * ResultPath (of a state or a catcher) writes into the state's input: `$`, `$.a`, `$['a']` or null.
 * A variable (`$name`) or the context object (`$$`) cannot be written to.
 */
export function checkResultPath(report: Report, node: JSONObject, loc: string): void {
  const v = node.ResultPath;
  if (v === undefined || v === null) return;
  if (typeof v === "string" && (v === "$" || v.startsWith("$.") || v.startsWith("$["))) return;
  const variable = typeof v === "string" && v.charCodeAt(0) === 36; /* $ */
  schema(
    report,
    at(loc, "ResultPath"),
    variable
      ? "The value for the field 'ResultPath' must be a valid JSONPath into the state input: " +
          "it cannot write to a variable or the context object"
      : "The value for the field 'ResultPath' must be a valid JSONPath",
  );
}

/** A number field with bounds; `integer` rejects fractions. JSONata states may give an expression. */
export function checkNumber(
  report: Report,
  node: JSONObject,
  key: string,
  loc: string,
  opts: { integer: boolean; min?: number; max?: number; exclusiveMin?: boolean; expression?: boolean },
): void {
  const v = node[key];
  if (v === undefined) return;
  if (opts.expression && isExpression(v)) return;
  const where = at(loc, key);
  if (typeof v !== "number" || !Number.isFinite(v)) {
    schema(report, where, `The value for the field '${key}' must be ${opts.integer ? "an integer" : "a number"}`);
    return;
  }
  if (opts.integer && !Number.isInteger(v)) {
    schema(report, where, `The value for the field '${key}' must be an integer`);
    return;
  }
  if (opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min)) {
    schema(report, where, opts.exclusiveMin ? `Value must be greater than ${opts.min}` : `Minimum value is ${opts.min}`);
  } else if (opts.max !== undefined && v > opts.max) {
    schema(report, where, `Maximum value is ${opts.max}`);
  }
}

/** A field whose value must be one of a few strings. */
export function checkEnum(report: Report, node: JSONObject, key: string, loc: string, allowed: readonly string[]): void {
  const v = node[key];
  if (v === undefined) return;
  if (typeof v !== "string" || !allowed.includes(v)) {
    schema(report, at(loc, key), `Value should be one of the following: [${allowed.join(", ")}]`);
  }
}

/** Reports required fields that are missing, in one diagnostic like AWS: `These fields are required: [A, B]`. */
export function checkRequired(report: Report, node: JSONObject, keys: readonly string[], loc: string): void {
  let missing: string[] | undefined;
  for (const k of keys) if (node[k] === undefined) (missing ??= []).push(k);
  if (missing) schema(report, loc, `These fields are required: [${missing.join(", ")}]`);
}

/** Fields that exclude each other (`TimeoutSeconds` and `TimeoutSecondsPath`, ...). */
export function checkExclusive(report: Report, node: JSONObject, keys: readonly string[], loc: string): void {
  let present = 0;
  for (const k of keys) if (node[k] !== undefined) present++;
  if (present > 1) schema(report, loc, `These fields cannot be used together: [${keys.filter((k) => node[k] !== undefined).join(", ")}]`);
}
