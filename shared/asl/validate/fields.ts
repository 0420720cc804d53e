/**
 * Which fields each state type accepts, per query language. A field of the other language gets
 * AWS's "only supported for the '...' QueryLanguage" message; any other stray field gets
 * "Field 'X' is not supported", at the state's pointer.
 */
import type { JSONObject } from "../types.ts";
import { schema, type QueryLanguage, type Report } from "./report.ts";

export const STATE_TYPES = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"] as const;
export type StateType = (typeof STATE_TYPES)[number];

/** Fields that only JSONPath states accept. */
const JSONPATH_ONLY = new Set([
  "InputPath",
  "OutputPath",
  "ResultPath",
  "Parameters",
  "ResultSelector",
  "Result",
  "ItemsPath",
  "TimeoutSecondsPath",
  "HeartbeatSecondsPath",
  "SecondsPath",
  "TimestampPath",
  "MaxConcurrencyPath",
  "ToleratedFailurePercentagePath",
  "ToleratedFailureCountPath",
  "ErrorPath",
  "CausePath",
  "Variable",
]);

/** Fields that only JSONata states accept. */
const JSONATA_ONLY = new Set(["Arguments", "Output", "Items", "Condition"]);

const COMMON = ["Type", "Comment", "QueryLanguage"];
const FLOW = ["Next", "End"];
const ERRORS = ["Retry", "Catch"];

function table(jsonPath: string[], jsonata: string[]): Record<QueryLanguage, Set<string>> {
  return { JSONPath: new Set([...COMMON, ...jsonPath]), JSONata: new Set([...COMMON, ...jsonata]) };
}

const FIELDS: Record<StateType, Record<QueryLanguage, Set<string>>> = {
  Pass: table([...FLOW, "InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Assign"], [...FLOW, "Output", "Assign"]),
  Task: table(
    [
      ...FLOW,
      ...ERRORS,
      "InputPath",
      "OutputPath",
      "Parameters",
      "ResultSelector",
      "ResultPath",
      "Assign",
      "Resource",
      "TimeoutSeconds",
      "TimeoutSecondsPath",
      "HeartbeatSeconds",
      "HeartbeatSecondsPath",
      "Credentials",
    ],
    [...FLOW, ...ERRORS, "Arguments", "Output", "Assign", "Resource", "TimeoutSeconds", "HeartbeatSeconds", "Credentials"],
  ),
  Choice: table(["Choices", "Default", "InputPath", "OutputPath", "Assign"], ["Choices", "Default", "Output", "Assign"]),
  Wait: table(
    [...FLOW, "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"],
    [...FLOW, "Seconds", "Timestamp", "Output", "Assign"],
  ),
  Succeed: table(["InputPath", "OutputPath"], ["Output"]),
  Fail: table(["Error", "ErrorPath", "Cause", "CausePath"], ["Error", "Cause"]),
  Parallel: table(
    [...FLOW, ...ERRORS, "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Assign", "Branches"],
    [...FLOW, ...ERRORS, "Arguments", "Output", "Assign", "Branches"],
  ),
  Map: table(
    [
      ...FLOW,
      ...ERRORS,
      "InputPath",
      "OutputPath",
      "Parameters",
      "ResultSelector",
      "ResultPath",
      "Assign",
      "ItemsPath",
      "ItemSelector",
      "ItemProcessor",
      "Iterator",
      "ItemReader",
      "ItemBatcher",
      "ResultWriter",
      "MaxConcurrency",
      "MaxConcurrencyPath",
      "ToleratedFailureCount",
      "ToleratedFailureCountPath",
      "ToleratedFailurePercentage",
      "ToleratedFailurePercentagePath",
      "Label",
    ],
    [
      ...FLOW,
      ...ERRORS,
      "Output",
      "Assign",
      "Items",
      "ItemSelector",
      "ItemProcessor",
      "Iterator",
      "ItemReader",
      "ItemBatcher",
      "ResultWriter",
      "MaxConcurrency",
      "ToleratedFailureCount",
      "ToleratedFailurePercentage",
      "Label",
    ],
  ),
};

export function isStateType(value: unknown): value is StateType {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(FIELDS, value);
}

/** Reports the fields of `o` that a state of this type and language does not accept. */
export function checkStateFields(report: Report, node: JSONObject, type: StateType, lang: QueryLanguage, loc: string): void {
  checkFields(report, node, FIELDS[type][lang], lang, loc);
}

/** Reports the fields of `o` not in `allowed`, telling apart fields of the other query language. */
export function checkFields(report: Report, node: JSONObject, allowed: Set<string>, lang: QueryLanguage, loc: string): void {
  for (const key in node) {
    if (allowed.has(key)) continue;
    if (lang === "JSONata" && JSONPATH_ONLY.has(key)) {
      schema(report, loc, `The QueryLanguage is set to 'JSONata', but field '${key}' is only supported for the 'JSONPath' QueryLanguage`);
    } else if (lang === "JSONPath" && JSONATA_ONLY.has(key)) {
      schema(report, loc, `The QueryLanguage is set to 'JSONPath', but field '${key}' is only supported for the 'JSONata' QueryLanguage`);
    } else {
      schema(report, loc, `Field '${key}' is not supported`);
    }
  }
}
