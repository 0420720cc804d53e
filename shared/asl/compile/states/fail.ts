/** Fail: its error and cause, literal or through ErrorPath and CausePath (JSONPath). */
import type { JSONObject } from "../../types.ts";
import { compileDynamic } from "../../eval/template.ts";
import type { Compiler } from "../compiler.ts";
import { makeState, type CommonFields } from "../shape.ts";
import type { FailState } from "../types.ts";

export function compileFail(compiler: Compiler, def: JSONObject, loc: string, common: CommonFields): FailState {
  if (common.ql === "JSONata") return makeState("Fail", common, { error: undefined, errorPath: undefined, cause: undefined, causePath: undefined });
  const { ErrorPath: errorPath, CausePath: causePath } = def;
  return makeState("Fail", common, {
    error: typeof def.Error === "string" ? def.Error : undefined,
    errorPath: typeof errorPath === "string" ? compiler.attempt(`${loc}/ErrorPath`, () => compileDynamic(errorPath, "ErrorPath")) : undefined,
    cause: typeof def.Cause === "string" ? def.Cause : undefined,
    causePath: typeof causePath === "string" ? compiler.attempt(`${loc}/CausePath`, () => compileDynamic(causePath, "CausePath")) : undefined,
  });
}
