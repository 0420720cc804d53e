/**
 * The REST-JSON optimized integrations on AWS: `batch:submitJob` (Batch: `POST /v1/submitjob`, its `.sync`
 * polling `POST /v1/describejobs`, a camelCase API) and `bedrock:invokeModel` (Bedrock Runtime:
 * `POST /model/<ModelId>/invoke`, the model's own JSON body in and out). Errors are AWS's REST-JSON ones
 * (X-Amzn-ErrorType, the body's `message`), named by the caller.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import { recase, SERVICES } from "./catalog.ts";
import { fault, isFault, isObject, jsonError, signedFetch, type AwsFault, type AwsReply } from "./call.ts";
import { awsTarget } from "./config.ts";

/** Batch's members that are maps: the user's keys, not recased. */
const BATCH_MAPS: ReadonlySet<string> = new Set(["parameters", "tags"]);

const noTarget = (problem: string): AwsFault => ({ fault: true, code: "SdkClientException", message: problem, status: 0, requestId: "" });

async function restJson(
  service: string,
  env: object,
  path: string,
  body: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ text: string; reply: AwsReply } | AwsFault> {
  const s = SERVICES[service];
  const target = awsTarget(env, s);
  if ("problem" in target) return noTarget(target.problem);
  const reply = await signedFetch(target, path, { method: "POST", headers, body }, signal);
  if (isFault(reply)) return reply;
  if (reply.status < 200 || reply.status >= 300) return jsonError(reply, `${s.sdkErrors}Exception`);
  return { text: reply.text, reply };
}

const BATCH_PATHS: Record<string, string> = { SubmitJob: "/v1/submitjob", DescribeJobs: "/v1/describejobs" };

/** A Batch action (SubmitJob, DescribeJobs): PascalCase parameters in, PascalCase answer out. */
export async function batchCall(
  env: object,
  action: string,
  params: JSONObject,
  signal?: AbortSignal,
): Promise<{ body: JSONObject; reply: AwsReply } | AwsFault> {
  const wire = JSON.stringify(recase(params, false, BATCH_MAPS));
  const r = await restJson("batch", env, BATCH_PATHS[action], wire, { "Content-Type": "application/json" }, signal);
  if (isFault(r)) return r;
  let parsed: unknown;
  try {
    parsed = r.text.trim() === "" ? {} : JSON.parse(r.text);
  } catch {
    parsed = undefined;
  }
  if (!isObject(parsed)) return fault(r.reply, "SdkClientException", "Unable to unmarshall response: not a JSON object");
  return { body: recase(parsed, true, BATCH_MAPS) as JSONObject, reply: r.reply };
}

/**
 * bedrock:invokeModel: `Body` (JSON, or text) to the model, `ContentType` and `Accept` as headers (both
 * `application/json` by default); the result `{Body, ContentType}`, a JSON answer as JSON. `Input`/`Output`
 * S3 locations are refused by name: this runtime does not read or write S3 for the model.
 */
export async function invokeModel(
  env: object,
  p: JSONObject,
  signal?: AbortSignal,
): Promise<{ body: JSONObject; reply: AwsReply } | AwsFault | { invalid: string; unsupported?: true }> {
  if (typeof p.ModelId !== "string" || p.ModelId === "") return { invalid: "bedrock:invokeModel needs a ModelId (a model id or ARN)" };
  if (p.Input !== undefined || p.Output !== undefined) {
    return {
      invalid: "bedrock:invokeModel: Input/Output S3 locations are not supported here; pass the request as Body",
      unsupported: true,
    };
  }
  if (p.Body === undefined) return { invalid: "bedrock:invokeModel needs a Body" };
  const headers: Record<string, string> = {
    "Content-Type": typeof p.ContentType === "string" ? p.ContentType : "application/json",
    Accept: typeof p.Accept === "string" ? p.Accept : "application/json",
  };
  for (const [param, header] of [
    ["Trace", "X-Amzn-Bedrock-Trace"],
    ["GuardrailIdentifier", "X-Amzn-Bedrock-GuardrailIdentifier"],
    ["GuardrailVersion", "X-Amzn-Bedrock-GuardrailVersion"],
  ]) {
    if (typeof p[param] === "string") headers[header] = p[param] as string;
  }
  const body = typeof p.Body === "string" ? p.Body : JSON.stringify(p.Body);
  const r = await restJson("bedrockruntime", env, `/model/${encodeURIComponent(p.ModelId)}/invoke`, body, headers, signal);
  if (isFault(r)) return r;
  const contentType = r.reply.headers.get("content-type") ?? headers.Accept;
  let out: JSONValue = r.text;
  if (/json/i.test(contentType)) {
    try {
      out = JSON.parse(r.text) as JSONValue;
    } catch {
      return fault(r.reply, "SdkClientException", "Unable to unmarshall response: the model's answer is not JSON");
    }
  }
  return { body: { Body: out, ContentType: contentType }, reply: r.reply };
}
