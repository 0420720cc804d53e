/**
 * This object's SQLite tables, created by the first commit that needs them, in its transaction:
 * an object that never holds an execution (a describe of an unknown name) writes nothing, and a new
 * one pays only for the two tables it uses (each CREATE is a row written, and billed).
 *
 * Objects created before this file had a `schema_version` table (three rows) and `meta`; their
 * `execution` and `history` tables have exactly the shape below, so they open as they are and nothing
 * is dropped. A future change of shape must tell the two apart by the table's columns (or by
 * `schema_version`, which only those older objects have), not by a version row every object writes.
 *
 * `state_part` comes later still, with the first commit whose state is too big for its row (see
 * state-parts.ts): most executions never need it, and objects from before it have none.
 */
import { query } from "./sql.ts";

const TABLES = [
  // One row: the execution. `state` is rewritten on every commit; the rest is written once at start.
  `CREATE TABLE IF NOT EXISTS execution (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     definition TEXT NOT NULL,
     revision INTEGER NOT NULL,
     input TEXT NOT NULL,
     state TEXT NOT NULL
   )`,
  // History in chunks: one row per commit (split only when very large), keyed by its first event id
  // (the rowid, so paging seeks without a second index, and every row written is one row billed).
  `CREATE TABLE IF NOT EXISTS history (first_id INTEGER PRIMARY KEY, last_id INTEGER NOT NULL, events TEXT NOT NULL)`,
];

/** A state too big for the execution row, in parts by `seq` (the rowid: one row written per part). */
const STATE_PART = `CREATE TABLE IF NOT EXISTS state_part (seq INTEGER PRIMARY KEY, bytes BLOB NOT NULL)`;

/** Creates the execution's tables if they are missing. Call inside the transaction that first writes them. */
export function createTables(sql: SqlStorage): void {
  for (const t of TABLES) query(sql, "schema.create", t);
}

/** Creates the table of a split state if it is missing. Call inside the transaction that first writes it. */
export function createStatePartTable(sql: SqlStorage): void {
  query(sql, "schema.create", STATE_PART);
}

/** Whether this object has ever stored an execution (its table exists): a read, never a write. */
export function hasTables(sql: SqlStorage): boolean {
  return hasTable(sql, "execution");
}

export function hasTable(sql: SqlStorage, name: string): boolean {
  return query(sql, "schema.exists", "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", name).length > 0;
}
