import { query } from "./sql.ts";

// Each step runs once per object, in order. Append new steps; never edit one that has
// shipped, since stored objects already ran it.
const STEPS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // One row: the execution. `state` is rewritten on every commit; the rest is written once at start.
  `CREATE TABLE execution (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     definition TEXT NOT NULL,
     revision INTEGER NOT NULL,
     input TEXT NOT NULL,
     state TEXT NOT NULL
   )`,
  // History in chunks: one row per commit (split only when very large), keyed by its first event id
  // (the rowid, so paging seeks without a second index, and every row written is one row billed).
  `CREATE TABLE history (first_id INTEGER PRIMARY KEY, last_id INTEGER NOT NULL, events TEXT NOT NULL)`,
];

/** Brings this object's SQLite schema up to date. Call inside blockConcurrencyWhile. */
export function migrate(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  storage.transactionSync(() => {
    query(sql, "schema.init", "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const [{ version }] = query<{ version: number }>(
      sql,
      "schema.version",
      "SELECT coalesce(max(version), 0) AS version FROM schema_version",
    );
    for (let i = version; i < STEPS.length; i++) {
      query(sql, `schema.step${i + 1}`, STEPS[i]);
      query(sql, "schema.record", "INSERT INTO schema_version (version) VALUES (?)", i + 1);
    }
  });
}
