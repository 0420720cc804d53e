/**
 * ResultWriter: the child executions' results exported to S3 in AWS's layout under
 * `<Prefix>/<mapRunId>/`: `SUCCEEDED_0.json`, `FAILED_0.json` (failed, timed out and aborted
 * children), `PENDING_0.json`, one file per status that has records, then `manifest.json` listing them.
 * A file is closed at 5 MiB (`MAX_RESULT_FILE_BYTES`) and the next one (`_1`, `_2`, ...) begun, so
 * memory holds at most one open file per status. Records are written in the order they arrive.
 *
 * WriterConfig: OutputType JSON (an array per file) or JSONL (one value per line); Transformation NONE
 * (AWS's execution objects, the default when exporting), COMPACT (each succeeded child's output) or
 * FLATTEN (as COMPACT, with array outputs spread into their elements). A failed child's record stays
 * as NONE writes it. Without a Resource, `inlineResults` gives the results as the Map's output instead.
 */
import { encodeUtf8, utf8Length } from "../intrinsics/utf8.ts";
import { StatesError, type JSONObject, type JSONValue } from "../types.ts";
import type { ChildRecord, ObjectStore, WriterSpec } from "./types.ts";

/** A result file is closed before it would pass this many bytes (5 MiB), unless it holds one record only. */
export const MAX_RESULT_FILE_BYTES = 5 * 1024 * 1024;

type FileStatus = "SUCCEEDED" | "FAILED" | "PENDING";
const ORDER: FileStatus[] = ["FAILED", "PENDING", "SUCCEEDED"];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A child execution as AWS's result files hold it (Transformation NONE). */
export function executionRecord(r: ChildRecord): JSONObject {
  const o: JSONObject = {};
  if (r.cause != null) o.Cause = r.cause;
  if (r.error != null) o.Error = r.error;
  o.ExecutionArn = r.executionArn;
  o.Input = JSON.stringify(r.input);
  o.InputDetails = { Included: true };
  o.Name = r.name;
  if (r.output !== undefined) {
    o.Output = JSON.stringify(r.output);
    o.OutputDetails = { Included: true };
  }
  o.RedriveCount = 0;
  if (r.status === "SUCCEEDED" || r.status === "PENDING") {
    o.RedriveStatus = "NOT_REDRIVABLE";
    o.RedriveStatusReason = `Execution is ${r.status === "PENDING" ? "RUNNING" : r.status} and cannot be redriven`;
  } else {
    o.RedriveStatus = "REDRIVABLE_BY_MAP_RUN";
  }
  o.StartDate = iso(r.startDate);
  o.StateMachineArn = r.stateMachineArn;
  o.Status = r.status;
  if (r.stopDate !== undefined) o.StopDate = iso(r.stopDate);
  return o;
}

/** The values one record contributes under a Transformation. */
function transformed(r: ChildRecord, transformation: WriterSpec["transformation"]): JSONValue[] {
  if (transformation === "NONE" || r.status !== "SUCCEEDED") return [executionRecord(r)];
  const out = r.output === undefined ? null : r.output;
  return transformation === "FLATTEN" && Array.isArray(out) ? out : [out];
}

/** The Map's output when WriterConfig comes without a Resource: the results, transformed (COMPACT by default), in item order. */
export function inlineResults(spec: WriterSpec, records: ChildRecord[]): JSONValue {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  return sorted.flatMap((r) => transformed(r, spec.transformation ?? "COMPACT"));
}

function fileStatus(s: ChildRecord["status"]): FileStatus {
  return s === "SUCCEEDED" ? "SUCCEEDED" : s === "PENDING" ? "PENDING" : "FAILED";
}

function bytesOf(text: string): number {
  encodeUtf8(text);
  return utf8Length;
}

class ResultFiles {
  readonly written: Record<FileStatus, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  private readonly open: Record<FileStatus, { parts: string[]; bytes: number }> = {
    FAILED: { parts: [], bytes: 0 },
    PENDING: { parts: [], bytes: 0 },
    SUCCEEDED: { parts: [], bytes: 0 },
  };
  private readonly store: ObjectStore;
  private readonly bucket: string;
  private readonly dir: string;
  private readonly jsonl: boolean;

  constructor(store: ObjectStore, bucket: string, dir: string, jsonl: boolean) {
    this.store = store;
    this.bucket = bucket;
    this.dir = dir;
    this.jsonl = jsonl;
  }

  async add(status: FileStatus, value: JSONValue): Promise<void> {
    const text = JSON.stringify(value);
    const size = bytesOf(text);
    const f = this.open[status];
    // JSON: "[" + values joined by "," + "]"; JSONL: each value and "\n".
    const grown = f.parts.length === 0 ? size + (this.jsonl ? 1 : 2) : f.bytes + size + 1;
    if (f.parts.length > 0 && grown > MAX_RESULT_FILE_BYTES) {
      await this.close(status);
      return this.add(status, value);
    }
    f.parts.push(text);
    f.bytes = grown;
  }

  async close(status: FileStatus): Promise<void> {
    const f = this.open[status];
    if (f.parts.length === 0) return;
    const body = this.jsonl ? f.parts.join("\n") + "\n" : "[" + f.parts.join(",") + "]";
    const key = `${this.dir}${status}_${this.written[status].length}.json`;
    await this.store.put(this.bucket, key, body);
    this.written[status].push({ Key: key, Size: f.bytes });
    this.open[status] = { parts: [], bytes: 0 };
  }
}

/** Writes the result files and the manifest; returns the Map state's output. */
export async function writeResults(
  store: ObjectStore,
  spec: WriterSpec,
  run: { mapRunArn: string; mapRunId: string },
  records: AsyncIterable<ChildRecord[]>,
): Promise<JSONObject> {
  const bucket = spec.parameters?.Bucket;
  const prefix = spec.parameters?.Prefix ?? "";
  if (typeof bucket !== "string" || bucket === "")
    throw new StatesError("States.ResultWriterFailed", "The ResultWriter's Bucket parameter must be a non-empty string.");
  if (typeof prefix !== "string")
    throw new StatesError("States.ResultWriterFailed", "The ResultWriter's Prefix parameter must be a string.");
  const dir = `${prefix === "" || prefix.endsWith("/") ? prefix : prefix + "/"}${run.mapRunId}/`;
  const transformation = spec.transformation ?? "NONE";
  try {
    const files = new ResultFiles(store, bucket, dir, spec.outputType === "JSONL");
    for await (const chunk of records) {
      for (const r of chunk) for (const v of transformed(r, transformation)) await files.add(fileStatus(r.status), v);
    }
    for (const s of ORDER) await files.close(s);
    const manifestKey = `${dir}manifest.json`;
    const manifest = { DestinationBucket: bucket, MapRunArn: run.mapRunArn, ResultFiles: files.written };
    await store.put(bucket, manifestKey, JSON.stringify(manifest));
    return { MapRunArn: run.mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
  } catch (e) {
    if (e instanceof StatesError) throw e;
    throw new StatesError("States.ResultWriterFailed", e instanceof Error ? e.message : String(e));
  }
}
