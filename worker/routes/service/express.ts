/**
 * Express operations, shared by every front end: StartSyncExecution (the answer is AWS's, with ISO
 * dates as the REST API gives them), and the refusals AWS gives for Express executions.
 */
import type { StateMachineDescription } from "../../../shared/api/types.ts";
import { getStateMachine } from "../../db/state-machines.ts";
import type { Env } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { billingDetails } from "../../express/billing.ts";
import { expressExecutionArn, runStoredExpress } from "../../express/execute.ts";
import type { ExpressResult } from "../../express/run.ts";
import { checkInput } from "./executions.ts";
import { checkName, machineName } from "./names.ts";
import { notFound } from "./state-machines.ts";

/** AWS's StartSyncExecution request; `stateMachineArn` may also be a bare name (the REST route's). */
export interface StartSyncExecutionRequest {
  stateMachineArn?: unknown;
  name?: unknown;
  /** JSON text */
  input?: string;
  traceHeader?: unknown;
}

export interface StartSyncExecutionResponse {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  startDate: string;
  stopDate: string;
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  error?: string;
  cause?: string;
  input: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  traceHeader?: string;
  billingDetails: { billedMemoryUsedInMB: number; billedDurationInMilliseconds: number };
}

/** A stored EXPRESS machine by name or ARN; StateMachineTypeNotSupported for a STANDARD one. */
export async function expressMachine(env: Env, ref: unknown): Promise<StateMachineDescription> {
  if (typeof ref !== "string" || ref === "") {
    throw new ApiError(400, "ValidationException", "stateMachineArn is required: the ARN (or name) of an EXPRESS state machine.");
  }
  const name = machineName(env, ref);
  const sm = name === null ? null : await getStateMachine(env.DB, name);
  if (!sm) throw notFound(ref);
  if (sm.type !== "EXPRESS") {
    throw new ApiError(400, "StateMachineTypeNotSupported", `This operation is only supported by EXPRESS state machines; ${sm.stateMachineArn} is ${sm.type}.`);
  }
  return sm;
}

function checkTraceHeader(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v.length > 256) {
    throw new ApiError(400, "ValidationException", "traceHeader must be a string of at most 256 characters.");
  }
  return v;
}

/** Run an EXPRESS machine within the call and answer how it ended (an execution failure is not an error here). */
export async function startSyncExecution(env: Env, req: StartSyncExecutionRequest): Promise<StartSyncExecutionResponse> {
  const name = req.name === undefined || req.name === null ? crypto.randomUUID() : checkName("execution", req.name);
  const input = checkInput(req.input ?? "{}");
  const traceHeader = checkTraceHeader(req.traceHeader);
  const sm = await expressMachine(env, req.stateMachineArn);
  const executionArn = expressExecutionArn(env, sm.name, name);
  const r = await runStoredExpress(env, sm, executionArn, name, input, true);
  return syncResponse(sm, executionArn, name, input, r, traceHeader);
}

export function syncResponse(
  sm: StateMachineDescription,
  executionArn: string,
  name: string,
  input: string,
  r: ExpressResult,
  traceHeader?: string,
): StartSyncExecutionResponse {
  // Nothing stops a sync execution from outside (it has no ARN to stop), so ABORTED cannot happen.
  const status = r.status === "ABORTED" ? "FAILED" : r.status;
  const out: StartSyncExecutionResponse = {
    executionArn,
    stateMachineArn: sm.stateMachineArn,
    name,
    startDate: new Date(r.startTime).toISOString(),
    stopDate: new Date(r.stopTime).toISOString(),
    status,
    input,
    inputDetails: { included: true },
    billingDetails: billingDetails(r.startTime, r.stopTime),
  };
  if (status === "SUCCEEDED") {
    out.output = JSON.stringify(r.output ?? null);
    out.outputDetails = { included: true };
  } else {
    if (r.error != null) out.error = r.error;
    if (r.cause != null) out.cause = r.cause;
  }
  if (traceHeader !== undefined) out.traceHeader = traceHeader;
  return out;
}
