/**
 * `$states` in JSONata expressions, checked where AWS checks it, at creation: `$states.input` and
 * `$states.context` exist everywhere, `$states.result` only in the `Output` and `Assign` of a Task,
 * Map or Parallel, `$states.errorOutput` only in a catcher's `Output` and `Assign`. `$$` has no
 * meaning in Step Functions' JSONata. A small lexer finds the references (string literals,
 * comments and quoted names skipped); parsing the whole expression is the compiler's business.
 */
import type { JSONObject, JSONValue } from "../types.ts";
import { at, error, isObject, type Report } from "./report.ts";
import { isExpression } from "./values.ts";

export const UNSUPPORTED = "UNSUPPORTED_JSONATA_EXPRESSION";

/** Which optional `$states` fields an expression may read where it stands. */
interface Allowed {
  result: boolean;
  errorOutput: boolean;
}

const NONE: Allowed = { result: false, errorOutput: false };

/** State fields not to look into here: nested machines, rule lists and catchers (walked apart). */
const SKIP = new Set(["ItemProcessor", "Iterator", "Branches", "Comment", "Choices", "Catch", "Retry"]);

const NAME_CHAR = /[\p{L}\p{N}_]/u;

/** The `$states.<field>` fields an expression reads, and whether it uses `$$`. */
export function statesReferences(expr: string): { fields: string[]; root: boolean } {
  const fields: string[] = [];
  let root = false;
  const n = expr.length;
  const name = (from: number): number => {
    let j = from;
    while (j < n && NAME_CHAR.test(expr[j])) j++;
    return j;
  };
  const space = (from: number): number => {
    let j = from;
    while (j < n && /\s/.test(expr[j])) j++;
    return j;
  };
  for (let i = 0; i < n; i++) {
    const catcher = expr[i];
    if (catcher === '"' || catcher === "'" || catcher === "`") {
      for (i++; i < n && expr[i] !== catcher; i++) if (expr[i] === "\\" && catcher !== "`") i++;
    } else if (catcher === "/" && expr[i + 1] === "*") {
      const end = expr.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 1;
    } else if (catcher === "$") {
      if (expr[i + 1] === "$") {
        root = true;
        i++;
        continue;
      }
      const end = name(i + 1);
      if (expr.slice(i + 1, end) === "states") {
        const dot = space(end);
        if (expr[dot] === ".") {
          const start = space(dot + 1);
          const stop = name(start);
          if (stop > start) fields.push(expr.slice(start, stop));
        }
      }
      i = end - 1;
    }
  }
  return { fields, root };
}

function checkExpression(report: Report, expr: string, allowed: Allowed, loc: string): void {
  const { fields, root } = statesReferences(expr);
  if (root) error(report, UNSUPPORTED, loc, "Reference to '$$' is not supported.");
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field)) continue;
    seen.add(field);
    if ((field === "result" && !allowed.result) || (field === "errorOutput" && !allowed.errorOutput)) {
      error(report, UNSUPPORTED, loc, `Field '$states.${field}' does not exist.`);
    }
  }
}

function walk(report: Report, v: JSONValue, allowed: Allowed, loc: string): void {
  if (typeof v === "string") {
    if (isExpression(v)) checkExpression(report, v, allowed, loc);
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) walk(report, v[i], allowed, at(loc, i));
  } else if (v !== null && typeof v === "object") {
    for (const key in v) walk(report, v[key], allowed, at(loc, key));
  }
}

/** Checks every expression of a JSONata state, its Choice rules and its catchers. */
export function checkStatesReferences(report: Report, state: JSONObject, type: string, loc: string): void {
  const hasResult = type === "Task" || type === "Map" || type === "Parallel";
  for (const key in state) {
    if (SKIP.has(key)) continue;
    const withResult = hasResult && (key === "Output" || key === "Assign");
    walk(report, state[key], withResult ? { result: true, errorOutput: false } : NONE, at(loc, key));
  }
  if (type === "Choice" && Array.isArray(state.Choices)) walk(report, state.Choices, NONE, at(loc, "Choices"));
  if (hasResult && Array.isArray(state.Catch)) {
    const catchAt = at(loc, "Catch");
    state.Catch.forEach((catcher, i) => {
      if (!isObject(catcher)) return;
      for (const key of ["Output", "Assign"]) {
        if (catcher[key] !== undefined) walk(report, catcher[key], { result: false, errorOutput: true }, at(at(catchAt, i), key));
      }
    });
  }
}
