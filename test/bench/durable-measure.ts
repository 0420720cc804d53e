/**
 * For test/bench/durable.ts: what the object's stats() returns, and the D1 rows an execution reads,
 * measured by replaying its statements on the same database (the worker does not report rows read).
 */
import { build } from "esbuild";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";

/** ExecutionObject.stats() (worker/execution/object.ts, state.ts). */
export interface Stats {
  rowsWritten: number;
  commits: number;
  d1Writes: number;
  d1Failures: number;
  requests: number;
  alarms: number;
  dispatches: number;
  transitions: number;
  events: number;
}

// worker/execution/listing.ts's upsert, as it is written there (it is not exported).
const UPSERT = `INSERT INTO executions (arn, state_machine_arn, name, status, start_date, stop_date)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (arn) DO UPDATE SET status = excluded.status, stop_date = excluded.stop_date
  WHERE executions.status = 'RUNNING'`;

/**
 * Rows read by StartExecution's state machine lookup (worker/db/state-machines.ts getStateMachine) and
 * by the two listing writes (RUNNING, then SUCCEEDED) on a scratch row, removed afterwards.
 */
export async function d1ReadsPerExecution(mf: Miniflare, machine: string): Promise<{ start: number; listing: number }> {
  const db = await mf.getD1Database("DB");
  const start = await db.prepare("SELECT * FROM state_machines WHERE name = ?").bind(machine).run();
  const arn = "arn:aws:states:us-east-1:123456789012:execution:bench:scratch";
  const row = (status: string, stop: number | null) => [arn, "arn:aws:states:us-east-1:123456789012:stateMachine:bench", "scratch", status, 1, stop];
  const running = await db.prepare(UPSERT).bind(...row("RUNNING", null)).run();
  const done = await db.prepare(UPSERT).bind(...row("SUCCEEDED", 2)).run();
  await db.prepare("DELETE FROM executions WHERE arn = ?").bind(arn).run();
  return { start: start.meta.rows_read, listing: running.meta.rows_read + done.meta.rows_read };
}

/**
 * Rows the object's schema setup (worker/execution/schema.ts `migrate`, run once per object, so once
 * per execution) reads and writes, as workerd counts them (cursor.rowsRead/rowsWritten, what Cloudflare
 * bills): stats() does not include it. Measured by running that same function in a probe object.
 */
export async function schemaRows(root: string): Promise<{ rowsRead: number; rowsWritten: number }> {
  const probe = `
    import { DurableObject } from "cloudflare:workers";
    import { migrate } from "./worker/execution/schema.ts";
    export class Probe extends DurableObject {
      async measure() {
        const real = this.ctx.storage.sql;
        const cursors = [];
        const sql = { exec: (...a) => { const c = real.exec(...a); cursors.push(c); return c; } };
        migrate({ sql, transactionSync: (f) => this.ctx.storage.transactionSync(f) });
        return cursors.reduce((s, c) => ({ rowsRead: s.rowsRead + c.rowsRead, rowsWritten: s.rowsWritten + c.rowsWritten }), { rowsRead: 0, rowsWritten: 0 });
      }
    }
    export default { fetch: () => new Response(null, { status: 404 }) };`;
  const out = await build({ stdin: { contents: probe, resolveDir: root, loader: "js" }, bundle: true, format: "esm", platform: "neutral", external: ["cloudflare:*"], write: false, logLevel: "error" });
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      workers: [{ name: "probe", modules: [{ type: "ESModule", path: "probe.js", contents: out.outputFiles[0].text }], compatibilityDate: "2026-11-01", durableObjects: { P: { className: "Probe", useSQLite: true } } }],
    }),
  );
  try {
    const ns = await mf.getDurableObjectNamespace("P");
    const r = await (ns.get(ns.idFromName("probe")) as unknown as { measure(): Promise<{ rowsRead: number; rowsWritten: number }> }).measure();
    return { rowsRead: r.rowsRead, rowsWritten: r.rowsWritten };
  } finally {
    await mf.dispose();
  }
}
