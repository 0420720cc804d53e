/**
 * The object's execution in the SQLite-backed key-value API (`ctx.storage.kv`), the layout of objects
 * created from this version on: no table of ours to create (a CREATE TABLE writes two rows, each billed;
 * workerd keeps the key-value pairs in a table of its own, as it keeps the alarm), so an execution's
 * start writes one row. Cloudflare bills each key put as a row written and each key read as a row read
 * (pricing: "Key-value methods like get(), put(), delete(), or list() ... are billed as rows read and
 * rows written"); the meter counts them so, as it counts an alarm set.
 *
 * `execution`: the execution row (identity, state, the history's tail), rewritten by each commit, as the
 * journal's row 0 is. `history:<first id, 12 digits>`: a history chunk, keyed by its first event id so
 * that keys sort as ids do and paging seeks by key.
 *
 * A key and its value may take 2 MB together. Only executions whose definition and input are small take
 * this layout (KV_IDENTITY_CHARS; bigger ones take the journal table, see schema.ts): the identity
 * then takes at most 256 KiB, a state kept in the row at most 1.2 MB (INLINE_STATE_BYTES of UTF-8, two
 * bytes per character at worst as the value is serialised), the tail at most 40 KB.
 */
import { addRows, meter } from "./sql.ts";
import type { Identity } from "./host-state.ts";

/** Definition and input together, in characters, up to which an execution takes this layout. */
export const KV_IDENTITY_CHARS = 128 * 1024;

const EXECUTION = "execution";
const CHUNK = "history:";
const LAST_ID = 999_999_999_999;

/** The execution key's value: the journal's row 0. */
export interface KvExecution extends Identity {
  state: string;
  events: string | null;
}

interface KvChunk {
  last: number;
  events: string;
}

const chunkKey = (first: number): string => CHUNK + String(Math.max(0, Math.min(first, LAST_ID))).padStart(12, "0");

/** The execution as stored in this layout, or undefined (another layout, or none). One key read. */
export function loadExecution(storage: DurableObjectStorage): KvExecution | undefined {
  const row = storage.kv.get<KvExecution>(EXECUTION);
  meter(storage.sql).rowsRead++;
  return row;
}

/** Writes the execution key (inside the commit's transaction). */
export function putExecution(storage: DurableObjectStorage, label: string, row: KvExecution): void {
  storage.kv.put(EXECUTION, row);
  written(storage, label);
}

/** Writes one history chunk (inside the commit's transaction). */
export function putChunk(storage: DurableObjectStorage, first: number, last: number, events: string): void {
  storage.kv.put(chunkKey(first), { last, events } satisfies KvChunk);
  written(storage, "history.insert");
}

/**
 * The chunks' event lists from the one that holds `from` up, or from `from` down, read lazily: the
 * caller stops once its page is full, and only the keys read are counted.
 */
export function* chunksFrom(storage: DurableObjectStorage, from: number, descending: boolean): Generator<string> {
  const kv = storage.kv;
  const m = meter(storage.sql);
  const end = chunkKey(from + 1);
  let start = CHUNK;
  if (!descending) {
    for (const [key] of kv.list({ prefix: CHUNK, end, reverse: true, limit: 1 })) start = key;
    m.rowsRead++;
  }
  const entries = descending ? kv.list<KvChunk>({ prefix: CHUNK, end, reverse: true }) : kv.list<KvChunk>({ prefix: CHUNK, start });
  for (const [, chunk] of entries) {
    m.rowsRead++;
    yield chunk.events;
  }
}

function written(storage: DurableObjectStorage, label: string): void {
  const m = meter(storage.sql);
  m.rowsWritten++;
  addRows(m.byLabel, label, 1);
}
