import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../shared/asl/distributed/memory-store.ts";
import { NoSuchBucketError } from "../../../shared/asl/distributed/types.ts";

async function chunks(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(new TextDecoder().decode(value));
  }
}

describe("MemoryStore", () => {
  it("streams an object in chunks of the configured size, from an offset, with its whole size and md5 ETag", async () => {
    const store = new MemoryStore([], { chunkSize: 4, now: () => 1_700_000_000_123 });
    await store.put("b", "k", "hello world");
    const obj = (await store.get("b", "k"))!;
    expect(obj.size).toBe(11);
    expect(obj.etag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    expect(obj.lastModified).toBe(1_700_000_000_123);
    expect(await chunks(obj.body)).toEqual(["hell", "o wo", "rld"]);
    const rest = (await store.get("b", "k", 6))!;
    expect(rest.size).toBe(11);
    expect(await chunks(rest.body)).toEqual(["worl", "d"]);
  });

  it("answers null for a missing key and throws NoSuchBucketError for an unknown bucket", async () => {
    const store = new MemoryStore(["empty"]);
    expect(await store.get("empty", "nope")).toBeNull();
    await expect(store.get("other", "k")).rejects.toBeInstanceOf(NoSuchBucketError);
    await expect(store.list("other", undefined, undefined, 10)).rejects.toThrow("The specified bucket does not exist: other");
    expect(await store.list("empty", undefined, undefined, 10)).toEqual({ objects: [] });
  });

  it("lists keys sorted, under a prefix, a page at a time with the last key as cursor", async () => {
    const store = new MemoryStore([], { now: () => 5000 });
    for (const k of ["p/c", "p/a", "q/x", "p/b"]) await store.put("b", k, k);
    const first = await store.list("b", "p/", undefined, 2);
    expect(first.objects.map((o) => o.key)).toEqual(["p/a", "p/b"]);
    expect(first.cursor).toBe("p/b");
    expect(first.objects[0]).toEqual({
      key: "p/a",
      size: 3,
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      lastModified: 5000,
      storageClass: "STANDARD",
    });
    const second = await store.list("b", "p/", first.cursor, 2);
    expect(second).toEqual({ objects: [expect.objectContaining({ key: "p/c" })] });
  });
});
