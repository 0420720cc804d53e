/**
 * Lambda-shaped resources onto our targets through LAMBDA_FUNCTIONS. A Lambda ARN task returns the
 * function's payload itself; `lambda:invoke` takes `FunctionName` (+ `Payload`) from its input and
 * returns `{ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode}`.
 */
import type { JSONObject, JSONValue } from "../../shared/asl/types.ts";
import type { TaskCall, TaskResult } from "../execution/contract.ts";
import { lambdaMap, resolveFunction } from "./lambda-config.ts";
import { invokeResult, lambdaFailure } from "./lambda-shape.ts";
import type { Outcome } from "./outcome.ts";
import { parseResource, type Target } from "./resource.ts";

/** Runs a worker or URL target (index.ts passes its own table, so the two kinds stay in one place). */
export type RunTarget = (target: Target, call: TaskCall, signal?: AbortSignal) => Promise<Outcome>;

export function functionTarget(rawConfig: unknown, functionName: string): Target | string {
  const map = lambdaMap(rawConfig);
  if (!map) return "LAMBDA_FUNCTIONS is not configured (a JSON object: function name -> worker:<BINDING>[/<method>] or URL)";
  const to = resolveFunction(map, functionName);
  if (to === null) return `Function not found: ${functionName} (no entry in LAMBDA_FUNCTIONS)`;
  const parsed = parseResource(to);
  if ("problem" in parsed) return `LAMBDA_FUNCTIONS maps ${functionName} to an unusable target: ${parsed.problem}`;
  if (parsed.target.kind !== "worker" && parsed.target.kind !== "url") {
    return `LAMBDA_FUNCTIONS maps ${functionName} to '${to}': only worker:<BINDING>[/<method>] or a URL`;
  }
  return parsed.target;
}

export async function invokeFunction(config: unknown, fn: string, call: TaskCall, run: RunTarget, signal?: AbortSignal): Promise<TaskResult> {
  const target = functionTarget(config, fn);
  if (typeof target === "string") return { error: "Lambda.ResourceNotFoundException", cause: target };
  const out = await run(target, call, signal);
  return out.ok ? { output: out.value } : lambdaFailure(out, "arn");
}

export async function lambdaInvoke(config: unknown, call: TaskCall, run: RunTarget, signal?: AbortSignal): Promise<TaskResult> {
  const params: JSONObject = isObject(call.input) ? call.input : {};
  const fn = params.FunctionName;
  if (typeof fn !== "string" || fn === "") {
    return { error: "States.Runtime", cause: "lambda:invoke needs a FunctionName (a name, a function ARN or a partial ARN)" };
  }
  const target = functionTarget(config, fn);
  if (typeof target === "string") return { error: "Lambda.ResourceNotFoundException", cause: target };
  const out = await run(target, { ...call, input: payloadOf(params) }, signal);
  return out.ok ? { output: invokeResult(out.value) } : lambdaFailure(out, "invoke");
}

/** Lambda gets the Payload's bytes: a string is JSON text already (AWS's `"\"HelloWorld\""`). */
function payloadOf(params: JSONObject): JSONValue {
  if (!Object.hasOwn(params, "Payload")) return {};
  const p = params.Payload;
  if (typeof p !== "string") return p;
  try {
    return JSON.parse(p) as JSONValue;
  } catch {
    return p;
  }
}

const isObject = (v: JSONValue): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);

