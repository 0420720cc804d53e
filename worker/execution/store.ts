/**
 * The object's SQLite storage: one execution row and history chunks (and, for a state too big for
 * its row, the state's parts: see state-parts.ts). Every write goes through one `transactionSync`,
 * so state, its new events and its timers (part of the state) land together.
 */
import type { HistoryEvent } from "../../shared/asl/index.ts";
import { createTables, hasTables } from "./schema.ts";
import { addRows, meter, query, tally } from "./sql.ts";
import type { HostState, Identity } from "./host-state.ts";
import { dropParts, isSplit, oversize, readParts, writeParts, type SplitMarker } from "./state-parts.ts";

/** Keep a history row well under the 2 MB a SQLite row may hold; a bigger commit takes more rows. */
const CHUNK_CHARS = 1_000_000;

export interface Loaded extends Identity {
  state: HostState;
}

export class Store {
  private readonly storage: DurableObjectStorage;
  /** How many parts the stored state takes (0: in its row); undefined until loaded or created. */
  private parts: number | undefined;

  constructor(storage: DurableObjectStorage) {
    this.storage = storage;
  }

  load(): Loaded | null {
    const sql = this.storage.sql;
    this.parts = undefined;
    if (!hasTables(sql)) return null;
    const rows = query<{ definition: string; revision: number; input: string; state: string }>(
      sql,
      "execution.load",
      "SELECT definition, revision, input, state FROM execution WHERE id = 1",
    );
    if (!rows.length) return null;
    const { definition, revision, input, state } = rows[0];
    const stored = JSON.parse(state) as HostState | SplitMarker;
    this.parts = isSplit(stored) ? stored.parts : 0;
    if (!isSplit(stored)) return { definition, revision, input, state: stored };
    const whole = JSON.parse(readParts(sql, stored.parts)) as HostState;
    return { definition, revision, input, state: { ...whole, stats: stored.stats } };
  }

  /** The first commit: the execution row itself, then its events. */
  create(id: Identity, state: HostState, events: HistoryEvent[]): void {
    // The tables come with the first commit, in the same synchronous turn, so they land with it: see schema.ts.
    createTables(this.storage.sql);
    this.parts = 0;
    this.write(state, events, "execution.insert", (text) =>
      query(
        this.storage.sql,
        "execution.insert",
        "INSERT INTO execution (id, definition, revision, input, state) VALUES (1, ?, ?, ?, ?)",
        id.definition,
        id.revision,
        id.input,
        text,
      ),
    );
  }

  /** State and the events made since the last commit, in one transaction. */
  commit(state: HostState, events: HistoryEvent[]): void {
    this.write(state, events, "execution.update", (text) =>
      query(this.storage.sql, "execution.update", "UPDATE execution SET state = ? WHERE id = 1", text),
    );
  }

  private write(state: HostState, events: HistoryEvent[], label: string, saveState: (text: string) => void): void {
    const sql = this.storage.sql;
    const chunks = chunk(events);
    state.stats.commits++;
    let parts = this.parts;
    this.storage.transactionSync(() => {
      for (const c of chunks)
        query(sql, "history.insert", "INSERT INTO history (first_id, last_id, events) VALUES (?, ?, ?)", c.first, c.last, c.text);
      countRows(sql, state, label);
      let text = JSON.stringify(state);
      const bytes = oversize(text);
      if (bytes) {
        // Too big for its row: the parts, then the marker in the row, with stats that count the parts.
        parts = writeParts(sql, bytes, parts);
        countRows(sql, state, label);
        text = JSON.stringify({ parts, stats: state.stats } satisfies SplitMarker);
      } else {
        if (dropParts(sql, parts)) {
          // Back in its row: the parts deleted are counted (a state shrinks once; this costs one stringify more).
          countRows(sql, state, label);
          text = JSON.stringify(state);
        }
        parts = 0;
      }
      saveState(text);
    });
    // Only once the transaction has landed: a failed one leaves what was stored before.
    this.parts = parts;
  }

  /** Events from id `from` up (or down), read lazily chunk by chunk: the caller stops when its page is full. */
  *events(from: number, descending: boolean): Generator<HistoryEvent> {
    const sql = this.storage.sql;
    // The chunk that holds `from`, then the ones after (or before) it, walking the rowid.
    const cursor = descending
      ? sql.exec<{ events: string }>("SELECT events FROM history WHERE first_id <= ? ORDER BY first_id DESC", from)
      : sql.exec<{ events: string }>(
          "SELECT events FROM history WHERE first_id >= " +
            "(SELECT coalesce(max(first_id), 0) FROM history WHERE first_id <= ?) ORDER BY first_id",
          from,
        );
    try {
      yield* this.decode(cursor, from, descending);
    } finally {
      // Reads are billed too (rows the cursor stepped over): counted even when the page stops early.
      tally(sql, cursor);
    }
  }

  private *decode(cursor: Iterable<{ events: string }>, from: number, descending: boolean): Generator<HistoryEvent> {
    for (const row of cursor) {
      const list = JSON.parse(row.events) as HistoryEvent[];
      if (descending) {
        for (let i = list.length - 1; i >= 0; i--) if (list[i].id <= from) yield list[i];
      } else {
        for (const ev of list) if (ev.id >= from) yield ev;
      }
    }
  }
}

/**
 * Folds everything metered so far (alarms, reads, this commit's rows) into the stats, plus one row for
 * the execution row itself: the count must be in the row before the row is written. The cursor's own
 * figure for that row lands on the -1: anything but one row is left for the next commit. Called again
 * after more writes in the same commit, it adds just those.
 */
function countRows(sql: SqlStorage, state: HostState, label: string): void {
  const m = meter(sql);
  const stats = state.stats;
  stats.rowsWritten += m.rowsWritten + 1;
  stats.rowsRead = (stats.rowsRead ?? 0) + m.rowsRead;
  const by = (stats.rowsByLabel ??= {});
  for (const l in m.byLabel) addRows(by, l, m.byLabel[l]);
  addRows(by, label, 1);
  m.rowsWritten = -1;
  m.rowsRead = 0;
  m.byLabel = { [label]: -1 };
}

function chunk(events: HistoryEvent[]): { first: number; last: number; text: string }[] {
  const out: { first: number; last: number; text: string }[] = [];
  let parts: string[] = [];
  let size = 0;
  let first = 0;
  for (let i = 0; i < events.length; i++) {
    const state = JSON.stringify(events[i]);
    if (parts.length && size + state.length > CHUNK_CHARS) {
      out.push({ first, last: events[i - 1].id, text: `[${parts.join(",")}]` });
      parts = [];
      size = 0;
    }
    if (!parts.length) first = events[i].id;
    parts.push(state);
    size += state.length + 1;
  }
  if (parts.length) out.push({ first, last: events[events.length - 1].id, text: `[${parts.join(",")}]` });
  return out;
}
