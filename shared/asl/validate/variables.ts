/**
 * Workflow variables: `Assign` on states, Choice rules and catchers, in both query languages.
 * Names follow Unicode identifier rules (UAX #31: ID_Start, then ID_Continue), at most 80
 * characters, and `states` is reserved. A Parallel branch or Map item processor reads the
 * variables of the machines around it but may not assign one of their names.
 */
import type { JSONObject, JSONValue } from "../types.ts";
import { at, isObject, schema, type QueryLanguage, type Report } from "./report.ts";

export const MAX_VARIABLE_NAME = 80;

const NAME = /^\p{ID_Start}\p{ID_Continue}*$/u;

/** The names one machine assigns, and whether outer names are visible from it at all. */
export interface VariableScope {
  readonly names: Set<string>;
  /** A distributed Map's child executions start afresh: nothing outside is in scope. */
  readonly isolated: boolean;
}

/** Why `name` cannot be a variable name, or undefined when it can. */
export function variableNameProblem(name: string): string | undefined {
  if (name === "states") return "'states' is a reserved variable name";
  const length = name.length <= MAX_VARIABLE_NAME ? name.length : [...name].length;
  if (length === 0 || length > MAX_VARIABLE_NAME) {
    return `Variable names must be between 1 and ${MAX_VARIABLE_NAME} characters long`;
  }
  if (!NAME.test(name)) {
    return `Invalid variable name '${name}': it must start with a letter and contain only letters, digits and underscores`;
  }
  return undefined;
}

/** JSONPath states mark evaluated values with a `.$` key suffix; the variable is the rest. */
function variableOf(key: string): string {
  return key.endsWith(".$") ? key.slice(0, -2) : key;
}

function assigns(node: JSONValue | undefined, into: Set<string>): void {
  if (isObject(node) && isObject(node.Assign)) for (const key in node.Assign) into.add(variableOf(key));
}

/** Every name a machine's own states assign (state, Choice rule and catcher `Assign`s alike). */
export function assignedNames(states: JSONObject): Set<string> {
  const names = new Set<string>();
  for (const name in states) {
    const state = states[name];
    if (!isObject(state)) continue;
    assigns(state, names);
    assignsOfEach(state.Choices, names);
    assignsOfEach(state.Catch, names);
  }
  return names;
}

function assignsOfEach(list: JSONValue | undefined, into: Set<string>): void {
  if (Array.isArray(list)) for (let i = 0; i < list.length; i++) assigns(list[i], into);
}

function outerAssigns(report: Report, name: string): boolean {
  for (let i = report.scopes.length - 1; i > 0; i--) {
    if (report.scopes[i].isolated) return false;
    if (report.scopes[i - 1].names.has(name)) return true;
  }
  return false;
}

/** Checks `o.Assign`: an object whose keys are valid names, JSONPath `.$` values, no outer names. */
export function checkAssign(report: Report, node: JSONObject, lang: QueryLanguage, loc: string): void {
  const assign = node.Assign;
  if (assign === undefined) return;
  const where = at(loc, "Assign");
  if (!isObject(assign)) {
    schema(report, where, "The value for the field 'Assign' must be an object");
    return;
  }
  for (const key in assign) {
    const keyAt = at(where, key);
    const dynamic = lang === "JSONPath" && key.endsWith(".$");
    const name = dynamic ? key.slice(0, -2) : key;
    const problem = variableNameProblem(name);
    if (problem) schema(report, keyAt, problem);
    else if (outerAssigns(report, name)) {
      schema(report, keyAt, `Variable '${name}' is assigned in an outer scope: a state inside a Parallel branch or Map cannot assign it`);
    }
    const v = assign[key];
    if (dynamic && !(typeof v === "string" && (v.charCodeAt(0) === 36 /* $ */ || v.startsWith("States.")))) {
      schema(report, keyAt, `The value for the field '${key}' must be a valid JSONPath or intrinsic function`);
    }
  }
}
