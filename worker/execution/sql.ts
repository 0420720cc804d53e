/** Runs one named query; a failure names the query, so a broken statement is easy to find. */
export function query<T extends Record<string, SqlStorageValue>>(
  sql: SqlStorage,
  name: string,
  statement: string,
  ...bindings: unknown[]
): T[] {
  try {
    return sql.exec<T>(statement, ...bindings).toArray();
  } catch (err) {
    throw new Error(`SQL ${name} failed: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}
