/**
 * Lambda on AWS: the Invoke REST API (POST /2015-03-31/functions/<name>/invocations), for Lambda ARN
 * resources and `lambda:invoke` whose function LAMBDA_FUNCTIONS does not map. A function error
 * (X-Amz-Function-Error) fails the task with the payload's errorType (`Lambda.Unknown` when it names
 * none) and the payload as the cause, as Step Functions does; Invoke's own errors are `Lambda.<Code>`.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { SERVICES } from "./catalog.ts";
import { causeV1, errorName, isFault, isObject, jsonError, sdkMetadata, signedFetch, type AwsFault, type AwsReply } from "./call.ts";
import { awsRegion, awsTarget, redact } from "./config.ts";

const LAMBDA = SERVICES.lambda;
const ARN_REGION = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):/;

/** What Invoke takes besides the function: lambda:invoke's parameters. */
export interface InvokeOptions {
  InvocationType?: string;
  LogType?: string;
  ClientContext?: string;
  Qualifier?: string;
}

type Invoked = { reply: AwsReply; payload: JSONValue; functionError: string | null };

export async function invoke(
  env: object,
  fn: string,
  payload: string,
  o: InvokeOptions,
  signal?: AbortSignal,
): Promise<Invoked | AwsFault> {
  const target = awsTarget(env, LAMBDA, ARN_REGION.exec(fn)?.[1] ?? awsRegion(env));
  if ("problem" in target) return { fault: true, code: "SdkClientException", message: target.problem, status: 0, requestId: "" };
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (o.InvocationType) headers["X-Amz-Invocation-Type"] = o.InvocationType;
  if (o.LogType) headers["X-Amz-Log-Type"] = o.LogType;
  if (o.ClientContext) headers["X-Amz-Client-Context"] = o.ClientContext;
  const query = o.Qualifier ? `?Qualifier=${encodeURIComponent(o.Qualifier)}` : "";
  const path = `/2015-03-31/functions/${encodeURIComponent(fn)}/invocations${query}`;
  const reply = await signedFetch(target, path, { method: "POST", headers, body: payload }, signal);
  if (isFault(reply)) return reply;
  if (reply.status < 200 || reply.status >= 300) return jsonError(reply, "AWSLambdaException");
  return { reply, payload: parsePayload(reply.text), functionError: reply.headers.get("x-amz-function-error") };
}

/** A function error as the task's failure: its errorType names it, the payload is the cause. */
function functionFailure(env: object, i: Invoked): TaskResult {
  const type = isObject(i.payload) && typeof i.payload.errorType === "string" ? i.payload.errorType : "Lambda.Unknown";
  return { error: type, cause: redact(env, i.reply.text) };
}

export const lambdaFault = (env: object, f: AwsFault): TaskResult => ({
  error: errorName("Lambda", f.code),
  cause: redact(env, causeV1(f, "AWSLambda")),
});

/** A Lambda ARN resource: the payload itself. */
export async function runFunctionArn(env: object, fn: string, input: JSONValue, signal?: AbortSignal): Promise<TaskResult> {
  const i = await invoke(env, fn, JSON.stringify(input), {}, signal);
  if (isFault(i)) return lambdaFault(env, i);
  return i.functionError ? functionFailure(env, i) : { output: i.payload };
}

/** `lambda:invoke`: Lambda's Invoke answer with the SDK metadata around it. */
export async function runInvoke(env: object, params: JSONObject, signal?: AbortSignal): Promise<TaskResult> {
  const fn = params.FunctionName as string;
  const payload = !Object.hasOwn(params, "Payload")
    ? "{}"
    : typeof params.Payload === "string"
      ? params.Payload
      : JSON.stringify(params.Payload);
  const opts: InvokeOptions = {};
  for (const k of ["InvocationType", "LogType", "ClientContext", "Qualifier"] as const)
    if (typeof params[k] === "string") opts[k] = params[k];
  const i = await invoke(env, fn, payload, opts, signal);
  if (isFault(i)) return lambdaFault(env, i);
  if (i.functionError) return functionFailure(env, i);
  const out: JSONObject = {
    ExecutedVersion: i.reply.headers.get("x-amz-executed-version") ?? "$LATEST",
    Payload: i.payload,
    ...sdkMetadata(i.reply),
    StatusCode: i.reply.status,
  };
  const log = i.reply.headers.get("x-amz-log-result");
  if (log) out.LogResult = log;
  return { output: out };
}

/** A JSON payload as its value; other bytes (an Event invocation's empty body) as text. */
function parsePayload(text: string): JSONValue {
  if (text === "") return "";
  try {
    return JSON.parse(text) as JSONValue;
  } catch {
    return text;
  }
}
