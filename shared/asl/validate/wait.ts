/** Wait state: exactly one of its time fields, each of the right kind. */
import type { JSONObject } from "../types.ts";
import { at, schema, type QueryLanguage, type Report } from "./report.ts";
import { isTimestamp, TIMESTAMP_MESSAGE } from "./timestamps.ts";
import { checkNumber, checkPath, isExpression, MAX_SECONDS } from "./values.ts";

export function checkWait(report: Report, state: JSONObject, lang: QueryLanguage, loc: string): void {
  const jsonata = lang === "JSONata";
  const keys = jsonata ? ["Seconds", "Timestamp"] : ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"];
  let present = 0;
  for (const key of keys) if (state[key] !== undefined) present++;
  if (present !== 1) schema(report, loc, `Exactly one of these fields is required: [${keys.join(", ")}]`);
  checkNumber(report, state, "Seconds", loc, { integer: true, min: 0, max: MAX_SECONDS, expression: jsonata });
  checkPath(report, state, "SecondsPath", loc);
  checkPath(report, state, "TimestampPath", loc);
  const timestamp = state.Timestamp;
  if (timestamp !== undefined && !(jsonata && isExpression(timestamp))) {
    if (typeof timestamp !== "string") schema(report, at(loc, "Timestamp"), "The value for the field 'Timestamp' must be a string");
    else if (!isTimestamp(timestamp)) schema(report, at(loc, "Timestamp"), TIMESTAMP_MESSAGE);
  }
}
