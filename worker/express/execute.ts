/** One Express execution of a stored state machine: ids, the limit, compile-once, then runExpress. */
import type { StateMachineDescription } from "../../shared/api/types.ts";
import type { JSONValue } from "../../shared/asl/index.ts";
import { makeDispatcher } from "../dispatch/index.ts";
import type { Env } from "../env.ts";
import { compiled } from "../execution/machine.ts";
import { arnPrefix } from "../routes/service/names.ts";
import { runExpress, type ExpressResult } from "./run.ts";

/** AWS Express: an execution may run for at most 5 minutes. */
export const EXPRESS_LIMIT_SECONDS = 300;

/**
 * The limit in ms: EXPRESS_LIMIT_SECONDS (a var, for tests and local experiments; fractions allowed),
 * else AWS's 5 minutes. A value above 5 minutes is capped: Express never runs longer.
 */
export function expressLimitMs(env: Env): number {
  const v = Number(env.EXPRESS_LIMIT_SECONDS);
  return (Number.isFinite(v) && v > 0 ? Math.min(v, EXPRESS_LIMIT_SECONDS) : EXPRESS_LIMIT_SECONDS) * 1000;
}

/** `arn:aws:states:<region>:<account>:express:<machine>:<name>:<uuid>`, as AWS names Express executions. */
export function expressExecutionArn(env: Env, machine: string, name: string, id: string = crypto.randomUUID()): string {
  return `${arnPrefix(env)}:express:${machine}:${name}:${id}`;
}

/** Run `sm` (an EXPRESS machine) on `input` (already checked JSON text) to its end. */
export function runStoredExpress(
  env: Env,
  sm: StateMachineDescription,
  executionArn: string,
  name: string,
  input: string,
  sync: boolean,
): Promise<ExpressResult> {
  return runExpress(compiled(sm.definition, "EXPRESS"), JSON.parse(input) as JSONValue, {
    executionArn,
    name,
    stateMachineArn: sm.stateMachineArn,
    stateMachineName: sm.name,
    roleArn: sm.roleArn,
    dispatcher: makeDispatcher(env),
    limitMs: expressLimitMs(env),
    sync,
  });
}
