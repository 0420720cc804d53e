/**
 * DynamoDB tables in D1: one table `dynamodb_items` (created on first use) holds every mapped
 * table's items as JSON, keyed by table name, partition key code and sort key code (values.ts's
 * keyCode: its byte order is DynamoDB's order). Each row has a version; a write lands only on the
 * version it was computed from (compare-and-swap in one statement), so a condition or an update
 * never acts on an item another writer changed in between: the loser reads again and recomputes.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import { avProblem, keyCode, typeOf, type Item } from "./values.ts";

/** DYNAMODB_TABLES "<table>" = "d1:<BINDING>:<partition key>[,<sort key>]". */
export type D1Table = { db: D1Database; name: string; pk: string; sk?: string };
export type Key = { pk: string; sk: string };
export type Stored = { item: Item; version: number };

const SCHEMA =
  "CREATE TABLE IF NOT EXISTS dynamodb_items (table_name TEXT NOT NULL, pk TEXT NOT NULL, sk TEXT NOT NULL, " +
  "item TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (table_name, pk, sk)) WITHOUT ROWID";
const ready = new WeakSet<D1Database>();

export async function ensureSchema(db: D1Database): Promise<void> {
  if (ready.has(db)) return;
  await db.prepare(SCHEMA).run();
  ready.add(db);
}

export const keyNames = (t: D1Table): string[] => (t.sk ? [t.pk, t.sk] : [t.pk]);

/** The storage key of a Key (exactly the key attributes) or an Item (at least them), or AWS's message. */
export function keyOf(t: D1Table, o: JSONValue | undefined, what: "Key" | "Item" | "ExclusiveStartKey"): Key | string {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return `The parameter '${what}' is required`;
  const names = keyNames(t);
  for (const k of names) {
    if (!Object.hasOwn(o, k))
      return what === "Item"
        ? `One or more parameter values were invalid: Missing the key ${k} in the item`
        : what === "Key"
          ? "The provided key element does not match the schema"
          : "The provided starting key is invalid: The provided key element does not match the schema";
  }
  if (what !== "Item" && Object.keys(o).length !== names.length)
    return what === "Key" ? "The provided key element does not match the schema" : "The provided starting key is invalid";
  const codes: string[] = [];
  for (const k of names) {
    const v = (o as JSONObject)[k];
    const problem = avProblem(v, k);
    if (problem) return problem;
    const t = typeOf(v as JSONObject);
    if (t !== "S" && t !== "N" && t !== "B")
      return `One or more parameter values were invalid: Type mismatch for key ${k}: a key attribute is S, N or B, not ${t}`;
    if ((t === "S" || t === "B") && (v as JSONObject)[t] === "")
      return (
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty " +
        `${t === "S" ? "string" : "binary"} value. Key: ${k}`
      );
    codes.push(keyCode(v as JSONObject));
  }
  return { pk: codes[0], sk: codes[1] ?? "" };
}

export async function read(t: D1Table, k: Key): Promise<Stored | null> {
  const row = await t.db
    .prepare("SELECT item, version FROM dynamodb_items WHERE table_name = ? AND pk = ? AND sk = ?")
    .bind(t.name, k.pk, k.sk)
    .first<{ item: string; version: number }>();
  return row ? { item: JSON.parse(row.item) as Item, version: row.version } : null;
}

/** Writes `next` (null: deletes) if the row is still at `from` (null: absent); false when another write came first. */
export async function swap(t: D1Table, k: Key, from: Stored | null, next: Item | null): Promise<boolean> {
  let stmt: D1PreparedStatement;
  if (!from && !next) return true;
  if (!from)
    stmt = t.db
      .prepare("INSERT INTO dynamodb_items (table_name, pk, sk, item, version) VALUES (?, ?, ?, ?, 1) ON CONFLICT DO NOTHING")
      .bind(t.name, k.pk, k.sk, JSON.stringify(next));
  else if (next)
    stmt = t.db
      .prepare("UPDATE dynamodb_items SET item = ?, version = version + 1 WHERE table_name = ? AND pk = ? AND sk = ? AND version = ?")
      .bind(JSON.stringify(next), t.name, k.pk, k.sk, from.version);
  else
    stmt = t.db
      .prepare("DELETE FROM dynamodb_items WHERE table_name = ? AND pk = ? AND sk = ? AND version = ?")
      .bind(t.name, k.pk, k.sk, from.version);
  const r = await stmt.run();
  return r.meta.changes === 1;
}

/** A failure of the request itself, carried out of a write's computation: AWS's error code and message. */
export class Refusal {
  readonly code: string;
  readonly message: string;
  constructor(code: string, message: string) {
    this.code = code;
    this.message = message;
  }
}

const ATTEMPTS = 50;
/** Writes of one item from this isolate take turns, so that they do not race each other's swaps. */
const turns = new Map<string, Promise<unknown>>();

/**
 * Read, compute, write until the write lands on what was read. `compute` gets the stored item (or
 * null) and returns the item to store (null: none) and the answer, or a Refusal (nothing written).
 * Writers in other isolates are met by the swap: the loser waits a moment, reads again, recomputes.
 */
export function readModifyWrite<T>(
  t: D1Table,
  k: Key,
  compute: (old: Item | null) => { next: Item | null; answer: T } | Refusal,
): Promise<T | Refusal> {
  const id = JSON.stringify([t.name, k.pk, k.sk]);
  const run = async (): Promise<T | Refusal> => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const from = await read(t, k);
      const r = compute(from ? from.item : null);
      if (r instanceof Refusal) return r;
      if (await swap(t, k, from, r.next)) return r.answer;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
    return new Refusal(
      "InternalServerErrorException",
      `Internal server error: the item kept changing during ${ATTEMPTS} attempts to write it`,
    );
  };
  const previous = turns.get(id) ?? Promise.resolve();
  const mine = previous.then(run, run);
  const settled = mine.catch(() => undefined);
  turns.set(id, settled);
  void settled.then(() => {
    if (turns.get(id) === settled) turns.delete(id);
  });
  return mine;
}
