/** Fail: its error and cause, literal or through ErrorPath and CausePath (JSONPath). */
import type { JSONObject, JSONValue } from "../../types.ts";
import { compileDynamic, type Getter } from "../../eval/template.ts";
import type { Compiler } from "../compiler.ts";
import { makeState, type CommonFields } from "../shape.ts";
import type { FailState } from "../types.ts";

export function compileFail(compiler: Compiler, def: JSONObject, loc: string, common: CommonFields): FailState {
  if (common.ql === "JSONata")
    return makeState("Fail", common, { error: undefined, errorPath: undefined, cause: undefined, causePath: undefined });
  return makeState("Fail", common, {
    error: typeof def.Error === "string" ? def.Error : undefined,
    errorPath: dynamic(compiler, def.ErrorPath, loc, "ErrorPath"),
    cause: typeof def.Cause === "string" ? def.Cause : undefined,
    causePath: dynamic(compiler, def.CausePath, loc, "CausePath"),
  });
}

/** ErrorPath or CausePath: a path or an intrinsic function call. */
function dynamic(compiler: Compiler, v: JSONValue | undefined, loc: string, field: string): Getter | undefined {
  if (typeof v !== "string") return undefined;
  return compiler.attempt(`${loc}/${field}`, () => compileDynamic(v, field));
}
