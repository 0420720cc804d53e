/** Task: its resource, integration pattern, and timeouts (JSONPath; JSONata's are expressions). */
import type { JSONObject } from "../../types.ts";
import type { Compiler } from "../compiler.ts";
import { makeState, type CommonFields } from "../shape.ts";
import { parseResource, resourceInfo } from "../../resource.ts";
import type { TaskState } from "../types.ts";

export function compileTask(compiler: Compiler, def: JSONObject, loc: string, common: CommonFields): TaskState {
  const resource = String(def.Resource);
  // The integration pattern, from the one Resource parser (the suffix .sync, .sync:2 or .waitForTaskToken).
  const pattern = parseResource(resource).pattern;
  if (common.ql === "JSONata")
    return makeState("Task", common, {
      resource,
      pattern,
      info: resourceInfo(resource),
      timeoutSeconds: undefined,
      timeoutSecondsPath: undefined,
      heartbeatSeconds: undefined,
      heartbeatSecondsPath: undefined,
    });
  return makeState("Task", common, {
    resource,
    pattern,
    info: resourceInfo(resource),
    timeoutSeconds: compiler.number(def.TimeoutSeconds),
    timeoutSecondsPath: compiler.ref(def.TimeoutSecondsPath, loc, "TimeoutSecondsPath"),
    heartbeatSeconds: compiler.number(def.HeartbeatSeconds),
    heartbeatSecondsPath: compiler.ref(def.HeartbeatSecondsPath, loc, "HeartbeatSecondsPath"),
  });
}
