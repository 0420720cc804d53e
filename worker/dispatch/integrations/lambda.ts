/**
 * Lambda-shaped resources onto our targets through LAMBDA_FUNCTIONS (function name -> `worker:<BINDING>[/<method>]`
 * or a URL). A Lambda ARN task returns the function's payload itself; `lambda:invoke` takes `FunctionName`
 * (+ `Payload`) from its input and returns `{ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode}`.
 */
import { parseResource, type Resource } from "../../../shared/asl/index.ts";
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { Env } from "../../env.ts";
import type { TaskCall, TaskResult } from "../../execution/contract.ts";
import { postTask } from "../http-post.ts";
import { lambdaMap, resolveFunction } from "../lambda-config.ts";
import { invokeResult, lambdaFailure } from "../lambda-shape.ts";
import type { Outcome } from "../outcome.ts";
import type { Integration } from "../types.ts";
import { urlProblem } from "./url.ts";
import { callWorker, workerProblem } from "./worker.ts";

type Target = Extract<Resource, { kind: "worker" | "url" }>;

/** What LAMBDA_FUNCTIONS maps a function to, or why it cannot serve (not configured, not mapped, unusable). */
function functionTarget(env: Env, functionName: string): Target | string {
  const map = lambdaMap(env.LAMBDA_FUNCTIONS);
  if (!map) return "LAMBDA_FUNCTIONS is not configured (a JSON object: function name -> worker:<BINDING>[/<method>] or URL)";
  const to = resolveFunction(map, functionName);
  if (to === null) return `Function not found: ${functionName} (no entry in LAMBDA_FUNCTIONS)`;
  const target = parseResource(to);
  if (target.kind !== "worker" && target.kind !== "url") {
    return `LAMBDA_FUNCTIONS maps ${functionName} to an unusable target: '${to}' is not worker:<BINDING>[/<method>] or an http(s) URL`;
  }
  return target;
}

function targetProblem(env: Env, functionName: string): string | null {
  const target = functionTarget(env, functionName);
  if (typeof target === "string") return target;
  return target.kind === "worker" ? workerProblem(env, target) : urlProblem(target);
}

function callTarget(env: Env, target: Target, call: TaskCall, signal?: AbortSignal): Promise<Outcome> {
  if (target.kind === "worker") return callWorker(env, target.binding, target.method, call, signal);
  return postTask((u, init) => fetch(u, init), target.url, call, signal);
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`: the function's own payload. */
export const lambdaFunction: Integration = {
  keys: ["lambda"],
  problem: ({ env }, r) => targetProblem(env, (r as Extract<Resource, { kind: "lambda" }>).function),
  async run({ env }, call, r, signal): Promise<TaskResult> {
    const fn = (r as Extract<Resource, { kind: "lambda" }>).function;
    const target = functionTarget(env, fn);
    if (typeof target === "string") return { error: "Lambda.ResourceNotFoundException", cause: target };
    const out = await callTarget(env, target, call, signal);
    return out.ok ? { output: out.value } : lambdaFailure(out, "arn");
  },
};

/** `arn:aws:states:::lambda:invoke`: FunctionName and Payload from the input, Lambda's Invoke answer. */
export const lambdaInvoke: Integration = {
  keys: ["aws:lambda:invoke"],
  problem: ({ env }) =>
    lambdaMap(env.LAMBDA_FUNCTIONS)
      ? null
      : "arn:aws:states:::lambda:invoke needs LAMBDA_FUNCTIONS (function name -> worker:<BINDING>[/<method>] or URL)",
  async run({ env }, call, _r, signal): Promise<TaskResult> {
    const params: JSONObject = isObject(call.input) ? call.input : {};
    const fn = params.FunctionName;
    if (typeof fn !== "string" || fn === "") {
      return { error: "States.Runtime", cause: "lambda:invoke needs a FunctionName (a name, a function ARN or a partial ARN)" };
    }
    const target = functionTarget(env, fn);
    if (typeof target === "string") return { error: "Lambda.ResourceNotFoundException", cause: target };
    const out = await callTarget(env, target, { ...call, input: payloadOf(params) }, signal);
    return out.ok ? { output: invokeResult(out.value) } : lambdaFailure(out, "invoke");
  },
};

/** Lambda gets the Payload's bytes: a string is JSON text already (AWS's `"\"HelloWorld\""`). */
function payloadOf(params: JSONObject): JSONValue {
  if (!Object.hasOwn(params, "Payload")) return {};
  const payload = params.Payload;
  if (typeof payload !== "string") return payload;
  try {
    return JSON.parse(payload) as JSONValue;
  } catch {
    return payload;
  }
}

const isObject = (v: JSONValue): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);
