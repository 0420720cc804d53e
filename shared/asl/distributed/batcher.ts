/**
 * ItemBatcher: items grouped into child inputs `{"Items": [...], "BatchInput": ...}` (BatchInput only
 * when given). A batch closes at MaxItemsPerBatch items, or before the item that would take its JSON
 * text past MaxInputBytesPerBatch: the UTF-8 bytes of the whole child input, BatchInput included.
 * Whatever the settings, a batch stays within AWS's 256 KiB payload limit; an item that cannot fit in
 * a batch even alone fails the Map Run with States.ItemReaderFailed.
 */
import { encodeUtf8, utf8Length } from "../intrinsics/utf8.ts";
import { StatesError, type JSONObject, type JSONValue } from "../types.ts";
import type { BatcherSpec } from "./types.ts";

/** AWS's payload limit, the most MaxInputBytesPerBatch can be. */
export const MAX_BATCH_BYTES = 262_144;

/** The UTF-8 byte length of a value's JSON text. */
export function jsonBytes(v: JSONValue): number {
  encodeUtf8(JSON.stringify(v));
  return utf8Length;
}

export class Batcher {
  private readonly maxItems: number;
  private readonly maxBytes: number;
  private readonly batchInput: JSONValue | undefined;
  /** The bytes of `{"Items":[]}` plus `,"BatchInput":<json>` when given. */
  private readonly emptyBytes: number;
  private items: JSONValue[] = [];
  private bytes: number;

  constructor(spec: BatcherSpec) {
    this.maxItems = spec.maxItemsPerBatch && spec.maxItemsPerBatch > 0 ? spec.maxItemsPerBatch : Infinity;
    this.maxBytes = Math.min(
      spec.maxInputBytesPerBatch && spec.maxInputBytesPerBatch > 0 ? spec.maxInputBytesPerBatch : MAX_BATCH_BYTES,
      MAX_BATCH_BYTES,
    );
    this.batchInput = spec.batchInput;
    this.emptyBytes = jsonBytes({ Items: [] }) + (spec.batchInput === undefined ? 0 : jsonBytes({ BatchInput: spec.batchInput }) - 1);
    this.bytes = this.emptyBytes;
  }

  /** Adds an item; returns the batches it completed (none, one, or two: the one it did not fit in, then its own). */
  add(item: JSONValue): JSONObject[] {
    const size = jsonBytes(item);
    const done: JSONObject[] = [];
    if (this.emptyBytes + size > this.maxBytes) {
      throw new StatesError(
        "States.ItemReaderFailed",
        `An item of ${size} bytes does not fit in a batch of at most ${this.maxBytes} bytes (the batch's JSON text, BatchInput included).`,
      );
    }
    // A comma before every item but the first.
    if (this.items.length > 0 && this.bytes + 1 + size > this.maxBytes) done.push(this.take());
    this.bytes += (this.items.length > 0 ? 1 : 0) + size;
    this.items.push(item);
    if (this.items.length >= this.maxItems) done.push(this.take());
    return done;
  }

  /** The batch in progress, if it holds any item. */
  flush(): JSONObject | null {
    return this.items.length > 0 ? this.take() : null;
  }

  private take(): JSONObject {
    const batch: JSONObject = { Items: this.items };
    if (this.batchInput !== undefined) batch.BatchInput = this.batchInput;
    this.items = [];
    this.bytes = this.emptyBytes;
    return batch;
  }
}
