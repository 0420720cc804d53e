import { describe, expect, it } from "vitest";
import {
  inlineResults,
  MAX_RESULT_FILE_BYTES,
  MemoryStore,
  NoSuchBucketError,
  writeResults,
} from "../../../shared/asl/distributed/index.ts";
import type { ChildRecord, ObjectStore, WriterSpec } from "../../../shared/asl/distributed/index.ts";
import type { JSONValue } from "../../../shared/asl/types.ts";

const RUN = { mapRunArn: "arn:aws:states:us-east-1:111111111111:mapRun:sm/Map:run-1", mapRunId: "run-1" };
const SM = "arn:aws:states:us-east-1:111111111111:stateMachine:sm/Map";

function rec(index: number, status: ChildRecord["status"], output?: JSONValue): ChildRecord {
  const r: ChildRecord = {
    index,
    name: `n${index}`,
    executionArn: `arn:aws:states:us-east-1:111111111111:execution:sm/Map:n${index}`,
    stateMachineArn: SM,
    status,
    input: { i: index },
    startDate: Date.UTC(2025, 1, 4, 1, 49, 50, 99),
    stopDate: Date.UTC(2025, 1, 4, 1, 49, 50, 163),
  };
  if (output !== undefined) r.output = output;
  if (status === "FAILED") Object.assign(r, { error: "Boom", cause: "it broke" });
  return r;
}

async function* chunks(...cs: ChildRecord[][]): AsyncIterable<ChildRecord[]> {
  yield* cs;
}

async function text(store: MemoryStore, key: string): Promise<string> {
  const o = await store.get("out", key);
  return new Response(o!.body).text();
}

const spec = (extra: Partial<WriterSpec> = {}): WriterSpec => ({
  resource: "arn:aws:states:::s3:putObject",
  parameters: { Bucket: "out", Prefix: "jobs" },
  ...extra,
});

describe("writeResults", () => {
  it("NONE: AWS's execution objects per status, the manifest, and the Map's output", async () => {
    const store = new MemoryStore(["out"]);
    const out = await writeResults(store, spec(), RUN, chunks([rec(0, "SUCCEEDED", { ok: 1 })], [rec(1, "FAILED")]));
    expect(out).toEqual({ MapRunArn: RUN.mapRunArn, ResultWriterDetails: { Bucket: "out", Key: "jobs/run-1/manifest.json" } });
    const succeeded = JSON.parse(await text(store, "jobs/run-1/SUCCEEDED_0.json"));
    expect(succeeded).toEqual([
      {
        ExecutionArn: "arn:aws:states:us-east-1:111111111111:execution:sm/Map:n0",
        Input: '{"i":0}',
        InputDetails: { Included: true },
        Name: "n0",
        Output: '{"ok":1}',
        OutputDetails: { Included: true },
        RedriveCount: 0,
        RedriveStatus: "NOT_REDRIVABLE",
        RedriveStatusReason: "Execution is SUCCEEDED and cannot be redriven",
        StartDate: "2025-02-04T01:49:50.099Z",
        StateMachineArn: SM,
        Status: "SUCCEEDED",
        StopDate: "2025-02-04T01:49:50.163Z",
      },
    ]);
    const failed = JSON.parse(await text(store, "jobs/run-1/FAILED_0.json"));
    expect(failed).toEqual([
      {
        Cause: "it broke",
        Error: "Boom",
        ExecutionArn: "arn:aws:states:us-east-1:111111111111:execution:sm/Map:n1",
        Input: '{"i":1}',
        InputDetails: { Included: true },
        Name: "n1",
        RedriveCount: 0,
        RedriveStatus: "REDRIVABLE_BY_MAP_RUN",
        StartDate: "2025-02-04T01:49:50.099Z",
        StateMachineArn: SM,
        Status: "FAILED",
        StopDate: "2025-02-04T01:49:50.163Z",
      },
    ]);
    const sizes = {
      s: (await store.get("out", "jobs/run-1/SUCCEEDED_0.json"))!.size,
      f: (await store.get("out", "jobs/run-1/FAILED_0.json"))!.size,
    };
    expect(JSON.parse(await text(store, "jobs/run-1/manifest.json"))).toEqual({
      DestinationBucket: "out",
      MapRunArn: RUN.mapRunArn,
      ResultFiles: {
        FAILED: [{ Key: "jobs/run-1/FAILED_0.json", Size: sizes.f }],
        PENDING: [],
        SUCCEEDED: [{ Key: "jobs/run-1/SUCCEEDED_0.json", Size: sizes.s }],
      },
    });
    expect(await store.get("out", "jobs/run-1/PENDING_0.json")).toBeNull();
  });

  it("no Prefix, or one ending in /: the run's folder at the root / under it", async () => {
    const store = new MemoryStore(["out"]);
    expect(await writeResults(store, spec({ parameters: { Bucket: "out" } }), RUN, chunks([]))).toEqual({
      MapRunArn: RUN.mapRunArn,
      ResultWriterDetails: { Bucket: "out", Key: "run-1/manifest.json" },
    });
    expect(JSON.parse(await text(store, "run-1/manifest.json")).ResultFiles).toEqual({ FAILED: [], PENDING: [], SUCCEEDED: [] });
    const out = await writeResults(store, spec({ parameters: { Bucket: "out", Prefix: "a/" } }), RUN, chunks([]));
    expect(out.ResultWriterDetails).toEqual({ Bucket: "out", Key: "a/run-1/manifest.json" });
  });

  it("COMPACT and FLATTEN with JSONL: outputs only (arrays spread by FLATTEN), failures unchanged", async () => {
    const store = new MemoryStore(["out"]);
    const records = [rec(0, "SUCCEEDED", [1, 2]), rec(1, "SUCCEEDED", { a: 1 })];
    await writeResults(store, spec({ outputType: "JSONL", transformation: "FLATTEN" }), RUN, chunks(records));
    expect(await text(store, "jobs/run-1/SUCCEEDED_0.json")).toBe('1\n2\n{"a":1}\n');
    await writeResults(store, spec({ outputType: "JSONL", transformation: "COMPACT" }), RUN, chunks(records, [rec(2, "FAILED")]));
    expect(await text(store, "jobs/run-1/SUCCEEDED_0.json")).toBe('[1,2]\n{"a":1}\n');
    expect(JSON.parse((await text(store, "jobs/run-1/FAILED_0.json")).trim())).toMatchObject({
      Status: "FAILED",
      Error: "Boom",
      Cause: "it broke",
    });
  });

  it("splits a status's results into files of at most 5 MiB, sizes in the manifest", async () => {
    const store = new MemoryStore(["out"]);
    const big = "x".repeat(1024 * 1024);
    const records = Array.from({ length: 11 }, (_, i) => rec(i, "SUCCEEDED", big));
    await writeResults(store, spec({ transformation: "COMPACT" }), RUN, chunks(records.slice(0, 5), records.slice(5)));
    const manifest = JSON.parse(await text(store, "jobs/run-1/manifest.json"));
    expect(manifest.ResultFiles.SUCCEEDED.map((f: { Key: string }) => f.Key)).toEqual([
      "jobs/run-1/SUCCEEDED_0.json",
      "jobs/run-1/SUCCEEDED_1.json",
      "jobs/run-1/SUCCEEDED_2.json",
    ]);
    for (const f of manifest.ResultFiles.SUCCEEDED) {
      const o = (await store.get("out", f.Key))!;
      expect(o.size).toBe(f.Size);
      expect(o.size).toBeLessThanOrEqual(MAX_RESULT_FILE_BYTES);
    }
    expect(JSON.parse(await text(store, "jobs/run-1/SUCCEEDED_0.json"))).toHaveLength(4);
    expect(JSON.parse(await text(store, "jobs/run-1/SUCCEEDED_2.json"))).toHaveLength(3);
  });

  it("a missing bucket or a failing store is States.ResultWriterFailed", async () => {
    const noBucket: ObjectStore = {
      get: async () => null,
      list: async () => ({ objects: [] }),
      put: async (b) => Promise.reject(new NoSuchBucketError(b)),
    };
    await expect(writeResults(noBucket, spec(), RUN, chunks([rec(0, "SUCCEEDED", 1)]))).rejects.toMatchObject({
      error: "States.ResultWriterFailed",
      cause: "The specified bucket does not exist: out",
    });
    const flaky: ObjectStore = { ...noBucket, put: async () => Promise.reject(new Error("network down")) };
    await expect(writeResults(flaky, spec(), RUN, chunks([]))).rejects.toMatchObject({
      error: "States.ResultWriterFailed",
      cause: "network down",
    });
    await expect(writeResults(flaky, spec({ parameters: { Prefix: "p" } }), RUN, chunks([]))).rejects.toMatchObject({
      error: "States.ResultWriterFailed",
      cause: "The ResultWriter's Bucket parameter must be a non-empty string.",
    });
  });
});

describe("inlineResults", () => {
  it("COMPACT by default, in item order; FLATTEN spreads arrays; NONE gives execution objects", () => {
    const records = [rec(1, "SUCCEEDED", [3, 4]), rec(0, "SUCCEEDED", "zero")];
    expect(inlineResults({ parameters: {} }, records)).toEqual(["zero", [3, 4]]);
    expect(inlineResults({ parameters: {}, transformation: "FLATTEN" }, records)).toEqual(["zero", 3, 4]);
    expect(inlineResults({ parameters: {}, transformation: "NONE" }, [rec(0, "SUCCEEDED", 1)])).toEqual([
      expect.objectContaining({ Name: "n0", Output: "1", Status: "SUCCEEDED" }),
    ]);
  });
});
