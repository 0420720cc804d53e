/** D1 access for state machine versions and aliases (migrations/0008): typed rows over plain SQL. */
import type { StateMachineType } from "../../shared/api/types.ts";

export interface VersionRow {
  machine: string;
  version: number;
  revision: number;
  type: StateMachineType;
  definition: string;
  role_arn: string | null;
  description: string | null;
  revision_date: number;
  created_at: number;
}

export interface AliasRow {
  machine: string;
  name: string;
  description: string | null;
  version1: number;
  weight1: number;
  version2: number | null;
  weight2: number | null;
  created_at: number;
  updated_at: number;
}

/** Why a publish made nothing: no such machine, another revision than required, or too many versions. */
export type PublishRefusal = "no-machine" | "revision" | "quota";

/**
 * Publishes the machine's current revision as its next version, in one transaction: the counter
 * goes up and the copy is made only while the revision is `revision` (when given), no version of it
 * exists yet and the machine has fewer than `max` versions. Answers the version made, or the one
 * that already copies the current revision, or why neither.
 */
export async function publishVersion(
  db: D1Database,
  p: { machine: string; revision: number | null; description: string | null; now: number; max: number },
): Promise<{ row: VersionRow; made: boolean } | PublishRefusal> {
  const when = `name = ?1 AND (?2 IS NULL OR revision = ?2)
    AND NOT EXISTS (SELECT 1 FROM state_machine_versions v WHERE v.machine = ?1 AND v.revision = state_machines.revision)
    AND (SELECT count(*) FROM state_machine_versions v WHERE v.machine = ?1) < ?3`;
  const [, inserted] = await db.batch<VersionRow>([
    db.prepare(`UPDATE state_machines SET last_version = last_version + 1 WHERE ${when}`).bind(p.machine, p.revision, p.max),
    db
      .prepare(
        `INSERT INTO state_machine_versions
           (machine, version, revision, type, definition, role_arn, description, revision_date, created_at)
         SELECT name, last_version, revision, type, definition, role_arn, ?4, updated_at, ?5 FROM state_machines
         WHERE name = ?1 AND (?2 IS NULL OR revision = ?2)
           AND NOT EXISTS (SELECT 1 FROM state_machine_versions v WHERE v.machine = ?1 AND v.revision = state_machines.revision)
           AND (SELECT count(*) FROM state_machine_versions v WHERE v.machine = ?1) < ?3
         RETURNING *`,
      )
      .bind(p.machine, p.revision, p.max, p.description, p.now),
  ]);
  if (inserted.results.length) return { row: inserted.results[0], made: true };
  const sm = await db.prepare("SELECT revision FROM state_machines WHERE name = ?").bind(p.machine).first<{ revision: number }>();
  if (!sm) return "no-machine";
  if (p.revision !== null && sm.revision !== p.revision) return "revision";
  const existing = await db
    .prepare("SELECT * FROM state_machine_versions WHERE machine = ? AND revision = ? ORDER BY version DESC LIMIT 1")
    .bind(p.machine, sm.revision)
    .first<VersionRow>();
  return existing ? { row: existing, made: false } : "quota";
}

export function getVersion(db: D1Database, machine: string, version: number): Promise<VersionRow | null> {
  return db.prepare("SELECT * FROM state_machine_versions WHERE machine = ? AND version = ?").bind(machine, version).first<VersionRow>();
}

/** A page of versions, newest first, below `before`; one extra row tells whether there is more. */
export async function listVersions(
  db: D1Database,
  machine: string,
  limit: number,
  before?: number,
): Promise<{ items: Pick<VersionRow, "version" | "created_at">[]; more: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT version, created_at FROM state_machine_versions
       WHERE machine = ?1 AND (?2 IS NULL OR version < ?2) ORDER BY version DESC LIMIT ?3`,
    )
    .bind(machine, before ?? null, limit + 1)
    .all<Pick<VersionRow, "version" | "created_at">>();
  return { items: results.slice(0, limit), more: results.length > limit };
}

/** Deletes a version no alias routes to: "deleted", "absent", or "routed" (an alias uses it; nothing deleted). */
export async function deleteVersion(db: D1Database, machine: string, version: number): Promise<"deleted" | "absent" | "routed"> {
  const res = await db
    .prepare(
      `DELETE FROM state_machine_versions WHERE machine = ?1 AND version = ?2
         AND NOT EXISTS (SELECT 1 FROM state_machine_aliases a WHERE a.machine = ?1 AND (a.version1 = ?2 OR a.version2 = ?2))`,
    )
    .bind(machine, version)
    .run();
  if (res.meta.changes > 0) return "deleted";
  return (await getVersion(db, machine, version)) ? "routed" : "absent";
}

export interface AliasChange {
  description: string | null;
  routes: [number, number][];
  now: number;
}

const routeBinds = (r: [number, number][]) => [r[0][0], r[0][1], r[1]?.[0] ?? null, r[1]?.[1] ?? null];

/** Inserts an alias while the machine has fewer than `max`; null when the name is taken or the quota is reached. */
export async function insertAlias(db: D1Database, machine: string, name: string, a: AliasChange, max: number): Promise<AliasRow | null> {
  return db
    .prepare(
      `INSERT INTO state_machine_aliases (machine, name, description, version1, weight1, version2, weight2, created_at, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8 WHERE (SELECT count(*) FROM state_machine_aliases WHERE machine = ?1) < ?9
       ON CONFLICT DO NOTHING
       RETURNING *`,
    )
    .bind(machine, name, a.description, ...routeBinds(a.routes), a.now, max)
    .first<AliasRow>();
}

export function getAlias(db: D1Database, machine: string, name: string): Promise<AliasRow | null> {
  return db.prepare("SELECT * FROM state_machine_aliases WHERE machine = ? AND name = ?").bind(machine, name).first<AliasRow>();
}

/** Changes what is given (description: undefined keeps it); null when there is no such alias. */
export function updateAlias(
  db: D1Database,
  machine: string,
  name: string,
  a: { description?: string | null; routes?: [number, number][]; now: number },
): Promise<AliasRow | null> {
  const r = a.routes ? routeBinds(a.routes) : [null, null, null, null];
  return db
    .prepare(
      `UPDATE state_machine_aliases SET
         description = CASE WHEN ?3 THEN ?4 ELSE description END,
         version1 = coalesce(?5, version1), weight1 = coalesce(?6, weight1),
         version2 = CASE WHEN ?5 IS NULL THEN version2 ELSE ?7 END,
         weight2 = CASE WHEN ?5 IS NULL THEN weight2 ELSE ?8 END,
         updated_at = ?9
       WHERE machine = ?1 AND name = ?2
       RETURNING *`,
    )
    .bind(machine, name, a.description !== undefined ? 1 : 0, a.description ?? null, ...r, a.now)
    .first<AliasRow>();
}

export async function deleteAlias(db: D1Database, machine: string, name: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM state_machine_aliases WHERE machine = ? AND name = ?").bind(machine, name).run();
  return res.meta.changes > 0;
}

/** A page of a machine's aliases (those routing to `version` only, when given), newest first, after the cursor. */
export async function listAliases(
  db: D1Database,
  machine: string,
  limit: number,
  opts: { version?: number; after?: { created: number; name: string } },
): Promise<{ items: Pick<AliasRow, "name" | "created_at">[]; more: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT name, created_at FROM state_machine_aliases
       WHERE machine = ?1 AND (?2 IS NULL OR version1 = ?2 OR version2 = ?2)
         AND (?3 IS NULL OR created_at < ?3 OR (created_at = ?3 AND name > ?4))
       ORDER BY created_at DESC, name LIMIT ?5`,
    )
    .bind(machine, opts.version ?? null, opts.after?.created ?? null, opts.after?.name ?? null, limit + 1)
    .all<Pick<AliasRow, "name" | "created_at">>();
  return { items: results.slice(0, limit), more: results.length > limit };
}
