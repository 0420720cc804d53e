/**
 * The target a Task names in its parameters (a Lambda function, a DynamoDB table, an SQS queue, an SNS
 * topic, an S3 bucket on R2) and whether a binding table maps it. The dispatcher routes an unmapped target to AWS itself when
 * credentials are configured (aws-remote/route.ts); at CreateStateMachine, a target written out in the
 * definition that nothing would serve is refused with the entry that would make it work.
 */
import type { Resource } from "../../shared/asl/index.ts";
import type { JSONObject, JSONValue } from "../../shared/asl/types.ts";
import { lambdaMap, resolveFunction } from "./lambda-config.ts";

/** The names a map var maps (a TOML table or JSON text), whatever it maps them to. */
export function mapNames(env: object, name: string): Set<string> {
  let v = (env as Record<string, unknown>)[name];
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return new Set();
    }
  }
  return typeof v === "object" && v !== null && !Array.isArray(v) ? new Set(Object.keys(v)) : new Set();
}

export const mapsFunction = (env: object, fn: string): boolean =>
  resolveFunction(lambdaMap((env as Record<string, unknown>).LAMBDA_FUNCTIONS) ?? {}, fn) !== null;

/** A parameter's target kind: which parameters name it, the map var that maps it, and how to map one. */
interface TargetKind {
  params: readonly string[];
  what: string;
  map: string;
  example: (name: string) => string;
  maps: (env: object, name: string) => boolean;
}

const lastSegment = (s: string, sep: string): string => s.replace(/\/+$/, "").split(sep).pop() ?? "";
const has = (map: string) => (env: object, name: string) => mapNames(env, map).has(name);

const KINDS: Record<string, TargetKind> = {
  lambda: {
    params: ["FunctionName"],
    what: "function",
    map: "LAMBDA_FUNCTIONS",
    example: (n) => `"${n}": "worker:<BINDING>" or an https URL`,
    maps: mapsFunction,
  },
  dynamodb: {
    params: ["TableName"],
    what: "table",
    map: "DYNAMODB_TABLES",
    example: (n) => `${n} = "d1:<D1 binding>:<partition key>[,<sort key>]"`,
    maps: has("DYNAMODB_TABLES"),
  },
  sqs: {
    params: ["QueueUrl"],
    what: "queue",
    map: "SQS_QUEUES",
    example: (n) => `${lastSegment(n, "/")} = "<Queue binding>"`,
    maps: (env, url) => has("SQS_QUEUES")(env, url) || has("SQS_QUEUES")(env, lastSegment(url, "/")),
  },
  s3: {
    params: ["Bucket"],
    what: "bucket",
    map: "S3_BUCKETS",
    example: (n) => `${n} = "<R2 binding>"`,
    maps: has("S3_BUCKETS"),
  },
  sns: {
    params: ["TopicArn", "TargetArn"],
    what: "topic",
    map: "SNS_TOPICS",
    example: (n) => `${lastSegment(n, ":")} = ["queue:<Queue binding>", "https://...", "worker:<BINDING>"]`,
    maps: (env, arn) => has("SNS_TOPICS")(env, arn) || has("SNS_TOPICS")(env, lastSegment(arn, ":")),
  },
};

/** The service whose target a resource's parameters name ("lambda", "dynamodb", "sqs", "sns", "s3"), if any. */
export function targetService(r: Resource, awsService: (r: Resource) => string): string | null {
  if (r.kind !== "aws") return null;
  const service = awsService(r);
  return Object.hasOwn(KINDS, service) ? service : null;
}

/** The target the parameters name, written out or computed at run time (a string, else ""). */
export function targetOf(service: string, p: JSONObject): string {
  for (const key of KINDS[service].params) if (typeof p[key] === "string") return p[key] as string;
  return "";
}

/** Whether a binding table maps the target of this service the parameters name. */
export const targetMapped = (env: object, service: string, p: JSONObject): boolean => KINDS[service].maps(env, targetOf(service, p));

const isExpression = (v: JSONValue | undefined): boolean => typeof v === "string" && /^\s*\{%[\s\S]*%\}\s*$/.test(v);

/**
 * A target written out in a state's Parameters or Arguments (not `Key.$`, not a JSONata expression)
 * that no binding table maps: why, naming the map var and the entry to add. null when the parameters
 * compute the target, name none, or the table maps it.
 */
export function unmappedTarget(env: object, service: string, params: JSONValue | undefined): string | null {
  if (typeof params !== "object" || params === null || Array.isArray(params)) return null;
  const kind = KINDS[service];
  for (const key of kind.params) {
    const name = params[key];
    if (typeof name !== "string" || name === "" || isExpression(name)) continue;
    if (kind.maps(env, name)) return null;
    return `${kind.what} '${name}' (${key}) is mapped nowhere: add it to ${kind.map} in wrangler.toml's [vars], e.g. ${kind.example(name)}`;
  }
  return null;
}
