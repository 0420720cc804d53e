/**
 * The service integrations as one entry for the dispatch table (index.ts): Queues, KV, R2, D1 and the
 * HTTP Task. null from both functions means "not a service resource": other dispatchers decide.
 */
import type { TaskCall, TaskResult } from "../../execution/contract.ts";
import { d1Problem, runD1 } from "../d1.ts";
import { httpInvoke } from "../http-invoke.ts";
import { runKv } from "../kv.ts";
import { runQueue } from "../queues.ts";
import { runR2 } from "../r2.ts";
import { bindingOfKind, mapProblem, type BindingKind, type MapVar } from "./config.ts";
import { parseService, type Service } from "./resources.ts";

const TOKEN_SUFFIX = ".waitForTaskToken";
const parse = (resource: string) => parseService(resource.endsWith(TOKEN_SUFFIX) ? resource.slice(0, -TOKEN_SUFFIX.length) : resource, resource);

const KIND: Record<string, { kind: BindingKind; map?: MapVar }> = {
  sqs: { kind: "queue", map: "SQS_QUEUES" },
  dynamodb: { kind: "kv", map: "DYNAMODB_TABLES" },
  kv: { kind: "kv" },
  s3: { kind: "r2", map: "S3_BUCKETS" },
};

/** Why this service resource cannot run here (shown at creation); undefined when it is no service resource. */
export function serviceProblem(env: object, resource: string): string | null | undefined {
  const parsed = parse(resource);
  if (parsed === null) return undefined;
  if ("problem" in parsed) return parsed.problem;
  const s = parsed.service;
  if (s.name === "http") return null;
  if (s.name === "d1") return d1Problem(env, s.binding!);
  const k = KIND[s.name];
  if (s.binding !== undefined) {
    const b = bindingOfKind(env, s.binding, k.kind);
    return typeof b === "string" ? `'${resource}': ${b}` : null;
  }
  const p = mapProblem(env, k.map!, k.kind);
  return p ? `'${resource}': ${p}` : null;
}

/** Runs a service resource; null when the resource is no service resource. */
export async function dispatchService(env: object, call: TaskCall, signal?: AbortSignal): Promise<TaskResult | null> {
  const parsed = parse(call.resource);
  if (parsed === null) return null;
  if ("problem" in parsed) return { error: "States.Runtime", cause: parsed.problem };
  return run(env, parsed.service, call, signal);
}

function run(env: object, s: Service, call: TaskCall, signal?: AbortSignal): Promise<TaskResult> {
  switch (s.name) {
    case "sqs":
      return runQueue(env, s, call.input);
    case "dynamodb":
    case "kv":
      return runKv(env, s, call.input);
    case "s3":
      return runR2(env, s, call.input);
    case "d1":
      return runD1(env, s.binding!, call.input);
    case "http":
      return httpInvoke(env, call.input, signal);
  }
}
