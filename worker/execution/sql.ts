/**
 * Runs one named query; a failure names the query, so a broken statement is easy to find. Every
 * statement's rows read and written (what Cloudflare bills, as the cursor reports them) add up in
 * its storage's meter, from which the object folds them into its stored stats.
 */
export interface Meter {
  rowsWritten: number;
  rowsRead: number;
  /** Rows written by statement label (and `alarm.set`, `alarm.delete`): where rowsWritten went. */
  byLabel: Record<string, number>;
}

const meters = new WeakMap<SqlStorage, Meter>();

/** Rows this storage read and wrote that no commit has counted yet. */
export function meter(sql: SqlStorage): Meter {
  let m = meters.get(sql);
  if (!m) meters.set(sql, (m = { rowsWritten: 0, rowsRead: 0, byLabel: {} }));
  return m;
}

export function query<T extends Record<string, SqlStorageValue>>(
  sql: SqlStorage,
  name: string,
  statement: string,
  ...bindings: unknown[]
): T[] {
  try {
    const cursor = sql.exec<T>(statement, ...bindings);
    const rows = cursor.toArray();
    tally(sql, cursor, name);
    return rows;
  } catch (err) {
    throw new Error(`SQL ${name} failed: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

/** Adds a (fully read or abandoned) cursor's counts to its storage's meter. */
export function tally(sql: SqlStorage, cursor: SqlStorageCursor<Record<string, SqlStorageValue>>, label?: string): void {
  const m = meter(sql);
  m.rowsWritten += cursor.rowsWritten;
  m.rowsRead += cursor.rowsRead;
  if (label && cursor.rowsWritten) addRows(m.byLabel, label, cursor.rowsWritten);
}

/** Counts `n` rows written under `label` (an alarm set or deleted is metered this way, as no statement reports it). */
export function addRows(byLabel: Record<string, number>, label: string, n: number): void {
  byLabel[label] = (byLabel[label] ?? 0) + n;
  if (byLabel[label] === 0) delete byLabel[label];
}
