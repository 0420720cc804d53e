// Redrive with Map states in workerd: a Distributed Map's parent redriven redrives its Map Run (the same
// one): only the children that failed run again (STANDARD: each redriven, same ARN), the succeeded ones'
// results stand; an inline Map reruns only its failed iterations.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Dispatcher, TaskCall } from "../../worker/execution/contract.ts";
import { surroundings } from "../../worker/execution/surroundings.ts";
import { mapRunDefaults, mapRunSurroundings } from "../../worker/maprun/surroundings.ts";
import { runMapRunExpressChild, withMapRuns } from "../../worker/service/map-run-children.ts";
import { mapRunObject } from "../../worker/service/stubs.ts";
import { get, post } from "./api-client.ts";
import { describe as describeExecution, enc, events, output, resetClock, runToEnd, types } from "./e2e-helpers.ts";
import { childrenOf, describeRun, mapRunsOf, runMapToEnd } from "./map-run-helpers.ts";

const FLAKY = "arn:aws:lambda:us-east-1:123456789012:function:process-item";
/** Items with `bad` fail until healed; every call is counted by item. */
const flaky = { healed: false, calls: new Map<number, number>() };
const fake: Dispatcher = {
  problem: () => null,
  dispatch: async (call: TaskCall) => {
    const input = call.input as { n: number; bad?: boolean };
    flaky.calls.set(input.n, (flaky.calls.get(input.n) ?? 0) + 1);
    if (input.bad && !flaky.healed) return { error: "Item.Flaky", cause: `item ${input.n} not yet` };
    return { output: { done: input.n } };
  },
};

beforeEach(() => {
  resetClock();
  surroundings.dispatcher = (env) => withMapRuns(env, fake);
  mapRunSurroundings.runExpressChild = (env, child) => runMapRunExpressChild(env, child, fake);
  flaky.healed = false;
  flaky.calls.clear();
});
afterEach(() => Object.assign(mapRunSurroundings, mapRunDefaults));

const work = { StartAt: "Work", States: { Work: { Type: "Task", Resource: FLAKY, End: true } } };
const items = [{ n: 1 }, { n: 2, bad: true }, { n: 3 }, { n: 4, bad: true }];

async function machine(name: string, map: object): Promise<void> {
  const r = await post("/state-machines", { name, definition: { StartAt: "Each", States: { Each: { Type: "Map", ...map, End: true } } } });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
}

describe("redrive and Map states", () => {
  it("a Distributed Map (STANDARD children): the same Map Run runs its failed children again, redriven; the others stand", async () => {
    await machine("dmap-redrive", { ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, ...work } });
    const arn = (await post("/state-machines/dmap-redrive/executions", { input: items })).body.executionArn;
    const failed = await runMapToEnd(arn);
    expect(failed.status).toBe("FAILED");
    const [mapRunArn] = await mapRunsOf(arn);
    expect((await describeRun(mapRunArn))!.status).toBe("FAILED");
    const children = await childrenOf(mapRunArn);
    const before = await Promise.all(children.map((c) => describeExecution(c)));
    const succeededBefore = children.filter((_, i) => before[i].status === "SUCCEEDED");
    const failedBefore = before.flatMap((d, i) => (d.status === "SUCCEEDED" ? [] : [i]));
    expect(succeededBefore.length).toBeGreaterThan(0);

    flaky.healed = true;
    const r = await post(`/executions/${enc(arn)}/redrive`, {});
    expect(r.status).toBe(200);
    // the parent hands the redrive to the Map Run, which starts its failed children again (redriven)
    await runDurableObjectAlarm(env.EXECUTIONS.getByName(arn));
    await runDurableObjectAlarm(env.MAP_RUNS.getByName(mapRunArn));
    const redriving = (await describeRun(mapRunArn))!;
    expect(redriving).toMatchObject({ status: "RUNNING", redriveCount: 1 });
    expect(redriving.executionCounts.failed + redriving.executionCounts.aborted).toBe(0);
    // a late report of the first attempt's end (attempt 0) counts for nothing now
    const stale = failedBefore[0];
    await mapRunObject(env, mapRunArn).childEnded({
      index: stale,
      status: "FAILED",
      error: "Old",
      cause: "late",
      startTime: 0,
      stopTime: 1,
      attempt: 0,
    });
    expect((await describeRun(mapRunArn))!.executionCounts).toMatchObject({ failed: 0, running: redriving.executionCounts.running });
    const done = await runMapToEnd(arn);
    expect(done).toMatchObject({ status: "SUCCEEDED", redriveCount: 1 });
    expect(output(done)).toEqual([1, 2, 3, 4].map((n) => ({ done: n })));
    // the same Map Run, redriven once; the parent's history says so
    expect(await mapRunsOf(arn)).toEqual([mapRunArn]);
    expect(await describeRun(mapRunArn)).toMatchObject({
      status: "SUCCEEDED",
      redriveCount: 1,
      executionCounts: { succeeded: 4, total: 4 },
    });
    // ListMapRuns (D1) follows the redrive to its new end (AWS's list items carry no status: its stop date)
    const stopDate = new Date((await describeRun(mapRunArn))!.stopDate!).toISOString();
    expect((await get(`/executions/${enc(arn)}/map-runs`)).body.mapRuns).toEqual([expect.objectContaining({ mapRunArn, stopDate })]);
    const evs = await events(arn);
    expect(types(evs)).toContain("MapRunRedriven");
    expect(evs.find((e) => e.type === "MapRunRedriven")).toMatchObject({ mapRunRedrivenEventDetails: { mapRunArn, redriveCount: 1 } });
    // children that had succeeded ran once; the failed ones were redriven (same ARN, ExecutionRedriven)
    for (const c of succeededBefore) expect(types(await events(c))).not.toContain("ExecutionRedriven");
    for (const n of [1, 3]) expect(flaky.calls.get(n)).toBe(1);
    for (const n of [2, 4]) expect(flaky.calls.get(n)).toBe(2);
    expect(await childrenOf(mapRunArn)).toEqual(children);
    const bad = await describeExecution(children[1]);
    expect(bad).toMatchObject({ status: "SUCCEEDED", redriveCount: 1 });
  });

  it("a Distributed Map (EXPRESS children): the failed children run again in the same Map Run", async () => {
    await machine("xmap-redrive", { ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" }, ...work } });
    const arn = (await post("/state-machines/xmap-redrive/executions", { input: items })).body.executionArn;
    expect((await runMapToEnd(arn, 200, false)).status).toBe("FAILED");
    const [mapRunArn] = await mapRunsOf(arn);
    flaky.healed = true;
    await post(`/executions/${enc(arn)}/redrive`, {});
    const done = await runMapToEnd(arn, 200, false);
    expect(done.status).toBe("SUCCEEDED");
    expect(output(done)).toEqual([1, 2, 3, 4].map((n) => ({ done: n })));
    expect(await describeRun(mapRunArn)).toMatchObject({
      status: "SUCCEEDED",
      redriveCount: 1,
      executionCounts: { succeeded: 4, total: 4 },
    });
    for (const n of [2, 4]) expect(flaky.calls.get(n)).toBe(2);
  });

  it("an inline Map: only the failed iterations run again", async () => {
    await machine("imap-redrive", { MaxConcurrency: 1, ItemProcessor: work });
    const arn = (await post("/state-machines/imap-redrive/executions", { input: items })).body.executionArn;
    expect((await runToEnd(arn)).execution.status).toBe("FAILED");
    // MaxConcurrency 1: item 1 succeeded, item 2 failed, items 3 and 4 never started
    expect([...flaky.calls.entries()]).toEqual([
      [1, 1],
      [2, 1],
    ]);
    flaky.healed = true;
    await post(`/executions/${enc(arn)}/redrive`, {});
    const { execution } = await runToEnd(arn);
    expect(execution.status).toBe("SUCCEEDED");
    expect(output(execution)).toEqual([1, 2, 3, 4].map((n) => ({ done: n })));
    expect([...flaky.calls.entries()].sort()).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 1],
    ]);
  });
});
