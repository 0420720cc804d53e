/** D1 access for tags: one row per (resource ARN, key). */
import type { Tag } from "../../shared/api/types.ts";

// Tags travel into SQL as one JSON object {key: value} (or an array of keys), read with json_each.
const UPSERT_FROM_JSON = `INSERT INTO tags (resource_arn, key, value)
  SELECT ?1, j.key, j.value FROM json_each(?2) AS j WHERE true
  ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`;

const asObject = (tags: Tag[]): string => JSON.stringify(Object.fromEntries(tags.map((t) => [t.key, t.value])));

/** A resource's tags, by key. */
export async function listTags(db: D1Database, arn: string): Promise<Tag[]> {
  const { results } = await db
    .prepare("SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY key")
    .bind(arn)
    .all<{ key: string; value: string }>();
  return results.map((r) => ({ key: r.key, value: r.value }));
}

/**
 * Adds tags (an existing key takes the new value) unless the resource would then have more than
 * `max`: false, and nothing written. One statement, so two requests at once cannot pass the limit.
 */
export async function addTags(db: D1Database, arn: string, tags: Tag[], max: number): Promise<boolean> {
  if (tags.length === 0) return true;
  const r = await db
    .prepare(
      `INSERT INTO tags (resource_arn, key, value)
       SELECT ?1, j.key, j.value FROM json_each(?2) AS j
       WHERE (SELECT COUNT(*) FROM tags AS t WHERE t.resource_arn = ?1 AND t.key NOT IN (SELECT n.key FROM json_each(?2) AS n))
             + (SELECT COUNT(*) FROM json_each(?2)) <= ?3
       ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
    )
    .bind(arn, asObject(tags), max)
    .run();
  return r.meta.changes > 0;
}

/** The resource's tags become exactly these (a new resource: rows left by an earlier one of its ARN go). */
export async function replaceTags(db: D1Database, arn: string, tags: Tag[]): Promise<void> {
  const clear = db.prepare("DELETE FROM tags WHERE resource_arn = ?").bind(arn);
  await db.batch(tags.length === 0 ? [clear] : [clear, db.prepare(UPSERT_FROM_JSON).bind(arn, asObject(tags))]);
}

/** Removes these keys (absent ones are ignored). */
export async function removeTags(db: D1Database, arn: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .prepare("DELETE FROM tags WHERE resource_arn = ?1 AND key IN (SELECT value FROM json_each(?2))")
    .bind(arn, JSON.stringify(keys))
    .run();
}

/** Every tag of the resource (it was deleted). */
export async function deleteTags(db: D1Database, arn: string): Promise<void> {
  await db.prepare("DELETE FROM tags WHERE resource_arn = ?").bind(arn).run();
}
