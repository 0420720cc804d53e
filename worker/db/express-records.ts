/**
 * D1 access for the records of recent Express executions (migrations/0009, README "Express workflows",
 * not in AWS): one row of `executions` per ended Express execution, written once at its end. The listing
 * reads them as any execution's row (./execution-rows.ts); old rows are deleted in small batches along
 * with some of the writes, on the machine's listing index.
 */
import type { ExecutionStatus } from "../../shared/api/types.ts";

export interface ExpressRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** ms since the epoch */
  startDate: number;
  stopDate: number;
  error: string | null;
  cause: string | null;
  /** JSON text, only when EXPRESS_RECORDS is "data" and it fits the cap */
  input: string | null;
  output: string | null;
}

interface Row {
  arn: string;
  state_machine_arn: string;
  name: string;
  status: ExecutionStatus;
  start_date: number;
  stop_date: number;
  error: string | null;
  cause: string | null;
  input: string | null;
  output: string | null;
}

/** Only Express rows: their ARNs are `...:express:<machine>:<name>:<id>`; a Standard row is never touched here. */
const EXPRESS_ONLY = "arn GLOB '*:express:*'";

/** Rows per INSERT statement: D1 binds at most 100 parameters to a statement, and a row takes 10. */
export const ROWS_PER_INSERT = 10;
// An asynchronous start may run twice (at least once): the later end is the one kept.
const insertOf = (rows: number): string =>
  `INSERT INTO executions (arn, state_machine_arn, name, status, start_date, stop_date, error, cause, input, output) VALUES ${Array.from(
    { length: rows },
    () => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ).join(", ")}
  ON CONFLICT (arn) DO UPDATE SET status = excluded.status, start_date = excluded.start_date, stop_date = excluded.stop_date,
    error = excluded.error, cause = excluded.cause, input = excluded.input, output = excluded.output`;
const INSERTS = Array.from({ length: ROWS_PER_INSERT + 1 }, (_, rows) => (rows ? insertOf(rows) : ""));

// At most this many of the machine's rows older than the retention are deleted per sweep: a write never
// waits on a large delete.
export const EXPIRED_PER_SWEEP = 100;
const EXPIRED = `DELETE FROM executions WHERE arn IN (
  SELECT arn FROM executions WHERE state_machine_arn = ?1 AND start_date < ?2 AND ${EXPRESS_ONLY} LIMIT ${EXPIRED_PER_SWEEP})`;

// The rows past the machine's cap (newest kept), at most this many per sweep.
export const OVER_CAP_PER_SWEEP = 100;
const OVER_CAP = `DELETE FROM executions WHERE arn IN (
  SELECT arn FROM executions WHERE state_machine_arn = ?1 AND ${EXPRESS_ONLY}
  ORDER BY start_date DESC, arn DESC LIMIT ${OVER_CAP_PER_SWEEP} OFFSET ?2)`;

/** What a write may also delete: its machine's rows started before `expiredBefore`, its rows past `cap`. */
export interface Sweep {
  expiredBefore?: number;
  cap?: number;
}

/**
 * Writes ended Express executions' records: one INSERT per ROWS_PER_INSERT records, all in one request to
 * D1 (one batch, one transaction; a lone INSERT alone). A record's `expiredBefore` also deletes up to EXPIRED_PER_SWEEP of
 * its machine's rows started before it; its `cap`, up to OVER_CAP_PER_SWEEP rows past the machine's
 * newest `cap` (that reads `cap` index entries). The caller asks for either on a fraction of its writes only.
 */
export async function writeExpressRecords(db: D1Database, writes: { record: ExpressRecord; sweep?: Sweep }[]): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  // up to ROWS_PER_INSERT records per statement, in their order (a later write of the same ARN wins)
  for (let at = 0; at < writes.length; at += ROWS_PER_INSERT) {
    const group = writes.slice(at, at + ROWS_PER_INSERT);
    const values: (string | number | null)[] = [];
    for (const { record: r } of group)
      values.push(r.arn, r.stateMachineArn, r.name, r.status, r.startDate, r.stopDate, r.error, r.cause, r.input, r.output);
    statements.push(db.prepare(INSERTS[group.length]).bind(...values));
  }
  for (const { record: r, sweep } of writes) {
    if (sweep?.expiredBefore !== undefined) statements.push(db.prepare(EXPIRED).bind(r.stateMachineArn, sweep.expiredBefore));
    if (sweep?.cap !== undefined) statements.push(db.prepare(OVER_CAP).bind(r.stateMachineArn, sweep.cap));
  }
  if (statements.length === 1) await statements[0].run();
  else if (statements.length > 1) await db.batch(statements);
}

/** One record (see writeExpressRecords). */
export const writeExpressRecord = (db: D1Database, record: ExpressRecord, sweep: Sweep = {}): Promise<void> =>
  writeExpressRecords(db, [{ record, sweep }]);

/** An Express execution's record; null when there is none (never kept, deleted, or not an Express ARN). */
export async function readExpressRecord(db: D1Database, arn: string): Promise<ExpressRecord | null> {
  const row = await db
    .prepare(
      `SELECT arn, state_machine_arn, name, status, start_date, stop_date, error, cause, input, output FROM executions
       WHERE arn = ?1 AND ${EXPRESS_ONLY}`,
    )
    .bind(arn)
    .first<Row>();
  if (!row) return null;
  return {
    arn: row.arn,
    stateMachineArn: row.state_machine_arn,
    name: row.name,
    status: row.status,
    startDate: row.start_date,
    stopDate: row.stop_date,
    error: row.error,
    cause: row.cause,
    input: row.input,
    output: row.output,
  };
}

/** Every record of a machine (DeleteStateMachine): its name may be used again by another machine. */
export async function deleteExpressRecords(db: D1Database, stateMachineArn: string): Promise<void> {
  await db.prepare(`DELETE FROM executions WHERE state_machine_arn = ?1 AND ${EXPRESS_ONLY}`).bind(stateMachineArn).run();
}
