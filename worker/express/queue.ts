/**
 * Asynchronous Express starts (StartExecution on an EXPRESS machine), at-least-once: the start is
 * handed to the EXPRESS_STARTS queue and answered at once; this worker's queue consumer runs it like
 * a sync execution. A consumer that fails (D1 down, the isolate lost) leaves the message to be
 * retried by the queue, so an execution may run twice, as AWS documents for Express. No history is
 * kept; the start and the end are logged as JSON lines.
 */
import type { StartExecutionResponse } from "../../shared/api/types.ts";
import type { StateMachineDescription } from "../../shared/api/types.ts";
import { getStateMachine } from "../db/state-machines.ts";
import type { Env } from "../env.ts";
import { expressExecutionArn, runStoredExpress } from "./execute.ts";

/** What a queue message carries. The input rides along (inputs are at most 256 KiB; see MAX_INLINE). */
export interface ExpressStart {
  executionArn: string;
  name: string;
  stateMachineName: string;
  input: string;
  startDate: string;
  /** The input was too large for a message: it waits in D1 (express_inputs) under the execution ARN. */
  spilled?: true;
}

// A queue message holds at most 128 KB; leave room for the other fields.
const MAX_INLINE = 100 * 1024;

function log(fields: Record<string, unknown>): void {
  console.log(JSON.stringify(fields));
}

/** Hand an Express start to the queue; `input` is checked JSON text. */
export async function enqueueExpressStart(env: Env, sm: StateMachineDescription, name: string, input: string): Promise<StartExecutionResponse> {
  const executionArn = expressExecutionArn(env, sm.name, name);
  const startDate = new Date().toISOString();
  const msg: ExpressStart = { executionArn, name, stateMachineName: sm.name, input, startDate };
  if (input.length * 3 > MAX_INLINE && new TextEncoder().encode(input).length > MAX_INLINE) {
    await env.DB.prepare("INSERT OR REPLACE INTO express_inputs (execution_arn, input, created_at) VALUES (?1, ?2, ?3)")
      .bind(executionArn, input, Date.now())
      .run();
    msg.input = "";
    msg.spilled = true;
  }
  await env.EXPRESS_STARTS.send(msg, { contentType: "json" });
  log({ event: "ExpressExecutionQueued", executionArn, stateMachineArn: sm.stateMachineArn, startDate });
  return { executionArn, startDate };
}

/** Run one queued start to its end. Throws only when it could not run (the message is retried). */
export async function runQueuedStart(env: Env, m: ExpressStart): Promise<void> {
  let input = m.input;
  if (m.spilled) {
    const row = await env.DB.prepare("SELECT input FROM express_inputs WHERE execution_arn = ?1").bind(m.executionArn).first<{ input: string }>();
    if (!row) {
      log({ event: "ExpressExecutionDropped", executionArn: m.executionArn, reason: "its spilled input is gone (already run)" });
      return;
    }
    input = row.input;
  }
  const sm = await getStateMachine(env.DB, m.stateMachineName);
  if (!sm || sm.type !== "EXPRESS") {
    // Deleted or changed to STANDARD since the start was accepted: nothing to run, nothing to retry.
    log({ event: "ExpressExecutionDropped", executionArn: m.executionArn, reason: sm ? "the state machine is no longer EXPRESS" : "the state machine was deleted" });
    return;
  }
  log({ event: "ExpressExecutionStarted", executionArn: m.executionArn, stateMachineArn: sm.stateMachineArn, revision: sm.revision });
  const r = await runStoredExpress(env, sm, m.executionArn, m.name, input, false);
  log({
    event: "ExpressExecutionEnded",
    executionArn: m.executionArn,
    status: r.status,
    durationMs: r.stopTime - r.startTime,
    ...(r.status === "SUCCEEDED" ? {} : { error: r.error ?? null, cause: r.cause ?? null }),
  });
  if (m.spilled) await env.DB.prepare("DELETE FROM express_inputs WHERE execution_arn = ?1").bind(m.executionArn).run();
}

/** The queue consumer: each message on its own; a thrown error retries that message only. */
export async function expressQueue(batch: MessageBatch<ExpressStart>, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map(async (msg) => {
      try {
        await runQueuedStart(env, msg.body);
        msg.ack();
      } catch (e) {
        log({ event: "ExpressExecutionRetried", executionArn: msg.body?.executionArn, attempts: msg.attempts, reason: e instanceof Error ? e.message : String(e) });
        msg.retry();
      }
    }),
  );
}

