/** ListExecutions: read from D1 (each execution's Durable Object keeps its row up to date). */
import type { ExecutionListItem, ExecutionStatus } from "../../../shared/api/types.ts";
import { listExecutions as listRows } from "../../db/executions.ts";
import { decodeToken, encodeToken, pageSize } from "../../db/paging.ts";
import { getStateMachine } from "../../db/state-machines.ts";
import type { Env } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { machineName } from "./names.ts";
import { notFound as machineNotFound } from "./state-machines.ts";

const STATUSES: ExecutionStatus[] = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

/** A state machine's executions from D1, newest first. */
export async function listExecutions(
  env: Env,
  q: { stateMachine?: string; status?: string; maxResults?: unknown; nextToken?: string },
): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
  if (!q.stateMachine) {
    throw new ApiError(400, "MissingRequiredParameter", "Say which state machine's executions to list: stateMachine=<name or ARN>.");
  }
  const status = q.status ? (q.status as ExecutionStatus) : undefined;
  if (status && !STATUSES.includes(status)) {
    throw new ApiError(400, "ValidationException", `status must be one of ${STATUSES.join(", ")}, not ${JSON.stringify(q.status)}.`);
  }
  const limit = pageSize(q.maxResults);
  const after = q.nextToken ? decodeToken(q.nextToken, { d: "number", a: "string" }) : undefined;
  const name = machineName(env, q.stateMachine);
  const sm = name === null ? null : await getStateMachine(env.DB, name);
  if (!sm) throw machineNotFound(q.stateMachine);
  const { items, next } = await listRows(env.DB, {
    stateMachineArn: sm.stateMachineArn,
    status,
    limit,
    after: after && { startDate: after.d, arn: after.a },
  });
  const out: { executions: ExecutionListItem[]; nextToken?: string } = { executions: items };
  if (next) out.nextToken = encodeToken({ d: next.startDate, a: next.arn });
  return out;
}
