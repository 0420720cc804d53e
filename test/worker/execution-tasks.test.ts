// Tasks from an execution's Durable Object: retries on the alarm, Catch, Parallel and Map with
// MaxConcurrency, task timeouts that abort the dispatch, and a task delivered twice after a crash.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { TaskCall } from "../../worker/execution/contract.ts";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { executionOfToken } from "../../worker/execution/token-signing.ts";
import { alarmOf, allEvents, drive, expectNothingDue, resetHooks, startArgs, stubOf, time, useDispatcher } from "./execution-helpers.ts";

beforeEach(resetHooks);

/** Waits (in the test's own context) until the dispatcher got a call. */
async function sent(calls: TaskCall[]): Promise<void> {
  for (let i = 0; i < 200 && !calls.length; i++) await new Promise((r) => setTimeout(r, 5));
}

const task = (extra: object = {}) => ({ Type: "Task", Resource: "worker:work", ...extra });

describe("tasks in an ExecutionObject", () => {
  it("retries with backoff through alarms, with a new idempotency key per attempt", async () => {
    let n = 0;
    const calls = useDispatcher(() => (++n <= 2 ? { error: "Flaky", cause: `try ${n}` } : { output: { ok: n } }));
    const a = startArgs({
      StartAt: "Work",
      States: { Work: task({ Retry: [{ ErrorEquals: ["Flaky"], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 5 }], End: true }) },
    });
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    // First attempt failed; the retry waits 2 s on the alarm.
    expect(calls).toHaveLength(1);
    const first = await alarmOf(stub);
    expect(first! - Date.now()).toBeGreaterThan(1000);
    time.offset = 2_000;
    await drive(stub);
    expect(calls).toHaveLength(2);
    // Backoff: 2 s × 3.
    expect((await alarmOf(stub))! - (Date.now() + time.offset)).toBeGreaterThan(5_000);
    time.offset = 8_000;
    await drive(stub);
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '{"ok":3}' });
    const keys = calls.map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(3);
    expect(keys.map((k) => k.replace(/#\d+$/, ""))).toEqual(Array(3).fill(keys[0].replace(/#\d+$/, "")));
    expect(keys[0].startsWith(`${a.executionArn}#`)).toBe(true);
    expect(calls[0]).toMatchObject({ resource: "worker:work", stateName: "Work", executionArn: a.executionArn, input: {} });
    const types = (await allEvents(stub)).map((e) => e.type);
    expect(types.filter((t) => t === "TaskFailed")).toHaveLength(2);
    expect(types.filter((t) => t === "TaskSucceeded")).toHaveLength(1);
  });

  it("a task's error is caught by Catch", async () => {
    useDispatcher(() => ({ error: "PaymentDeclined", cause: "card expired" }));
    const a = startArgs(
      {
        StartAt: "Charge",
        States: {
          Charge: task({ Catch: [{ ErrorEquals: ["PaymentDeclined"], ResultPath: "$.failure", Next: "Refund" }], End: true }),
          Refund: { Type: "Pass", End: true },
        },
      },
      { order: 7 },
    );
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    const d = await stub.describe();
    expect(d?.status).toBe("SUCCEEDED");
    expect(JSON.parse(d!.output!)).toEqual({ order: 7, failure: { Error: "PaymentDeclined", Cause: "card expired" } });
  });

  it("runs Parallel branches and Map iterations concurrently, MaxConcurrency respected", async () => {
    let running = 0;
    let peak = 0;
    const calls = useDispatcher(async (call: TaskCall) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return { output: (call.input as number) * 10 };
    });
    const a = startArgs(
      {
        StartAt: "Both",
        States: {
          Both: {
            Type: "Parallel",
            End: true,
            Branches: [
              {
                StartAt: "Each",
                States: {
                  Each: {
                    Type: "Map",
                    ItemsPath: "$.items",
                    MaxConcurrency: 2,
                    ItemProcessor: { StartAt: "T", States: { T: task({ End: true }) } },
                    End: true,
                  },
                },
              },
              { StartAt: "One", States: { One: task({ InputPath: "$.single", End: true }) } },
            ],
          },
        },
      },
      { items: [1, 2, 3, 4, 5], single: 9 },
    );
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    const d = await stub.describe();
    expect(d?.status).toBe("SUCCEEDED");
    expect(JSON.parse(d!.output!)).toEqual([[10, 20, 30, 40, 50], 90]);
    expect(calls).toHaveLength(6);
    // Two Map iterations plus the other branch's task at most, and they did overlap.
    expect(peak).toBe(3);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(6);
  });

  it("a task's TimeoutSeconds fires while it runs: the dispatch is aborted and States.Timeout is caught", async () => {
    let aborted = false;
    useDispatcher((_call, signal) => new Promise(() => signal?.addEventListener("abort", () => (aborted = true))));
    const a = startArgs({
      StartAt: "Slow",
      States: {
        Slow: task({ TimeoutSeconds: 1, Catch: [{ ErrorEquals: ["States.Timeout"], Next: "Gave up" }], End: true }),
        "Gave up": { Type: "Succeed" },
      },
    });
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    expect(aborted).toBe(true);
    expect((await allEvents(stub)).map((e) => e.type)).toContain("TaskTimedOut");
  });

  it("stopping an execution aborts its task in flight", async () => {
    let aborted = false;
    const calls = useDispatcher((_call, signal) => new Promise(() => signal?.addEventListener("abort", () => (aborted = true))));
    const a = startArgs({ StartAt: "Slow", States: { Slow: task({ End: true }) } });
    const stub = stubOf(a);
    await stub.start(a);
    const alarm = runDurableObjectAlarm(stub);
    await sent(calls);
    expect(await stub.stop("Halt")).not.toBeNull();
    await alarm;
    expect(aborted).toBe(true);
    expect((await stub.describe())?.status).toBe("ABORTED");
    await expectNothingDue(stub);
  });

  it("a task delivered twice after a crash keeps its idempotency key, and counts once", async () => {
    // First delivery: the object dies before the result can come back.
    const calls = useDispatcher(() => new Promise(() => {}));
    const a = startArgs({ StartAt: "Once", States: { Once: task({ End: true }) } }, { v: 1 });
    const stub = stubOf(a);
    await stub.start(a);
    const alarm = runDurableObjectAlarm(stub);
    await sent(calls);
    // The object dies with the task out (an eviction would wait for it; a crash does not).
    await runInDurableObject(stub, (o: ExecutionObject) => {
      o.forget();
      o.dispatcher = { problem: () => null, dispatch: async (call) => (calls.push(call), { output: "done" }) };
    });
    await alarm;
    expect(calls).toHaveLength(1);
    // The committed state says the task is out: its watchdog alarm is set, and it sends it again.
    expect(await alarmOf(stub)).toBeGreaterThan(Date.now());
    await runDurableObjectAlarm(stub);
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '"done"' });
    expect(calls).toHaveLength(2);
    expect(calls[1].idempotencyKey).toBe(calls[0].idempotencyKey);
    const events = await allEvents(stub);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "TaskScheduled")).toHaveLength(1);
    expect(events.filter((e) => e.type === "TaskSucceeded")).toHaveLength(1);
  });
});

describe("callback tasks (.waitForTaskToken)", () => {
  const callback = (extra: object = {}) => ({
    StartAt: "Ask",
    States: { Ask: { Type: "Task", Resource: "worker:approvals.waitForTaskToken", ...extra, End: true } },
  });

  it("hands the token over, records TaskSubmitted, and waits for the answer sent with the token", async () => {
    const calls = useDispatcher(() => ({ output: { queued: true } }));
    const a = startArgs(callback(), { order: 1 });
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    expect(calls).toHaveLength(1);
    const token = calls[0].token!;
    expect(executionOfToken(token)).toBe(a.executionArn);
    expect((await stub.describe())?.status).toBe("RUNNING");
    expect((await allEvents(stub)).map((e) => e.type)).toContain("TaskSubmitted");
    expect(await stub.sendTask(`${token}x`, { output: 1 })).toBe(false);
    expect(await stub.sendTask(token, { output: { approved: true } })).toBe(true);
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '{"approved":true}' });
    // Answered: the token is spent.
    expect(await stub.sendTask(token, { output: 2 })).toBe(false);
  });

  it("a failure sent with the token is the task's error; heartbeats keep HeartbeatSeconds from firing", async () => {
    const calls = useDispatcher(() => ({ output: null }));
    const a = startArgs(callback({ HeartbeatSeconds: 10 }));
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    time.offset = 8_000;
    expect(await stub.sendTask(calls[0].token!, { heartbeat: true })).toBe(true);
    time.offset = 15_000;
    await drive(stub);
    expect((await stub.describe())?.status).toBe("RUNNING");
    expect(await stub.sendTask(calls[0].token!, { error: "Rejected", cause: "no budget" })).toBe(true);
    expect(await stub.describe()).toMatchObject({ status: "FAILED", error: "Rejected", cause: "no budget" });
  });

  it("without a heartbeat, HeartbeatSeconds times the task out", async () => {
    useDispatcher(() => ({ output: null }));
    const a = startArgs(callback({ HeartbeatSeconds: 10 }));
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    time.offset = 10_000;
    await drive(stub);
    expect(await stub.describe()).toMatchObject({ status: "FAILED", error: "States.Timeout" });
  });
});
