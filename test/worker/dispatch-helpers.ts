// Builds TaskCalls and dispatchers for the dispatch tests.
import { env } from "cloudflare:workers";
import type { JSONValue } from "../../shared/asl/types.ts";
import { dispatcherFor } from "../../worker/service/dispatcher.ts";
import type { Env } from "../../worker/env.ts";
import type { TaskCall } from "../../worker/execution/contract.ts";

export const EXEC = "arn:aws:states:us-east-1:123456789012:execution:m:e1";

export function call(resource: string, input: JSONValue, extra: Partial<TaskCall> = {}): TaskCall {
  return { resource, input, stateName: "Step", executionArn: EXEC, idempotencyKey: `${EXEC}/Step/1/0`, ...extra };
}

/** The worker's own env (wrangler.toml), with some bindings or vars added or replaced. */
export function dispatcher(extra: Record<string, unknown> = {}) {
  return dispatcherFor({ ...env, ...extra } as unknown as Env);
}
