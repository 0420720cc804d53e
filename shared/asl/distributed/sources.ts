/**
 * The item sources behind openReader: each yields items one at a time with the cursor that resumes
 * just after it. JSON arrays are parsed whole (under a size cap); JSONL and CSV stream from a byte
 * offset; S3 Inventory manifests stream each gzip'd file; listObjectsV2 pages through the store.
 */
import { StatesError, type JSONObject, type JSONValue } from "../types.ts";
import { checkHeaders, DELIMITERS, parseFields, rowItem } from "./csv.ts";
import { scanRecords } from "./lines.ts";
import { NoSuchBucketError, type ObjectStore, type ReaderCursor, type ReaderSpec, type StoredObject } from "./types.ts";

/**
 * A JSON-array object is parsed whole (again for each page: the reader keeps only an index), so it is
 * refused past 16 MiB, which a Durable Object's 128 MB holds with room to spare; JSONL and CSV stream.
 */
export const MAX_JSON_OBJECT_BYTES = 16 * 1024 * 1024;
/** An S3 Inventory manifest.json is read whole too; they are small (a list of file keys). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
/** Keys per store.list call. */
const LIST_PAGE = 1000;

export interface Entry {
  item: JSONValue;
  /** Where to resume after this item (the reader adds the item count). */
  cursor: JSONObject;
}

export type Source = AsyncGenerator<Entry>;

export function failed(cause: string): StatesError {
  return new StatesError("States.ItemReaderFailed", cause);
}

/** store.get with S3's answers turned into the ItemReader's error. */
export async function getObject(store: ObjectStore, bucket: string, key: string, offset = 0): Promise<StoredObject> {
  let obj: StoredObject | null;
  try {
    obj = await store.get(bucket, key, offset);
  } catch (e) {
    if (e instanceof NoSuchBucketError) throw failed(`The specified bucket does not exist. (Bucket: ${bucket})`);
    throw failed(`S3 getObject failed: ${e instanceof Error ? e.message : String(e)} (Bucket: ${bucket}, Key: ${key})`);
  }
  if (!obj) throw failed(`The specified key does not exist. (Bucket: ${bucket}, Key: ${key})`);
  return obj;
}

const JSON_TOO_BIG = " A JSON array is read whole; write larger inputs as JSONL or CSV, which are read a page at a time.";

async function readWhole(obj: StoredObject, limit: number, what: string, advice = ""): Promise<string> {
  if (obj.size > limit) {
    await obj.body.cancel().catch(() => {});
    throw failed(`${what} is ${obj.size} bytes; the most read whole is ${limit} bytes.${advice}`);
  }
  const reader = obj.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function num(c: ReaderCursor | undefined, name: string, fallback: number): number {
  const v = c?.[name];
  return typeof v === "number" ? v : fallback;
}

export async function* jsonArray(store: ObjectStore, bucket: string, key: string, cursor?: ReaderCursor): Source {
  const text = await readWhole(await getObject(store, bucket, key), MAX_JSON_OBJECT_BYTES, `The object ${key}`, JSON_TOO_BIG);
  let value: JSONValue;
  try {
    value = JSON.parse(text) as JSONValue;
  } catch (e) {
    throw failed(`The object ${key} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(value)) throw failed("Attempting to map over non-iterable node.");
  for (let i = num(cursor, "index", 0); i < value.length; i++) yield { item: value[i], cursor: { index: i + 1 } };
}

export async function* jsonLines(store: ObjectStore, bucket: string, key: string, cursor?: ReaderCursor): Source {
  const obj = await getObject(store, bucket, key, num(cursor, "offset", 0));
  for await (const r of scanRecords(obj.body, num(cursor, "offset", 0), num(cursor, "line", 1), { what: "JSONL" })) {
    if (r.text.trim() === "") continue;
    let item: JSONValue;
    try {
      item = JSON.parse(r.text) as JSONValue;
    } catch (e) {
      throw failed(`JSONL line ${r.line} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    yield { item, cursor: { offset: r.end, line: r.nextLine } };
  }
}

export async function* csvRows(store: ObjectStore, spec: ReaderSpec, bucket: string, key: string, cursor?: ReaderCursor): Source {
  const delimiter = DELIMITERS[spec.csvDelimiter ?? "COMMA"];
  if (delimiter === undefined) throw failed(`Unknown CSVDelimiter: ${spec.csvDelimiter}`);
  let headers: string[] | undefined;
  if (spec.csvHeaderLocation === "GIVEN") {
    if (!Array.isArray(spec.csvHeaders)) throw failed("CSVHeaders must be given when CSVHeaderLocation is GIVEN.");
    headers = checkHeaders(spec.csvHeaders.map(String));
  } else if (Array.isArray(cursor?.headers)) {
    headers = cursor.headers.map(String);
  }
  const offset = num(cursor, "offset", 0);
  const obj = await getObject(store, bucket, key, offset);
  const opts = { what: "CSV", delimiter: delimiter.charCodeAt(0) };
  for await (const r of scanRecords(obj.body, offset, num(cursor, "line", 1), opts)) {
    if (r.text === "") continue;
    const fields = parseFields(r.text, delimiter, r.line);
    if (!headers) {
      headers = checkHeaders(fields);
      continue;
    }
    const next: JSONObject = { offset: r.end, line: r.nextLine };
    if (spec.csvHeaderLocation !== "GIVEN") next.headers = headers;
    yield { item: rowItem(headers, fields), cursor: next };
  }
}

/** AWS's item for one listed object; LastModified in epoch seconds. */
export async function* listed(store: ObjectStore, bucket: string, prefix: string | undefined, cursor?: ReaderCursor): Source {
  let after = typeof cursor?.after === "string" ? cursor.after : undefined;
  for (;;) {
    let page;
    try {
      page = await store.list(bucket, prefix, after, LIST_PAGE);
    } catch (e) {
      if (e instanceof NoSuchBucketError) throw failed(`The specified bucket does not exist. (Bucket: ${bucket})`);
      throw failed(`S3 listObjectsV2 failed: ${e instanceof Error ? e.message : String(e)} (Bucket: ${bucket})`);
    }
    for (const o of page.objects) {
      const item = {
        Etag: o.etag,
        Key: o.key,
        LastModified: Math.floor(o.lastModified / 1000),
        Size: o.size,
        StorageClass: o.storageClass ?? "STANDARD",
      };
      after = o.key;
      yield { item, cursor: { after } };
    }
    if (page.cursor === undefined || page.objects.length === 0) return;
    after = page.cursor;
  }
}

/**
 * An S3 Inventory manifest.json: its files (gzip'd CSV without a header, in the destination bucket)
 * read in order, each row an object keyed by the fileSchema's names. A gzip stream cannot start at a
 * byte offset, so the cursor names the file and the rows already read in it; resuming decompresses
 * that file again from its start and skips them.
 */
export async function* inventory(store: ObjectStore, bucket: string, key: string, cursor?: ReaderCursor): Source {
  const text = await readWhole(await getObject(store, bucket, key), MAX_MANIFEST_BYTES, `The manifest ${key}`);
  let manifest: JSONValue;
  try {
    manifest = JSON.parse(text) as JSONValue;
  } catch {
    throw failed(`The manifest ${key} is not valid JSON.`);
  }
  const m = (manifest && typeof manifest === "object" && !Array.isArray(manifest) ? manifest : {}) as JSONObject;
  if (m.fileFormat !== "CSV") throw failed(`The manifest's fileFormat must be CSV; it is ${JSON.stringify(m.fileFormat ?? null)}.`);
  if (typeof m.fileSchema !== "string" || !Array.isArray(m.files)) throw failed("The manifest has no fileSchema or no files.");
  const schema = checkHeaders(m.fileSchema.split(",").map((s) => s.trim()));
  const dest = typeof m.destinationBucket === "string" ? m.destinationBucket.replace(/^arn:aws[a-z-]*:s3:::/, "") : bucket;
  const skip = num(cursor, "rows", 0);
  for (let f = num(cursor, "file", 0); f < m.files.length; f++) {
    const file = m.files[f] as JSONObject;
    if (typeof file?.key !== "string") throw failed(`The manifest's file ${f} has no key.`);
    const obj = await getObject(store, dest, file.key);
    // The cast: DOM's typings take any BufferSource in; the store's streams only ever carry Uint8Array.
    const gunzip = new DecompressionStream("gzip") as unknown as {
      writable: WritableStream<Uint8Array>;
      readable: ReadableStream<Uint8Array>;
    };
    const body = obj.body.pipeThrough(gunzip);
    let rows = 0;
    try {
      for await (const r of scanRecords(body, 0, 1, { what: `Inventory file ${file.key}`, delimiter: 0x2c })) {
        if (r.text === "") continue;
        rows++;
        if (f === num(cursor, "file", 0) && rows <= skip) continue;
        const item = rowItem(schema, parseFields(r.text, ",", r.line, `Inventory file ${file.key}`));
        yield { item, cursor: { file: f, rows } };
      }
    } catch (e) {
      if (e instanceof StatesError) throw e;
      throw failed(`Inventory file ${file.key} could not be read as gzip'd CSV: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
