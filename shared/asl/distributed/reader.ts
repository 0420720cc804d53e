/**
 * openReader: a Distributed Map's ItemReader, read page by page. Each page ends with a cursor (plain
 * JSON) from which a new reader, after a restart, continues just after the page's last item: nothing
 * read twice, nothing skipped. MaxItems (0 or absent: all) caps the items across pages and resumes.
 *
 * - s3:getObject, InputType JSON (the default when absent): a JSON array, parsed whole (up to 16 MiB).
 * - JSONL: one JSON value per non-empty line; CSV: rows (FIRST_ROW or GIVEN headers, CSVDelimiter);
 *   both streamed, resumed at a byte offset.
 * - MANIFEST: an S3 Inventory manifest.json and its gzip'd CSV files.
 * - s3:listObjectsV2 (Bucket, Prefix): one item per object, `{Etag, Key, LastModified, Size, StorageClass}`.
 *   An InputType with listObjectsV2 (reading each object's contents) is not supported and fails.
 *
 * Every failure is States.ItemReaderFailed, including an item whose JSON text is over 256 KiB.
 */
import { exceedsSize } from "../runtime/io.ts";
import type { JSONValue } from "../types.ts";
import { csvRows, failed, inventory, jsonArray, jsonLines, listed, type Entry, type Source } from "./sources.ts";
import type { ObjectStore, ReaderCursor, ReaderSpec } from "./types.ts";

/** The most bytes one item's JSON text may take (AWS's payload limit, 256 KiB). */
export const MAX_ITEM_BYTES = 262_144;

export interface ReaderPage {
  items: JSONValue[];
  /** Resumes after the last item of this page (and of every page before it). */
  cursor: ReaderCursor;
  /** No item follows (the source is exhausted or MaxItems is reached). */
  done: boolean;
}

export interface ItemReader {
  /** Up to `max` further items, in order. */
  next(max: number): Promise<ReaderPage>;
  /** Releases the open object stream, if any (not needed after `done`). */
  close(): Promise<void>;
}

export function openReader(store: ObjectStore, spec: ReaderSpec, cursor?: ReaderCursor): ItemReader {
  return new PagedReader(() => sourceOf(store, spec, cursor), spec.maxItems ?? 0, cursor);
}

function str(spec: ReaderSpec, name: string, required: boolean): string | undefined {
  const v = spec.parameters?.[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== "string" || v === "") {
    throw failed(`The ItemReader's ${name} parameter must be a non-empty string; it is ${JSON.stringify(v ?? null)}.`);
  }
  return v;
}

async function* sourceOf(store: ObjectStore, spec: ReaderSpec, cursor?: ReaderCursor): Source {
  const action = spec.resource.slice(spec.resource.lastIndexOf(":") + 1);
  if (!/^arn:aws[a-z-]*:states:::s3:/.test(spec.resource) || (action !== "getObject" && action !== "listObjectsV2")) {
    throw failed(`Unsupported ItemReader resource: ${spec.resource}`);
  }
  const bucket = str(spec, "Bucket", true)!;
  if (action === "listObjectsV2") {
    if (spec.inputType !== undefined) throw failed(`ReaderConfig InputType ${spec.inputType} is not supported with s3:listObjectsV2.`);
    const prefix = spec.parameters.Prefix;
    if (prefix !== undefined && typeof prefix !== "string") throw failed("The ItemReader's Prefix parameter must be a string.");
    yield* listed(store, bucket, prefix, cursor);
    return;
  }
  const key = str(spec, "Key", true)!;
  switch (spec.inputType ?? "JSON") {
    case "JSON":
      yield* jsonArray(store, bucket, key, cursor);
      return;
    case "JSONL":
      yield* jsonLines(store, bucket, key, cursor);
      return;
    case "CSV":
      yield* csvRows(store, spec, bucket, key, cursor);
      return;
    case "MANIFEST":
      yield* inventory(store, bucket, key, cursor);
      return;
    default:
      throw failed(`Unsupported ReaderConfig InputType: ${spec.inputType}`);
  }
}

class PagedReader implements ItemReader {
  private source: Source | undefined;
  /** One entry read ahead, to tell `done` on the page that ends the source. */
  private ahead: IteratorResult<Entry> | undefined;
  private count: number;
  private position: ReaderCursor;
  private finished = false;
  private readonly open: () => Source;
  private readonly maxItems: number;

  constructor(open: () => Source, maxItems: number, cursor: ReaderCursor | undefined) {
    this.open = open;
    this.maxItems = maxItems;
    this.count = typeof cursor?.count === "number" ? cursor.count : 0;
    const { count: _count, ...position } = cursor ?? {};
    this.position = position;
    if (maxItems > 0 && this.count >= maxItems) this.finished = true;
  }

  async next(max: number): Promise<ReaderPage> {
    const items: JSONValue[] = [];
    while (!this.finished && items.length < max) {
      const r = await this.pull();
      if (r.done) {
        this.finished = true;
        break;
      }
      if (exceedsSize(r.value.item, MAX_ITEM_BYTES)) {
        throw failed(`Item ${this.count} is larger than ${MAX_ITEM_BYTES} bytes, the most a child execution's input may take.`);
      }
      items.push(r.value.item);
      this.position = r.value.cursor;
      this.count++;
      if (this.maxItems > 0 && this.count >= this.maxItems) this.finished = true;
    }
    if (!this.finished && items.length > 0) {
      this.ahead = await this.pull();
      if (this.ahead.done) this.finished = true;
    }
    if (this.finished) await this.close();
    return { items, cursor: { ...this.position, count: this.count }, done: this.finished };
  }

  async close(): Promise<void> {
    const s = this.source;
    this.source = undefined;
    if (s) await s.return(undefined);
  }

  private async pull(): Promise<IteratorResult<Entry>> {
    if (this.ahead) {
      const a = this.ahead;
      this.ahead = undefined;
      return a;
    }
    this.source ??= this.open();
    return this.source.next();
  }
}
