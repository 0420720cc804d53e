/**
 * Collects diagnostics while a definition is walked. Locations are JSON pointers (RFC 6901) built
 * from the definition's own keys; the root is reported as `/`, like AWS does.
 */
import type { Diagnostic, JSONObject, StateMachineType } from "../types.ts";
import type { VariableScope } from "./variables.ts";

export type QueryLanguage = "JSONPath" | "JSONata";

export const SCHEMA = "SCHEMA_VALIDATION_FAILED";
export const MISSING_TARGET = "MISSING_TRANSITION_TARGET";

export interface Report {
  readonly diagnostics: Diagnostic[];
  readonly type: StateMachineType;
  /** The machine's top-level language: nested states inherit this one, not their parent's. */
  readonly language: QueryLanguage;
  /** Every state name seen so far, machine-wide (names must be unique across branches too). */
  readonly stateNames: Set<string>;
  /** Every Map Label seen so far, machine-wide. */
  readonly labels: Set<string>;
  /** How many machines (branches, item processors) enclose the one being checked. */
  depth: number;
  /** The variables each enclosing machine assigns, outermost first; the last is the current one. */
  readonly scopes: VariableScope[];
}

/** Appends a key to a pointer, escaping `~` and `/` as RFC 6901 asks. */
export function at(pointer: string, key: string | number): string {
  if (typeof key === "number") return `${pointer}/${key}`;
  if (key.indexOf("~") < 0 && key.indexOf("/") < 0) return `${pointer}/${key}`;
  return `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

export function error(report: Report, code: string, pointer: string, message: string): void {
  report.diagnostics.push({ code, location: pointer === "" ? "/" : pointer, message, severity: "ERROR" });
}

export function schema(report: Report, pointer: string, message: string): void {
  error(report, SCHEMA, pointer, message);
}

export function isObject(v: unknown): v is JSONObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function hasOwn(node: JSONObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(node, key);
}
