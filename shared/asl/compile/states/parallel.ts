/** Parallel: a scope for each branch. */
import type { JSONObject } from "../../types.ts";
import type { Compiler } from "../compiler.ts";
import { makeState, type CommonFields } from "../shape.ts";
import type { ParallelState } from "../types.ts";

export function compileParallel(compiler: Compiler, def: JSONObject, loc: string, common: CommonFields): ParallelState {
  const branches = ((def.Branches as JSONObject[]) ?? []).map((branch, i) => compiler.scope(branch, `${loc}/Branches/${i}`));
  return makeState("Parallel", common, { branches });
}
