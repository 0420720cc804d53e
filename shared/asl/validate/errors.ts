/** Error names in Retry and Catch: the `States.` prefix is the errors AWS defines (others warned of, not refused). */
import type { JSONValue } from "../types.ts";
import { at, schema, type Report } from "./report.ts";

export const PREDEFINED_ERRORS = new Set([
  "States.ALL",
  "States.BranchFailed",
  "States.DataLimitExceeded",
  "States.ExceedToleratedFailureThreshold",
  "States.HeartbeatTimeout",
  "States.Http.Socket",
  "States.IntrinsicFailure",
  "States.ItemReaderFailed",
  "States.NoChoiceMatched",
  "States.ParameterPathFailure",
  "States.Permissions",
  "States.QueryEvaluationError",
  "States.ResultPathMatchFailure",
  "States.ResultWriterFailed",
  "States.Runtime",
  "States.TaskFailed",
  "States.Timeout",
]);

/**
 * Checks one ErrorEquals list: non-empty strings and `States.ALL` alone; an unknown `States.*` name is a warning.
 * Returns whether the list is exactly `["States.ALL"]` (a catch-all must also come last).
 */
export function checkErrorEquals(report: Report, v: JSONValue | undefined, loc: string): boolean {
  if (v === undefined) return false;
  if (!Array.isArray(v)) {
    schema(report, loc, "The value for the field 'ErrorEquals' must be an array");
    return false;
  }
  if (v.length === 0) {
    schema(report, loc, "ErrorEquals must contain at least one error name");
    return false;
  }
  let all = false;
  for (let i = 0; i < v.length; i++) {
    const name = v[i];
    if (typeof name !== "string" || name.length === 0) {
      schema(report, at(loc, i), "An error name must be a non-empty string");
    } else if (name === "States.ALL") {
      all = true;
    } else if (name.startsWith("States.") && !PREDEFINED_ERRORS.has(name)) {
      // AWS deploys these (samples pair a Fail state raising `States.QuorumMet` with a Catch on it): a warning, not an error.
      report.diagnostics.push({
        code: "UNKNOWN_ERROR_NAME",
        location: at(loc, i),
        message: `'${name}' is not an error Step Functions raises (the 'States.' prefix is its own): only a Fail state can raise it`,
        severity: "WARNING",
      });
    }
  }
  if (all && v.length > 1) {
    schema(report, loc, "'States.ALL' must appear alone in ErrorEquals");
    return false;
  }
  return all;
}
