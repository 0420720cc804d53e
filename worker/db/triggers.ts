/**
 * D1 access for HTTP triggers (migrations/0005_triggers.sql): one route per EXPRESS state machine.
 * `shape` is the path with its parameter names blanked (/orders/:id -> /orders/:), so that two
 * triggers matching the same requests are found before the second is stored.
 */

export type TriggerAuth = "none" | "token";
export const TRIGGER_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type TriggerMethod = (typeof TRIGGER_METHODS)[number];

export interface Trigger {
  stateMachine: string;
  method: TriggerMethod;
  /** relative to /run, e.g. `/orders/:id` */
  path: string;
  auth: TriggerAuth;
}

interface Row {
  state_machine: string;
  method: TriggerMethod;
  path: string;
  shape: string;
  auth: TriggerAuth;
}

const fromRow = (r: Row): Trigger => ({ stateMachine: r.state_machine, method: r.method, path: r.path, auth: r.auth });

const shapeOf = (path: string): string =>
  path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? ":" : segment))
    .join("/");

/** Another machine's trigger that serves the same requests as `t` would, if any. */
export async function clashingTrigger(db: D1Database, t: Trigger): Promise<Trigger | null> {
  const row = await db
    .prepare("SELECT * FROM triggers WHERE method = ?1 AND shape = ?2 AND state_machine != ?3")
    .bind(t.method, shapeOf(t.path), t.stateMachine)
    .first<Row>();
  return row ? fromRow(row) : null;
}

/** Stores (or replaces) a machine's trigger. */
export async function putTrigger(db: D1Database, t: Trigger, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO triggers (state_machine, method, path, shape, auth, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (state_machine) DO UPDATE SET method = ?2, path = ?3, shape = ?4, auth = ?5`,
    )
    .bind(t.stateMachine, t.method, t.path, shapeOf(t.path), t.auth, now)
    .run();
}

export async function getTrigger(db: D1Database, stateMachine: string): Promise<Trigger | null> {
  const row = await db.prepare("SELECT * FROM triggers WHERE state_machine = ?1").bind(stateMachine).first<Row>();
  return row ? fromRow(row) : null;
}

export async function deleteTrigger(db: D1Database, stateMachine: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM triggers WHERE state_machine = ?1").bind(stateMachine).run();
  return (r.meta.changes ?? 0) > 0;
}

/** Every trigger of one HTTP method. */
export async function triggersOf(db: D1Database, method: string): Promise<Trigger[]> {
  const { results } = await db.prepare("SELECT * FROM triggers WHERE method = ?1").bind(method.toUpperCase()).all<Row>();
  return results.map(fromRow);
}
