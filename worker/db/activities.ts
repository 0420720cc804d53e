/** D1 access for activities: the listing (name, ARN, creation date). */
import type { ActivityDescription } from "../activities/types.ts";

interface Row {
  name: string;
  arn: string;
  created_at: number;
}

const describe = (r: Row): ActivityDescription => ({
  activityArn: r.arn,
  name: r.name,
  creationDate: new Date(r.created_at).toISOString(),
});

/** Inserts an activity; null when the name is taken. */
export async function insertActivity(db: D1Database, name: string, arn: string, now: number): Promise<ActivityDescription | null> {
  const row = await db
    .prepare("INSERT INTO activities (name, arn, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING RETURNING *")
    .bind(name, arn, now)
    .first<Row>();
  return row ? describe(row) : null;
}

export async function getActivity(db: D1Database, name: string): Promise<ActivityDescription | null> {
  const row = await db.prepare("SELECT * FROM activities WHERE name = ?").bind(name).first<Row>();
  return row ? describe(row) : null;
}

/** By name, from `after` (exclusive); one more than asked, so the caller knows whether a page follows. */
export async function listActivities(db: D1Database, limit: number, after?: string): Promise<ActivityDescription[]> {
  const q =
    after === undefined
      ? db.prepare("SELECT * FROM activities ORDER BY name LIMIT ?").bind(limit + 1)
      : db.prepare("SELECT * FROM activities WHERE name > ? ORDER BY name LIMIT ?").bind(after, limit + 1);
  const { results } = await q.all<Row>();
  return results.map(describe);
}

/** True when a row was deleted. */
export async function deleteActivity(db: D1Database, name: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM activities WHERE name = ?").bind(name).run();
  return r.meta.changes > 0;
}
