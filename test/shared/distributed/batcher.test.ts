import { describe, expect, it } from "vitest";
import { Batcher, jsonBytes } from "../../../shared/asl/distributed/batcher.ts";
import type { JSONValue } from "../../../shared/asl/types.ts";

function run(b: Batcher, items: JSONValue[]): JSONValue[] {
  const out: JSONValue[] = [];
  for (const i of items) out.push(...b.add(i));
  const last = b.flush();
  if (last) out.push(last);
  return out;
}

describe("Batcher", () => {
  it("MaxItemsPerBatch: full batches as items complete them, the rest on flush, BatchInput in each", () => {
    const b = new Batcher({ maxItemsPerBatch: 2, batchInput: { job: "x" } });
    expect(b.add(1)).toEqual([]);
    expect(b.add(2)).toEqual([{ Items: [1, 2], BatchInput: { job: "x" } }]);
    expect(b.add(3)).toEqual([]);
    expect(b.flush()).toEqual({ Items: [3], BatchInput: { job: "x" } });
    expect(b.flush()).toBeNull();
  });

  it("MaxInputBytesPerBatch counts the batch's whole JSON text: exactly at the limit fits, one byte over does not", () => {
    // {"Items":["aaa","bbb"]} is 23 bytes; with BatchInput {"Items":["aaa","bbb"],"BatchInput":"é"} is 41 (é is 2 bytes).
    expect(jsonBytes({ Items: ["aaa", "bbb"] })).toBe(23);
    expect(run(new Batcher({ maxInputBytesPerBatch: 23 }), ["aaa", "bbb", "ccc"])).toEqual([{ Items: ["aaa", "bbb"] }, { Items: ["ccc"] }]);
    expect(run(new Batcher({ maxInputBytesPerBatch: 22 }), ["aaa", "bbb", "ccc"])).toEqual([
      { Items: ["aaa"] },
      { Items: ["bbb"] },
      { Items: ["ccc"] },
    ]);
    expect(jsonBytes({ Items: ["aaa", "bbb"], BatchInput: "é" })).toBe(41);
    expect(run(new Batcher({ maxInputBytesPerBatch: 41, batchInput: "é" }), ["aaa", "bbb"])).toEqual([
      { Items: ["aaa", "bbb"], BatchInput: "é" },
    ]);
    expect(run(new Batcher({ maxInputBytesPerBatch: 40, batchInput: "é" }), ["aaa", "bbb"])).toEqual([
      { Items: ["aaa"], BatchInput: "é" },
      { Items: ["bbb"], BatchInput: "é" },
    ]);
  });

  it("both limits: whichever comes first; an add can complete two batches", () => {
    const b = new Batcher({ maxItemsPerBatch: 1, maxInputBytesPerBatch: 100 });
    expect(run(b, ["a", "b"])).toEqual([{ Items: ["a"] }, { Items: ["b"] }]);
    const c = new Batcher({ maxItemsPerBatch: 2, maxInputBytesPerBatch: 22 });
    expect(c.add("aaaa")).toEqual([]);
    // ["aaaa","bbbb"] would make 25 bytes: the first closes; ["bbbb","c"] is exactly 22, and two items close it.
    expect(c.add("bbbb")).toEqual([{ Items: ["aaaa"] }]);
    expect(c.add("c")).toEqual([{ Items: ["bbbb", "c"] }]);
  });

  it("an item that cannot fit alone fails; MaxInputBytesPerBatch above 256 KiB is held to 256 KiB", () => {
    const fit = "x".repeat(262_144 - jsonBytes({ Items: [""] }));
    expect(run(new Batcher({ maxItemsPerBatch: 10 }), [fit])).toEqual([{ Items: [fit] }]);
    expect(() => new Batcher({ maxInputBytesPerBatch: 1_000_000 }).add(fit + "x")).toThrow(
      expect.objectContaining({
        error: "States.ItemReaderFailed",
        cause: "An item of 262133 bytes does not fit in a batch of at most 262144 bytes (the batch's JSON text, BatchInput included).",
      }),
    );
    expect(() => new Batcher({ maxInputBytesPerBatch: 20, batchInput: { k: "vvvv" } }).add(1)).toThrow(
      expect.objectContaining({ error: "States.ItemReaderFailed" }),
    );
  });
});
