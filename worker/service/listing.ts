/**
 * ListExecutions: read from D1 (each execution's Durable Object keeps its row up to date; an ended Express
 * execution's record is a row too, ./express-records.ts).
 */
import type { ExecutionListItem, ExecutionStatus } from "../../shared/api/types.ts";
import { countExecutionRows, listExecutionRows } from "../db/execution-rows.ts";
import { decodeToken, encodeToken, pageSize } from "../db/paging.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { recordSettings } from "../express/record-settings.ts";
import { findStateMachine } from "./lookups.ts";
import { parseMapRun } from "./names.ts";

const STATUSES: ExecutionStatus[] = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

/** AWS's refusal of a ListExecutions that names both a state machine and a Map Run. */
export const BOTH_ARNS = "1 validation error detected: Only one of StateMachine ARN or MapRun ARN can be provided";

/**
 * Executions from D1, newest first: of one state machine (by name or ARN, as AWS requires one), of one
 * Map Run (its children, by its ARN), or of every machine when neither is named (the REST API's
 * GET /executions; deleted machines' included).
 */
export async function listExecutions(
  env: Env,
  q: { stateMachine?: string; mapRun?: string; status?: string; redriveFilter?: string; maxResults?: unknown; nextToken?: string },
): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
  if (q.stateMachine && q.mapRun) throw new ApiError(400, "ValidationException", BOTH_ARNS);
  // A Map Run's children are rows whose state_machine_arn is the Map Run's ARN (its object writes them so).
  if (q.mapRun) parseMapRun(env, q.mapRun);
  const status = q.status ? (q.status as ExecutionStatus) : undefined;
  if (status && !STATUSES.includes(status)) {
    throw new ApiError(400, "ValidationException", `status must be one of ${STATUSES.join(", ")}, not ${JSON.stringify(q.status)}.`);
  }
  const redriven = redriveFilterOf(q.redriveFilter);
  const limit = pageSize(q.maxResults);
  const after = q.nextToken ? decodeToken(q.nextToken, { d: "number", a: "string" }) : undefined;
  const machine = q.stateMachine ? await findStateMachine(env, q.stateMachine) : undefined;
  // AWS lists no EXPRESS machine's executions; here their records are listed unless EXPRESS_RECORDS is "off".
  if (machine?.type === "EXPRESS" && recordSettings(env).mode === "off") {
    throw new ApiError(
      400,
      "StateMachineTypeNotSupported",
      `This operation is not supported by EXPRESS state machines while EXPRESS_RECORDS is "off" (${machine.stateMachineArn}).`,
    );
  }
  const { items, next } = await listExecutionRows(env.DB, {
    stateMachineArn: q.mapRun || machine?.stateMachineArn,
    status,
    redriven,
    limit,
    after: after && { startDate: after.d, arn: after.a },
  });
  const out: { executions: ExecutionListItem[]; nextToken?: string } = { executions: items };
  if (next) out.nextToken = encodeToken({ d: next.startDate, a: next.arn });
  return out;
}

/** ListExecutions' redriveFilter: REDRIVEN (redriven at least once), NOT_REDRIVEN, or absent (both). */
function redriveFilterOf(v: string | undefined): boolean | undefined {
  if (v === undefined || v === "") return undefined;
  if (v === "REDRIVEN") return true;
  if (v === "NOT_REDRIVEN") return false;
  const constraint = "Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]";
  throw new ApiError(
    400,
    "ValidationException",
    `1 validation error detected: Value '${v}' at 'redriveFilter' failed to satisfy constraint: ${constraint}`,
  );
}

/** Executions by status of each of these machines (the console's list of state machines). */
export function executionCounts(env: Env, machineArns: string[]): Promise<Record<string, Partial<Record<ExecutionStatus, number>>>> {
  return countExecutionRows(env.DB, machineArns);
}
