/**
 * Group commit of Express records within an isolate. A record that ends while no write is pending makes
 * its request (its waitUntil) the writer: it waits GROUP_WINDOW_MS, then writes every record that ended
 * meanwhile in one D1 batch, then those that ended during that write, and so on. A record that ends while
 * a write is pending is left to that writer. Under load, one D1 request carries many executions' records
 * (D1 runs one query at a time per database; a batch is cheaper than as many requests).
 *
 * No request ever waits for another's promise or does I/O on another's behalf: the records are plain
 * data, and each D1 call is made and awaited by the request that leads it.
 */
import { writeExpressRecords, type ExpressRecord, type Sweep } from "../db/express-records.ts";

/**
 * How long a writer waits for more records before its first batch (the records are listed that much later).
 * 200 ms rather than 50: a quarter of the D1 requests under load; measured locally (alternating runs of
 * bench:express's routes, workerd CPU per request against the bare route's) 0.58–0.68 of the bare route's
 * CPU per request became 0.69–0.76 sequentially, 0.58–0.64 became 0.65–0.76 at 16 in flight.
 */
export const GROUP_WINDOW_MS = 200;
/** Records per D1 batch at most (one INSERT of them all, plus a sweep now and then). */
export const MAX_GROUP = 200;
/**
 * Batches one request writes at most before it lets go (its waitUntil must end); what still waits then is
 * taken by the next record's request, which under such load comes within milliseconds.
 */
export const MAX_ROUNDS = 20;
/** A write in flight longer than this is taken for lost (its request cut off): the next record writes. */
export const STALE_MS = 30_000;

type Failed = (records: ExpressRecord[], e: unknown) => void;

class GroupWriter {
  private readonly waiting: { record: ExpressRecord; sweep: Sweep }[] = [];
  /** When the pending write (its window, then its batches) started; undefined when none is. */
  private writingSince: number | undefined;
  private readonly db: D1Database;
  private readonly failed: Failed;

  constructor(db: D1Database, failed: Failed) {
    this.db = db;
    this.failed = failed;
  }

  /**
   * Adds a record. Answers the write this request now leads (it ends once its batches are written or
   * failed, then `failed` was told; never rejects), or undefined when a pending write will take it.
   */
  add(record: ExpressRecord, sweep: Sweep): Promise<void> | undefined {
    this.waiting.push({ record, sweep });
    const now = Date.now();
    if (this.writingSince !== undefined && now - this.writingSince < STALE_MS) return undefined;
    this.writingSince = now;
    return this.drain(now);
  }

  private async drain(since: number): Promise<void> {
    try {
      await new Promise((ok) => setTimeout(ok, GROUP_WINDOW_MS));
      for (let round = 0; round < MAX_ROUNDS && this.waiting.length > 0; round++) {
        const group = this.waiting.splice(0, MAX_GROUP);
        try {
          await writeExpressRecords(this.db, group);
        } catch (e) {
          this.failed(
            group.map((w) => w.record),
            e,
          );
        }
      }
    } finally {
      // Unless a later request took over from this one (taken for lost), no write is in flight now.
      if (this.writingSince === since) this.writingSince = undefined;
    }
  }
}

// One writer per D1 binding (an isolate serves one; tests give others).
const writers = new WeakMap<D1Database, GroupWriter>();

export function groupWriter(db: D1Database, failed: Failed): GroupWriter {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = new GroupWriter(db, failed)));
  return w;
}
