/** Pass: its `Result` (JSONPath). Its paths, Parameters and Assign are common fields. */
import type { JSONObject } from "../../types.ts";
import { makeState, type CommonFields } from "../shape.ts";
import type { PassState } from "../types.ts";

export function compilePass(def: JSONObject, common: CommonFields): PassState {
  // JSONata has no Result: the state's Output says what it passes on
  const result = common.ql === "JSONPath" ? def.Result : undefined;
  return makeState("Pass", common, { result });
}
