/**
 * D1 access for Map Run listings (ListMapRuns): one row per Map Run, written by its Durable Object when
 * it starts and when it ends (upsert, a terminal status never overwritten), read newest first per parent.
 */
import type { MapRunRow, MapRunStatus } from "../maprun/contract.ts";
import type { ListingDb } from "./execution-rows.ts";

interface Row {
  arn: string;
  execution_arn: string;
  status: MapRunStatus;
  start_date: number;
  stop_date: number | null;
}

/** Where the previous page ended: newest first, ties broken by ARN. */
export interface MapRunCursor {
  startDate: number;
  arn: string;
}

// A terminal status is final for its attempt: a late RUNNING write (reordered, repeated) never overwrites
// it; only a redrive (a higher redrive_count) does, and no write of an earlier attempt overwrites a later one.
const UPSERT = `INSERT INTO map_runs (arn, execution_arn, status, start_date, stop_date, redrive_count)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (arn) DO UPDATE SET status = excluded.status, stop_date = excluded.stop_date, redrive_count = excluded.redrive_count
  WHERE excluded.redrive_count > map_runs.redrive_count
    OR (excluded.redrive_count = map_runs.redrive_count AND map_runs.status = 'RUNNING')`;

/** Writes (or brings up to date) a Map Run's row; how many rows D1 says it wrote. */
export async function writeMapRunRow(db: ListingDb, row: MapRunRow): Promise<number> {
  const res = await db
    .prepare(UPSERT)
    .bind(row.mapRunArn, row.executionArn, row.status, row.startDate, row.stopDate, row.redriveCount ?? 0)
    .run();
  return res.meta?.rows_written ?? 1;
}

const toRow = (r: Row): MapRunRow => ({
  mapRunArn: r.arn,
  executionArn: r.execution_arn,
  status: r.status,
  startDate: r.start_date,
  stopDate: r.stop_date,
});

/** One page of an execution's Map Runs, newest first (its index in order); paging on (start_date, arn). */
export async function listMapRunRows(
  db: D1Database,
  q: { executionArn: string; limit: number; after?: MapRunCursor },
): Promise<{ items: MapRunRow[]; next?: MapRunCursor }> {
  const where = ["execution_arn = ?"];
  const args: (string | number)[] = [q.executionArn];
  if (q.after) {
    where.push("(start_date < ? OR (start_date = ? AND arn < ?))");
    args.push(q.after.startDate, q.after.startDate, q.after.arn);
  }
  const { results } = await db
    .prepare(
      `SELECT arn, execution_arn, status, start_date, stop_date FROM map_runs
       WHERE ${where.join(" AND ")}
       ORDER BY start_date DESC, arn DESC
       LIMIT ?`,
    )
    .bind(...args, q.limit + 1)
    .all<Row>();
  const page = results.slice(0, q.limit);
  const last = page[page.length - 1];
  const next = results.length > q.limit ? { startDate: last.start_date, arn: last.arn } : undefined;
  return { items: page.map(toRow), next };
}
