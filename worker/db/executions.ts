/**
 * D1 access for execution listings. The rows are written by each execution's Durable Object; the
 * API only reads them.
 */
import type { ExecutionListItem, ExecutionStatus } from "../../shared/api/types.ts";

interface Row {
  arn: string;
  state_machine_arn: string;
  name: string;
  status: ExecutionStatus;
  start_date: number;
  stop_date: number | null;
}

/** Where the previous page ended: newest first, ties broken by ARN. */
export interface ExecutionCursor {
  startDate: number;
  arn: string;
}

function item(r: Row): ExecutionListItem {
  const out: ExecutionListItem = {
    executionArn: r.arn,
    stateMachineArn: r.state_machine_arn,
    name: r.name,
    status: r.status,
    startDate: new Date(r.start_date).toISOString(),
  };
  if (r.stop_date !== null) out.stopDate = new Date(r.stop_date).toISOString();
  return out;
}

/**
 * One page of a state machine's executions, newest first, optionally of one status. Paging on
 * (start_date, arn) keeps pages stable while new executions start: they sort before the cursor.
 */
export async function listExecutions(
  db: D1Database,
  q: { stateMachineArn: string; status?: ExecutionStatus; limit: number; after?: ExecutionCursor },
): Promise<{ items: ExecutionListItem[]; next?: ExecutionCursor }> {
  // Conditions are added only when given, so SQLite can walk the matching index in order.
  const where = ["state_machine_arn = ?"];
  const args: (string | number)[] = [q.stateMachineArn];
  if (q.status) {
    where.push("status = ?");
    args.push(q.status);
  }
  if (q.after) {
    where.push("(start_date < ? OR (start_date = ? AND arn < ?))");
    args.push(q.after.startDate, q.after.startDate, q.after.arn);
  }
  const { results } = await db
    .prepare(
      `SELECT arn, state_machine_arn, name, status, start_date, stop_date FROM executions
       WHERE ${where.join(" AND ")}
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
