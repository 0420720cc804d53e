/**
 * Which Task calls go to AWS itself: with AWS credentials configured, those whose target no binding
 * table maps (LAMBDA_FUNCTIONS, DYNAMODB_TABLES, SQS_QUEUES, SNS_TOPICS) and those no Cloudflare
 * integration serves (the other optimized integrations of catalog.ts OPTIMIZED: events:putEvents, ecs:runTask,
 * athena:, glue:, codebuild:, batch:, sagemaker:, elasticmapreduce:, apigateway:invoke, bedrock:invokeModel; and
 * aws-sdk:<AWS JSON or query service>:..., aws-sdk:ec2:, the REST-JSON operations of rest-sdk.ts, aws-sdk:s3: on
 * buckets S3_BUCKETS does not map). Mapped targets keep going to their bindings; without credentials
 * nothing goes to AWS, and the creation-time problem of an unmapped resource says that credentials would
 * do. The dispatch table consults this first (worker/dispatch/table.ts); the table stays the one place
 * that names integrations.
 */
import type { Pattern, Resource } from "../../../shared/asl/index.ts";
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskCall, TaskResult } from "../../execution/contract.ts";
import { mapNames, mapsFunction, targetMapped, targetService, unmappedTarget } from "../targets.ts";
import { JSON_SERVICES, OPTIMIZED, QUERY_SERVICES, SERVICES } from "./catalog.ts";
import { awsConfigured, awsRegion, CREDENTIAL_VARS, endpointOf } from "./config.ts";
import { runFunctionArn, runInvoke } from "./lambda.ts";
import { isRestSdk } from "./rest-sdk.ts";
import { S3_AWS_ACTIONS } from "./s3.ts";
import { runOptimized, runSdk } from "./services.ts";

type Form = "lambda" | "invoke" | "optimized" | "sdk";
export type AwsRun = (call: TaskCall, signal?: AbortSignal) => Promise<TaskResult>;

/** Which of our AWS callers serves a resource of this form, if any (before configuration). */
function formOf(r: Resource): Form | null {
  if (r.kind === "lambda") return "lambda";
  if (r.kind !== "aws") return null;
  if (!r.sdk && r.key === "aws:lambda:invoke") return "invoke";
  if (!r.sdk) return Object.hasOwn(OPTIMIZED, r.key) ? "optimized" : null;
  if (r.service === "s3") return S3_AWS_ACTIONS.includes(r.action) ? "sdk" : null;
  if (r.service === "ec2" || isRestSdk(r.service, r.action)) return "sdk";
  return JSON_SERVICES.includes(r.service) || QUERY_SERVICES.includes(r.service) ? "sdk" : null;
}

function patterns(r: Resource): readonly Pattern[] {
  if (r.kind === "lambda") return ["request-response"];
  const o = r.kind === "aws" && !r.sdk && Object.hasOwn(OPTIMIZED, r.key) ? OPTIMIZED[r.key] : undefined;
  return o?.sync ? ["request-response", "waitForTaskToken", "sync"] : ["request-response", "waitForTaskToken"];
}

const serviceOf = (r: Resource): string =>
  r.kind === "lambda" || r.key === "aws:lambda:invoke" ? "lambda" : r.kind === "aws" ? (OPTIMIZED[r.key]?.service ?? r.service) : "";

// The tables whose Cloudflare integrations check every entry at creation (LAMBDA_FUNCTIONS is checked per function).
const MAP_VARS: Record<string, string> = { dynamodb: "DYNAMODB_TABLES", sqs: "SQS_QUEUES", sns: "SNS_TOPICS" };

/** Whether a binding table maps what this call names (its function, table, queue or topic). */
function mapped(env: object, r: Resource, p: JSONObject): boolean {
  if (r.kind === "lambda") return mapsFunction(env, r.function);
  const service = targetService(r, serviceOf);
  return service !== null && targetMapped(env, service, p);
}

/**
 * The AWS call that runs this task, or null when it stays on Cloudflare: no credentials, a form we do
 * not call on AWS, or a target a binding table maps while a Cloudflare integration serves the resource.
 */
export function awsRoute(env: object, r: Resource, input: JSONValue, servedLocally: boolean): AwsRun | null {
  const form = formOf(r);
  if (!form || !awsConfigured(env) || !patterns(r).includes(r.pattern)) return null;
  const p: JSONObject = typeof input === "object" && input !== null && !Array.isArray(input) ? input : {};
  // A bucket S3_BUCKETS maps is R2's, whatever the action: it never goes to AWS.
  if ((servedLocally || serviceOf(r) === "s3") && mapped(env, r, p)) return null;
  switch (form) {
    case "lambda":
      // The whole ARN: Lambda takes it as FunctionName, and its region is where the function lives.
      return (call, signal) => runFunctionArn(env, r.base, call.input, signal);
    case "invoke":
      // Without a FunctionName, the Cloudflare integration names the problem.
      return typeof p.FunctionName === "string" && p.FunctionName !== "" ? (_call, signal) => runInvoke(env, p, signal) : null;
    case "optimized":
      return (call, signal) => runOptimized(env, r.key, call, r.pattern, signal);
    case "sdk": {
      const { service, action } = r as Extract<Resource, { kind: "aws" }>;
      return (call, signal) => runSdk(env, service, action, call.input, signal);
    }
  }
}

/**
 * At CreateStateMachine, given the Cloudflare table's problem with a resource: null when AWS can serve
 * it instead, else the problem, told that AWS credentials would do when they would.
 */
export function awsFallbackProblem(env: object, r: Resource, local: string, servedLocally: boolean, params?: JSONValue): string | null {
  const form = formOf(r);
  if (!form || !patterns(r).includes(r.pattern)) return local;
  // An S3 action R2 does not serve, on a bucket written out that S3_BUCKETS maps (R2's): not AWS's either.
  if (serviceOf(r) === "s3" && !servedLocally && typeof params === "object" && params !== null && !Array.isArray(params)) {
    if (typeof params.Bucket === "string" && mapped(env, r, params)) return local;
  }
  // A Lambda ARN whose function LAMBDA_FUNCTIONS maps runs there: the map's problem stands.
  if (r.kind === "lambda" && mapsFunction(env, r.function)) return local;
  // A table that is configured but names a wrong binding is to be fixed, not routed around.
  const table = MAP_VARS[serviceOf(r)];
  if (servedLocally && table && mapNames(env, table).size > 0) return local;
  if (!awsConfigured(env)) return `${local}; or configure AWS credentials (${CREDENTIAL_VARS}) to call AWS itself`;
  const endpoint = endpointOf(env, SERVICES[serviceOf(r)], r.region || awsRegion(env));
  return typeof endpoint === "string" ? null : `'${r.text}': ${endpoint.problem}`;
}

/**
 * At CreateStateMachine, for a resource a Cloudflare integration serves: a target its parameters write
 * out that no binding table maps. null when AWS credentials would serve it (as awsRoute will), else why,
 * told that credentials would do when this form can call AWS.
 */
export function unmappedTargetProblem(env: object, r: Resource, params: JSONValue | undefined): string | null {
  const service = targetService(r, serviceOf);
  const problem = service === null ? null : unmappedTarget(env, service, params);
  if (problem === null) return null;
  const local = `'${r.text}': ${problem}`;
  return formOf(r) && patterns(r).includes(r.pattern) ? awsFallbackProblem(env, r, local, false) : local;
}

/**
 * At CreateStateMachine, a Distributed Map's ItemReader or ResultWriter bucket that S3_BUCKETS does not
 * map (`local` says so): null when AWS credentials will serve it from S3 itself, else the problem, told
 * that credentials would do.
 */
export function unmappedBucketProblem(env: object, local: string): string | null {
  if (!awsConfigured(env)) return `${local}; or configure AWS credentials (${CREDENTIAL_VARS}) to read and write S3 itself`;
  const endpoint = endpointOf(env, SERVICES.s3, awsRegion(env));
  return typeof endpoint === "string" ? null : endpoint.problem;
}
