/**
 * `aws-sdk:<service>:<action>` for the few REST-JSON operations public workflows call, without the
 * services' models: each operation's HTTP binding written out (REST_SDK_OPS, from the AWS SDKs' models):
 * its method, its URI template (`{label}`s filled from the parameters, percent-encoded), the members
 * that go as query fields or headers; the other members are the JSON body (POST and PUT). An
 * idempotency token the SDK would fill is filled with a UUID when absent. A camelCase API (catalog.ts
 * `camel`) takes and answers PascalCase, its keys recased both ways (the user's map keys kept). The
 * answer's JSON is the result; errors are `<SdkName>.<Code>` from X-Amzn-ErrorType or the body's
 * `__type`/`code`, as call.ts reads them.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { apiAction, recase, SERVICES } from "./catalog.ts";
import { causeV2, errorName, fault, isFault, isObject, jsonError, signedFetch, type AwsFault } from "./call.ts";
import { awsTarget, redact } from "./config.ts";

export interface RestOp {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The request URI, its `{labels}` named as the wire's members. */
  uri: string;
  /** Wire members sent as query fields: member -> field. */
  query?: Readonly<Record<string, string>>;
  /** Wire members sent as headers: member -> header. */
  headers?: Readonly<Record<string, string>>;
  /** The wire member of an idempotency token the SDK fills with a UUID when it is absent. */
  token?: string;
  /** The answer's member that is the HTTP status code. */
  status?: string;
}

const LAMBDA_PAGES = { Marker: "Marker", MaxItems: "MaxItems" };
const KB = "/knowledgebases/{knowledgeBaseId}";
const LV_MODEL = "/2020-11-20/projects/{ProjectName}/models/{ModelVersion}";

/** The operations, by `<service>:<action>` as a Resource names them. */
export const REST_SDK_OPS: Readonly<Record<string, RestOp>> = {
  "polly:startSpeechSynthesisTask": { method: "POST", uri: "/v1/synthesisTasks" },
  "polly:getSpeechSynthesisTask": { method: "GET", uri: "/v1/synthesisTasks/{TaskId}" },
  "lambda:listFunctions": {
    method: "GET",
    uri: "/2015-03-31/functions/",
    query: { MasterRegion: "MasterRegion", FunctionVersion: "FunctionVersion", ...LAMBDA_PAGES },
  },
  "lambda:listVersionsByFunction": { method: "GET", uri: "/2015-03-31/functions/{FunctionName}/versions", query: LAMBDA_PAGES },
  "lambda:deleteFunction": {
    method: "DELETE",
    uri: "/2015-03-31/functions/{FunctionName}",
    query: { Qualifier: "Qualifier" },
    status: "StatusCode",
  },
  "scheduler:createSchedule": { method: "POST", uri: "/schedules/{Name}", token: "ClientToken" },
  "bedrock:createEvaluationJob": { method: "POST", uri: "/evaluation-jobs", token: "clientRequestToken" },
  "bedrock:getEvaluationJob": { method: "GET", uri: "/evaluation-jobs/{jobIdentifier}" },
  "bedrock:getModelCustomizationJob": { method: "GET", uri: "/model-customization-jobs/{jobIdentifier}" },
  "bedrock:createProvisionedModelThroughput": { method: "POST", uri: "/provisioned-model-throughput", token: "clientRequestToken" },
  "bedrockagent:createKnowledgeBase": { method: "PUT", uri: "/knowledgebases/", token: "clientToken" },
  "bedrockagent:createDataSource": { method: "PUT", uri: `${KB}/datasources/`, token: "clientToken" },
  "bedrockagent:startIngestionJob": { method: "PUT", uri: `${KB}/datasources/{dataSourceId}/ingestionjobs/`, token: "clientToken" },
  "bedrockagent:getIngestionJob": { method: "GET", uri: `${KB}/datasources/{dataSourceId}/ingestionjobs/{ingestionJobId}` },
  "lookoutvision:startModel": {
    method: "POST",
    uri: `${LV_MODEL}/start`,
    headers: { ClientToken: "X-Amzn-Client-Token" },
    token: "ClientToken",
  },
  "lookoutvision:describeModel": { method: "GET", uri: LV_MODEL },
  "emrserverless:startJobRun": { method: "POST", uri: "/applications/{applicationId}/jobruns", token: "clientToken" },
  "emrserverless:getJobRun": { method: "GET", uri: "/applications/{applicationId}/jobruns/{jobRunId}", query: { attempt: "attempt" } },
};

/** The camelCase APIs' members that are maps (camelCase): their keys are the user's, kept. */
const MAPS: Readonly<Record<string, ReadonlySet<string>>> = {
  bedrock: new Set(["hyperParameters"]),
  bedrockagent: new Set(["tags"]),
  emrserverless: new Set(["tags", "properties"]),
};

export const isRestSdk = (service: string, action: string): boolean => Object.hasOwn(REST_SDK_OPS, `${service}:${action}`);

const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const scalar = (v: JSONValue | undefined): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;

/** An operation's request from the wire's members: the path with its query, the headers, the body; or why not. */
export function restRequest(
  op: RestOp,
  wire: JSONObject,
  newToken: () => string = () => crypto.randomUUID(),
): { path: string; headers: Record<string, string>; body?: string } | { invalid: string } {
  const rest: JSONObject = { ...wire };
  if (op.token && rest[op.token] === undefined) rest[op.token] = newToken();
  let missing: string | null = null;
  const path = op.uri.replace(/\{(\w+)\}/g, (_, member: string) => {
    const v = scalar(rest[member]);
    delete rest[member];
    if (v === undefined || v === "") missing ??= member;
    return rfc3986(v ?? "");
  });
  if (missing !== null) return { invalid: `Parameter '${missing}' must not be null or empty: it is part of the request URI` };
  const query: string[] = [];
  for (const [member, field] of Object.entries(op.query ?? {})) {
    const v = rest[member];
    delete rest[member];
    for (const x of Array.isArray(v) ? v : [v]) {
      const s = scalar(x);
      if (s !== undefined) query.push(`${rfc3986(field)}=${rfc3986(s)}`);
    }
  }
  const headers: Record<string, string> = {};
  for (const [member, header] of Object.entries(op.headers ?? {})) {
    const s = scalar(rest[member]);
    delete rest[member];
    if (s !== undefined) headers[header] = s;
  }
  const full = query.length ? `${path}?${query.join("&")}` : path;
  if (op.method === "GET" || op.method === "DELETE") return { path: full, headers };
  return { path: full, headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(rest) };
}

/** `aws-sdk:<service>:<action>` for an operation of REST_SDK_OPS, on AWS. */
export async function runRestSdk(
  env: object,
  service: string,
  action: string,
  input: JSONValue,
  signal?: AbortSignal,
): Promise<TaskResult> {
  const s = SERVICES[service];
  const op = REST_SDK_OPS[`${service}:${action}`];
  const fail = (f: AwsFault): TaskResult => ({ error: errorName(s.sdkErrors, f.code), cause: redact(env, causeV2(f, s.sdkErrors)) });
  const client = (message: string): AwsFault => ({ fault: true, code: "SdkClientException", message, status: 0, requestId: "" });
  const params = isObject(input) ? input : {};
  const wire = s.camel ? (recase(params, false, MAPS[service]) as JSONObject) : params;
  const req = restRequest(op, wire);
  if ("invalid" in req) return fail(client(`${apiAction(action)}: ${req.invalid}`));
  const target = awsTarget(env, s);
  if ("problem" in target) return fail(client(target.problem));
  const reply = await signedFetch(target, req.path, { method: op.method, headers: req.headers, body: req.body }, signal);
  if (isFault(reply)) return fail(reply);
  if (reply.status < 200 || reply.status >= 300) return fail(jsonError(reply, `${s.sdkErrors}Exception`));
  let parsed: unknown;
  try {
    parsed = reply.text.trim() === "" ? {} : JSON.parse(reply.text);
  } catch {
    parsed = undefined;
  }
  if (!isObject(parsed)) return fail(fault(reply, "SdkClientException", "Unable to unmarshall response: not a JSON object"));
  const out = s.camel ? (recase(parsed, true, MAPS[service]) as JSONObject) : parsed;
  return { output: op.status ? { ...out, [op.status]: reply.status } : out };
}
