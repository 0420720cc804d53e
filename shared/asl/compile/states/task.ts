/** Task: its resource, integration pattern, and timeouts (JSONPath; JSONata's are expressions). */
import type { JSONObject } from "../../types.ts";
import type { Compiler } from "../compiler.ts";
import { makeState, type CommonFields } from "../shape.ts";
import type { Pattern, TaskState } from "../types.ts";

export function compileTask(compiler: Compiler, def: JSONObject, loc: string, common: CommonFields): TaskState {
  const resource = String(def.Resource);
  const pattern = integrationPattern(resource);
  if (common.ql === "JSONata")
    return makeState("Task", common, {
      resource,
      pattern,
      timeoutSeconds: undefined,
      timeoutSecondsPath: undefined,
      heartbeatSeconds: undefined,
      heartbeatSecondsPath: undefined,
    });
  return makeState("Task", common, {
    resource,
    pattern,
    timeoutSeconds: compiler.number(def.TimeoutSeconds),
    timeoutSecondsPath: compiler.ref(def.TimeoutSecondsPath, loc, "TimeoutSecondsPath"),
    heartbeatSeconds: compiler.number(def.HeartbeatSeconds),
    heartbeatSecondsPath: compiler.ref(def.HeartbeatSecondsPath, loc, "HeartbeatSecondsPath"),
  });
}

/** A Task's integration pattern, from the suffix of its Resource. */
function integrationPattern(resource: string): Pattern {
  if (resource.endsWith(".sync:2")) return "sync2";
  if (resource.endsWith(".sync")) return "sync";
  if (resource.endsWith(".waitForTaskToken")) return "waitForTaskToken";
  return "request-response";
}
