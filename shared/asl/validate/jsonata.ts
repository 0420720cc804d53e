/**
 * JSONata states write expressions as `{% ... %}` strings. Whether an expression parses is the
 * compiler's business; a string that opens `{%` without closing `%}` is refused here, as AWS does.
 */
import type { JSONValue } from "../types.ts";
import { at, schema, type Report } from "./report.ts";

/** State fields not to look into: nested machines (their states have their own language), comments. */
const SKIP = new Set(["ItemProcessor", "Iterator", "Branches", "Comment"]);

export function checkDelimiters(report: Report, v: JSONValue, loc: string, top = false): void {
  if (typeof v === "string") {
    if (v.startsWith("{%") && !v.endsWith("%}")) schema(report, loc, "JSONata string must start with {% and end with %}");
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkDelimiters(report, v[i], at(loc, i));
  } else if (v !== null && typeof v === "object") {
    for (const key in v) if (!(top && SKIP.has(key))) checkDelimiters(report, v[key], at(loc, key));
  }
}
