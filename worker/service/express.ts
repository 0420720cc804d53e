/**
 * Express executions: StartSyncExecution (the answer is AWS's, with ISO dates as the REST API gives
 * them), HTTP-triggered runs, and the queued asynchronous starts. An Express execution runs inside
 * the request (or queue message) with no Durable Object and no history (worker/express/run.ts).
 */
import type { StateMachineDescription } from "../../shared/api/types.ts";
import type { JSONValue } from "../../shared/asl/index.ts";
import { dropSpilledInput, spilledInput } from "../db/express-inputs.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { compiled } from "../execution/machine.ts";
import { executionLogging } from "../execution-log.ts";
import { billingDetails } from "../express/billing.ts";
import { expressLimitMs } from "../express/limit.ts";
import { runExpress, type ExpressResult } from "../express/run.ts";
import { dispatcherFor } from "./dispatcher.ts";
import { logExpress, type ExpressStart } from "./express-queue.ts";
import { expressRecord, recordInBackground, saveExpressRecord, type Background } from "./express-records.ts";
import { parseInput, type CheckedInput } from "./input.ts";
import { hotCache } from "./hot-cache.ts";
import { checkName, expressExecutionArn, machineRef, stateMachineArn } from "./names.ts";
import { resolveTarget } from "./versions.ts";

/** AWS's StartSyncExecution request; `stateMachineArn` may also be a bare name (the REST route's). */
export interface StartSyncExecutionRequest {
  stateMachineArn?: unknown;
  name?: unknown;
  /** JSON text */
  input?: string;
  /** The input already checked, with its value (the REST route's, which receives a JSON value): `input` unused. */
  checked?: CheckedInput;
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

const cachedMachine = hotCache(async (env: Env, ref: string) => (await resolveTarget(env, ref)).sm);

/** A stored EXPRESS machine by name or ARN; StateMachineTypeNotSupported for a STANDARD one. */
export async function expressMachine(env: Env, ref: unknown): Promise<StateMachineDescription> {
  if (typeof ref !== "string" || ref === "") {
    throw new ApiError(400, "ValidationException", "stateMachineArn is required: the ARN (or name) of an EXPRESS state machine.");
  }
  const r = machineRef(env, ref);
  // A machine itself is kept a second per isolate (./hot-cache.ts); a version or alias (which routes each start) is read each time.
  const sm = r && r.version === undefined && r.alias === undefined ? await cachedMachine(env, ref) : (await resolveTarget(env, ref)).sm;
  if (sm.type !== "EXPRESS") {
    throw new ApiError(
      400,
      "StateMachineTypeNotSupported",
      `This operation is only supported by EXPRESS state machines; ${sm.stateMachineArn} is ${sm.type}.`,
    );
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

/** Run `sm` (an EXPRESS machine) on `input` (already checked JSON text) to its end. */
export function runStoredExpress(
  env: Env,
  sm: StateMachineDescription,
  executionArn: string,
  name: string,
  input: string,
  sync: boolean,
  value: JSONValue = JSON.parse(input) as JSONValue,
): Promise<ExpressResult> {
  return runExpress(compiled(sm.definition, "EXPRESS"), value, {
    executionArn,
    name,
    stateMachineArn: sm.stateMachineArn,
    stateMachineName: sm.name,
    roleArn: sm.roleArn,
    dispatcher: dispatcherFor(env),
    limitMs: expressLimitMs(env),
    sync,
    logging: executionLogging(sm.loggingConfiguration),
  });
}

/**
 * Run an EXPRESS machine within the call and answer how it ended (an execution failure is not an error here).
 * Its record (./express-records.ts) is written through `background`, after the answer.
 */
export async function startSyncExecution(
  env: Env,
  req: StartSyncExecutionRequest,
  background?: Background,
): Promise<StartSyncExecutionResponse> {
  const name = req.name === undefined || req.name === null ? crypto.randomUUID() : checkName("execution", req.name);
  const { text: input, value } = req.checked ?? parseInput(req.input ?? "{}");
  const traceHeader = checkTraceHeader(req.traceHeader);
  const sm = await expressMachine(env, req.stateMachineArn);
  const executionArn = expressExecutionArn(env, sm.name, name);
  const result = await runStoredExpress(env, sm, executionArn, name, input, true, value);
  recordInBackground(env, background, sm, { executionArn, name, input }, result);
  return syncResponse(sm, executionArn, name, input, result, traceHeader);
}

/**
 * An HTTP trigger's run: a fresh name, the request as input (JSON text, or already checked with its value);
 * recorded through `background`.
 */
export async function runTriggered(
  env: Env,
  machine: string,
  input: string | CheckedInput,
  background?: Background,
): Promise<{ executionArn: string; result: ExpressResult }> {
  const sm = await expressMachine(env, machine);
  const name = crypto.randomUUID();
  const executionArn = expressExecutionArn(env, sm.name, name);
  const { text: checked, value } = typeof input === "string" ? parseInput(input) : input;
  const result = await runStoredExpress(env, sm, executionArn, name, checked, true, value);
  recordInBackground(env, background, sm, { executionArn, name, input: checked }, result);
  return { executionArn, result };
}

export function syncResponse(
  sm: StateMachineDescription,
  executionArn: string,
  name: string,
  input: string,
  result: ExpressResult,
  traceHeader?: string,
): StartSyncExecutionResponse {
  // Nothing stops a sync execution from outside (it has no ARN to stop), so ABORTED cannot happen.
  const status = result.status === "ABORTED" ? "FAILED" : result.status;
  const out: StartSyncExecutionResponse = {
    executionArn,
    stateMachineArn: sm.stateMachineArn,
    name,
    startDate: new Date(result.startTime).toISOString(),
    stopDate: new Date(result.stopTime).toISOString(),
    status,
    input,
    inputDetails: { included: true },
    billingDetails: billingDetails(result.startTime, result.stopTime),
  };
  if (status === "SUCCEEDED") {
    out.output = JSON.stringify(result.output ?? null);
    out.outputDetails = { included: true };
  } else {
    if (result.error != null) out.error = result.error;
    if (result.cause != null) out.cause = result.cause;
  }
  if (traceHeader !== undefined) out.traceHeader = traceHeader;
  return out;
}

/** Run one queued start to its end. Throws only when it could not run (the message is retried). */
export async function runQueuedStart(env: Env, start: ExpressStart): Promise<void> {
  let input = start.input;
  if (start.spilled) {
    const spilled = await spilledInput(env.DB, start.executionArn);
    if (spilled === null) {
      logExpress({ event: "ExpressExecutionDropped", executionArn: start.executionArn, reason: "its spilled input is gone (already run)" });
      return;
    }
    input = spilled;
  }
  const ref = stateMachineArn(env, start.stateMachineName) + (start.version ? `:${start.version}` : "");
  const sm = await resolveTarget(env, ref).then(
    (t) => t.sm,
    (e) => {
      // gone (StateMachineDoesNotExist): nothing to retry; anything else (D1 unavailable) is retried
      if (e instanceof ApiError) return null;
      throw e;
    },
  );
  if (!sm || sm.type !== "EXPRESS") {
    // Deleted or changed to STANDARD since the start was accepted: nothing to run, nothing to retry.
    const reason = sm ? "the state machine is no longer EXPRESS" : "the state machine (or its version) was deleted";
    logExpress({ event: "ExpressExecutionDropped", executionArn: start.executionArn, reason });
    return;
  }
  logExpress({
    event: "ExpressExecutionStarted",
    executionArn: start.executionArn,
    stateMachineArn: sm.stateMachineArn,
    revision: sm.revision,
  });
  const result = await runStoredExpress(env, sm, start.executionArn, start.name, input, false);
  logExpress({
    event: "ExpressExecutionEnded",
    executionArn: start.executionArn,
    status: result.status,
    durationMs: result.stopTime - result.startTime,
    ...(result.status === "SUCCEEDED" ? {} : { error: result.error ?? null, cause: result.cause ?? null }),
  });
  // Its record starts when StartExecution answered (that startDate is the one the caller was given).
  const accepted = Date.parse(start.startDate);
  const record = expressRecord(env, sm, { executionArn: start.executionArn, name: start.name, input }, result);
  if (record && Number.isFinite(accepted) && accepted <= record.startDate) record.startDate = accepted;
  if (record) await saveExpressRecord(env, record);
  if (start.spilled) await dropSpilledInput(env.DB, start.executionArn);
}
