/**
 * Resource names of the service integrations (README "Service integrations"):
 *
 *   arn:aws:states:::sqs:sendMessage | sqs:sendMessageBatch            Queues, via SQS_QUEUES
 *   arn:aws:states:::aws-sdk:sqs:sendMessage | :sendMessageBatch
 *   queue:<BINDING>:send | :sendBatch
 *   arn:aws:states:::dynamodb:getItem | putItem | deleteItem           KV, via DYNAMODB_TABLES
 *   arn:aws:states:::aws-sdk:dynamodb:getItem | putItem | deleteItem | scan
 *   kv:<BINDING>:get | put | delete | list
 *   arn:aws:states:::aws-sdk:s3:getObject | putObject | deleteObject | listObjectsV2   R2, via S3_BUCKETS
 *   r2:<BINDING>:get | put | delete | list
 *   d1:<BINDING>:query                                                 D1
 *   arn:aws:states:::http:invoke                                       the HTTP Task
 */
import type { Style } from "./aws-shape.ts";

export type ServiceName = "sqs" | "dynamodb" | "kv" | "s3" | "d1" | "http";
export type Service = { name: ServiceName; op: string; style: Style; binding?: string };
export type ParsedService = { service: Service } | { problem: string } | null;

const STATES = /^arn:aws(?:-[a-z]+)*:states:::(aws-sdk:)?([a-z0-9]+):([A-Za-z0-9]+)$/;
const NATIVE = /^(queue|kv|r2|d1):([^:]*):([^:]*)$/;
const BINDING = /^[A-Za-z_][A-Za-z0-9_]*$/;

// AWS action -> our operation, per integration style.
const OPTIMIZED: Record<string, Record<string, string>> = {
  sqs: { sendMessage: "send", sendMessageBatch: "sendBatch" },
  dynamodb: { getItem: "get", putItem: "put", deleteItem: "delete" },
  http: { invoke: "invoke" },
};
const SDK: Record<string, Record<string, string>> = {
  sqs: OPTIMIZED.sqs,
  dynamodb: { ...OPTIMIZED.dynamodb, scan: "scan" },
  s3: { getObject: "get", putObject: "put", deleteObject: "delete", listObjectsV2: "list" },
};
const OWN: Record<string, { name: ServiceName; ops: string[] }> = {
  queue: { name: "sqs", ops: ["send", "sendBatch"] },
  kv: { name: "kv", ops: ["get", "put", "delete", "list"] },
  r2: { name: "s3", ops: ["get", "put", "delete", "list"] },
  d1: { name: "d1", ops: ["query"] },
};

/** The integration a resource names; null when it names none (other dispatchers may know it). */
export function parseService(base: string, resource: string): ParsedService {
  const aws = STATES.exec(base);
  if (aws) {
    const [, sdk, service, action] = aws;
    const table = (sdk ? SDK : OPTIMIZED)[service];
    if (!table) return null;
    const op = Object.hasOwn(table, action) ? table[action] : undefined;
    if (!op) return { problem: `'${resource}' is not supported: ${sdk ?? ""}${service} offers ${Object.keys(table).join(", ")}` };
    return { service: { name: service as ServiceName, op, style: sdk ? "sdk" : "optimized" } };
  }
  const own = NATIVE.exec(base);
  if (!own) return null;
  const [, kind, binding, op] = own;
  const spec = OWN[kind];
  if (!BINDING.test(binding)) return { problem: `'${resource}': '${binding}' is not a binding name` };
  if (!spec.ops.includes(op)) return { problem: `'${resource}': ${kind}: offers ${spec.ops.join(", ")}` };
  return { service: { name: spec.name, op, style: "native", binding } };
}
