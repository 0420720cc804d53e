/** Task state: Resource, timeouts and Credentials. */
import type { JSONObject } from "../types.ts";
import { at, error, isObject, schema, type QueryLanguage, type Report } from "./report.ts";
import { resourceProblem } from "./resources.ts";
import { checkExclusive, checkNumber, checkPath, MAX_SECONDS } from "./values.ts";

export function checkTask(r: Report, s: JSONObject, lang: QueryLanguage, loc: string): void {
  const resource = s.Resource;
  if (resource !== undefined) {
    const where = at(loc, "Resource");
    if (typeof resource !== "string") {
      schema(r, where, "The value for the field 'Resource' must be a string");
    } else if (resource.length === 0) {
      error(r, "INVALID_RESOURCE", where, "The value for the field 'Resource' must not be empty");
    } else {
      const problem = resourceProblem(resource, r.type);
      if (problem) schema(r, where, problem);
    }
  }

  const jsonata = lang === "JSONata";
  checkNumber(r, s, "TimeoutSeconds", loc, { integer: true, min: 1, max: MAX_SECONDS, expression: jsonata });
  checkNumber(r, s, "HeartbeatSeconds", loc, { integer: true, min: 1, max: MAX_SECONDS, expression: jsonata });
  checkPath(r, s, "TimeoutSecondsPath", loc);
  checkPath(r, s, "HeartbeatSecondsPath", loc);
  checkExclusive(r, s, ["TimeoutSeconds", "TimeoutSecondsPath"], loc);
  checkExclusive(r, s, ["HeartbeatSeconds", "HeartbeatSecondsPath"], loc);
  const timeout = s.TimeoutSeconds,
    heartbeat = s.HeartbeatSeconds;
  if (typeof timeout === "number" && typeof heartbeat === "number" && heartbeat >= timeout) {
    schema(r, at(loc, "HeartbeatSeconds"), "HeartbeatSeconds must be smaller than TimeoutSeconds");
  }

  const credentials = s.Credentials;
  if (credentials !== undefined) {
    const where = at(loc, "Credentials");
    if (!isObject(credentials)) {
      schema(r, where, "The value for the field 'Credentials' must be an object");
    } else {
      const role = credentials.RoleArn ?? (lang === "JSONPath" ? credentials["RoleArn.$"] : undefined);
      if (role === undefined) {
        schema(r, where, "The field 'RoleArn' is required but was missing");
      } else if (typeof role !== "string") {
        schema(r, where, "The value for the field 'RoleArn' must be a string");
      }
    }
  }
}
