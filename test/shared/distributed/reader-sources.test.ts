import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../shared/asl/distributed/memory-store.ts";
import { openReader } from "../../../shared/asl/distributed/reader.ts";
import { NoSuchBucketError, type ObjectStore, type ReaderCursor, type ReaderSpec } from "../../../shared/asl/distributed/types.ts";
import type { JSONValue } from "../../../shared/asl/types.ts";

const GET = "arn:aws:states:::s3:getObject";
const LIST = "arn:aws:states:::s3:listObjectsV2";
const T = 1_668_699_881_500;

async function store(objects: Record<string, string>, chunkSize = 64 * 1024): Promise<MemoryStore> {
  const s = new MemoryStore(["b"], { chunkSize, now: () => T });
  for (const [k, v] of Object.entries(objects)) await s.put("b", k, v);
  return s;
}

async function readAll(s: ObjectStore, spec: ReaderSpec, page = 1000): Promise<JSONValue[]> {
  const out: JSONValue[] = [];
  let cursor: ReaderCursor | undefined;
  for (let i = 0; i < 100_000; i++) {
    const r = await openReader(s, spec, cursor).next(page);
    out.push(...r.items);
    cursor = r.cursor;
    if (r.done) return out;
  }
  throw new Error("never done");
}

async function failure(p: Promise<unknown>): Promise<{ error: string; cause: string }> {
  try {
    await p;
  } catch (e) {
    const { error, cause } = e as { error: string; cause: string };
    return { error, cause };
  }
  throw new Error("did not fail");
}

const get = (inputType?: ReaderSpec["inputType"], extra: Partial<ReaderSpec> = {}): ReaderSpec => ({
  resource: GET,
  parameters: { Bucket: "b", Key: "k" },
  ...(inputType ? { inputType } : {}),
  ...extra,
});

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("JSON", () => {
  it("reads an array (InputType JSON, the default), pages with done on the last page, resumes by cursor", async () => {
    const s = await store({ k: JSON.stringify([1, { a: 2 }, "three", null, [5]]) });
    const r = openReader(s, get());
    expect(await r.next(2)).toEqual({ items: [1, { a: 2 }], cursor: { index: 2, count: 2 }, done: false });
    expect(await openReader(s, get("JSON"), { index: 2, count: 2 }).next(3)).toEqual({
      items: ["three", null, [5]],
      cursor: { index: 5, count: 5 },
      done: true,
    });
    expect(await readAll(s, get("JSON", { maxItems: 3 }), 2)).toEqual([1, { a: 2 }, "three"]);
  });

  it("fails on a non-array, invalid JSON, and an item over 256 KiB (exactly 256 KiB passes)", async () => {
    const s = await store({
      obj: '{"a":1}',
      bad: "[1,",
      big: JSON.stringify(["x".repeat(262_143)]),
      ok: JSON.stringify(["x".repeat(262_142)]),
    });
    const at = (Key: string) => get("JSON", { parameters: { Bucket: "b", Key } });
    expect(await failure(openReader(s, at("obj")).next(10))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "Attempting to map over non-iterable node.",
    });
    expect((await failure(openReader(s, at("bad")).next(10))).cause).toMatch(/^The object bad is not valid JSON: /);
    expect(await failure(openReader(s, at("big")).next(10))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "Item 0 is larger than 262144 bytes, the most a child execution's input may take.",
    });
    expect((await openReader(s, at("ok")).next(10)).items[0]).toHaveLength(262_142);
  });

  it("refuses a JSON object over the 16 MiB whole-read cap without reading it, and says what to use instead", async () => {
    const huge: ObjectStore = {
      get: async () => ({ body: new ReadableStream(), size: 16 * 1024 * 1024 + 1, etag: '"x"', lastModified: 0 }),
      list: async () => ({ objects: [] }),
      put: async () => {},
    };
    expect(await failure(openReader(huge, get("JSON")).next(1))).toEqual({
      error: "States.ItemReaderFailed",
      cause:
        "The object k is 16777217 bytes; the most read whole is 16777216 bytes. " +
        "A JSON array is read whole; write larger inputs as JSONL or CSV, which are read a page at a time.",
    });
  });
});

describe("JSONL", () => {
  it("one value per non-empty line, resumable a page at a time", async () => {
    const s = await store({ k: '{"a":1}\n\n  \n[2,3]\r\n"four"\n5' }, 3);
    expect(await readAll(s, get("JSONL"), 1)).toEqual([{ a: 1 }, [2, 3], "four", 5]);
  });

  it("a malformed line fails naming its number", async () => {
    const s = await store({ k: '{"a":1}\n\n{"b":\n' });
    expect((await failure(readAll(s, get("JSONL")))).cause).toMatch(/^JSONL line 3 is not valid JSON: /);
  });

  it("streams 1,000,000 lines, a page at a time, each page from a new reader", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1_000_000; i++) lines.push(`{"i":${i}}`);
    const s = await store({ k: lines.join("\n") + "\n" });
    let cursor: ReaderCursor | undefined;
    let n = 0;
    let last: JSONValue = null;
    for (;;) {
      const r = await openReader(s, get("JSONL"), cursor).next(100_000);
      n += r.items.length;
      last = r.items[r.items.length - 1] ?? last;
      cursor = r.cursor;
      if (r.done) break;
    }
    expect(n).toBe(1_000_000);
    expect(last).toEqual({ i: 999_999 });
  }, 60_000);
});

describe("MANIFEST (S3 Inventory)", () => {
  it("reads every gzip'd CSV file listed, items keyed by the fileSchema, resumable inside a file", async () => {
    const s = await store({});
    s.putBytes(
      "inv",
      "data/1.csv.gz",
      await gzip('"src","a.txt","10","2022-11-16T00:29:32.000Z"\n"src","b.txt","20","2022-11-16T00:29:33.000Z"\n'),
    );
    s.putBytes("inv", "data/2.csv.gz", await gzip('"src","c, d.txt","30","2022-11-16T00:29:34.000Z"\n'));
    const manifest = {
      sourceBucket: "src",
      destinationBucket: "arn:aws:s3:::inv",
      version: "2016-11-30",
      fileFormat: "CSV",
      fileSchema: "Bucket, Key, Size, LastModifiedDate",
      files: [
        { key: "data/1.csv.gz", size: 1, MD5checksum: "x" },
        { key: "data/2.csv.gz", size: 1, MD5checksum: "y" },
      ],
    };
    await s.put("inv", "manifest.json", JSON.stringify(manifest));
    const spec = get("MANIFEST", { parameters: { Bucket: "inv", Key: "manifest.json" } });
    const row = (Key: string, Size: string, t: string) => ({ Bucket: "src", Key, Size, LastModifiedDate: `2022-11-16T00:29:3${t}.000Z` });
    const all = [row("a.txt", "10", "2"), row("b.txt", "20", "3"), row("c, d.txt", "30", "4")];
    expect(await readAll(s, spec, 1)).toEqual(all);
    expect(await readAll(s, spec, 2)).toEqual(all);
    await s.put("inv", "orc.json", JSON.stringify({ ...manifest, fileFormat: "ORC" }));
    expect(await failure(readAll(s, { ...spec, parameters: { Bucket: "inv", Key: "orc.json" } }))).toEqual({
      error: "States.ItemReaderFailed",
      cause: 'The manifest\'s fileFormat must be CSV; it is "ORC".',
    });
  });
});

describe("listObjectsV2", () => {
  it("one item per object under the prefix, AWS's shape, resumable across store pages", async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `p/${String(i).padStart(4, "0")}`);
    const s = await store(Object.fromEntries([...keys.map((k) => [k, "abc"]), ["q/other", "x"]]));
    const items = await readAll(s, { resource: LIST, parameters: { Bucket: "b", Prefix: "p/" } }, 400);
    expect(items).toHaveLength(1005);
    expect(items[0]).toEqual({
      Etag: '"900150983cd24fb0d6963f7d28e17f72"',
      Key: "p/0000",
      LastModified: 1_668_699_881,
      Size: 3,
      StorageClass: "STANDARD",
    });
    expect((items[1004] as { Key: string }).Key).toBe("p/1004");
    expect(await readAll(s, { resource: LIST, parameters: { Bucket: "b" }, maxItems: 2 })).toHaveLength(2);
  });

  it("refuses an InputType (reading listed objects' contents is not supported)", async () => {
    const s = await store({});
    expect(await failure(openReader(s, { resource: LIST, parameters: { Bucket: "b" }, inputType: "JSON" }).next(1))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "ReaderConfig InputType JSON is not supported with s3:listObjectsV2.",
    });
  });
});

describe("errors", () => {
  it("a missing key, an unknown bucket, missing parameters, a store failure", async () => {
    const s = await store({});
    const f = (spec: ReaderSpec) => failure(openReader(s, spec).next(1));
    expect(await f(get("CSV"))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "The specified key does not exist. (Bucket: b, Key: k)",
    });
    expect(await f(get("JSON", { parameters: { Bucket: "nope", Key: "k" } }))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "The specified bucket does not exist. (Bucket: nope)",
    });
    expect(await f({ resource: LIST, parameters: { Bucket: "nope" } })).toEqual({
      error: "States.ItemReaderFailed",
      cause: "The specified bucket does not exist. (Bucket: nope)",
    });
    expect(await f(get("JSON", { parameters: { Bucket: "b" } }))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "The ItemReader's Key parameter must be a non-empty string; it is null.",
    });
    expect(await f(get("JSON", { parameters: { Key: "k" } }))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "The ItemReader's Bucket parameter must be a non-empty string; it is null.",
    });
    const broken: ObjectStore = {
      put: async () => {},
      get: async () => Promise.reject(new Error("boom")),
      list: async () => Promise.reject(new NoSuchBucketError("b")),
    };
    expect(await failure(openReader(broken, get("JSONL")).next(1))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "S3 getObject failed: boom (Bucket: b, Key: k)",
    });
  });
});
