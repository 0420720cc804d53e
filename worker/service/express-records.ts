/**
 * Records of recent Express executions (README "Express workflows"; not in AWS, which keeps no Express
 * history): one D1 row per ended execution, written after the answer (the request's waitUntil) so a
 * StartSyncExecution or a trigger never waits for D1, and listed by ListExecutions as any execution.
 * DescribeExecution of an Express ARN answers from the record when there is one.
 */
import type { ExecutionDescription, StateMachineDescription } from "../../shared/api/types.ts";
import { readExpressRecord, writeExpressRecords, type ExpressRecord, type Sweep } from "../db/express-records.ts";
import type { Env } from "../env.ts";
import { cappedData, recordSettings } from "../express/record-settings.ts";
import type { ExpressResult } from "../express/run.ts";
import { groupWriter } from "./express-record-writer.ts";

/** Work that may finish after the answer is sent (a request's `ctx.waitUntil`). */
export type Background = (work: Promise<unknown>) => void;

/** The request's waitUntil; undefined when it has none (Hono's `c.executionCtx` throws then: a test's app.request). */
export function backgroundOf(context: () => Pick<ExecutionContext, "waitUntil">): Background | undefined {
  try {
    const ctx = context();
    return (work) => ctx.waitUntil(work);
  } catch {
    return undefined;
  }
}

/**
 * How often a write also deletes its machine's expired records (up to 100: more than come in meanwhile),
 * and how often the records past its cap (that delete reads `cap` index entries); the other writes are
 * a lone INSERT.
 */
export const EXPIRED_SWEEP_EVERY = 16;
export const CAP_SWEEP_EVERY = 64;

/** What the record of a run holds under the current settings; null when records are off. */
export function expressRecord(
  env: Env,
  sm: Pick<StateMachineDescription, "stateMachineArn">,
  run: { executionArn: string; name: string; input: string },
  result: ExpressResult,
): ExpressRecord | null {
  const { mode } = recordSettings(env);
  if (mode === "off") return null;
  // Nothing stops an Express execution from outside, so ABORTED cannot happen (as its sync answer says).
  const status = result.status === "ABORTED" ? "FAILED" : result.status;
  const data = mode === "data";
  return {
    arn: run.executionArn,
    stateMachineArn: sm.stateMachineArn,
    name: run.name,
    status,
    startDate: result.startTime,
    stopDate: result.stopTime,
    error: status === "SUCCEEDED" ? null : (result.error ?? null),
    cause: status === "SUCCEEDED" ? null : (result.cause ?? null),
    input: data ? cappedData(run.input) : null,
    output: data && status === "SUCCEEDED" ? cappedData(JSON.stringify(result.output ?? null)) : null,
  };
}

function notWritten(records: ExpressRecord[], e: unknown): void {
  const reason = e instanceof Error ? e.message : String(e);
  for (const r of records) console.log(JSON.stringify({ event: "ExpressRecordNotWritten", executionArn: r.arn, reason }));
}

/** One write in 16 also deletes expired records of its machine, one in 64 those past its cap (same D1 batch). */
function sweepFor(env: Env): Sweep {
  const { retentionMs, maxPerMachine } = recordSettings(env);
  const roll = Math.random();
  return {
    ...(roll < 1 / EXPIRED_SWEEP_EVERY ? { expiredBefore: Date.now() - retentionMs } : {}),
    ...(roll < 1 / CAP_SWEEP_EVERY ? { cap: maxPerMachine } : {}),
  };
}

/**
 * Writes the run's record now (a queued start's: its consumer awaits it before acknowledging the
 * message): one INSERT, with a sweep now and then. Never rejects: a record that cannot be written is
 * logged, and the execution's outcome stands.
 */
export async function saveExpressRecord(env: Env, record: ExpressRecord): Promise<void> {
  try {
    await writeExpressRecords(env.DB, [{ record, sweep: sweepFor(env) }]);
  } catch (e) {
    notWritten([record], e);
  }
}

/**
 * Records the run after the answer: its own D1 write through `background` (the request's waitUntil),
 * unless a write is pending in this isolate, which then takes it in its next batch
 * (./express-record-writer.ts).
 */
export function recordInBackground(
  env: Env,
  background: Background | undefined,
  sm: Pick<StateMachineDescription, "stateMachineArn">,
  run: { executionArn: string; name: string; input: string },
  result: ExpressResult,
): void {
  const record = expressRecord(env, sm, run, result);
  if (!record) return;
  const write = groupWriter(env.DB, notWritten).add(record, sweepFor(env));
  if (write && background) background(write);
}

/** DescribeExecution's answer from an Express execution's record; null when none is kept. */
export async function describeExpressRecord(env: Env, arn: string): Promise<ExecutionDescription | null> {
  const r = await readExpressRecord(env.DB, arn);
  if (!r) return null;
  const out: ExecutionDescription = {
    executionArn: r.arn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: new Date(r.startDate).toISOString(),
    stopDate: new Date(r.stopDate).toISOString(),
    inputDetails: { included: r.input !== null },
  };
  if (r.input !== null) out.input = r.input;
  if (r.status === "SUCCEEDED") {
    out.outputDetails = { included: r.output !== null };
    if (r.output !== null) out.output = r.output;
  }
  if (r.error !== null) out.error = r.error;
  if (r.cause !== null) out.cause = r.cause;
  return out;
}
