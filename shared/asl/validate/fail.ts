/** Fail state: Error and Cause, literal or through ErrorPath and CausePath. */
import type { JSONObject } from "../types.ts";
import { at, schema, type Report } from "./report.ts";
import { checkExclusive, checkString } from "./values.ts";

export function checkFail(report: Report, state: JSONObject, loc: string): void {
  checkExclusive(report, state, ["Error", "ErrorPath"], loc);
  checkExclusive(report, state, ["Cause", "CausePath"], loc);
  checkString(report, state, "Error", loc);
  checkString(report, state, "Cause", loc);
  for (const key of ["ErrorPath", "CausePath"]) {
    const v = state[key];
    // A path, or an intrinsic function such as States.Format(...).
    if (v !== undefined && !(typeof v === "string" && (v.charCodeAt(0) === 36 || v.startsWith("States.")))) {
      schema(report, at(loc, key), `The value for the field '${key}' must be a valid JSONPath or intrinsic function`);
    }
  }
}
