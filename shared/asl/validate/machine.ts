/**
 * A state machine, or a nested one (a Parallel branch, a Map item processor): its own fields, its
 * states, and its transition graph. Transitions stay inside their machine: a branch cannot jump out.
 */
import type { JSONObject, JSONValue } from "../types.ts";
import { checkProcessorConfig } from "./map.ts";
import { at, error, hasOwn, isObject, MISSING_TARGET, schema, type Report } from "./report.ts";
import { checkState } from "./states.ts";
import { checkNumber, checkRequired, checkString, MAX_SECONDS } from "./values.ts";
import { assignedNames } from "./variables.ts";

export type MachineKind = "root" | "branch" | "processor";

const FIELDS: Record<MachineKind, Set<string>> = {
  root: new Set(["StartAt", "States", "Comment", "QueryLanguage", "TimeoutSeconds", "Version"]),
  branch: new Set(["StartAt", "States", "Comment"]),
  processor: new Set(["StartAt", "States", "Comment", "ProcessorConfig"]),
};

/** Deeper nesting than this is refused, which also keeps the walk's recursion bounded. */
const MAX_DEPTH = 64;

const MAX_STATE_NAME = 80;

interface Transition {
  name: string;
  pointer: string;
}

export function checkMachine(report: Report, definition: JSONObject, loc: string, kind: MachineKind): void {
  if (report.depth >= MAX_DEPTH) {
    error(report, "TOO_DEEPLY_NESTED", loc, `State machines cannot be nested more than ${MAX_DEPTH} levels deep`);
    return;
  }
  checkMachineFields(report, definition, loc, kind);
  const states = definition.States;
  if (states === undefined) return;
  const statesAt = at(loc, "States");
  if (!isObject(states)) {
    schema(report, statesAt, "The value for the field 'States' must be an object");
    return;
  }
  report.depth++;
  report.scopes.push({ names: assignedNames(states), isolated: kind === "processor" && isDistributed(definition) });
  const walked = checkStates(report, states, statesAt);
  report.depth--;
  report.scopes.pop();
  if (walked.count === 0) {
    schema(report, statesAt, "States must contain at least one state");
    return;
  }
  checkGraph(report, definition, states, loc, walked);
}

/** The machine's own fields (StartAt, States, Comment, and those of its kind). */
function checkMachineFields(report: Report, definition: JSONObject, loc: string, kind: MachineKind): void {
  const allowed = FIELDS[kind];
  for (const key in definition) if (!allowed.has(key)) schema(report, loc, `Field '${key}' is not supported`);
  checkRequired(report, definition, ["StartAt", "States"], loc);
  checkString(report, definition, "StartAt", loc);
  checkString(report, definition, "Comment", loc);
  if (kind === "root") {
    checkNumber(report, definition, "TimeoutSeconds", loc, { integer: true, min: 1, max: MAX_SECONDS });
    checkString(report, definition, "Version", loc);
  } else if (kind === "processor") {
    checkProcessorConfig(report, definition, loc);
  }
}

interface Walked {
  count: number;
  /** Some state ends the workflow (End, Succeed, Fail). */
  terminal: boolean;
  transitions: Transition[];
}

/** Check each state and its name; collect the transitions for the graph checks. */
function checkStates(report: Report, states: JSONObject, statesAt: string): Walked {
  const walked: Walked = { count: 0, terminal: false, transitions: [] };
  const target = (name: JSONValue | undefined, pointer: string): void => {
    if (typeof name === "string") walked.transitions.push({ name, pointer });
  };
  for (const name in states) {
    walked.count++;
    const stateAt = at(statesAt, name);
    if (name.length === 0 || (name.length > MAX_STATE_NAME && [...name].length > MAX_STATE_NAME)) {
      error(report, "INVALID_STATE_NAME", stateAt, `State names must be between 1 and ${MAX_STATE_NAME} characters long`);
    }
    if (report.stateNames.has(name)) error(report, "DUPLICATE_STATE_NAME", stateAt, `Duplicate State name: ${name}`);
    else report.stateNames.add(name);
    const state = states[name];
    checkState(report, state, stateAt, target, checkMachine);
    if (isObject(state) && (state.End === true || state.Type === "Succeed" || state.Type === "Fail")) walked.terminal = true;
  }
  return walked;
}

/**
 * The graph, as AWS checks it: every target exists, some state ends the workflow, and every
 * state but StartAt is the target of some transition.
 */
function checkGraph(report: Report, definition: JSONObject, states: JSONObject, loc: string, walked: Walked): void {
  const startAt = typeof definition.StartAt === "string" ? definition.StartAt : undefined;
  const targeted = new Set<string>();
  if (startAt !== undefined) {
    targeted.add(startAt);
    if (!hasOwn(states, startAt)) error(report, MISSING_TARGET, at(loc, "StartAt"), `Missing 'Next' target: ${startAt}`);
  }
  for (const transition of walked.transitions) {
    targeted.add(transition.name);
    if (!hasOwn(states, transition.name)) error(report, MISSING_TARGET, transition.pointer, `Missing 'Next' target: ${transition.name}`);
  }
  if (!walked.terminal) {
    error(report, "MISSING_END_STATE", loc, "Workflow has no terminal state");
    return;
  }
  if (startAt === undefined) return;
  const statesAt = at(loc, "States");
  for (const name in states) {
    if (!targeted.has(name)) error(report, MISSING_TARGET, at(statesAt, name), `State "${name}" is not reachable.`);
  }
}

function isDistributed(definition: JSONObject): boolean {
  const config = definition.ProcessorConfig;
  return isObject(config) && config.Mode === "DISTRIBUTED";
}
