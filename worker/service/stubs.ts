/**
 * The Durable Objects behind an ARN, typed once. The execution object's RPC surface is the contract
 * (worker/execution/contract.ts): typing its stub by it keeps callers independent of how the object
 * is built.
 */
import type { Env } from "../env.ts";
import type { ExecutionRpc } from "../execution/contract.ts";
import type { MapRunRpc } from "../maprun/contract.ts";

/** The object that holds the execution `executionArn` (created on first use: ask it `describe()`). */
export function executionObject(env: Pick<Env, "EXECUTIONS">, executionArn: string): ExecutionRpc {
  return env.EXECUTIONS.getByName(executionArn) as unknown as ExecutionRpc;
}

/** The queue of tasks of the activity `activityArn`. */
export function activityQueue(env: Pick<Env, "ACTIVITIES">, activityArn: string) {
  return env.ACTIVITIES.getByName(activityArn);
}

/** The coordinator of the Map Run `mapRunArn` (created on first use: ask it `describe()`). */
export function mapRunObject(env: Pick<Env, "MAP_RUNS">, mapRunArn: string): MapRunRpc {
  return env.MAP_RUNS.getByName(mapRunArn) as unknown as MapRunRpc;
}
