/**
 * AWS services called on AWS itself: the generic `aws-sdk:<service>:<action>` for the AWS JSON services
 * of catalog.ts (the answer's JSON as the result, errors `<SdkName>.<Code>`), and the optimized
 * integrations (catalog.ts OPTIMIZED: the answer plus SdkHttpMetadata, errors `<Service>.<Code>` in the
 * AWS SDK for Java 1.x's wording), with the few changes Step Functions makes; `.sync` jobs are polled to
 * their end (ecs-sync.ts, sync-pollers.ts), Batch and Bedrock speak REST (rest.ts), API Gateway its own (apigateway.ts),
 * S3 its REST-XML (s3.ts), EC2 its query dialect (ec2.ts), the REST-JSON aws-sdk operations their bindings (rest-sdk.ts).
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskCall, TaskResult } from "../../execution/contract.ts";
import { runApiGateway } from "./apigateway.ts";
import { apiAction, OPTIMIZED, recase, SERVICES, type AwsService } from "./catalog.ts";
import { causeV1, causeV2, errorName, fault, isFault, isObject, jsonCall, queryCall, sdkMetadata, type AwsFault } from "./call.ts";
import { awsTarget, redact } from "./config.ts";
import { waitForEcsTask } from "./ecs-sync.ts";
import { runEmr } from "./emr.ts";
import { QUERY_LISTS, QUERY_MAPS, queryForm, queryResult } from "./query.ts";
import { batchCall, invokeModel } from "./rest.ts";
import { isRestSdk, runRestSdk } from "./rest-sdk.ts";
import { runEc2 } from "./ec2.ts";
import { runS3 } from "./s3.ts";
import { publish } from "./sns.ts";
import { pollJob, POLLERS } from "./sync-pollers.ts";

type Fail = (f: AwsFault) => TaskResult;

const asText = (v: JSONValue | undefined): JSONValue | undefined => (v === undefined || typeof v === "string" ? v : JSON.stringify(v));

/** `aws-sdk:<service>:<action>` on an AWS JSON service: the parameters as they are, AWS's answer as it is. */
export async function runSdk(env: object, service: string, action: string, input: JSONValue, signal?: AbortSignal): Promise<TaskResult> {
  const s = SERVICES[service];
  const fail: Fail = (f) => ({ error: errorName(s.sdkErrors, f.code), cause: redact(env, causeV2(f, s.sdkErrors)) });
  if (isRestSdk(service, action)) return runRestSdk(env, service, action, input, signal);
  if (service === "s3") return runS3(env, action, input, signal);
  if (service === "ec2") return runEc2(env, action, input, signal);
  if (service === "sns" && action === "publish") {
    const r = await publish(env, isObject(input) ? input : {}, signal);
    return isFault(r) ? fail(r) : { output: r.body };
  }
  if ("query" in s.protocol) {
    const r = await callQuery(env, service, apiAction(action), isObject(input) ? input : {}, signal);
    return isFault(r) ? fail(r) : { output: r };
  }
  const r = await callJson(env, s, apiAction(action), isObject(input) ? input : {}, signal);
  return isFault(r) ? fail(r) : { output: r.body };
}

/** A query-protocol call (query.ts): the parameters flattened to form fields, the `<Action>Result` as JSON. */
async function callQuery(env: object, service: string, action: string, params: JSONObject, signal?: AbortSignal) {
  const s = SERVICES[service];
  const target = awsTarget(env, s);
  if ("problem" in target) return { fault: true as const, code: "SdkClientException", message: target.problem, status: 0, requestId: "" };
  const r = await queryCall(target, (s.protocol as { query: string }).query, action, queryForm(params, QUERY_MAPS[service]), signal);
  if (isFault(r)) return r;
  try {
    return queryResult(r.xml, action, QUERY_LISTS[service]);
  } catch (e) {
    return fault(r.reply, "SdkClientException", `Unable to unmarshall response: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** An optimized integration (catalog.ts OPTIMIZED) on AWS. */
export async function runOptimized(env: object, key: string, call: TaskCall, pattern: string, signal?: AbortSignal): Promise<TaskResult> {
  const o = OPTIMIZED[key];
  const fail: Fail = (f) => ({ error: errorName(o.errors, f.code), cause: redact(env, causeV1(f, o.v1)) });
  const params = isObject(call.input) ? { ...call.input } : {};
  const action = apiAction(key.split(":")[2]);
  if (key === "aws:sns:publish") {
    const r = await publish(env, params, signal);
    return isFault(r) ? fail(r) : { output: { ...r.body, ...sdkMetadata(r.reply) } };
  }
  // A body that is not a string goes as its JSON text, as Step Functions sends it.
  if (key === "aws:sqs:sendMessage" && params.MessageBody !== undefined) params.MessageBody = asText(params.MessageBody) as JSONValue;
  if (key === "aws:sqs:sendMessageBatch" && Array.isArray(params.Entries)) {
    params.Entries = params.Entries.map((e) =>
      isObject(e) && e.MessageBody !== undefined ? { ...e, MessageBody: asText(e.MessageBody) as JSONValue } : e,
    );
  }
  if (key === "aws:events:putEvents" && Array.isArray(params.Entries)) params.Entries = eventEntries(params.Entries, call.executionArn);
  if (key === "aws:apigateway:invoke") return runApiGateway(env, params, signal);
  if (key.startsWith("aws:elasticmapreduce:")) return runEmr(env, key, params, pattern, fail, signal);
  if (key === "aws:bedrock:invokeModel") {
    const m = await invokeModel(env, params, signal);
    if ("invalid" in m) return m.unsupported ? { runtime: m.invalid } : { error: "Bedrock.ValidationException", cause: m.invalid };
    return isFault(m) ? fail(m) : { output: m.body };
  }
  const r =
    key === "aws:batch:submitJob"
      ? await batchCall(env, action, params, signal)
      : await callJson(env, SERVICES[o.service], action, params, signal);
  if (isFault(r)) return fail(r);
  if (key === "aws:events:putEvents" && typeof r.body.FailedEntryCount === "number" && r.body.FailedEntryCount > 0) {
    return { error: "EventBridge.FailedEntry", cause: redact(env, JSON.stringify(r.body)) };
  }
  if (key === "aws:ecs:runTask" && pattern === "sync") {
    return waitForEcsTask(r.body, params, (a, p) => callJson(env, SERVICES.ecs, a, p, signal), fail, signal);
  }
  if (pattern === "sync" && Object.hasOwn(POLLERS, key)) {
    const describe = async (a: string, p: JSONObject) => {
      const d = key === "aws:batch:submitJob" ? await batchCall(env, a, p, signal) : await callJson(env, SERVICES[o.service], a, p, signal);
      return isFault(d) ? d : d.body;
    };
    return pollJob(key, params, r.body, describe, fail, signal);
  }
  // Glue's answer names the run only: Step Functions adds the request's JobName.
  const body = key === "aws:glue:startJobRun" ? { JobName: params.JobName ?? null, ...r.body } : r.body;
  return { output: o.plain ? body : { ...body, ...sdkMetadata(r.reply) } };
}

async function callJson(env: object, s: AwsService, action: string, params: JSONObject, signal?: AbortSignal) {
  const target = awsTarget(env, s);
  if ("problem" in target) return { fault: true as const, code: "SdkClientException", message: target.problem, status: 0, requestId: "" };
  if (!("json" in s.protocol)) throw new Error(`${s.host} does not speak AWS JSON`);
  const wire = s.camel ? (recase(params, false) as JSONObject) : params;
  const r = await jsonCall(target, s.protocol, action, wire, `${s.sdkErrors}Exception`, signal);
  return s.camel && !isFault(r) ? { ...r, body: recase(r.body, true) as JSONObject } : r;
}

/**
 * events:putEvents as Step Functions sends it: a Detail object as its JSON text, and the execution's and
 * state machine's ARNs appended to each entry's Resources.
 */
function eventEntries(entries: JSONValue[], executionArn: string): JSONValue[] {
  const parts = executionArn.split(":");
  const machineArn = [...parts.slice(0, 5), "stateMachine", parts[6]].join(":");
  return entries.map((e) => {
    if (!isObject(e)) return e;
    const resources = Array.isArray(e.Resources) ? e.Resources : [];
    const entry: JSONObject = { ...e, Resources: [...resources, executionArn, machineArn] };
    if (e.Detail !== undefined) entry.Detail = asText(e.Detail) as JSONValue;
    return entry;
  });
}
