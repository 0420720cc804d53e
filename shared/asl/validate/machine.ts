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

export function checkMachine(r: Report, m: JSONObject, loc: string, kind: MachineKind): void {
  if (r.depth >= MAX_DEPTH) {
    error(r, "TOO_DEEPLY_NESTED", loc, `State machines cannot be nested more than ${MAX_DEPTH} levels deep`);
    return;
  }
  const allowed = FIELDS[kind];
  for (const key in m) if (!allowed.has(key)) schema(r, loc, `Field '${key}' is not supported`);
  checkRequired(r, m, ["StartAt", "States"], loc);
  checkString(r, m, "StartAt", loc);
  checkString(r, m, "Comment", loc);
  if (kind === "root") {
    checkNumber(r, m, "TimeoutSeconds", loc, { integer: true, min: 1, max: MAX_SECONDS });
    checkString(r, m, "Version", loc);
  } else if (kind === "processor") {
    checkProcessorConfig(r, m, loc);
  }

  const states = m.States;
  if (states === undefined) return;
  const statesAt = at(loc, "States");
  if (!isObject(states)) {
    schema(r, statesAt, "The value for the field 'States' must be an object");
    return;
  }

  const transitions: Transition[] = [];
  const target = (name: JSONValue | undefined, pointer: string): void => {
    if (typeof name === "string") transitions.push({ name, pointer });
  };
  r.depth++;
  r.scopes.push({ names: assignedNames(states), isolated: kind === "processor" && isDistributed(m) });
  let count = 0, terminal = false;
  for (const name in states) {
    count++;
    const stateAt = at(statesAt, name);
    if (name.length === 0 || (name.length > MAX_STATE_NAME && [...name].length > MAX_STATE_NAME)) {
      error(r, "INVALID_STATE_NAME", stateAt, `State names must be between 1 and ${MAX_STATE_NAME} characters long`);
    }
    if (r.stateNames.has(name)) error(r, "DUPLICATE_STATE_NAME", stateAt, `Duplicate State name: ${name}`);
    else r.stateNames.add(name);
    const s = states[name];
    checkState(r, s, stateAt, target, checkMachine);
    if (isObject(s) && (s.End === true || s.Type === "Succeed" || s.Type === "Fail")) terminal = true;
  }
  r.depth--;
  r.scopes.pop();
  if (count === 0) {
    schema(r, statesAt, "States must contain at least one state");
    return;
  }

  // The graph, as AWS checks it: every target exists, some state ends the workflow, and every
  // state but StartAt is the target of some transition.
  const startAt = typeof m.StartAt === "string" ? m.StartAt : undefined;
  const targeted = new Set<string>();
  if (startAt !== undefined) {
    targeted.add(startAt);
    if (!hasOwn(states, startAt)) error(r, MISSING_TARGET, at(loc, "StartAt"), `Missing 'Next' target: ${startAt}`);
  }
  for (const t of transitions) {
    targeted.add(t.name);
    if (!hasOwn(states, t.name)) error(r, MISSING_TARGET, t.pointer, `Missing 'Next' target: ${t.name}`);
  }
  if (!terminal) {
    error(r, "MISSING_END_STATE", loc, "Workflow has no terminal state");
    return;
  }
  if (startAt === undefined) return;
  for (const name in states) {
    if (!targeted.has(name)) error(r, MISSING_TARGET, at(statesAt, name), `State "${name}" is not reachable.`);
  }
}

function isDistributed(m: JSONObject): boolean {
  const config = m.ProcessorConfig;
  return isObject(config) && config.Mode === "DISTRIBUTED";
}
