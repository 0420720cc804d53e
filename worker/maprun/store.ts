/**
 * A Map Run's SQLite storage: one row for the run (its spec, where the reader stands, the counts) and
 * one row per child (its input, status and result). Children are created from the reader a page at a
 * time, in the same transaction that moves the reader's cursor on, so a restart neither skips nor
 * repeats an item. Results stay here until the run ends; memory holds a page, not the run.
 */
import type { JSONValue } from "../../shared/asl/index.ts";
import type { MapRunSpec, ReaderCursor } from "../../shared/asl/distributed/types.ts";
import type { TaskOutcome } from "../../shared/asl/index.ts";
import { meter, query } from "../execution/sql.ts";
import type { MapRunCounts, MapRunStatus } from "./contract.ts";

export type ChildStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface RunState {
  spec: MapRunSpec;
  executionArn: string;
  token: string;
  publicUrl?: string;
  status: MapRunStatus;
  startDate: number;
  stopDate?: number;
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  reader: { cursor?: ReaderCursor; done: boolean; items: number; partial: JSONValue[] };
  /** Children created (the next child's index). */
  children: number;
  running: number;
  failed: number;
  /** The tolerated failure threshold was passed: no more children start. */
  exceeded?: boolean;
  /** Set when the run has ended: what the parent is told. */
  outcome?: TaskOutcome;
  told: boolean;
  tellFailures: number;
  tellAt: number;
  listed?: MapRunStatus;
  /** Times redriven (its parent's redrives), and when last. */
  redriveCount?: number;
  redriveDate?: number;
}

export interface ChildRow {
  idx: number;
  items: number;
  status: ChildStatus;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  start: number | null;
  stop: number | null;
  /** 0: not known to have started; 1: started; 2: ended before a redrive, to be redriven. */
  started: number;
  /** Redrives of this child so far (its Map Run's redrives that found it unsuccessful). */
  attempt: number;
  [key: string]: SqlStorageValue;
}

export class RunStore {
  private readonly storage: DurableObjectStorage;
  constructor(storage: DurableObjectStorage) {
    this.storage = storage;
  }
  private get sql() {
    return this.storage.sql;
  }

  load(): RunState | null {
    const exists = query<{ n: number }>(this.sql, "maprun.tables", "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'run'");
    if (!exists[0].n) return null;
    const rows = query<{ state: string }>(this.sql, "maprun.load", "SELECT state FROM run WHERE id = 1");
    return rows.length ? (JSON.parse(rows[0].state) as RunState) : null;
  }

  /** The run's row, with child rows to add and changes to children, in one transaction. */
  save(state: RunState, work?: () => void): void {
    this.storage.transactionSync(() => {
      query(this.sql, "maprun.create.run", "CREATE TABLE IF NOT EXISTS run (id INTEGER PRIMARY KEY, state TEXT NOT NULL)");
      query(
        this.sql,
        "maprun.create.child",
        `CREATE TABLE IF NOT EXISTS child (idx INTEGER PRIMARY KEY, items INTEGER NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL,
          output TEXT, error TEXT, cause TEXT, start INTEGER, stop INTEGER, started INTEGER NOT NULL DEFAULT 0,
          attempt INTEGER NOT NULL DEFAULT 0)`,
      );
      this.upgrade();
      query(this.sql, "maprun.create.index", "CREATE INDEX IF NOT EXISTS child_by_status ON child (status, idx)");
      work?.();
      query(this.sql, "maprun.save", "INSERT OR REPLACE INTO run (id, state) VALUES (1, ?)", JSON.stringify(state));
    });
  }

  /** Objects from before redrive have no `attempt` column: added once (a constant default rewrites no row). */
  private upgraded = false;
  private upgrade(): void {
    if (this.upgraded) return;
    this.upgraded = true;
    const cols = query<{ name: string }>(this.sql, "child.columns", "SELECT name FROM pragma_table_info('child')");
    if (!cols.some((c) => c.name === "attempt"))
      query(this.sql, "child.upgrade", "ALTER TABLE child ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0");
  }

  addChild(idx: number, input: JSONValue, items: number): void {
    query(
      this.sql,
      "child.insert",
      "INSERT INTO child (idx, items, status, input) VALUES (?, ?, 'PENDING', ?)",
      idx,
      items,
      JSON.stringify(input),
    );
  }

  setRunning(idx: number, now: number): void {
    query(this.sql, "child.running", "UPDATE child SET status = 'RUNNING', start = ? WHERE idx = ?", now, idx);
  }

  /** A redrive: the children that did not succeed are pending again, marked to be redriven (started = 2); how many. */
  redo(): number {
    const n = this.count("FAILED") + this.count("TIMED_OUT") + this.count("ABORTED");
    query(
      this.sql,
      "child.redo",
      `UPDATE child SET status = 'PENDING', started = 2, attempt = attempt + 1, output = NULL, error = NULL, cause = NULL, stop = NULL
       WHERE status IN ('FAILED', 'TIMED_OUT', 'ABORTED')`,
    );
    return n;
  }

  /** Its start is known; not when the row has moved on to a later attempt since (a redrive). */
  setStarted(idx: number, attempt: number): void {
    query(this.sql, "child.started", "UPDATE child SET started = 1 WHERE idx = ? AND attempt = ?", idx, attempt);
  }

  /**
   * The child's end; false when it had ended already (a repeated report) or is not running, or comes from
   * an earlier attempt than the row's (`attempt`: a redriven child's redriveCount, an EXPRESS run's row
   * attempt; undefined from a report that predates it, taken as the row's).
   */
  setEnded(
    idx: number,
    status: ChildStatus,
    r: { output?: string; error?: string | null; cause?: string | null; stop: number },
    attempt?: number,
  ): boolean {
    const rows = query<{ status: string; attempt: number }>(
      this.sql,
      "child.status",
      "SELECT status, attempt FROM child WHERE idx = ?",
      idx,
    );
    if (!rows.length || rows[0].status !== "RUNNING") return false;
    if (attempt !== undefined && attempt < rows[0].attempt) return false;
    query(
      this.sql,
      "child.end",
      "UPDATE child SET status = ?, output = ?, error = ?, cause = ?, stop = ? WHERE idx = ?",
      status,
      r.output ?? null,
      r.error ?? null,
      r.cause ?? null,
      r.stop,
      idx,
    );
    return true;
  }

  children(status: ChildStatus, limit: number): ChildRow[] {
    return query<ChildRow>(this.sql, "child.by.status", "SELECT * FROM child WHERE status = ? ORDER BY idx LIMIT ?", status, limit);
  }

  count(status: ChildStatus): number {
    return query<{ n: number }>(this.sql, "child.count", "SELECT COUNT(*) AS n FROM child WHERE status = ?", status)[0].n;
  }

  /** Children in index order from `after` on, a page at a time. */
  page(after: number, limit: number): ChildRow[] {
    return query<ChildRow>(this.sql, "child.page", "SELECT * FROM child WHERE idx > ? ORDER BY idx LIMIT ?", after, limit);
  }

  /** DescribeMapRun's counts: children (executions) and the items they carry, by status. */
  counts(state: RunState): { executions: MapRunCounts; items: MapRunCounts } {
    const rows = query<{ status: ChildStatus; n: number; items: number }>(
      this.sql,
      "child.counts",
      "SELECT status, COUNT(*) AS n, SUM(items) AS items FROM child GROUP BY status",
    );
    const executions = emptyCounts();
    const items = emptyCounts();
    for (const r of rows) {
      add(executions, r.status, r.n);
      add(items, r.status, r.items);
    }
    // Items read but not yet in a child (a batch being filled) are pending too.
    items.pending += state.reader.partial.length;
    items.total += state.reader.partial.length;
    if (state.outcome && "output" in state.outcome && state.spec.writer?.resource) {
      executions.resultsWritten = executions.total;
      items.resultsWritten = items.total;
    }
    return { executions, items };
  }

  /** Rows this storage wrote and read (what Cloudflare bills), since the object started. */
  metered(): { rowsWritten: number; rowsRead: number } {
    return { ...meter(this.sql) };
  }
}

const KEY: Record<ChildStatus, keyof MapRunCounts> = {
  PENDING: "pending",
  RUNNING: "running",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  TIMED_OUT: "timedOut",
  ABORTED: "aborted",
};

function add(c: MapRunCounts, status: ChildStatus, n: number) {
  c[KEY[status]] += n;
  c.total += n;
}

export function emptyCounts(): MapRunCounts {
  return {
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    total: 0,
    resultsWritten: 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
}
