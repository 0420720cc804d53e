/** Retry and Catch: retrier bounds, catcher targets, and `States.ALL` alone and last. */
import type { JSONValue } from "../types.ts";
import { checkErrorEquals } from "./errors.ts";
import { checkFields } from "./fields.ts";
import { at, isObject, schema, type QueryLanguage, type Report } from "./report.ts";
import { checkEnum, checkNumber, checkRequired, checkResultPath, checkString, MAX_SECONDS } from "./values.ts";
import { checkAssign } from "./variables.ts";

const RETRIER_FIELDS = new Set([
  "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment",
]);
const CATCHER_FIELDS: Record<QueryLanguage, Set<string>> = {
  JSONPath: new Set(["ErrorEquals", "Next", "ResultPath", "Assign", "Comment"]),
  JSONata: new Set(["ErrorEquals", "Next", "Output", "Assign", "Comment"]),
};

function list(r: Report, v: JSONValue, field: string, loc: string): JSONValue[] | undefined {
  if (Array.isArray(v)) return v;
  schema(r, loc, `The value for the field '${field}' must be an array`);
  return undefined;
}

function catchAllLast(r: Report, index: number, length: number, field: string, loc: string): void {
  if (index !== length - 1) schema(r, loc, `'States.ALL' must be the last entry in ${field}`);
}

export function checkRetry(r: Report, v: JSONValue, lang: QueryLanguage, loc: string): void {
  const retriers = list(r, v, "Retry", loc);
  if (!retriers) return;
  for (let i = 0; i < retriers.length; i++) {
    const o = retriers[i], where = at(loc, i);
    if (!isObject(o)) {
      schema(r, where, "A retrier must be an object");
      continue;
    }
    checkFields(r, o, RETRIER_FIELDS, lang, where);
    checkRequired(r, o, ["ErrorEquals"], where);
    if (checkErrorEquals(r, o.ErrorEquals, at(where, "ErrorEquals"))) catchAllLast(r, i, retriers.length, "Retry", where);
    checkNumber(r, o, "IntervalSeconds", where, { integer: true, min: 1, max: MAX_SECONDS });
    checkNumber(r, o, "MaxAttempts", where, { integer: true, min: 0, max: MAX_SECONDS });
    checkNumber(r, o, "BackoffRate", where, { integer: false, min: 1 });
    checkNumber(r, o, "MaxDelaySeconds", where, { integer: true, min: 0, exclusiveMin: true, max: MAX_SECONDS });
    checkEnum(r, o, "JitterStrategy", where, ["FULL", "NONE"]);
    checkString(r, o, "Comment", where);
  }
}

/** Checks the catchers; `target` records each catcher's Next for the transition checks. */
export function checkCatch(
  r: Report,
  v: JSONValue,
  lang: QueryLanguage,
  loc: string,
  target: (name: JSONValue | undefined, pointer: string) => void,
): void {
  const catchers = list(r, v, "Catch", loc);
  if (!catchers) return;
  for (let i = 0; i < catchers.length; i++) {
    const o = catchers[i], where = at(loc, i);
    if (!isObject(o)) {
      schema(r, where, "A catcher must be an object");
      continue;
    }
    checkFields(r, o, CATCHER_FIELDS[lang], lang, where);
    checkRequired(r, o, ["ErrorEquals", "Next"], where);
    if (checkErrorEquals(r, o.ErrorEquals, at(where, "ErrorEquals"))) catchAllLast(r, i, catchers.length, "Catch", where);
    if (checkString(r, o, "Next", where)) target(o.Next, at(where, "Next"));
    checkResultPath(r, o, where);
    checkAssign(r, o, lang, where);
    checkString(r, o, "Comment", where);
  }
}
