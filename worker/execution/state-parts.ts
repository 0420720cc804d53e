/**
 * An execution's state too big for its row. A SQLite row (and a string or BLOB) holds at most 2 MB
 * on Cloudflare, and the execution row also holds the definition (up to 1 MiB) and the input (up to
 * 256 KiB); an inline Map or a Parallel with many large results in flight outgrows that. Such a
 * state is stored as its UTF-8 bytes cut into `state_part` rows (cut by bytes, not characters: a part's
 * size is then exact whatever the text, and a cut through a character is mended when the bytes are
 * joined again), and the execution row holds a marker: the part count and the stats.
 *
 * The stats ride in the marker because they count the rows a commit writes, the parts among them:
 * the parts are written first, then the marker with the count. The stats inside the parts are stale.
 */
import { createStatePartTable, hasTable } from "./schema.ts";
import { query } from "./sql.ts";
import type { Stats } from "./host-state.ts";

/** Largest state kept in the execution row, in UTF-8 bytes: with a 1 MiB definition and a 256 KiB input, under 2 MB. */
export const INLINE_STATE_BYTES = 600_000;
/** Largest part of a bigger state, in bytes: one row well under 2 MB, as a history chunk (CHUNK_CHARS). */
export const STATE_PART_BYTES = 1_000_000;

/** What the execution row's `state` holds instead of the state when it is split. */
export interface SplitMarker {
  parts: number;
  stats: Stats;
}

export function isSplit(stored: object): stored is SplitMarker {
  return "parts" in stored;
}

/** The state's UTF-8 bytes when they are too many for the execution row; undefined when the text fits (the common case). */
export function oversize(text: string): Uint8Array | undefined {
  // Cheap first: a UTF-16 unit takes at most 3 bytes of UTF-8.
  if (text.length * 3 <= INLINE_STATE_BYTES) return undefined;
  const bytes = new TextEncoder().encode(text);
  return bytes.length > INLINE_STATE_BYTES ? bytes : undefined;
}

/**
 * Stores `bytes` as parts 0..n-1 over the `had` parts stored before (undefined: not known) and
 * returns n. Call inside the commit's transaction: the parts and the marker land together.
 */
export function writeParts(sql: SqlStorage, bytes: Uint8Array, had: number | undefined): number {
  const n = Math.ceil(bytes.length / STATE_PART_BYTES);
  // The table comes with the first split state (objects from before it have none): see schema.ts.
  if (!had) createStatePartTable(sql);
  for (let i = 0; i < n; i++) {
    const part = bytes.slice(i * STATE_PART_BYTES, (i + 1) * STATE_PART_BYTES).buffer;
    query(
      sql,
      "state_part.put",
      "INSERT INTO state_part (seq, bytes) VALUES (?, ?) ON CONFLICT (seq) DO UPDATE SET bytes = excluded.bytes",
      i,
      part,
    );
  }
  // Parts of a bigger state before: gone in the same transaction.
  if (had === undefined || had > n) query(sql, "state_part.trim", "DELETE FROM state_part WHERE seq >= ?", n);
  return n;
}

/** Deletes the parts of a state that fits its row again; whether there were any to delete (rows written). */
export function dropParts(sql: SqlStorage, had: number | undefined): boolean {
  if (had === 0 || (had === undefined && !hasTable(sql, "state_part"))) return false;
  query(sql, "state_part.drop", "DELETE FROM state_part");
  return true;
}

/** The state's text, joined from its `n` parts. */
export function readParts(sql: SqlStorage, n: number): string {
  const rows = query<{ bytes: ArrayBuffer }>(sql, "state_part.load", "SELECT bytes FROM state_part WHERE seq < ? ORDER BY seq", n);
  if (rows.length !== n) throw new Error(`The execution's state has ${rows.length} of its ${n} parts`);
  const all = new Uint8Array(rows.reduce((sum, r) => sum + r.bytes.byteLength, 0));
  let at = 0;
  for (const r of rows) {
    all.set(new Uint8Array(r.bytes), at);
    at += r.bytes.byteLength;
  }
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(all);
}
