/**
 * An ObjectStore in memory: the Node runner's S3 and the tests'. Buckets exist once named in the
 * constructor, created with `createBucket`, or written to with `put`; any other bucket throws
 * NoSuchBucketError, as S3 answers NoSuchBucket. Bodies stream from the stored bytes in chunks of
 * `chunkSize` bytes (64 KiB by default), so readers meet chunk boundaries as they would over a network.
 */
import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { encodeUtf8, utf8Length } from "../intrinsics/utf8.ts";
import { NoSuchBucketError, type ListedObject, type ObjectStore, type StoredObject } from "./types.ts";

interface Entry {
  bytes: Uint8Array;
  etag: string;
  lastModified: number;
}

export interface MemoryStoreOptions {
  /** Bytes per streamed chunk (default 64 KiB). */
  chunkSize?: number;
  /** The clock for LastModified (ms since the epoch); Date.now by default. */
  now?: () => number;
}

export class MemoryStore implements ObjectStore {
  private readonly buckets = new Map<string, Map<string, Entry>>();
  private readonly chunkSize: number;
  private readonly now: () => number;

  constructor(buckets: string[] = [], options: MemoryStoreOptions = {}) {
    for (const b of buckets) this.createBucket(b);
    this.chunkSize = Math.max(1, options.chunkSize ?? 64 * 1024);
    this.now = options.now ?? Date.now;
  }

  createBucket(bucket: string): void {
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, new Map());
  }

  async put(bucket: string, key: string, body: string): Promise<void> {
    this.putBytes(bucket, key, encodeUtf8(body).slice(0, utf8Length));
  }

  /** Stores raw bytes (a gzip'd inventory file, say); creates the bucket like `put`. */
  putBytes(bucket: string, key: string, bytes: Uint8Array): void {
    this.createBucket(bucket);
    const copy = bytes.slice();
    this.buckets.get(bucket)!.set(key, { bytes: copy, etag: `"${bytesToHex(md5(copy))}"`, lastModified: this.now() });
  }

  async get(bucket: string, key: string, offset = 0): Promise<StoredObject | null> {
    const entry = this.bucket(bucket).get(key);
    if (!entry) return null;
    const { bytes } = entry;
    const size = this.chunkSize;
    let at = Math.min(Math.max(0, offset), bytes.length);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        const end = Math.min(at + size, bytes.length);
        controller.enqueue(bytes.slice(at, end));
        at = end;
      },
    });
    return { body, size: bytes.length, etag: entry.etag, lastModified: entry.lastModified };
  }

  async list(
    bucket: string,
    prefix: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ objects: ListedObject[]; cursor?: string }> {
    const entries = this.bucket(bucket);
    const keys = [...entries.keys()]
      .filter((k) => (prefix === undefined || k.startsWith(prefix)) && (cursor === undefined || k > cursor))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const page = keys.slice(0, Math.max(1, limit));
    const objects = page.map((key) => {
      const e = entries.get(key)!;
      return { key, size: e.bytes.length, etag: e.etag, lastModified: e.lastModified, storageClass: "STANDARD" };
    });
    return keys.length > page.length ? { objects, cursor: page[page.length - 1] } : { objects };
  }

  private bucket(bucket: string): Map<string, Entry> {
    const b = this.buckets.get(bucket);
    if (!b) throw new NoSuchBucketError(bucket);
    return b;
  }
}
