/**
 * This object's SQLite tables, created by the first commit that needs them, in its transaction:
 * an object that never holds an execution (a describe of an unknown name) writes nothing, and a new
 * one pays only for the one table it uses (a CREATE writes two rows, and each is billed). Executions
 * with a small definition and input use no table of ours at all: see kv-layout.ts.
 *
 * One table, `journal` (for executions with a big definition or input, and in objects from before
 * kv-layout.ts): row 0 is the execution (written once at start, its `state` and the history's
 * tail rewritten by each commit), rows n ≥ 1 are history chunks keyed by their first event id (the
 * rowid: paging seeks without a second index, and every row written is one row billed).
 *
 * Objects created before it have two tables, `execution` (its row: id 1) and `history` (the chunks),
 * and no tail: they open as they are, keep that layout and write it as they always did (their history
 * stays readable by the code that made them). `history` tells them apart: only they have it. Objects
 * older still also have a `schema_version` table (three rows) and `meta`; nothing is dropped.
 *
 * `state_part` comes later still, with the first commit whose state is too big for its row (see
 * state-parts.ts): most executions never need it, and objects from before it have none.
 */
import { query } from "./sql.ts";

/** Which tables hold this object's execution. */
export type Layout = "journal" | "tables";

const JOURNAL = `CREATE TABLE IF NOT EXISTS journal (
  id INTEGER PRIMARY KEY,
  definition TEXT, revision INTEGER, input TEXT, state TEXT,
  last_id INTEGER, events TEXT
)`;

/** A state too big for the execution row, in parts by `seq` (the rowid: one row written per part). */
const STATE_PART = `CREATE TABLE IF NOT EXISTS state_part (seq INTEGER PRIMARY KEY, bytes BLOB NOT NULL)`;

/** Creates the execution's table. Call inside the transaction that first writes it. */
export function createTables(sql: SqlStorage): void {
  query(sql, "schema.create", JOURNAL);
}

/** Creates the table of a split state if it is missing. Call inside the transaction that first writes it. */
export function createStatePartTable(sql: SqlStorage): void {
  query(sql, "schema.create", STATE_PART);
}

/** Where this object's execution is stored, null when it never stored one: a read, never a write. */
export function layoutOf(sql: SqlStorage): Layout | null {
  const names = query<{ name: string }>(
    sql,
    "schema.exists",
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('journal', 'history')",
  ).map((r) => r.name);
  return names.includes("journal") ? "journal" : names.includes("history") ? "tables" : null;
}

export function hasTable(sql: SqlStorage, name: string): boolean {
  return query(sql, "schema.exists", "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", name).length > 0;
}
