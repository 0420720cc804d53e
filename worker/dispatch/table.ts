/**
 * Dispatch is a table from Resource to a dispatcher (DESIGN.md, layer 4). The one resource parser
 * (shared/asl/resource.ts) gives each Resource a key; each integration is one module that serves some
 * keys; INTEGRATIONS below is the table. Adding a kind of resource is one new module and one line here.
 */
import { parseResource, type Pattern, type Resource } from "../../shared/asl/index.ts";
import type { Env } from "../env.ts";
import type { Dispatcher, TaskResult } from "../execution/contract.ts";
import { awsFallbackProblem, awsRoute, unmappedTargetProblem } from "./aws-remote/route.ts";
import { activity } from "./integrations/activity.ts";
import { d1 } from "./integrations/d1.ts";
import { dynamodb } from "./integrations/dynamodb.ts";
import { httpInvoke } from "./integrations/http-invoke.ts";
import { kv } from "./integrations/kv.ts";
import { lambdaFunction, lambdaInvoke } from "./integrations/lambda.ts";
import { queues } from "./integrations/queues.ts";
import { s3 } from "./integrations/s3.ts";
import { sns } from "./integrations/sns.ts";
import { startExecution } from "./integrations/start-execution.ts";
import { url } from "./integrations/url.ts";
import { worker } from "./integrations/worker.ts";
import type { DispatchContext, DispatchDeps, Integration } from "./types.ts";

export const INTEGRATIONS: readonly Integration[] = [
  worker,
  url,
  lambdaFunction,
  lambdaInvoke,
  activity,
  startExecution,
  queues,
  sns,
  dynamodb,
  kv,
  s3,
  d1,
  httpInvoke,
];

const TABLE = new Map<string, Integration>();
for (const integration of INTEGRATIONS) {
  for (const key of integration.keys) {
    if (TABLE.has(key)) throw new Error(`dispatch table: two integrations serve ${key}`);
    TABLE.set(key, integration);
  }
}

const DEFAULT_PATTERNS: readonly Pattern[] = ["request-response", "waitForTaskToken"];
const SUFFIX: Record<Pattern, string> = { "request-response": "", sync: ".sync", sync2: ".sync:2", waitForTaskToken: ".waitForTaskToken" };
const BINDING = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The integration that runs a resource, or why none does (a problem of its form, before any configuration). */
export function integrationFor(resource: Resource): Integration | string {
  const integration = TABLE.get(resource.key);
  if (!integration) return unsupported(resource);
  const patterns = integration.patterns ?? DEFAULT_PATTERNS;
  if (!patterns.includes(resource.pattern) && resource.pattern !== "request-response") {
    return `'${resource.text}': the ${SUFFIX[resource.pattern]} pattern is not supported for this resource`;
  }
  if ((resource.kind === "binding" || resource.kind === "worker") && !BINDING.test(resource.binding)) {
    return `'${resource.text}': '${resource.binding}' is not a binding name`;
  }
  return integration;
}

/** Names what a resource's family does offer when it names an action it lacks. */
function unsupported(resource: Resource): string {
  if (resource.kind === "aws" || resource.kind === "binding") {
    const family = resource.key.slice(0, resource.key.lastIndexOf(":") + 1);
    const offered = [...TABLE.keys()].filter((k) => k.startsWith(family)).map((k) => k.slice(family.length));
    if (offered.length && resource.kind === "aws") {
      return `'${resource.text}' is not supported: ${resource.sdk ? "aws-sdk:" : ""}${resource.service} offers ${offered.join(", ")}`;
    }
    if (offered.length) return `'${resource.text}': ${family} offers ${offered.join(", ")}`;
  }
  return (
    `No dispatcher for resource '${resource.text}': use worker:<BINDING>[/<method>], an http(s) URL, ` +
    "a Lambda function ARN, arn:aws:states:::lambda:invoke, queue:|kv:|r2:|d1:<BINDING>:<operation>, " +
    'or an integration of README "Service integrations" (sqs, sns, dynamodb, aws-sdk:s3, http:invoke, states:startExecution)'
  );
}

/** A dispatcher over the table, for this worker's bindings and the application layer's operations. */
export function makeDispatcher(env: Env, deps: DispatchDeps): Dispatcher {
  const ctx: DispatchContext = { env, deps };
  return {
    problem(text, params) {
      const resource = parseResource(text);
      const integration = integrationFor(resource);
      const local = typeof integration === "string" ? integration : integration.problem(ctx, resource);
      // Served here: the table, queue, topic or function the parameters write out must be mapped too.
      if (local === null && typeof integration !== "string") return unmappedTargetProblem(env, resource, params);
      // What Cloudflare cannot serve, AWS itself may (aws-remote/route.ts: with credentials, unmapped targets).
      return local === null ? null : awsFallbackProblem(env, resource, local, typeof integration !== "string", params);
    },
    async dispatch(call, signal): Promise<TaskResult> {
      const resource = parseResource(call.resource);
      const integration = integrationFor(resource);
      const remote = awsRoute(env, resource, call.input, typeof integration !== "string");
      if (!remote && typeof integration === "string") return { error: "States.Runtime", cause: integration };
      try {
        return await (remote ? remote(call, signal) : (integration as Integration).run(ctx, call, resource, signal));
      } catch (e) {
        // Unreachable by design; kept so a bug here fails one task, not the execution's object.
        return { error: "States.TaskFailed", cause: `Dispatch failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
  };
}
