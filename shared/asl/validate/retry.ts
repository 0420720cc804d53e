/** Retry and Catch: retrier bounds, catcher targets, and `States.ALL` alone and last. */
import type { JSONValue } from "../types.ts";
import { checkErrorEquals } from "./errors.ts";
import { checkFields } from "./fields.ts";
import { at, isObject, schema, type QueryLanguage, type Report } from "./report.ts";
import { checkEnum, checkNumber, checkRequired, checkResultPath, checkString, MAX_SECONDS } from "./values.ts";
import { checkAssign } from "./variables.ts";

const RETRIER_FIELDS = new Set([
  "ErrorEquals",
  "IntervalSeconds",
  "MaxAttempts",
  "BackoffRate",
  "MaxDelaySeconds",
  "JitterStrategy",
  "Comment",
]);
const CATCHER_FIELDS: Record<QueryLanguage, Set<string>> = {
  JSONPath: new Set(["ErrorEquals", "Next", "ResultPath", "Assign", "Comment"]),
  JSONata: new Set(["ErrorEquals", "Next", "Output", "Assign", "Comment"]),
};

function list(report: Report, v: JSONValue, field: string, loc: string): JSONValue[] | undefined {
  if (Array.isArray(v)) return v;
  schema(report, loc, `The value for the field '${field}' must be an array`);
  return undefined;
}

function catchAllLast(report: Report, index: number, length: number, field: string, loc: string): void {
  if (index !== length - 1) schema(report, loc, `'States.ALL' must be the last entry in ${field}`);
}

export function checkRetry(report: Report, v: JSONValue, lang: QueryLanguage, loc: string): void {
  const retriers = list(report, v, "Retry", loc);
  if (!retriers) return;
  for (let i = 0; i < retriers.length; i++) {
    const o = retriers[i],
      where = at(loc, i);
    if (!isObject(o)) {
      schema(report, where, "A retrier must be an object");
      continue;
    }
    checkFields(report, o, RETRIER_FIELDS, lang, where);
    checkRequired(report, o, ["ErrorEquals"], where);
    if (checkErrorEquals(report, o.ErrorEquals, at(where, "ErrorEquals"))) catchAllLast(report, i, retriers.length, "Retry", where);
    checkNumber(report, o, "IntervalSeconds", where, { integer: true, min: 1, max: MAX_SECONDS });
    checkNumber(report, o, "MaxAttempts", where, { integer: true, min: 0, max: MAX_SECONDS });
    checkNumber(report, o, "BackoffRate", where, { integer: false, min: 1 });
    checkNumber(report, o, "MaxDelaySeconds", where, { integer: true, min: 0, exclusiveMin: true, max: MAX_SECONDS });
    checkEnum(report, o, "JitterStrategy", where, ["FULL", "NONE"]);
    checkString(report, o, "Comment", where);
  }
}

/** Checks the catchers; `target` records each catcher's Next for the transition checks. */
export function checkCatch(
  report: Report,
  v: JSONValue,
  lang: QueryLanguage,
  loc: string,
  target: (name: JSONValue | undefined, pointer: string) => void,
): void {
  const catchers = list(report, v, "Catch", loc);
  if (!catchers) return;
  for (let i = 0; i < catchers.length; i++) {
    const o = catchers[i],
      where = at(loc, i);
    if (!isObject(o)) {
      schema(report, where, "A catcher must be an object");
      continue;
    }
    checkFields(report, o, CATCHER_FIELDS[lang], lang, where);
    checkRequired(report, o, ["ErrorEquals", "Next"], where);
    if (checkErrorEquals(report, o.ErrorEquals, at(where, "ErrorEquals"))) catchAllLast(report, i, catchers.length, "Catch", where);
    if (checkString(report, o, "Next", where)) target(o.Next, at(where, "Next"));
    checkResultPath(report, o, where);
    checkAssign(report, o, lang, where);
    checkString(report, o, "Comment", where);
  }
}
