/** Finding what a request names, with AWS's error when it is not there. */
import type { StateMachineDescription } from "../../shared/api/types.ts";
import { getStateMachine } from "../db/state-machines.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { machineName } from "./names.ts";

export const machineNotFound = (ref: string): ApiError =>
  new ApiError(404, "StateMachineDoesNotExist", `State machine does not exist: ${ref}`);

export const executionNotFound = (arn: string): ApiError => new ApiError(404, "ExecutionDoesNotExist", `Execution does not exist: ${arn}`);

/** A stored state machine given by name or ARN; StateMachineDoesNotExist when there is none (InvalidArn, InvalidName when malformed). */
export async function findStateMachine(
  env: Pick<Env, "DB" | "AWS_REGION" | "AWS_ACCOUNT_ID">,
  ref: string,
): Promise<StateMachineDescription> {
  const name = machineName(env, ref);
  const sm = name === null ? null : await getStateMachine(env.DB, name);
  if (!sm) throw machineNotFound(ref);
  return sm;
}
