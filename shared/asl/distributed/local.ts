/**
 * A Map Run in one process (the local runner, the conformance evaluator, tests): items from the
 * reader or the input, ItemSelector and ItemBatcher applied, each child run by the caller's
 * `runChild`, at most MaxConcurrency at a time, failures counted against the tolerated thresholds,
 * results returned in item order or written by the ResultWriter. Durable hosts have their own
 * coordinator (the worker's Map Run object); this one keeps the results in memory.
 */
import { StatesError, type JSONValue } from "../types.ts";
import type { TaskOutcome } from "../runtime/types.ts";
import { Batcher } from "./batcher.ts";
import { childExecutionArn, childName } from "./names.ts";
import { openReader } from "./reader.ts";
import { makeSelector, type Randomness } from "./select.ts";
import { exceedsTolerance, EXCEEDED } from "./tolerance.ts";
import type { ChildRecord, MapRunSpec, ObjectStore } from "./types.ts";
import { inlineResults, writeResults } from "./writer.ts";

export interface ChildRun {
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  output?: JSONValue;
  error?: string | null;
  cause?: string | null;
  startTime: number;
  stopTime: number;
}

export interface LocalMapRunHost extends Randomness {
  store: ObjectStore;
  runChild(input: JSONValue, name: string, executionArn: string): Promise<ChildRun>;
  /** Children at once when MaxConcurrency is 0 (default 1000). */
  concurrencyCap?: number;
}

const PAGE = 1000;

/** Each child's input, in order: items read (or given), selected, then batched. */
export async function* childInputs(spec: MapRunSpec, host: LocalMapRunHost): AsyncGenerator<JSONValue> {
  const select = spec.selector ? makeSelector(spec.selector, host) : undefined;
  const batcher = spec.batcher ? new Batcher(spec.batcher) : undefined;
  let index = 0;
  function* take(items: JSONValue[]): Generator<JSONValue> {
    for (const item of items) {
      const selected = select ? select(index, item) : item;
      index++;
      if (batcher) yield* batcher.add(selected);
      else yield selected;
    }
  }
  if (spec.items) yield* take(spec.items);
  else if (spec.reader) {
    const reader = openReader(host.store, spec.reader);
    for (;;) {
      const page = await reader.next(PAGE);
      yield* take(page.items);
      if (page.done) break;
    }
  }
  const last = batcher?.flush();
  if (last) yield last;
}

export async function runMapRunLocally(spec: MapRunSpec, host: LocalMapRunHost): Promise<TaskOutcome> {
  const records: ChildRecord[] = [];
  const limit = spec.maxConcurrency > 0 ? spec.maxConcurrency : (host.concurrencyCap ?? 1000);
  const running = new Set<Promise<void>>();
  let failed = 0;
  let exceeded = false;
  const runOne = async (index: number, input: JSONValue) => {
    const name = childName(spec.mapRunId, index);
    const executionArn = childExecutionArn(spec.childMachineArn, name);
    const r = await host.runChild(input, name, executionArn);
    const record: ChildRecord = {
      index,
      name,
      executionArn,
      stateMachineArn: spec.childMachineArn,
      status: r.status,
      input,
      startDate: r.startTime,
    };
    record.stopDate = r.stopTime;
    if (r.status === "SUCCEEDED") record.output = r.output ?? null;
    else {
      record.error = r.error ?? null;
      record.cause = r.cause ?? null;
      failed++;
      if (exceedsTolerance(spec, failed, undefined)) exceeded = true;
    }
    records[index] = record;
  };
  let total = 0;
  try {
    for await (const input of childInputs(spec, host)) {
      if (exceeded) break;
      const p: Promise<void> = runOne(total++, input).finally(() => running.delete(p));
      running.add(p);
      if (running.size >= limit) await Promise.race(running);
    }
    await Promise.all(running);
  } catch (e) {
    await Promise.allSettled(running);
    if (e instanceof StatesError) return { error: e.error, cause: e.cause };
    throw e;
  }
  if (!exceeded && failed > 0 && exceedsTolerance(spec, failed, total)) exceeded = true;
  const done = records.filter((r) => r !== undefined);
  let output: JSONValue;
  try {
    output = await finish(spec, host, done);
  } catch (e) {
    if (e instanceof StatesError) return { error: e.error, cause: e.cause };
    throw e;
  }
  return exceeded ? EXCEEDED : { output };
}

async function finish(spec: MapRunSpec, host: LocalMapRunHost, records: ChildRecord[]): Promise<JSONValue> {
  if (spec.writer?.resource) {
    const run = { mapRunArn: spec.mapRunArn, mapRunId: spec.mapRunId };
    return writeResults(
      host.store,
      spec.writer,
      run,
      (async function* () {
        yield records;
      })(),
    );
  }
  if (spec.writer) return inlineResults(spec.writer, records);
  return records.map(resultOf);
}

/** A child's place in the Map's output: its output, or its error and cause when the failure was tolerated. */
export function resultOf(r: ChildRecord): JSONValue {
  if (r.status === "SUCCEEDED") return r.output ?? null;
  return { Error: r.error ?? null, Cause: r.cause ?? null };
}
