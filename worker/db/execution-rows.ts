/**
 * D1 access for execution listings: one row per execution, written by its Durable Object (upsert, a
 * terminal status never overwritten), read by ListExecutions.
 */
import type { ExecutionListItem, ExecutionStatus } from "../../shared/api/types.ts";
import { parseMapRunArn } from "../../shared/asl/distributed/names.ts";

interface Row {
  arn: string;
  state_machine_arn: string;
  name: string;
  status: ExecutionStatus;
  start_date: number;
  stop_date: number | null;
  redrive_count: number;
  redrive_date: number | null;
}

/** Where the previous page ended: newest first, ties broken by ARN. */
export interface ExecutionCursor {
  startDate: number;
  arn: string;
}

function item(r: Row): ExecutionListItem {
  // A Map Run's child is listed under the Map Run's ARN; AWS names its machine `<parent machine>/<label>`.
  const mapRun = r.state_machine_arn.includes(":mapRun:") ? parseMapRunArn(r.state_machine_arn) : null;
  const out: ExecutionListItem = {
    executionArn: r.arn,
    stateMachineArn: mapRun ? `${mapRun.machineArn}/${mapRun.label}` : r.state_machine_arn,
    name: r.name,
    status: r.status,
    startDate: new Date(r.start_date).toISOString(),
  };
  if (r.stop_date !== null) out.stopDate = new Date(r.stop_date).toISOString();
  if (mapRun) out.mapRunArn = r.state_machine_arn;
  // Standard executions only (an Express record's ARN holds :express:): AWS lists their redrives.
  if (!r.arn.includes(":express:")) out.redriveCount = r.redrive_count ?? 0;
  if (r.redrive_date != null) out.redriveDate = new Date(r.redrive_date).toISOString();
  return out;
}

/**
 * One page of executions, newest first: of one state machine or Map Run (whose ARN its children's rows
 * hold as state_machine_arn), walking its index in order, or of all (a scan of the table: rows read cost
 * a thousandth of rows written, and an index for it would add a row written to every execution),
 * optionally of one status. Paging on (start_date, arn) keeps pages
 * stable while new executions start: they sort before the cursor.
 */
export async function listExecutionRows(
  db: D1Database,
  q: { stateMachineArn?: string; status?: ExecutionStatus; redriven?: boolean; limit: number; after?: ExecutionCursor },
): Promise<{ items: ExecutionListItem[]; next?: ExecutionCursor }> {
  // Conditions are added only when given, so SQLite can walk the matching index in order.
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.stateMachineArn !== undefined) {
    where.push("state_machine_arn = ?");
    args.push(q.stateMachineArn);
  }
  if (q.status) {
    where.push("status = ?");
    args.push(q.status);
  }
  if (q.redriven !== undefined) where.push(q.redriven ? "redrive_count > 0" : "redrive_count = 0");
  if (q.after) {
    where.push("(start_date < ? OR (start_date = ? AND arn < ?))");
    args.push(q.after.startDate, q.after.startDate, q.after.arn);
  }
  const { results } = await db
    .prepare(
      `SELECT arn, state_machine_arn, name, status, start_date, stop_date, redrive_count, redrive_date FROM executions
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY start_date DESC, arn DESC
       LIMIT ?`,
    )
    .bind(...args, q.limit + 1)
    .all<Row>();
  const page = results.slice(0, q.limit);
  const last = page[page.length - 1];
  const next = results.length > q.limit ? { startDate: last.start_date, arn: last.arn } : undefined;
  return { items: page.map(item), next };
}

/** The part of D1 the listing writes need; tests swap in one that fails. */
export type ListingDb = Pick<D1Database, "prepare">;

// A terminal status is final for its attempt: a late RUNNING write (reordered, repeated) never overwrites
// it; only a redrive (a higher redrive_count) does, and no write of an earlier attempt overwrites a later one.
const UPSERT = `INSERT INTO executions (arn, state_machine_arn, name, status, start_date, stop_date, redrive_count, redrive_date)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (arn) DO UPDATE SET status = excluded.status, stop_date = excluded.stop_date,
    redrive_count = excluded.redrive_count, redrive_date = excluded.redrive_date
  WHERE excluded.redrive_count > executions.redrive_count
    OR (excluded.redrive_count = executions.redrive_count AND executions.status = 'RUNNING')`;

export interface ExecutionRow {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate: number | null;
  /** Absent: never redriven. */
  redriveCount?: number;
  redriveDate?: number | null;
}

/** Writes (or brings up to date) an execution's row; how many rows D1 says it wrote. */
export async function writeExecutionRow(db: ListingDb, row: ExecutionRow): Promise<number> {
  const res = await db
    .prepare(UPSERT)
    .bind(row.arn, row.stateMachineArn, row.name, row.status, row.startDate, row.stopDate, row.redriveCount ?? 0, row.redriveDate ?? null)
    .run();
  return res.meta?.rows_written ?? 1;
}

/** How many executions each of these machines has, by status (the index on machine and status answers it). */
export async function countExecutionRows(
  db: D1Database,
  machineArns: string[],
): Promise<Record<string, Partial<Record<ExecutionStatus, number>>>> {
  const out: Record<string, Partial<Record<ExecutionStatus, number>>> = {};
  if (machineArns.length === 0) return out;
  const { results } = await db
    .prepare(
      `SELECT state_machine_arn, status, COUNT(*) AS n FROM executions
       WHERE state_machine_arn IN (${machineArns.map(() => "?").join(",")}) GROUP BY state_machine_arn, status`,
    )
    .bind(...machineArns)
    .all<{ state_machine_arn: string; status: ExecutionStatus; n: number }>();
  for (const r of results) (out[r.state_machine_arn] ??= {})[r.status] = r.n;
  return out;
}
