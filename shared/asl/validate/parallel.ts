/** Parallel state: its branches, each a nested machine. */
import type { JSONObject } from "../types.ts";
import type { MachineCheck } from "./map.ts";
import { at, isObject, schema, type Report } from "./report.ts";

export function checkParallel(report: Report, state: JSONObject, loc: string, machine: MachineCheck): void {
  const branches = state.Branches;
  if (branches === undefined) return;
  const where = at(loc, "Branches");
  if (!Array.isArray(branches)) {
    schema(report, where, "The value for the field 'Branches' must be an array");
    return;
  }
  if (branches.length === 0) schema(report, where, "Branches must contain at least one branch");
  for (let i = 0; i < branches.length; i++) {
    const branch = branches[i];
    if (isObject(branch)) machine(report, branch, at(where, i), "branch");
    else schema(report, at(where, i), "A branch must be an object");
  }
}
