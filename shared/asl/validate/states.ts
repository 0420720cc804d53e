/** One state: its type, query language, fields, transitions, and the checks of its own type. */
import type { JSONObject, JSONValue } from "../types.ts";
import { checkChoice } from "./choice.ts";
import { checkStateFields, isStateType, STATE_TYPES, type StateType } from "./fields.ts";
import { checkDelimiters } from "./jsonata.ts";
import { checkStatesReferences } from "./references.ts";
import { checkMap, type MachineCheck } from "./map.ts";
import { at, isObject, schema, type QueryLanguage, type Report } from "./report.ts";
import { checkCatch, checkRetry } from "./retry.ts";
import { checkTask } from "./task.ts";
import { isTimestamp, TIMESTAMP_MESSAGE } from "./timestamps.ts";
import {
  checkBoolean, checkExclusive, checkNumber, checkObject, checkPath, checkRequired, checkResultPath, checkString, isExpression,
  MAX_SECONDS,
} from "./values.ts";
import { checkAssign } from "./variables.ts";

/** Records a transition (`Next`, `Default`, a rule's or catcher's `Next`) for the graph checks. */
export type Target = (name: JSONValue | undefined, pointer: string) => void;

const REQUIRED: Partial<Record<StateType, string[]>> = {
  Task: ["Resource"],
  Choice: ["Choices"],
  Parallel: ["Branches"],
};

function hasFlow(t: StateType): boolean {
  return t !== "Choice" && t !== "Succeed" && t !== "Fail";
}

function language(r: Report, s: JSONObject, loc: string): QueryLanguage {
  const q = s.QueryLanguage;
  if (q === undefined) return r.language;
  if (q !== "JSONPath" && q !== "JSONata") {
    schema(r, at(loc, "QueryLanguage"), "Value should be one of the following: [JSONPath, JSONata]");
    return r.language;
  }
  if (q === "JSONPath" && r.language === "JSONata") {
    schema(r, loc, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
  }
  return q;
}

export function checkState(r: Report, s: JSONValue, loc: string, target: Target, machine: MachineCheck): void {
  if (!isObject(s)) {
    schema(r, loc, "A state must be an object");
    return;
  }
  const type = s.Type;
  if (!isStateType(type)) {
    if (type === undefined) schema(r, loc, "These fields are required: [Type]");
    else schema(r, at(loc, "Type"), `Value should be one of the following: [${STATE_TYPES.join(", ")}]`);
    // Still record its transitions, so the graph checks do not add noise about its neighbours.
    target(s.Next, at(loc, "Next"));
    target(s.Default, at(loc, "Default"));
    return;
  }
  const lang = language(r, s, loc);
  checkStateFields(r, s, type, lang, loc);
  const required = REQUIRED[type];
  if (required) checkRequired(r, s, required, loc);
  checkString(r, s, "Comment", loc);

  if (hasFlow(type)) {
    checkBoolean(r, s, "End", loc);
    if (checkString(r, s, "Next", loc)) target(s.Next, at(loc, "Next"));
    if (s.Next !== undefined && s.End === true) schema(r, loc, "These fields cannot be used together: [Next, End]");
    else if (s.Next === undefined && s.End !== true) schema(r, loc, "Exactly one of these fields is required: [Next, End]");
  }

  if (lang === "JSONPath") {
    if (type !== "Fail") {
      checkPath(r, s, "InputPath", loc, true);
      checkPath(r, s, "OutputPath", loc, true);
    }
    checkResultPath(r, s, loc);
    checkObject(r, s, "Parameters", loc);
    checkObject(r, s, "ResultSelector", loc);
  } else {
    if (s.Arguments !== undefined && !isObject(s.Arguments) && !isExpression(s.Arguments)) {
      schema(r, at(loc, "Arguments"), "The value for the field 'Arguments' must be an object or a JSONata expression");
    }
    checkDelimiters(r, s, loc, true);
    checkStatesReferences(r, s, type, loc);
  }
  checkAssign(r, s, lang, loc);
  if (type === "Task" || type === "Parallel" || type === "Map") {
    if (s.Retry !== undefined) checkRetry(r, s.Retry, lang, at(loc, "Retry"));
    if (s.Catch !== undefined) checkCatch(r, s.Catch, lang, at(loc, "Catch"), target);
  }

  switch (type) {
    case "Task":
      checkTask(r, s, lang, loc);
      break;
    case "Choice":
      checkChoice(r, s, lang, loc, target);
      break;
    case "Wait":
      checkWait(r, s, lang, loc);
      break;
    case "Fail":
      checkFail(r, s, loc);
      break;
    case "Parallel":
      checkParallel(r, s, loc, machine);
      break;
    case "Map":
      checkMap(r, s, lang, loc, machine);
      break;
    case "Pass":
    case "Succeed":
      break;
  }
}

function checkWait(r: Report, s: JSONObject, lang: QueryLanguage, loc: string): void {
  const jsonata = lang === "JSONata";
  const keys = jsonata ? ["Seconds", "Timestamp"] : ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"];
  let present = 0;
  for (const k of keys) if (s[k] !== undefined) present++;
  if (present !== 1) schema(r, loc, `Exactly one of these fields is required: [${keys.join(", ")}]`);
  checkNumber(r, s, "Seconds", loc, { integer: true, min: 0, max: MAX_SECONDS, expression: jsonata });
  checkPath(r, s, "SecondsPath", loc);
  checkPath(r, s, "TimestampPath", loc);
  const ts = s.Timestamp;
  if (ts !== undefined && !(jsonata && isExpression(ts))) {
    if (typeof ts !== "string") schema(r, at(loc, "Timestamp"), "The value for the field 'Timestamp' must be a string");
    else if (!isTimestamp(ts)) schema(r, at(loc, "Timestamp"), TIMESTAMP_MESSAGE);
  }
}

function checkFail(r: Report, s: JSONObject, loc: string): void {
  checkExclusive(r, s, ["Error", "ErrorPath"], loc);
  checkExclusive(r, s, ["Cause", "CausePath"], loc);
  checkString(r, s, "Error", loc);
  checkString(r, s, "Cause", loc);
  for (const key of ["ErrorPath", "CausePath"]) {
    const v = s[key];
    // A path, or an intrinsic function such as States.Format(...).
    if (v !== undefined && !(typeof v === "string" && (v.charCodeAt(0) === 36 || v.startsWith("States.")))) {
      schema(r, at(loc, key), `The value for the field '${key}' must be a valid JSONPath or intrinsic function`);
    }
  }
}

function checkParallel(r: Report, s: JSONObject, loc: string, machine: MachineCheck): void {
  const branches = s.Branches;
  if (branches === undefined) return;
  const where = at(loc, "Branches");
  if (!Array.isArray(branches)) {
    schema(r, where, "The value for the field 'Branches' must be an array");
    return;
  }
  if (branches.length === 0) schema(r, where, "Branches must contain at least one branch");
  for (let i = 0; i < branches.length; i++) {
    const b = branches[i];
    if (isObject(b)) machine(r, b, at(where, i), "branch");
    else schema(r, at(where, i), "A branch must be an object");
  }
}
