import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { activitySurroundings } from "./surroundings.ts";
import type { ActivityTask, QueuedTask } from "./types.ts";

/** A taken task's row is kept this long, so a repeated dispatch (after a crash) does not queue it again. */
const KEEP_TAKEN_MS = 24 * 3600_000;

interface Row extends Record<string, SqlStorageValue> {
  token: string;
  input: string;
}

/**
 * One activity's queue (GetActivityTask): the tasks its executions scheduled, in order, in this
 * object's SQLite storage, and the workers long-polling for them. A poller waits on a promise that
 * an arriving task resolves, with a timer for its deadline: no polling loop. A task goes to exactly
 * one poller; one that no execution still waits for is dropped when its turn comes.
 */
export class ActivityObject extends DurableObject<Env> {
  /** Pollers waiting, oldest first: each is woken at most once per arriving task. */
  private waiters: (() => void)[] = [];
  /** Bumped when the activity is deleted: waiting pollers return empty. */
  private generation = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS tasks (
        token TEXT PRIMARY KEY, seq INTEGER NOT NULL, input TEXT NOT NULL, taken_at INTEGER
      ) WITHOUT ROWID`,
    );
  }

  /** Queues a task (the same token twice: once); wakes one waiting poller. */
  async enqueue(t: QueuedTask): Promise<void> {
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM tasks WHERE taken_at < ?", Date.now() - KEEP_TAKEN_MS);
    const r = sql.exec(
      "INSERT INTO tasks (token, seq, input) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tasks), ?) ON CONFLICT DO NOTHING",
      t.token,
      t.input,
    );
    if (r.rowsWritten > 0) this.waiters.shift()?.();
  }

  /** Removes a task no worker has taken yet (its execution no longer wants it). */
  async cancel(token: string): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM tasks WHERE token = ? AND taken_at IS NULL", token);
  }

  /** GetActivityTask: the oldest task, waiting up to `waitMs` for one; `{}` when none came. */
  async poll(workerName: string | undefined, waitMs: number): Promise<ActivityTask> {
    const generation = this.generation;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const t = await this.take(workerName);
      if (t) return { taskToken: t.token, input: t.input };
      const left = deadline - Date.now();
      if (left <= 0 || generation !== this.generation) return {};
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.push(wake);
      });
    }
  }

  /** DeleteActivity: drops every task; pollers waiting return empty. */
  async purge(): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM tasks");
    this.generation++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Tasks not yet taken (for tests and a future DescribeActivity count). */
  async pending(): Promise<number> {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM tasks WHERE taken_at IS NULL").one().n;
  }

  /** The oldest task still wanted, marked taken before the (asynchronous) check so no other poller gets it. */
  private async take(workerName: string | undefined): Promise<Row | null> {
    const sql = this.ctx.storage.sql;
    for (;;) {
      const [row] = sql.exec<Row>("SELECT token, input FROM tasks WHERE taken_at IS NULL ORDER BY seq LIMIT 1").toArray();
      if (!row) return null;
      sql.exec("UPDATE tasks SET taken_at = ? WHERE token = ?", Date.now(), row.token);
      if (await activitySurroundings.takeTask(this.env, row.token, workerName)) return row;
      sql.exec("DELETE FROM tasks WHERE token = ?", row.token);
    }
  }
}
