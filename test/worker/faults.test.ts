// Fault injection: the object is reset (abortAllDurableObjects: in-memory state and in-flight work lost,
// storage kept, as a crash) after each commit point of an execution's life; D1 is down for a while; an
// alarm is delivered twice; a task's answer arrives twice at once. Each time the execution finishes
// once, its history is the fault-free one (no transition repeated or lost), and its D1 listing row
// converges to what DescribeExecution says.
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { ExecutionDescription } from "../../shared/api/types.ts";
import type { ListingDb } from "../../worker/db/execution-rows.ts";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { LISTING_GRACE_MS, WATCHDOG_MS } from "../../worker/execution/step.ts";
import { defaults, surroundings } from "../../worker/execution/surroundings.ts";
import type { StartArgs, TaskCall, TaskResult } from "../../worker/execution/contract.ts";
import { alarmOf, allEvents, expectNothingDue, resetHooks, startArgs, stubOf, time } from "./execution-helpers.ts";
import { send, startWaiting, status, tokenOf, waiting } from "./tokens-helpers.ts";
import { mapRunDefaults, mapRunSurroundings } from "../../worker/maprun/surroundings.ts";
import { mapRunObject } from "../../worker/service/stubs.ts";
import { post } from "./api-client.ts";
import { childrenOf, mapRunsOf, runMapToEnd } from "./map-run-helpers.ts";

// Test time runs an hour ahead: an alarm armed for "now" is an hour away for the platform, so only the
// test fires alarms (runDurableObjectAlarm), at the points it chooses.
const AHEAD = 3_600_000;
beforeEach(() => {
  resetHooks();
  time.offset = AHEAD;
});

/** A fresh stub for each call: one used across abortAllDurableObjects stays broken. */
const obj = (a: StartArgs) => stubOf(a);

/** A promise that never settles: a write or a task in flight when the object dies. */
const never = <T>(): Promise<T> => new Promise<T>(() => {});

/**
 * Set by the object the first time `hit` is called; `at` polls for it (a promise made here must not be
 * resolved from inside the object: another request's context).
 */
function point() {
  let reached = false;
  const at = async (): Promise<void> => {
    for (let i = 0; i < 500 && !reached; i++) await new Promise((r) => setTimeout(r, 5));
    if (!reached) throw new Error("the fault point was not reached");
  };
  return { at, hit: () => void (reached = true) };
}

/**
 * The listing D1 as the objects made from now on see it, and the live one of `a` if given: `stall(status)`
 * true makes that write hang (the object dies before it lands), `down()` true makes it throw (D1
 * unavailable). `reached` waits until a write stalls.
 */
async function listingDb(opts: { stall?: (status: string) => boolean; down?: () => boolean }, a?: StartArgs) {
  const reached = point();
  let written = 0;
  const db = {
    prepare: (sql: string) => {
      if (opts.down?.()) throw new Error("D1_ERROR: database unavailable");
      const statement = env.DB.prepare(sql);
      return {
        bind: (...args: unknown[]) => ({
          run: () => {
            // writeExecutionRow binds the status fourth
            if (opts.stall?.(String(args[3]))) {
              reached.hit();
              return never();
            }
            written++;
            return statement.bind(...args).run();
          },
        }),
      };
    },
  } as unknown as ListingDb;
  surroundings.db = () => db;
  if (a) await runInDurableObject(obj(a), (o: ExecutionObject) => void (o.db = db));
  return { reached: reached.at, written: () => written };
}

/** The state and the callback of the machine below: Task, a Map of tasks, a callback task. */
const MACHINE = {
  StartAt: "First",
  States: {
    First: { Type: "Task", Resource: "worker:w", ResultPath: "$.first", Next: "Each" },
    Each: {
      Type: "Map",
      ItemsPath: "$.items",
      MaxConcurrency: 1,
      ItemProcessor: { StartAt: "Item", States: { Item: { Type: "Task", Resource: "worker:w", End: true } } },
      ResultPath: "$.each",
      Next: "Ask",
    },
    Ask: { Type: "Task", Resource: "worker:approvals.waitForTaskToken", ResultPath: "$.answer", End: true },
  },
};
const INPUT = { items: [1, 2] };
const OUTPUT = { items: [1, 2], first: "First", each: ["Item", "Item"], answer: { approved: true } };

/** Every task answers with its state's name; a callback task is handed over (its output ignored). */
const answer = (call: TaskCall): TaskResult => ({ output: call.stateName });

/**
 * The objects made from now on dispatch through `handler`; `stall(call, n)` true makes the n-th call
 * (from 0) hang, as a task in flight when its object dies. Every call is kept.
 */
function dispatcher(stall?: (call: TaskCall, n: number) => boolean) {
  const calls: TaskCall[] = [];
  const reached = point();
  surroundings.dispatcher = () => ({
    problem: () => null,
    dispatch: async (call) => {
      calls.push(call);
      if (stall?.(call, calls.length - 1)) {
        reached.hit();
        return never();
      }
      return answer(call);
    },
  });
  return { calls, reached: reached.at };
}

/** Back to a working D1 and dispatcher (keeping `calls`), then the crash: every object reset. */
async function crash(calls: TaskCall[], pending: Promise<unknown>[] = []): Promise<void> {
  surroundings.db = defaults.db;
  surroundings.dispatcher = () => ({ problem: () => null, dispatch: async (call) => (calls.push(call), answer(call)) });
  // what was in flight fails with the object (a client would see its call cut off)
  const outcomes = pending.map((p) =>
    p.then(
      () => "done",
      () => "cut",
    ),
  );
  await abortAllDurableObjects();
  await Promise.all(outcomes);
}

/** Fires alarms (due or not: a watchdog's too) and answers the callback task until the execution has ended and nothing is armed. */
async function settle(a: StartArgs, calls: TaskCall[]): Promise<ExecutionDescription> {
  for (let i = 0; i < 50; i++) {
    const d = (await obj(a).describe())!;
    const asked = calls.find((c) => c.stateName === "Ask");
    if (d.status === "RUNNING" && asked && (await allEvents(obj(a), false)).some((e) => e.type === "TaskSubmitted"))
      await obj(a).answerTask(asked.token!, { output: { approved: true } });
    else if (!(await runDurableObjectAlarm(obj(a))) && d.status !== "RUNNING") return d;
  }
  throw new Error("the execution did not settle");
}

/** Its D1 row as ListExecutions reads it. */
const rowOf = (arn: string) =>
  env.DB.prepare("SELECT status, start_date, stop_date, redrive_count FROM executions WHERE arn = ?")
    .bind(arn)
    .first<{ status: string; start_date: number; stop_date: number | null; redrive_count: number }>();

/** The D1 row says what DescribeExecution says. */
async function expectListed(d: ExecutionDescription): Promise<void> {
  expect(await rowOf(d.executionArn)).toEqual({
    status: d.status,
    start_date: Date.parse(d.startDate),
    stop_date: d.stopDate ? Date.parse(d.stopDate) : null,
    redrive_count: d.redriveCount ?? 0,
  });
}

/** The history of one fault-free run of MACHINE (event types, in order). */
let baseline: string[] | undefined;
async function faultFree(): Promise<string[]> {
  if (baseline) return baseline;
  const { calls } = dispatcher();
  const a = startArgs(MACHINE, INPUT);
  await obj(a).start(a);
  const d = await settle(a, calls);
  expect(d).toMatchObject({ status: "SUCCEEDED" });
  expect(JSON.parse(d.output!)).toEqual(OUTPUT);
  baseline = (await allEvents(obj(a), false)).map((e) => e.type);
  expect(baseline.filter((t) => t === "TaskSucceeded")).toHaveLength(4);
  return baseline;
}

/** Finished once, with the fault-free history, no task dispatched twice under a new key, listed as described. */
async function expectOnce(a: StartArgs, calls: TaskCall[]): Promise<void> {
  const d = await settle(a, calls);
  expect(d.status).toBe("SUCCEEDED");
  expect(JSON.parse(d.output!)).toEqual(OUTPUT);
  const events = await allEvents(obj(a), false);
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  expect(events.map((e) => e.type)).toEqual(await faultFree());
  // a task sent again after a crash is the same attempt: its idempotency key says so
  expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(4);
  await expectListed(d);
  await expectNothingDue(obj(a));
}

async function begin(): Promise<StartArgs> {
  await faultFree();
  return startArgs(MACHINE, INPUT);
}

describe("a crash after a commit, before the D1 listing write", () => {
  it("after the final commit (a task's result, in the alarm): the alarm that commit kept writes the row", async () => {
    const { calls } = dispatcher();
    const work = (next?: string) => ({ Type: "Task", Resource: "worker:w", ...(next ? { Next: next } : { End: true }) });
    const a = startArgs({ StartAt: "A", States: { A: work("B"), B: work() } });
    await obj(a).start(a);
    // not listed yet: the first write is held while the alarm (due now) runs the execution on
    expect(await rowOf(a.executionArn)).toBeNull();
    // the alarm sends both tasks; the last result's commit ends the execution, and the object dies
    // before that commit's listing write lands (the kill -9, 19 ms after SUCCEEDED was committed)
    const db = await listingDb({ stall: (s) => s !== "RUNNING" }, a);
    const alarm = runDurableObjectAlarm(obj(a));
    await db.reached();
    await crash(calls, [alarm]);
    // nothing has asked the object since: D1 has no row of it yet; the alarm the tasks' watchdog had set
    // is kept by that commit for the write (due within a minute), not cleared as before
    expect(await rowOf(a.executionArn)).toBeNull();
    const at = await alarmOf(obj(a));
    expect(at).not.toBeNull();
    expect(at!).toBeLessThanOrEqual(surroundings.clock() + WATCHDOG_MS);
    expect(await runDurableObjectAlarm(obj(a))).toBe(true);
    expect((await rowOf(a.executionArn))?.status).toBe("SUCCEEDED");
    const d = (await obj(a).describe())!;
    expect(d).toMatchObject({ status: "SUCCEEDED", output: '"B"' });
    await expectListed(d);
    await expectNothingDue(obj(a));
    expect(calls.map((c) => c.stateName)).toEqual(["A", "B"]);
    const events = await allEvents(obj(a), false);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "TaskSucceeded")).toHaveLength(2);
    expect(events.filter((e) => e.type === "ExecutionSucceeded")).toHaveLength(1);
  });

  it("after a commit that ends the execution at once (no task, no alarm otherwise)", async () => {
    const listing = await listingDb({ stall: () => true });
    const a = startArgs({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const starting = obj(a).start(a);
    await listing.reached();
    await crash([], [starting]);
    expect(await rowOf(a.executionArn)).toBeNull();
    expect(await alarmOf(obj(a))).not.toBeNull();
    expect(await runDurableObjectAlarm(obj(a))).toBe(true);
    await expectListed((await obj(a).describe())!);
    await expectNothingDue(obj(a));
  });

  it("an ended execution stored without that alarm (by an older version) is listed on its next access", async () => {
    const listing = await listingDb({ stall: () => true });
    const a = startArgs({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const starting = obj(a).start(a);
    await listing.reached();
    await crash([], [starting]);
    await runInDurableObject(obj(a), (_o: ExecutionObject, state) => state.storage.deleteAlarm());
    const d = (await obj(a).describe())!;
    expect(d.status).toBe("SUCCEEDED");
    for (let i = 0; i < 50 && (await rowOf(a.executionArn)) === null; i++) await new Promise((r) => setTimeout(r, 10));
    await expectListed(d);
  });

  it("after the start commit: the execution runs on and is listed", async () => {
    const a = await begin();
    const listing = await listingDb({ stall: () => true });
    const { calls } = dispatcher();
    const starting = obj(a).start(a);
    await listing.reached();
    await crash(calls, [starting]);
    await expectOnce(a, calls);
  });

  it("after the start commit of an execution that waits for days: listed within the grace, not days later", async () => {
    const listing = await listingDb({ stall: () => true });
    const a = startArgs({ StartAt: "Nap", States: { Nap: { Type: "Wait", Seconds: 3 * 86_400, End: true } } });
    const starting = obj(a).start(a);
    await listing.reached();
    await crash([], [starting]);
    expect(await alarmOf(obj(a))).toBeLessThanOrEqual(surroundings.clock() + LISTING_GRACE_MS);
    expect(await runDurableObjectAlarm(obj(a))).toBe(true);
    const d = (await obj(a).describe())!;
    expect(d.status).toBe("RUNNING");
    await expectListed(d);
    // written: the alarm goes back to the Wait's end
    expect(await alarmOf(obj(a))).toBe(Date.parse(d.startDate) + 3 * 86_400_000);
    expect((await allEvents(obj(a), false)).map((e) => e.type)).toEqual(["ExecutionStarted", "WaitStateEntered"]);
  });
});

describe("a crash with work in flight", () => {
  it("before a task is dispatched (its commit landed, its alarm not yet run)", async () => {
    const a = await begin();
    const { calls } = dispatcher();
    await obj(a).start(a);
    // the commit lists the first task; the object dies before its alarm sends it
    expect(calls).toHaveLength(0);
    await crash(calls);
    await expectOnce(a, calls);
  });

  it("after a task was dispatched, before its result came back: sent again with the same key", async () => {
    const a = await begin();
    const d = dispatcher((c, n) => n === 0);
    await obj(a).start(a);
    const alarm = runDurableObjectAlarm(obj(a));
    await d.reached();
    await crash(d.calls, [alarm]);
    await expectOnce(a, d.calls);
    expect(d.calls.filter((c) => c.stateName === "First")).toHaveLength(2);
  });

  it("during a Map: one iteration done, the next one's task in flight", async () => {
    const a = await begin();
    const d = dispatcher((c) => c.stateName === "Item" && c.input === 2);
    await obj(a).start(a);
    const alarm = runDurableObjectAlarm(obj(a));
    await d.reached();
    await crash(d.calls, [alarm]);
    expect((await allEvents(obj(a), false)).filter((e) => e.type === "MapIterationSucceeded")).toHaveLength(1);
    await expectOnce(a, d.calls);
    expect(d.calls.filter((c) => c.stateName === "Item").map((c) => c.input)).toEqual([1, 2, 2]);
  });

  it("during a callback answer: the answer's commit stands, a retry of it is refused, the row converges", async () => {
    const a = await begin();
    const { calls } = dispatcher();
    await obj(a).start(a);
    await settleUntilAsked(a, calls);
    const token = calls.find((c) => c.stateName === "Ask")!.token!;
    const db = await listingDb({ stall: (s) => s !== "RUNNING" }, a);
    const answering = obj(a).answerTask(token, { output: { approved: true } });
    await db.reached();
    await crash(calls, [answering]);
    // the client, cut off, sends it again: already answered (the REST API's TaskDoesNotExist)
    expect(await obj(a).answerTask(token, { output: { approved: false } })).toBe("answered");
    await expectOnce(a, calls);
  });
});

/** Runs the execution until its callback task is handed over. */
async function settleUntilAsked(a: StartArgs, calls: TaskCall[]): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await allEvents(obj(a), false)).some((e) => e.type === "TaskSubmitted")) return;
    await runDurableObjectAlarm(obj(a));
  }
  throw new Error(`the callback task was not handed over (${calls.length} calls)`);
}

describe("D1, alarms and answers that misbehave", () => {
  it("D1 unavailable for a while, then back: the row converges, and nothing else waited for it", async () => {
    const a = await begin();
    let down = true;
    const db = await listingDb({ down: () => down });
    const { calls } = dispatcher();
    await obj(a).start(a);
    await settleUntilAsked(a, calls);
    await obj(a).answerTask(calls.find((c) => c.stateName === "Ask")!.token!, { output: { approved: true } });
    const d = (await obj(a).describe())!;
    expect(d.status).toBe("SUCCEEDED");
    expect(await rowOf(a.executionArn)).toBeNull();
    // still down when the retry comes: it backs off and tries again later
    time.offset = AHEAD + 60_000;
    await runDurableObjectAlarm(obj(a));
    expect(await rowOf(a.executionArn)).toBeNull();
    expect(await alarmOf(obj(a))).not.toBeNull();
    down = false;
    time.offset = AHEAD + 10 * 60_000;
    expect(await runDurableObjectAlarm(obj(a))).toBe(true);
    expect(db.written()).toBe(1);
    await expectListed(d);
    expect((await obj(a).stats())!.d1Failures).toBeGreaterThanOrEqual(3);
    await expectNothingDue(obj(a));
    expect((await allEvents(obj(a), false)).map((e) => e.type)).toEqual(await faultFree());
  });

  it("an alarm delivered twice, at once and again after: each task sent once, the history unchanged", async () => {
    const a = await begin();
    const { calls } = dispatcher();
    await obj(a).start(a);
    await runInDurableObject(obj(a), (o: ExecutionObject) => Promise.all([o.alarm(), o.alarm()]));
    await runInDurableObject(obj(a), (o: ExecutionObject) => o.alarm());
    expect(calls.map((c) => c.stateName)).toEqual(["First", "Item", "Item", "Ask"]);
    await obj(a).answerTask(calls[3].token!, { output: { approved: true } });
    await runInDurableObject(obj(a), (o: ExecutionObject) => Promise.all([o.alarm(), o.alarm()]));
    expect(calls).toHaveLength(4);
    await expectOnce(a, calls);
  });

  it("a task answer sent twice at once: one is taken, the other refused", async () => {
    const a = await begin();
    const { calls } = dispatcher();
    await obj(a).start(a);
    await settleUntilAsked(a, calls);
    const token = calls.find((c) => c.stateName === "Ask")!.token!;
    const outcomes = await Promise.all([
      obj(a).answerTask(token, { output: { approved: true } }),
      obj(a).answerTask(token, { output: { approved: false } }),
    ]);
    expect(outcomes).toEqual(["ok", "answered"]);
    await expectOnce(a, calls);
  });

  it("SendTaskSuccess twice at once through the API: one 200, the other TaskDoesNotExist; one TaskSucceeded", async () => {
    const arn = await startWaiting(waiting());
    const token = await tokenOf(arn);
    const replies = await Promise.all([send("success", { taskToken: token, output: 1 }), send("success", { taskToken: token, output: 2 })]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 400]);
    const refused = replies.find((r) => r.status === 400)!;
    expect(refused.body.error).toBe("TaskDoesNotExist");
    const taken = replies.indexOf(replies.find((r) => r.status === 200)!) + 1;
    const d = await status(arn);
    expect(d).toMatchObject({ status: "SUCCEEDED", output: String(taken) });
    const evs = await allEvents(env.EXECUTIONS.getByName(arn), false);
    expect(evs.filter((e) => e.type === "TaskSucceeded")).toHaveLength(1);
    expect(evs.filter((e) => e.type === "ExecutionSucceeded")).toHaveLength(1);
    await expectListed(d);
  });
});

describe("a Map Run's listing row", () => {
  it("a Map Run stopped while its object dies stopping the children: its alarm (armed while it runs) lists it ABORTED", async () => {
    time.offset = 0;
    const name = `faults-map-${Math.random().toString(36).slice(2, 8)}`;
    const child = { Nap: { Type: "Wait", Seconds: 3600, End: true } };
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "Nap", States: child },
          End: true,
        },
      },
    };
    expect((await post("/state-machines", { name, definition })).status).toBe(201);
    const arn = (await post(`/state-machines/${name}/executions`, { input: [1, 2] })).body.executionArn;
    for (let i = 0; i < 10 && (await childrenOf((await mapRunsOf(arn))[0] ?? "")).length < 2; i++)
      await runMapToEnd(arn, 1).catch(() => undefined);
    const [mapRunArn] = await mapRunsOf(arn);
    const mapRow = () => env.DB.prepare("SELECT status FROM map_runs WHERE arn = ?").bind(mapRunArn).first<{ status: string }>();
    expect((await mapRow())?.status).toBe("RUNNING");
    // stopping a child never returns: the object dies there, after the commit that says ABORTED
    const stopping = point();
    mapRunSurroundings.stopChild = () => (stopping.hit(), never());
    try {
      const stop = mapRunObject(env, mapRunArn).stop("the test stops it");
      await stopping.at();
      mapRunSurroundings.stopChild = mapRunDefaults.stopChild;
      await crash([], [stop]);
    } finally {
      mapRunSurroundings.stopChild = mapRunDefaults.stopChild;
    }
    const run = env.MAP_RUNS.getByName(mapRunArn);
    expect(await runInDurableObject(run, (_o: unknown, st: DurableObjectState) => st.storage.getAlarm())).not.toBeNull();
    await runDurableObjectAlarm(run);
    for (let i = 0; i < 100 && (await mapRow())?.status !== "ABORTED"; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await mapRow())?.status).toBe("ABORTED");
    expect((await mapRunObject(env, mapRunArn).describe())?.status).toBe("ABORTED");
  });
});
