/**
 * For test/bench/durable.ts: what the object's stats() returns, and the D1 rows an execution reads,
 * measured by replaying its statements on the same database (the worker does not report rows read).
 */
import type { Miniflare } from "miniflare";

/** ExecutionObject.stats() (worker/execution/object.ts, state.ts). */
export interface Stats {
  /** As the object's SQL cursors report them (its tables' creation included), + 1 per alarm write. */
  rowsWritten: number;
  /** rowsWritten by what wrote them: a statement's label, alarm.set, alarm.delete (absent in older objects). */
  rowsByLabel?: Record<string, number>;
  rowsRead: number;
  commits: number;
  d1Writes: number;
  /** d1Writes by the status each listing write carried. */
  d1ByLabel?: Record<string, number>;
  d1Failures: number;
  requests: number;
  alarms: number;
  dispatches: number;
  transitions: number;
  events: number;
  /** The alarm still set, if any (an ended execution's fires once more, finding nothing due). */
  alarmAt: number | null;
}

// worker/execution/listing.ts's upsert, as it is written there (it is not exported).
const UPSERT = `INSERT INTO executions (arn, state_machine_arn, name, status, start_date, stop_date)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (arn) DO UPDATE SET status = excluded.status, stop_date = excluded.stop_date
  WHERE executions.status = 'RUNNING'`;

/**
 * Rows read by StartExecution's state machine lookup (worker/db/state-machines.ts getStateMachine) and
 * by the listing writes an execution made (`statuses`, in order: RUNNING then SUCCEEDED, or SUCCEEDED
 * alone when the first write was held until the end) on a scratch row, removed afterwards.
 */
export async function d1ReadsPerExecution(mf: Miniflare, machine: string, statuses: string[]): Promise<{ start: number; listing: number }> {
  const db = await mf.getD1Database("DB");
  const start = await db.prepare("SELECT * FROM state_machines WHERE name = ?").bind(machine).run();
  const arn = "arn:aws:states:us-east-1:123456789012:execution:bench:scratch";
  const row = (status: string, stop: number | null) => [arn, "arn:aws:states:us-east-1:123456789012:stateMachine:bench", "scratch", status, 1, stop];
  let listing = 0;
  for (const status of statuses) listing += (await db.prepare(UPSERT).bind(...row(status, status === "RUNNING" ? null : 2)).run()).meta.rows_read;
  await db.prepare("DELETE FROM executions WHERE arn = ?").bind(arn).run();
  return { start: start.meta.rows_read, listing };
}
