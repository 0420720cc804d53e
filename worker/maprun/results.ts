/**
 * How a Map Run ends: its results (in item order, inline or written by the ResultWriter a page of rows
 * at a time) or its error (the tolerated failure threshold passed, the reader or the writer failed).
 */
import { MAX_PAYLOAD_BYTES, StatesError, type JSONValue, type TaskOutcome } from "../../shared/asl/index.ts";
import { resultOf } from "../../shared/asl/distributed/local.ts";
import { childExecutionArn, childName } from "../../shared/asl/distributed/names.ts";
import { EXCEEDED, exceedsTolerance } from "../../shared/asl/distributed/tolerance.ts";
import type { ChildRecord } from "../../shared/asl/distributed/types.ts";
import { inlineResults, writeResults } from "../../shared/asl/distributed/writer.ts";
import type { Env } from "../env.ts";
import type { ChildRow, RunState, RunStore } from "./store.ts";
import { mapRunSurroundings as around } from "./surroundings.ts";

const PAGE = 1000;

export async function outcomeOf(env: Env, s: RunState, runs: RunStore): Promise<TaskOutcome> {
  const exceeded = s.exceeded === true || (s.failed > 0 && exceedsTolerance(s, s.failed, s.children));
  try {
    const writer = s.spec.writer;
    if (writer?.resource) {
      const output = await writeResults(
        around.store(env),
        writer,
        { mapRunArn: s.spec.mapRunArn, mapRunId: s.spec.mapRunId },
        pages(s, runs),
      );
      return exceeded ? EXCEEDED : { output };
    }
    if (exceeded) return EXCEEDED;
    if (writer) {
      const all: ChildRecord[] = [];
      for await (const page of pages(s, runs)) all.push(...page);
      return { output: inlineResults(writer, all) };
    }
    return inline(s, runs);
  } catch (e) {
    if (e instanceof StatesError) return { error: e.error, cause: e.cause };
    throw e;
  }
}

/** The results as the Map's output, refused as AWS does once they pass the payload limit. */
async function inline(s: RunState, runs: RunStore): Promise<TaskOutcome> {
  const out: JSONValue[] = [];
  let bytes = 2;
  for await (const page of pages(s, runs)) {
    for (const r of page) {
      const v = resultOf(r);
      bytes += JSON.stringify(v).length + 1;
      if (bytes > MAX_PAYLOAD_BYTES)
        return {
          error: "States.DataLimitExceeded",
          cause: `The Map Run's results are over ${MAX_PAYLOAD_BYTES} bytes: write them with a ResultWriter`,
        };
      out.push(v);
    }
  }
  return { output: out };
}

async function* pages(s: RunState, runs: RunStore): AsyncGenerator<ChildRecord[]> {
  let after = -1;
  for (;;) {
    const rows = runs.page(after, PAGE);
    if (!rows.length) return;
    yield rows.map((r) => recordOf(s, r));
    after = rows[rows.length - 1].idx;
  }
}

function recordOf(s: RunState, r: ChildRow): ChildRecord {
  const name = childName(s.spec.mapRunId, r.idx);
  const status = r.status === "RUNNING" ? "ABORTED" : r.status;
  const record: ChildRecord = {
    index: r.idx,
    name,
    executionArn: childExecutionArn(s.spec.childMachineArn, name),
    stateMachineArn: s.spec.childMachineArn,
    status,
    input: JSON.parse(r.input) as JSONValue,
    startDate: r.start ?? s.startDate,
  };
  if (r.stop !== null) record.stopDate = r.stop;
  if (r.output !== null) record.output = JSON.parse(r.output) as JSONValue;
  if (status !== "SUCCEEDED" && status !== "PENDING") {
    record.error = r.error;
    record.cause = r.cause;
  }
  return record;
}
