// Distributed Map in workerd: Map Runs with STANDARD children (executions of their own) and EXPRESS children
// (run in the Map Run's object), items from R2, batches, results written to R2, tolerated failures, stops,
// bad input with AWS's error names, and a Map Run object that crashes half way.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe as group, expect, it } from "vitest";
import { call, get, post } from "./api-client.ts";
import { describe, enc, events, output, resetClock, types } from "./e2e-helpers.ts";
import { mapRunDefaults, mapRunSurroundings } from "../../worker/maprun/surroundings.ts";
import { childrenOf, crashMapRun, describeRun, mapRunsOf, runMapToEnd } from "./map-run-helpers.ts";

beforeEach(resetClock);

let seq = 0;
async function machine(definition: object): Promise<string> {
  const name = `dmap-${++seq}`;
  const r = await post("/state-machines", { name, definition });
  if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
  return name;
}

async function run(definition: object, input: unknown, standardChildren = true): Promise<{ arn: string; d: any }> {
  const name = await machine(definition);
  const r = await post(`/state-machines/${name}/executions`, { input });
  expect(r.status).toBe(201);
  const arn = r.body.executionArn;
  return { arn, d: await runMapToEnd(arn, 200, standardChildren) };
}

const distributed = (type: "STANDARD" | "EXPRESS", states: object, startAt = "Work") => ({
  ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: type },
  StartAt: startAt,
  States: states,
});

const double = { Work: { Type: "Pass", Parameters: { "n.$": "$.value", "twice.$": "States.MathAdd($.value, $.value)" }, End: true } };
const failIfBad = {
  Check: { Type: "Choice", Choices: [{ Variable: "$.bad", BooleanEquals: true, Next: "Boom" }], Default: "Fine" },
  Boom: { Type: "Fail", Error: "Item.Bad", Cause: "bad item" },
  Fine: { Type: "Pass", End: true },
};

group("Distributed Map", () => {
  it("runs STANDARD children as executions of their own, in item order, with ItemSelector and a Label", async () => {
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          Label: "Doubler",
          ItemsPath: "$.items",
          ItemSelector: { "value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index" },
          MaxConcurrency: 2,
          ItemProcessor: distributed("STANDARD", double),
          End: true,
        },
      },
    };
    const { arn, d } = await run(definition, { items: [1, 2, 3, 4, 5] });
    expect(d.status).toBe("SUCCEEDED");
    expect(output(d)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, twice: 2 * n })));
    const evs = await events(arn);
    expect(types(evs)).toEqual([
      "ExecutionStarted",
      "MapStateEntered",
      "MapRunStarted",
      "MapRunSucceeded",
      "MapStateSucceeded",
      "MapStateExited",
      "ExecutionSucceeded",
    ]);
    const [mapRunArn] = await mapRunsOf(arn);
    expect(mapRunArn).toMatch(/^arn:aws:states:[^:]+:\d{12}:mapRun:dmap-\d+\/Doubler:[0-9a-f-]{36}$/);
    const run1 = await describeRun(mapRunArn);
    expect(run1).toMatchObject({ status: "SUCCEEDED", executionArn: arn, maxConcurrency: 2 });
    expect(run1!.executionCounts).toMatchObject({ succeeded: 5, total: 5, running: 0, pending: 0, failed: 0 });
    expect(run1!.itemCounts).toMatchObject({ succeeded: 5, total: 5 });
    // each child is an execution with its own history, listed under the Map Run
    const children = await childrenOf(mapRunArn);
    expect(new Set(children).size).toBe(5);
    const child = await describe(children[2]);
    expect(child).toMatchObject({ status: "SUCCEEDED" });
    expect(JSON.parse(child.input)).toEqual({ value: 3, index: 2 });
    expect(child.stateMachineArn).toMatch(/:stateMachine:dmap-\d+\/Doubler$/);
    expect(types(await events(children[2]))).toEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
    const rows = await env.DB.prepare("SELECT arn FROM executions WHERE state_machine_arn = ?").bind(mapRunArn).all();
    expect(rows.results.map((r: any) => r.arn).sort()).toEqual([...children].sort());
    // the REST API over the real object and its D1 row: ListMapRuns, DescribeMapRun, the children listing
    const listed = await get(`/executions/${encodeURIComponent(arn)}/map-runs`);
    expect(listed.status).toBe(200);
    expect(listed.body.mapRuns).toEqual([expect.objectContaining({ mapRunArn, executionArn: arn, stopDate: expect.any(String) })]);
    const described = await get(`/map-runs/${encodeURIComponent(mapRunArn)}`);
    expect(described.body).toMatchObject({
      mapRunArn,
      status: "SUCCEEDED",
      maxConcurrency: 2,
      executionCounts: { succeeded: 5, total: 5 },
    });
    const kids = await get(`/executions?mapRun=${encodeURIComponent(mapRunArn)}`);
    expect(kids.body.executions.map((e: any) => e.executionArn).sort()).toEqual([...children].sort());
    expect(kids.body.executions.every((e: any) => e.mapRunArn === mapRunArn && e.status === "SUCCEEDED")).toBe(true);
  });

  it("reads JSONL items from R2, batches them for EXPRESS children and writes the results to R2 (ResultWriter)", async () => {
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ id: i })).join("\n");
    await env.FILES.put("in/items.jsonl", lines);
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemReader: {
            Resource: "arn:aws:states:::s3:getObject",
            ReaderConfig: { InputType: "JSONL" },
            Parameters: { Bucket: "files", Key: "in/items.jsonl" },
          },
          ItemBatcher: { MaxItemsPerBatch: 10, BatchInput: { "run.$": "$.run" } },
          ItemProcessor: distributed(
            "EXPRESS",
            { Count: { Type: "Pass", Parameters: { "count.$": "States.ArrayLength($.Items)", "run.$": "$.BatchInput.run" }, End: true } },
            "Count",
          ),
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "files", Prefix: "out" } },
          End: true,
        },
      },
    };
    const { arn, d } = await run(definition, { run: "r1" }, false);
    expect(d.status).toBe("SUCCEEDED");
    const [mapRunArn] = await mapRunsOf(arn);
    const id = mapRunArn.slice(mapRunArn.lastIndexOf(":") + 1);
    expect(output(d)).toEqual({ MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: "files", Key: `out/${id}/manifest.json` } });
    const manifest = JSON.parse(await (await env.FILES.get(`out/${id}/manifest.json`))!.text());
    expect(manifest.MapRunArn).toBe(mapRunArn);
    expect(manifest.ResultFiles.SUCCEEDED).toHaveLength(1);
    const results = JSON.parse(await (await env.FILES.get(manifest.ResultFiles.SUCCEEDED[0].Key))!.text());
    expect(results.map((r: any) => JSON.parse(r.Output))).toEqual([
      { count: 10, run: "r1" },
      { count: 10, run: "r1" },
      { count: 5, run: "r1" },
    ]);
    expect((await describeRun(mapRunArn))!.itemCounts).toMatchObject({ succeeded: 25, total: 25 });
    expect((await describeRun(mapRunArn))!.executionCounts).toMatchObject({ succeeded: 3, total: 3 });
  });

  it("tolerates failed children up to ToleratedFailureCount, then fails with States.ExceedToleratedFailureThreshold", async () => {
    const items = [{ bad: false }, { bad: true }, { bad: false }, { bad: true }];
    const map = (count: number) => ({
      StartAt: "Each",
      States: { Each: { Type: "Map", ToleratedFailureCount: count, ItemProcessor: distributed("EXPRESS", failIfBad, "Check"), End: true } },
    });
    const ok = await run(map(2), items, false);
    expect(ok.d.status).toBe("SUCCEEDED");
    expect(output(ok.d)).toEqual([
      { bad: false },
      { Error: "Item.Bad", Cause: "bad item" },
      { bad: false },
      { Error: "Item.Bad", Cause: "bad item" },
    ]);
    const over = await run(map(1), items, false);
    expect(over.d.status).toBe("FAILED");
    expect(over.d.error).toBe("States.ExceedToleratedFailureThreshold");
    const evs = await events(over.arn);
    expect(types(evs)).toContain("MapRunFailed");
    // no tolerance given: one failed child fails the run
    const none = await run(
      { StartAt: "Each", States: { Each: { Type: "Map", ItemProcessor: distributed("STANDARD", failIfBad, "Check"), End: true } } },
      [{ bad: true }],
    );
    expect(none.d.error).toBe("States.ExceedToleratedFailureThreshold");
  });

  it("names bad input with AWS's errors: a missing object, a non-array JSON object, a malformed CSV line, an item over 256 KiB", async () => {
    await env.FILES.put("bad/object.json", JSON.stringify({ Hello: "world" }));
    await env.FILES.put("bad/quote.csv", 'a,b\n1,"unterminated\n');
    await env.FILES.put("bad/big.jsonl", JSON.stringify({ big: "x".repeat(270_000) }));
    const reading = (Key: string, InputType: string) => ({
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemReader: {
            Resource: "arn:aws:states:::s3:getObject",
            ReaderConfig: { InputType, CSVHeaderLocation: "FIRST_ROW" },
            Parameters: { Bucket: "files", Key },
          },
          ItemProcessor: distributed("EXPRESS", { Work: { Type: "Pass", End: true } }),
          End: true,
        },
      },
    });
    for (const [key, type, cause] of [
      ["bad/missing.json", "JSON", /does not exist/],
      ["bad/object.json", "JSON", /^Attempting to map over non-iterable node\.$/],
      ["bad/quote.csv", "CSV", /line 2/],
      ["bad/big.jsonl", "JSONL", /262144|256/],
    ] as const) {
      const { d } = await run(reading(key, type), {}, false);
      expect(d.status, key).toBe("FAILED");
      expect(d.error, key).toBe("States.ItemReaderFailed");
      expect(d.cause, key).toMatch(cause);
    }
  });

  it("stopping the parent aborts the Map Run and its running STANDARD children", async () => {
    const wait = { Hold: { Type: "Wait", Seconds: 3600, End: true } };
    const name = await machine({
      StartAt: "Each",
      States: { Each: { Type: "Map", ItemProcessor: distributed("STANDARD", wait, "Hold"), End: true } },
    });
    const arn = (await post(`/state-machines/${name}/executions`, { input: [1, 2, 3] })).body.executionArn;
    for (let i = 0; i < 5 && !(await mapRunsOf(arn)).length; i++) await runMapToEnd(arn, 1).catch(() => undefined);
    const [mapRunArn] = await mapRunsOf(arn);
    await runMapToEnd(arn, 3).catch(() => undefined);
    const children = await childrenOf(mapRunArn);
    expect(children).toHaveLength(3);
    // UpdateMapRun on the running object: the new settings are its own from then on
    const patched = await call("PATCH", `/map-runs/${enc(mapRunArn)}`, { maxConcurrency: 7, toleratedFailureCount: 1 });
    expect(patched.status).toBe(200);
    expect(await describeRun(mapRunArn)).toMatchObject({ status: "RUNNING", maxConcurrency: 7, toleratedFailureCount: 1 });
    expect((await post(`/executions/${enc(arn)}/stop`, { cause: "enough" })).status).toBe(200);
    await runMapToEnd(arn, 2).catch(() => undefined);
    for (let i = 0; i < 50 && (await describeRun(mapRunArn))!.status === "RUNNING"; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await describeRun(mapRunArn))!.status).toBe("ABORTED");
    expect(types(await events(arn))).toContain("MapRunAborted");
    for (const c of children) expect((await describe(c)).status).toBe("ABORTED");
  });

  it("resumes after its Map Run object crashes mid-run: no STANDARD child started twice, none lost", async () => {
    const name = await machine({
      StartAt: "Each",
      States: { Each: { Type: "Map", MaxConcurrency: 3, ItemProcessor: distributed("STANDARD", double), End: true } },
    });
    const items = Array.from({ length: 9 }, (_, i) => ({ value: i }));
    const arn = (await post(`/state-machines/${name}/executions`, { input: items })).body.executionArn;
    for (let i = 0; i < 5 && !(await mapRunsOf(arn)).length; i++) await runMapToEnd(arn, 1).catch(() => undefined);
    const [mapRunArn] = await mapRunsOf(arn);
    await runMapToEnd(arn, 2).catch(() => undefined);
    await crashMapRun(mapRunArn);
    const d = await runMapToEnd(arn);
    expect(d.status).toBe("SUCCEEDED");
    expect(output(d)).toEqual(items.map((x) => ({ n: x.value, twice: 2 * x.value })));
    const counts = (await describeRun(mapRunArn))!.executionCounts;
    expect(counts).toMatchObject({ succeeded: 9, total: 9 });
    const children = await childrenOf(mapRunArn);
    for (const c of children) expect((await events(c)).filter((e) => e.type === "ExecutionStarted")).toHaveLength(1);
  });

  it("a child start that keeps failing is retried after a backoff, not in a tight loop; the run ends once starts succeed", async () => {
    const name = await machine({
      StartAt: "Each",
      States: { Each: { Type: "Map", MaxConcurrency: 3, ItemProcessor: distributed("STANDARD", double), End: true } },
    });
    const items = Array.from({ length: 3 }, (_, i) => ({ value: i }));
    let offset = 0;
    let calls = 0;
    let failing = true;
    mapRunSurroundings.clock = () => Date.now() + offset;
    mapRunSurroundings.startChild = (e, start) => {
      calls++;
      if (failing) return Promise.reject(new Error("SQLITE_CANTOPEN (simulated)"));
      return mapRunDefaults.startChild(e, start);
    };
    try {
      const arn = (await post(`/state-machines/${name}/executions`, { input: items })).body.executionArn;
      // the parent's and the Map Run's alarms, round by round, until the Map Run has tried to start its children
      for (let i = 0; i < 10 && calls === 0; i++) await runMapToEnd(arn, 1, false).catch(() => undefined);
      const [mapRunArn] = await mapRunsOf(arn);
      const stub = env.MAP_RUNS.getByName(mapRunArn);
      const alarmAt = () => runInDurableObject(stub, (_o: unknown, st: DurableObjectState) => st.storage.getAlarm());
      // each child tried once, and the next try is set for its backoff (1 s), not at once nor at the 30 s watchdog
      expect(calls).toBe(3);
      const at = (await alarmAt())!;
      expect(at - mapRunSurroundings.clock()).toBeGreaterThan(0);
      expect(at - mapRunSurroundings.clock()).toBeLessThanOrEqual(1000);
      // before the backoff has passed, an alarm tries nothing
      await runDurableObjectAlarm(stub);
      expect(calls).toBe(3);
      offset += 1100;
      await runDurableObjectAlarm(stub);
      expect(calls).toBe(6);
      // the second failure waits twice as long
      expect((await alarmAt())! - mapRunSurroundings.clock()).toBeGreaterThan(1000);
      failing = false;
      offset += 2100;
      const d = await runMapToEnd(arn);
      expect(d.status).toBe("SUCCEEDED");
      expect(output(d)).toEqual(items.map((x) => ({ n: x.value, twice: 2 * x.value })));
      expect(calls).toBe(9);
      for (const c of await childrenOf(mapRunArn)) expect((await events(c)).filter((e) => e.type === "ExecutionStarted")).toHaveLength(1);
    } finally {
      Object.assign(mapRunSurroundings, mapRunDefaults);
    }
  });

  it("answers DescribeExecution, GetExecutionHistory and ListExecutions for a child through the REST API", async () => {
    const { arn } = await run(
      { StartAt: "Each", States: { Each: { Type: "Map", ItemProcessor: distributed("STANDARD", double), End: true } } },
      [{ value: 7 }],
    );
    const [mapRunArn] = await mapRunsOf(arn);
    const [child] = await childrenOf(mapRunArn);
    expect((await get(`/executions/${enc(child)}`)).body.status).toBe("SUCCEEDED");
    expect((await get(`/executions/${enc(child)}/history`)).status).toBe(200);
  });
});
