// An execution's Durable Object: start, Wait states on the alarm, stop, names, history paging.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { beforeEach, describe, expect, it } from "vitest";
import {
  alarmOf,
  allEvents,
  drive,
  expectNothingDue,
  history,
  listingRow,
  resetHooks,
  startArgs,
  stubOf,
  time,
} from "./execution-helpers.ts";

beforeEach(resetHooks);

const waitSeconds = (s: number) => ({
  StartAt: "Pause",
  States: { Pause: { Type: "Wait", Seconds: s, Next: "Done" }, Done: { Type: "Pass", Result: { woke: true }, End: true } },
});

describe("ExecutionObject", () => {
  it("waits 1 s on a real alarm, then succeeds and updates the listing", async () => {
    const a = startArgs(waitSeconds(1), { n: 1 });
    const stub = stubOf(a);
    const started = await stub.start(a);
    expect(started).toEqual({ ok: true, executionArn: a.executionArn, startDate: expect.any(String) });
    const startMs = Date.parse((started as { startDate: string }).startDate);
    expect(await alarmOf(stub)).toBe(startMs + 1000);
    expect((await listingRow(a.executionArn))?.status).toBe("RUNNING");
    // Nobody fires it: the platform's alarm does, about a second later.
    const deadline = Date.now() + 10_000;
    while ((await stub.describe())?.status === "RUNNING" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const d = await stub.describe();
    expect(d).toMatchObject({ status: "SUCCEEDED", output: '{"woke":true}', input: '{"n":1}' });
    // started with the machine's own ARN, not a version's: no version ARN, as AWS (its revision is kept all the same)
    expect(d).not.toHaveProperty("stateMachineVersionArn");
    expect(Date.parse(d!.stopDate!) - startMs).toBeGreaterThanOrEqual(1000);
    await expectNothingDue(stub);
    expect(await listingRow(a.executionArn)).toEqual({ status: "SUCCEEDED", start_date: startMs, stop_date: Date.parse(d!.stopDate!) });
  });

  it("waits for a timestamp days ahead: one alarm at that time; an early alarm does no harm", async () => {
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
    const a = startArgs({ StartAt: "Later", States: { Later: { Type: "Wait", Timestamp: at, End: true } } }, { x: 1 });
    const stub = stubOf(a);
    await stub.start(a);
    expect(await alarmOf(stub)).toBe(Date.parse(at));
    // Fired early (or twice): nothing happens, the alarm is set again for the same time.
    await runDurableObjectAlarm(stub);
    expect((await stub.describe())?.status).toBe("RUNNING");
    expect(await alarmOf(stub)).toBe(Date.parse(at));
    time.offset = 3 * 86_400_000;
    await drive(stub);
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '{"x":1}' });
  });

  it("stops a waiting execution: ABORTED with the error and cause, listing updated; its alarm left finds nothing due", async () => {
    const a = startArgs(waitSeconds(3600));
    const stub = stubOf(a);
    await stub.start(a);
    expect(await alarmOf(stub)).not.toBeNull();
    const stopped = await stub.stop("Halt", "stopped by the test");
    expect(stopped).toEqual({ stopDate: expect.any(String) });
    expect(await stub.describe()).toMatchObject({
      status: "ABORTED",
      error: "Halt",
      cause: "stopped by the test",
      stopDate: stopped!.stopDate,
    });
    await expectNothingDue(stub);
    expect((await listingRow(a.executionArn))?.status).toBe("ABORTED");
    const events = await allEvents(stub);
    expect(events.at(-1)).toMatchObject({
      type: "ExecutionAborted",
      executionAbortedEventDetails: { error: "Halt", cause: "stopped by the test" },
    });
    // Not running any more: nothing to stop.
    expect(await stub.stop()).toBeNull();
  });

  it("a name is taken: the same input while running is the same execution, anything else ExecutionAlreadyExists", async () => {
    const a = startArgs(waitSeconds(60), { k: 1 });
    const stub = stubOf(a);
    const first = await stub.start(a);
    expect(await stub.start(a)).toEqual(first);
    const other = await stub.start({ ...a, input: '{"k":2}' });
    expect(other).toEqual({ ok: false, error: "ExecutionAlreadyExists", message: expect.stringContaining(a.executionArn) });
    time.offset = 60_000;
    await drive(stub);
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    // Ended: even the same input is refused.
    expect(await stub.start(a)).toMatchObject({ ok: false, error: "ExecutionAlreadyExists" });
    expect((await allEvents(stub)).filter((e) => e.type === "ExecutionStarted")).toHaveLength(1);
  });

  it("an object that never started an execution answers null", async () => {
    const stub = stubOf(startArgs(waitSeconds(1)));
    expect(await stub.describe()).toBeNull();
    expect(await history(stub, {})).toBeNull();
    expect(await stub.stop()).toBeNull();
  });

  it("a failed execution shows its error and cause, and no output", async () => {
    const a = startArgs({ StartAt: "No", States: { No: { Type: "Fail", Error: "Nope", Cause: "by design" } } });
    const stub = stubOf(a);
    await stub.start(a);
    const d = await stub.describe();
    expect(d).toMatchObject({ status: "FAILED", error: "Nope", cause: "by design" });
    expect(d?.output).toBeUndefined();
    expect((await listingRow(a.executionArn))?.status).toBe("FAILED");
  });

  it("pages history oldest or newest first, with or without data", async () => {
    const states: Record<string, object> = {};
    for (let i = 0; i < 6; i++) states[`P${i}`] = i < 5 ? { Type: "Pass", Next: `P${i + 1}` } : { Type: "Pass", End: true };
    const a = startArgs({ StartAt: "P0", States: states }, { secret: "s3" });
    const stub = stubOf(a);
    await stub.start(a);
    const all = await allEvents(stub);
    expect(all.map((e) => e.id)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(all[0]).toMatchObject({ type: "ExecutionStarted", executionStartedEventDetails: { input: '{"secret":"s3"}' } });
    expect(typeof all[0].timestamp).toBe("string");
    expect(new Date(all[0].timestamp as string).toISOString()).toBe(all[0].timestamp);

    const pages = async (reverseOrder: boolean, includeExecutionData: boolean) => {
      const ids: number[][] = [];
      const seen: Record<string, unknown>[] = [];
      let nextToken: string | undefined;
      do {
        const p = (await history(stub, { maxResults: 4, reverseOrder, includeExecutionData, nextToken }))!;
        ids.push(p.events.map((e) => e.id));
        seen.push(...p.events);
        nextToken = p.nextToken;
      } while (nextToken);
      return { ids, seen };
    };
    const fwd = await pages(false, true);
    expect(fwd.ids).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14],
    ]);
    const back = await pages(true, false);
    expect(back.ids).toEqual([
      [14, 13, 12, 11],
      [10, 9, 8, 7],
      [6, 5, 4, 3],
      [2, 1],
    ]);
    expect(JSON.stringify(back.seen)).not.toContain("s3");
    expect(back.seen.at(-1)).toMatchObject({ type: "ExecutionStarted", executionStartedEventDetails: { roleArn: a.roleArn } });
    expect((await history(stub, {}))!.events).toHaveLength(14);
    expect((await history(stub, {}))!.nextToken).toBeUndefined();
  });

  it("refuses a history token it did not give, and maxResults out of 1..1000", async () => {
    const a = startArgs(waitSeconds(1));
    const stub = stubOf(a);
    await stub.start(a);
    // Inside the object: a rejecting RPC leaks an unhandled rejection in the test pool (workers-sdk#14736).
    await runInDurableObject(stub, async (o: ExecutionObject) => {
      await expect(o.history({ nextToken: "garbage" })).rejects.toMatchObject({
        name: "InvalidToken",
        message: expect.stringMatching(/nextToken/),
      });
      await expect(o.history({ maxResults: 1001 })).rejects.toThrow(/maxResults/);
    });
  });
});

describe("ExecutionObject limits", () => {
  it("the state machine's TimeoutSeconds ends it TIMED_OUT on the alarm", async () => {
    const a = startArgs({ TimeoutSeconds: 5, ...waitSeconds(3600) });
    const stub = stubOf(a);
    const started = (await stub.start(a)) as { startDate: string };
    expect(await alarmOf(stub)).toBe(Date.parse(started.startDate) + 5000);
    time.offset = 5_000;
    await drive(stub);
    expect((await stub.describe())?.status).toBe("TIMED_OUT");
    expect((await allEvents(stub)).at(-1)).toMatchObject({
      type: "ExecutionTimedOut",
      executionTimedOutEventDetails: { error: "States.Timeout" },
    });
    expect((await listingRow(a.executionArn))?.status).toBe("TIMED_OUT");
    await expectNothingDue(stub);
  });

  it("refuses an input over 256 KiB (the routes refuse it first)", async () => {
    const a = startArgs(waitSeconds(1), { big: "x".repeat(256 * 1024) });
    const stub = stubOf(a);
    await runInDurableObject(stub, async (o: ExecutionObject) => {
      await expect(o.start(a)).rejects.toThrow(/InvalidExecutionInput/);
    });
    expect(await stub.describe()).toBeNull();
  });

  it("runs tasks through the real dispatcher: an unbound worker fails the task, and Catch sees it", async () => {
    const a = startArgs({
      StartAt: "Call",
      States: {
        Call: { Type: "Task", Resource: "worker:NO_SUCH_BINDING", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }], End: true },
        Caught: { Type: "Pass", End: true },
      },
    });
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    const failed = (await allEvents(stub)).find((e) => e.type === "TaskFailed");
    expect(failed).toBeDefined();
  });
});
