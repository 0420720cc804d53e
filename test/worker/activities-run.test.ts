// Activity tasks end to end: an execution schedules a task, a worker long-polls it, reports back.
// SendTask* is asked of the execution's object directly (the REST routes for it are tested apart).
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { defaults, surroundings } from "../../worker/execution/surroundings.ts";
import { del, post } from "./api-client.ts";
import { describe as describeExecution, events, output, start } from "./e2e-helpers.ts";

const ARN = (name: string) => `arn:aws:states:us-east-1:123456789012:activity:${name}`;
const clock = { offset: 0 };
beforeEach(() => {
  clock.offset = 0;
  Object.assign(surroundings, defaults, { clock: () => Date.now() + clock.offset });
});

const stub = (arn: string) => env.EXECUTIONS.getByName(arn);

/** An activity and a machine whose one Task runs it, with the task's extra fields. */
async function setup(name: string, task: object = {}): Promise<void> {
  await post("/activities", { name });
  const definition = { StartAt: "Work", States: { Work: { Type: "Task", Resource: ARN(name), ...task, End: true } } };
  const r = await post("/state-machines", { name, definition });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
}

/** Starts an execution and lets its alarm hand the task to the activity's queue. */
async function startQueued(machine: string, input: unknown): Promise<string> {
  const arn = await start(machine, input);
  await runDurableObjectAlarm(stub(arn));
  return arn;
}

const poll = async (activity: string, workerName = "w", waitSeconds = 5) =>
  (await post(`/activities/${activity}/poll`, { workerName, waitSeconds })).body;

/** Moves test time on and fires the execution's alarm. */
async function later(arn: string, ms: number): Promise<void> {
  clock.offset += ms;
  await runDurableObjectAlarm(stub(arn));
}

describe("activity tasks", () => {
  it("a worker polls the task (token and input), reports success: the execution succeeds with its output", async () => {
    await setup("happy");
    const arn = await startQueued("happy", { size: 3 });
    const task = await poll("happy");
    expect(task).toEqual({ taskToken: expect.any(String), input: JSON.stringify({ size: 3 }) });
    expect(await stub(arn).sendTask(task.taskToken, { output: { done: true } })).toBe(true);
    const d = await describeExecution(arn);
    expect(d.status).toBe("SUCCEEDED");
    expect(output(d)).toEqual({ done: true });
    const history = await events(arn);
    const types = history.map((e) => e.type);
    // Scheduled when queued, Started when the worker took it (with its name), then Succeeded
    expect(types.filter((t) => t.startsWith("Activity"))).toEqual(["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"]);
    expect(history.find((e) => e.type === "ActivityStarted")).toMatchObject({ activityStartedEventDetails: { workerName: "w" } });
    // Taken once: nobody else gets it.
    expect(await poll("happy", "w2", 0)).toEqual({});
  });

  it("a worker reports failure: the execution fails with its error and cause", async () => {
    await setup("sad");
    const arn = await startQueued("sad", {});
    const task = await poll("sad");
    await stub(arn).sendTask(task.taskToken, { error: "Programmatic Error", cause: "bad input" });
    expect(await describeExecution(arn)).toMatchObject({ status: "FAILED", error: "Programmatic Error", cause: "bad input" });
  });

  it("a long poll already waiting gets the task as soon as it is scheduled", async () => {
    await setup("waiting");
    const t0 = Date.now();
    const polled = poll("waiting", "early", 20);
    await new Promise((r) => setTimeout(r, 100));
    const arn = await startQueued("waiting", { n: 1 });
    const task = await polled;
    expect(task.input).toBe('{"n":1}');
    expect(Date.now() - t0).toBeLessThan(10_000);
    await stub(arn).sendTask(task.taskToken, { output: 1 });
    expect((await describeExecution(arn)).status).toBe("SUCCEEDED");
  });

  it("two pollers get different tasks", async () => {
    await setup("pair");
    const a = await startQueued("pair", { n: "a" });
    const b = await startQueued("pair", { n: "b" });
    const [t1, t2] = await Promise.all([poll("pair", "one"), poll("pair", "two")]);
    expect(t1.taskToken).not.toBe(t2.taskToken);
    expect([t1.input, t2.input].sort()).toEqual(['{"n":"a"}', '{"n":"b"}']);
    expect(await poll("pair", "three", 0)).toEqual({});
    for (const t of [t1, t2]) await stub(JSON.parse(t.input).n === "a" ? a : b).sendTask(t.taskToken, { output: "ok" });
    expect((await describeExecution(a)).status).toBe("SUCCEEDED");
    expect((await describeExecution(b)).status).toBe("SUCCEEDED");
  });

  it("heartbeats keep a task alive past HeartbeatSeconds", async () => {
    await setup("beating", { HeartbeatSeconds: 10, TimeoutSeconds: 60 });
    const arn = await startQueued("beating", {});
    const task = await poll("beating");
    for (let i = 0; i < 3; i++) {
      clock.offset += 8_000;
      expect(await stub(arn).sendTask(task.taskToken, { heartbeat: true })).toBe(true);
      await runDurableObjectAlarm(stub(arn));
    }
    expect((await describeExecution(arn)).status).toBe("RUNNING");
    await stub(arn).sendTask(task.taskToken, { output: "fine" });
    expect(await describeExecution(arn)).toMatchObject({ status: "SUCCEEDED", output: '"fine"' });
  });

  it("a missing heartbeat fails the task with States.Timeout", async () => {
    await setup("silent", { HeartbeatSeconds: 10 });
    const arn = await startQueued("silent", {});
    const task = await poll("silent");
    await later(arn, 11_000);
    expect(await describeExecution(arn)).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect(await stub(arn).sendTask(task.taskToken, { output: "late" })).toBe(false);
  });

  it("a task no worker takes times out after TimeoutSeconds, and leaves the queue", async () => {
    await setup("unwatched", { TimeoutSeconds: 5 });
    const arn = await startQueued("unwatched", {});
    await later(arn, 6_000);
    expect(await describeExecution(arn)).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect((await events(arn)).map((e) => e.type)).toContain("ActivityTimedOut");
    expect(await poll("unwatched", "w", 0)).toEqual({});
    expect(await env.ACTIVITIES.getByName(ARN("unwatched")).pending()).toBe(0);
  });

  // Issue 14, AWS's recording (test_activity_task_on_deleted): TaskStateEntered, then ExecutionFailed with States.Runtime.
  it("an activity deleted after the machine was made fails the execution with States.Runtime, which nothing catches", async () => {
    await post("/activities", { name: "gone" });
    const definition = {
      StartAt: "Work",
      States: {
        Work: {
          Type: "Task",
          Resource: ARN("gone"),
          Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 3 }],
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }],
          End: true,
        },
        Caught: { Type: "Pass", End: true },
      },
    };
    expect((await post("/state-machines", { name: "gone", definition })).status).toBe(201);
    expect((await del("/activities/gone")).status).toBe(200);
    const arn = await startQueued("gone", { Value1: "HelloWorld" });
    expect(await describeExecution(arn)).toMatchObject({
      status: "FAILED",
      error: "States.Runtime",
      cause: `An error occurred while executing the state 'Work' (entered at the event id #2). The activity ${ARN("gone")} does not exist.`,
    });
    const types = (await events(arn)).map((e) => e.type);
    expect(types).not.toContain("ActivityStarted");
    expect(types).not.toContain("ActivityFailed");
    expect(types.at(-1)).toBe("ExecutionFailed");
    // nothing was queued for a worker
    expect(await env.ACTIVITIES.getByName(ARN("gone")).pending()).toBe(0);
  });

  it("a task of a stopped execution is never handed out", async () => {
    await setup("stopped");
    const arn = await startQueued("stopped", {});
    expect((await post(`/executions/${encodeURIComponent(arn)}/stop`, {})).status).toBe(200);
    expect(await poll("stopped", "w", 0)).toEqual({});
  });
});
