/**
 * The object's SQLite storage: the execution row and history chunks (and, for a state too big for
 * its row, the state's parts: see state-parts.ts), in the key-value API (kv-layout.ts: objects from
 * this version on) or in tables (schema.ts: older objects, and executions with a big definition or
 * input). Every write goes through one `transactionSync`, so state, its new events and its timers
 * (part of the state) land together.
 *
 * A commit's new events go to the history's tail, kept in the execution row beside the state, so
 * a commit writes that one row; once the tail would grow past TAIL_CHARS, it and the new events go
 * to history chunks (rows of their own) in that commit. Objects of the older two-table layout write
 * one history chunk per commit, as before (see schema.ts).
 */
import type { HistoryEvent } from "../../shared/asl/index.ts";
import { chunksFrom, KV_IDENTITY_CHARS, loadExecution, putChunk, putExecution } from "./kv-layout.ts";
import { createTables, layoutOf, type Layout as TableLayout } from "./schema.ts";
import { addRows, meter, query, tally } from "./sql.ts";
import type { HostState, Identity } from "./host-state.ts";
import { dropParts, isSplit, oversize, readParts, writeParts, type SplitMarker } from "./state-parts.ts";

/** Keep a history row well under the 2 MB a SQLite row may hold; a bigger commit takes more rows. */
const CHUNK_CHARS = 1_000_000;

/**
 * Largest tail in the execution row, in characters (≤ 3 bytes of UTF-8 each): with a 1 MiB definition,
 * a 256 KiB input and a state of INLINE_STATE_BYTES, the row stays under 2 MB.
 */
export const TAIL_CHARS = 20_000;

/** Where this object's execution is: the key-value API, or one of the table layouts. */
type Layout = "kv" | TableLayout;

export interface Loaded extends Identity {
  state: HostState;
}

/** The statements of each layout: the execution row, the chunks (keyed by their first event id). */
const SQL = {
  journal: {
    load: "SELECT definition, revision, input, state, events FROM journal WHERE id = 0",
    insert: "INSERT INTO journal (id, definition, revision, input, state, events) VALUES (0, ?, ?, ?, ?, ?)",
    update: "UPDATE journal SET state = ?, events = ? WHERE id = 0",
    chunk: "INSERT INTO journal (id, last_id, events) VALUES (?, ?, ?)",
    down: "SELECT events FROM journal WHERE id <= ? AND id > 0 ORDER BY id DESC",
    up: "SELECT events FROM journal WHERE id >= (SELECT coalesce(max(id), 1) FROM journal WHERE id <= ? AND id > 0) ORDER BY id",
  },
  tables: {
    load: "SELECT definition, revision, input, state, NULL AS events FROM execution WHERE id = 1",
    update: "UPDATE execution SET state = ? WHERE id = 1",
    chunk: "INSERT INTO history (first_id, last_id, events) VALUES (?, ?, ?)",
    down: "SELECT events FROM history WHERE first_id <= ? ORDER BY first_id DESC",
    up:
      "SELECT events FROM history WHERE first_id >= " +
      "(SELECT coalesce(max(first_id), 0) FROM history WHERE first_id <= ?) ORDER BY first_id",
  },
} as const;

export class Store {
  private readonly storage: DurableObjectStorage;
  private layout: Layout = "kv";
  /** The execution's identity, which the kv layout writes with each commit. */
  private identity: Identity | undefined;
  /** How many parts the stored state takes (0: in its row); undefined until loaded or created. */
  private parts: number | undefined;
  /** The history's tail as stored: each event's id and JSON (journal layout only). */
  private tail: Stringified[] = [];
  private tailChars = 0;

  constructor(storage: DurableObjectStorage) {
    this.storage = storage;
  }

  load(): Loaded | null {
    const sql = this.storage.sql;
    this.parts = undefined;
    this.setTail([]);
    const row = loadExecution(this.storage) ?? this.loadTables();
    if (!row) return null;
    const { definition, revision, input, state, events } = row;
    this.identity = { definition, revision, input };
    if (events) this.setTail(stringified(JSON.parse(events) as HistoryEvent[]));
    const stored = JSON.parse(state) as HostState | SplitMarker;
    this.parts = isSplit(stored) ? stored.parts : 0;
    if (!isSplit(stored)) return { definition, revision, input, state: stored };
    const whole = JSON.parse(readParts(sql, stored.parts)) as HostState;
    return { definition, revision, input, state: { ...whole, stats: stored.stats } };
  }

  /** The execution row of a table layout (and which layout), or undefined when there is none. */
  private loadTables(): { definition: string; revision: number; input: string; state: string; events: string | null } | undefined {
    const sql = this.storage.sql;
    const layout = layoutOf(sql);
    if (!layout) return undefined;
    this.layout = layout;
    type Row = { definition: string; revision: number; input: string; state: string; events: string | null };
    return query<Row>(sql, "execution.load", SQL[layout].load)[0];
  }

  /**
   * The first commit: the execution row itself, with its events. In the key-value API when the definition
   * and input are small (no table to create: see kv-layout.ts), else in the journal table, which comes
   * with this commit, in the same synchronous turn, so it lands with it (see schema.ts).
   */
  create(id: Identity, state: HostState, events: HistoryEvent[]): void {
    this.layout = id.definition.length + id.input.length <= KV_IDENTITY_CHARS ? "kv" : "journal";
    this.identity = { definition: id.definition, revision: id.revision, input: id.input };
    this.parts = 0;
    this.setTail([]);
    if (this.layout === "journal") createTables(this.storage.sql);
    this.write(state, events, "execution.insert", (text, tail) =>
      this.layout === "kv"
        ? putExecution(this.storage, "execution.insert", { ...this.identity!, state: text, events: tail })
        : query(this.storage.sql, "execution.insert", SQL.journal.insert, id.definition, id.revision, id.input, text, tail),
    );
  }

  /** State and the events made since the last commit, in one transaction. */
  commit(state: HostState, events: HistoryEvent[]): void {
    const sql = this.storage.sql;
    this.write(state, events, "execution.update", (text, tail) => {
      if (this.layout === "kv") putExecution(this.storage, "execution.update", { ...this.identity!, state: text, events: tail });
      else if (this.layout === "journal") query(sql, "execution.update", SQL.journal.update, text, tail);
      else query(sql, "execution.update", SQL.tables.update, text);
    });
  }

  private write(state: HostState, events: HistoryEvent[], label: string, saveState: (text: string, tail: string | null) => void): void {
    const sql = this.storage.sql;
    const texts = stringified(events);
    const added = size(texts);
    // The tail takes the new events while it stays small; else it and they go to chunks (older layout: always).
    const toTail = this.layout !== "tables" && this.tailChars + added <= TAIL_CHARS;
    const tail = toTail ? [...this.tail, ...texts] : [];
    const chunks = toTail ? [] : chunk([...this.tail, ...texts]);
    state.stats.commits++;
    let parts = this.parts;
    this.storage.transactionSync(() => {
      for (const c of chunks) {
        if (this.layout === "kv") putChunk(this.storage, c.first, c.last, c.text);
        else query(sql, "history.insert", SQL[this.layout].chunk, c.first, c.last, c.text);
      }
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
      saveState(text, tail.length ? `[${tail.map((e) => e.text).join(",")}]` : null);
    });
    // Only once the transaction has landed: a failed one leaves what was stored before.
    this.parts = parts;
    if (this.layout !== "tables") this.setTail(tail);
  }

  private setTail(tail: Stringified[]): void {
    this.tail = tail;
    this.tailChars = size(tail);
  }

  /** Events from id `from` up (or down), read lazily chunk by chunk: the caller stops when its page is full. */
  *events(from: number, descending: boolean): Generator<HistoryEvent> {
    const sql = this.storage.sql;
    // The tail as committed now: the newest events, after every chunk's.
    const tail = this.tail.map((t) => JSON.parse(t.text) as HistoryEvent);
    if (descending) yield* pick(tail, from, true);
    if (this.layout === "kv") {
      for (const events of chunksFrom(this.storage, from, descending)) yield* pick(JSON.parse(events) as HistoryEvent[], from, descending);
      if (!descending) yield* pick(tail, from, false);
      return;
    }
    // The chunk that holds `from`, then the ones after (or before) it, walking the rowid.
    const cursor = sql.exec<{ events: string }>(SQL[this.layout][descending ? "down" : "up"], from);
    try {
      for (const row of cursor) yield* pick(JSON.parse(row.events) as HistoryEvent[], from, descending);
    } finally {
      // Reads are billed too (rows the cursor stepped over): counted even when the page stops early.
      tally(sql, cursor);
    }
    if (!descending) yield* pick(tail, from, false);
  }
}

function* pick(list: HistoryEvent[], from: number, descending: boolean): Generator<HistoryEvent> {
  if (descending) {
    for (let i = list.length - 1; i >= 0; i--) if (list[i].id <= from) yield list[i];
  } else {
    for (const ev of list) if (ev.id >= from) yield ev;
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

interface Stringified {
  id: number;
  text: string;
}

const stringified = (events: HistoryEvent[]): Stringified[] => events.map((e) => ({ id: e.id, text: JSON.stringify(e) }));
const size = (list: Stringified[]): number => list.reduce((n, e) => n + e.text.length + 1, 0);

/** Events in rows of at most CHUNK_CHARS, each keyed by its first event's id. */
function chunk(events: Stringified[]): { first: number; last: number; text: string }[] {
  const out: { first: number; last: number; text: string }[] = [];
  let parts: string[] = [];
  let chars = 0;
  let first = 0;
  for (let i = 0; i < events.length; i++) {
    const { id, text } = events[i];
    if (parts.length && chars + text.length > CHUNK_CHARS) {
      out.push({ first, last: events[i - 1].id, text: `[${parts.join(",")}]` });
      parts = [];
      chars = 0;
    }
    if (!parts.length) first = id;
    parts.push(text);
    chars += text.length + 1;
  }
  if (parts.length) out.push({ first, last: events[events.length - 1].id, text: `[${parts.join(",")}]` });
  return out;
}
