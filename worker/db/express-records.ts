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

/**
 * A record's row as a JSON array (the order of the INSERT's columns). A group's rows go to D1 as one
 * parameter holding a JSON array of them, read by SQLite's json_each: one statement and one bound value
 * for any number of rows (D1 binds at most 100 parameters to a statement; every bound value is checked
 * and carried on its own).
 */
const rowOf = (r: ExpressRecord): string =>
  JSON.stringify([r.arn, r.stateMachineArn, r.name, r.status, r.startDate, r.stopDate, r.error, r.cause, r.input, r.output]);
/** Characters of rows per statement at most: their UTF-8 (at most 3 bytes a character) stays under D1's 2 MB value. */
export const ROWS_CHARS_PER_INSERT = 600_000;
// In the array's order (ORDER BY key): of one ARN's two ends (an asynchronous start run twice), the later is kept.
const INSERT = `INSERT INTO executions (arn, state_machine_arn, name, status, start_date, stop_date, error, cause, input, output)
  SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9
  FROM json_each(?1) WHERE true ORDER BY key
  ON CONFLICT (arn) DO UPDATE SET status = excluded.status, start_date = excluded.start_date, stop_date = excluded.stop_date,
    error = excluded.error, cause = excluded.cause, input = excluded.input, output = excluded.output`;

// At most this many of the machine's rows older than the retention are deleted per sweep: a write never
// waits on a large delete.
export const EXPIRED_PER_SWEEP = 100;
const EXPIRED = `DELETE FROM executions WHERE arn IN (
  SELECT arn FROM executions WHERE state_machine_arn = ?1 AND start_date < ?2 AND ${EXPRESS_ONLY} LIMIT ?3)`;

// The rows past the machine's cap (newest kept), at most this many per sweep.
export const OVER_CAP_PER_SWEEP = 100;
const OVER_CAP = `DELETE FROM executions WHERE arn IN (
  SELECT arn FROM executions WHERE state_machine_arn = ?1 AND ${EXPRESS_ONLY}
  ORDER BY start_date DESC, arn DESC LIMIT ?3 OFFSET ?2)`;

/** What a write may also delete: its machine's rows started before `expiredBefore`, its rows past `cap`. */
export interface Sweep {
  expiredBefore?: number;
  cap?: number;
}

interface MachineSweep {
  /** the latest cutoff asked, and how many records asked for an expiry sweep */
  expiredBefore: number;
  expired: number;
  /** the smallest cap asked, and how many records asked for a cap sweep */
  cap: number;
  capped: number;
}

/**
 * The sweeps a write's records ask for, one of each kind per machine: a single DELETE then reads the
 * machine's index once and deletes as many rows as the records' sweeps would have one after another.
 */
function sweepsByMachine(writes: { record: ExpressRecord; sweep?: Sweep }[]): Map<string, MachineSweep> {
  const byMachine = new Map<string, MachineSweep>();
  for (const { record, sweep } of writes) {
    if (sweep?.expiredBefore === undefined && sweep?.cap === undefined) continue;
    let s = byMachine.get(record.stateMachineArn);
    if (!s) byMachine.set(record.stateMachineArn, (s = { expiredBefore: -Infinity, expired: 0, cap: Infinity, capped: 0 }));
    if (sweep.expiredBefore !== undefined) {
      s.expiredBefore = Math.max(s.expiredBefore, sweep.expiredBefore);
      s.expired++;
    }
    if (sweep.cap !== undefined) {
      s.cap = Math.min(s.cap, sweep.cap);
      s.capped++;
    }
  }
  return byMachine;
}

/**
 * Writes ended Express executions' records: one INSERT for the lot (another per ROWS_CHARS_PER_INSERT
 * characters of rows), all in one request to D1 (one batch, one transaction; a lone INSERT alone). A record's
 * `expiredBefore` also deletes up to EXPIRED_PER_SWEEP of its machine's rows started before it; its `cap`, up to
 * OVER_CAP_PER_SWEEP rows past the machine's newest `cap` (that reads `cap` index entries); the records of
 * one machine that ask for the same kind share one DELETE (sweepsByMachine). The caller asks for either on a
 * fraction of its records only.
 */
export async function writeExpressRecords(db: D1Database, writes: { record: ExpressRecord; sweep?: Sweep }[]): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  let rows: string[] = [];
  let chars = 0;
  const flush = () => {
    if (rows.length) statements.push(db.prepare(INSERT).bind(`[${rows.join(",")}]`));
    rows = [];
    chars = 0;
  };
  for (const { record } of writes) {
    const row = rowOf(record);
    if (chars + row.length > ROWS_CHARS_PER_INSERT) flush();
    rows.push(row);
    chars += row.length + 1;
  }
  flush();
  for (const [machine, s] of sweepsByMachine(writes)) {
    if (s.expired) statements.push(db.prepare(EXPIRED).bind(machine, s.expiredBefore, s.expired * EXPIRED_PER_SWEEP));
    if (s.capped) statements.push(db.prepare(OVER_CAP).bind(machine, s.cap, s.capped * OVER_CAP_PER_SWEEP));
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
