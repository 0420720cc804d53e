/**
 * One state: its type, query language, fields and transitions, then the checks of its own type
 * (one module per state type: task.ts, choice.ts, wait.ts, fail.ts, parallel.ts, map.ts).
 */
import type { JSONObject, JSONValue } from "../types.ts";
import { checkChoice } from "./choice.ts";
import { checkFail } from "./fail.ts";
import { checkStateFields, isStateType, STATE_TYPES, type StateType } from "./fields.ts";
import { checkDelimiters } from "./jsonata.ts";
import { checkMap, type MachineCheck } from "./map.ts";
import { checkParallel } from "./parallel.ts";
import { checkStatesReferences } from "./references.ts";
import { at, isObject, schema, type QueryLanguage, type Report } from "./report.ts";
import { checkCatch, checkRetry } from "./retry.ts";
import { checkTask } from "./task.ts";
import { checkBoolean, checkObject, checkPath, checkRequired, checkResultPath, checkString, isExpression } from "./values.ts";
import { checkAssign } from "./variables.ts";
import { checkWait } from "./wait.ts";

/** Records a transition (`Next`, `Default`, a rule's or catcher's `Next`) for the graph checks. */
export type Target = (name: JSONValue | undefined, pointer: string) => void;

const REQUIRED: Partial<Record<StateType, string[]>> = {
  Task: ["Resource"],
  Choice: ["Choices"],
  Parallel: ["Branches"],
};

function hasFlow(type: StateType): boolean {
  return type !== "Choice" && type !== "Succeed" && type !== "Fail";
}

function language(report: Report, state: JSONObject, loc: string): QueryLanguage {
  const lang = state.QueryLanguage;
  if (lang === undefined) return report.language;
  if (lang !== "JSONPath" && lang !== "JSONata") {
    schema(report, at(loc, "QueryLanguage"), "Value should be one of the following: [JSONPath, JSONata]");
    return report.language;
  }
  if (lang === "JSONPath" && report.language === "JSONata") {
    schema(report, loc, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
  }
  return lang;
}

export function checkState(report: Report, state: JSONValue, loc: string, target: Target, machine: MachineCheck): void {
  if (!isObject(state)) {
    schema(report, loc, "A state must be an object");
    return;
  }
  const type = state.Type;
  if (!isStateType(type)) {
    if (type === undefined) schema(report, loc, "These fields are required: [Type]");
    else schema(report, at(loc, "Type"), `Value should be one of the following: [${STATE_TYPES.join(", ")}]`);
    // Still record its transitions, so the graph checks do not add noise about its neighbours.
    target(state.Next, at(loc, "Next"));
    target(state.Default, at(loc, "Default"));
    return;
  }
  const lang = language(report, state, loc);
  checkStateFields(report, state, type, lang, loc);
  const required = REQUIRED[type];
  if (required) checkRequired(report, state, required, loc);
  checkString(report, state, "Comment", loc);
  if (hasFlow(type)) checkFlow(report, state, loc, target);
  if (lang === "JSONPath") checkJsonPathFields(report, state, type, loc);
  else checkJsonataFields(report, state, type, loc);
  checkAssign(report, state, lang, loc);
  if (type === "Task" || type === "Parallel" || type === "Map") {
    if (state.Retry !== undefined) checkRetry(report, state.Retry, lang, at(loc, "Retry"));
    if (state.Catch !== undefined) checkCatch(report, state.Catch, lang, at(loc, "Catch"), target);
  }
  checkOwnFields(report, state, type, lang, loc, target, machine);
}

/** Next or End: exactly one. */
function checkFlow(report: Report, state: JSONObject, loc: string, target: Target): void {
  checkBoolean(report, state, "End", loc);
  if (checkString(report, state, "Next", loc)) target(state.Next, at(loc, "Next"));
  if (state.Next !== undefined && state.End === true) schema(report, loc, "These fields cannot be used together: [Next, End]");
  else if (state.Next === undefined && state.End !== true) schema(report, loc, "Exactly one of these fields is required: [Next, End]");
}

function checkJsonPathFields(report: Report, state: JSONObject, type: StateType, loc: string): void {
  if (type !== "Fail") {
    checkPath(report, state, "InputPath", loc, true);
    checkPath(report, state, "OutputPath", loc, true);
  }
  checkResultPath(report, state, loc);
  checkObject(report, state, "Parameters", loc);
  checkObject(report, state, "ResultSelector", loc);
}

function checkJsonataFields(report: Report, state: JSONObject, type: StateType, loc: string): void {
  if (state.Arguments !== undefined && !isObject(state.Arguments) && !isExpression(state.Arguments)) {
    schema(report, at(loc, "Arguments"), "The value for the field 'Arguments' must be an object or a JSONata expression");
  }
  checkDelimiters(report, state, loc, true);
  checkStatesReferences(report, state, type, loc);
}

/** The checks of the state's own type. */
function checkOwnFields(
  report: Report,
  state: JSONObject,
  type: StateType,
  lang: QueryLanguage,
  loc: string,
  target: Target,
  machine: MachineCheck,
): void {
  switch (type) {
    case "Task":
      return checkTask(report, state, lang, loc);
    case "Choice":
      return checkChoice(report, state, lang, loc, target);
    case "Wait":
      return checkWait(report, state, lang, loc);
    case "Fail":
      return checkFail(report, state, loc);
    case "Parallel":
      return checkParallel(report, state, loc, machine);
    case "Map":
      return checkMap(report, state, lang, loc, machine);
    case "Pass":
    case "Succeed":
      return;
  }
}
