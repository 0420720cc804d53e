/** Wait: Seconds, SecondsPath, Timestamp or TimestampPath (JSONPath; JSONata's are expressions). */
import type { JSONObject } from "../../types.ts";
import { parseTimestamp } from "../../eval/timestamp.ts";
import type { Compiler } from "../compiler.ts";
import { makeState, type CommonFields } from "../shape.ts";
import type { WaitState } from "../types.ts";

export function compileWait(compiler: Compiler, def: JSONObject, loc: string, common: CommonFields): WaitState {
  if (common.ql === "JSONata")
    return makeState("Wait", common, { seconds: undefined, secondsPath: undefined, timestamp: undefined, timestampPath: undefined });
  const seconds = compiler.number(def.Seconds);
  const secondsPath = compiler.ref(def.SecondsPath, loc, "SecondsPath");
  const timestamp = typeof def.Timestamp === "string" ? def.Timestamp : undefined;
  const timestampPath = compiler.ref(def.TimestampPath, loc, "TimestampPath");
  if (timestamp !== undefined && parseTimestamp(timestamp) === undefined)
    compiler.fail(`${loc}/Timestamp`, "String does not match RFC3339 timestamp");
  return makeState("Wait", common, { seconds, secondsPath, timestamp, timestampPath });
}
