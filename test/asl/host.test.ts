// The engine as a host drives it: effects out, outcomes and timers in, state stored as JSON between steps.
import { describe, expect, it } from "vitest";
import {
  advance,
  awsEvent,
  completeTask,
  eventDetails,
  fireTimer,
  recordStarted,
  recordHeartbeat,
  startExecution,
  stopExecution,
  takeEffects,
  type Effect,
  type Execution,
  type Host,
} from "../../shared/asl/index.ts";
import { NO_ENTRIES } from "../../shared/asl/runtime/timers.ts";
import { machine, T0 } from "./helpers.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";
const host = (now = T0): Host => ({ now, random: () => 0.5, uuid: () => "00000000-0000-4000-8000-000000000000" });
/** What a Durable Object does between steps: store the execution and read it back. */
const roundTrip = (e: Execution): Execution => JSON.parse(JSON.stringify(e));
/** A table's live entries: a task or timer that is done leaves `undefined` under its id (JSON drops it). */
const live = (table: Record<number, unknown>) => Object.values(table).filter((v) => v !== undefined);
/** The engine counts what it waits on; the count must match the tables. */
const openMatches = (e: Execution) => expect(e.open).toBe(live(e.tasks).length + live(e.timers).length);
const only = <K extends Effect["kind"]>(effects: Effect[], kind: K) =>
  effects.filter((e) => e.kind === kind) as Extract<Effect, { kind: K }>[];

describe("a host driving the engine", () => {
  const m = machine({
    Charge: { Type: "Task", Resource: LAMBDA, TimeoutSeconds: 30, HeartbeatSeconds: 10, ResultPath: "$.charge", Next: "Wait" },
    Wait: { Type: "Wait", Seconds: 60, Next: "Done" },
    Done: { Type: "Succeed" },
  });

  it("hands out a task and its timers, then resumes from stored state", () => {
    let exec = startExecution(m, { order: 1 }, host(), { name: "e1" });
    advance(m, exec, host());
    const fx = takeEffects(exec);
    const [task] = only(fx, "task");
    expect(task).toMatchObject({
      stateName: "Charge",
      resource: LAMBDA,
      input: { order: 1 },
      timeoutSeconds: 30,
      heartbeatSeconds: 10,
      attempt: 0,
    });
    expect(
      only(fx, "timer")
        .map((t) => t.due)
        .sort(),
    ).toEqual([T0 + 10000, T0 + 30000]);

    openMatches(exec);
    exec = roundTrip(exec);
    const h = host(T0 + 5000);
    expect(recordHeartbeat(exec, task.id, h)).toBe(true);
    expect(completeTask(m, exec, task.id, { output: { ok: true } }, h)).toBe(true);
    // delivered twice: the second is ignored
    expect(completeTask(m, exec, task.id, { output: { ok: false } }, h)).toBe(false);
    advance(m, exec, h);
    openMatches(exec);
    const fx2 = takeEffects(exec);
    expect(only(fx2, "cancel").length).toBeGreaterThanOrEqual(2);
    const cancelled = new Set(only(fx2, "cancel").map((c) => c.id));
    const live = only(fx2, "timer").filter((t) => !cancelled.has(t.id));
    expect(live.length).toBe(1);
    const wait = live[0];
    expect(wait.due).toBe(T0 + 5000 + 60000);

    exec = roundTrip(exec);
    expect(fireTimer(m, exec, wait.id, host(wait.due))).toBe(true);
    // an alarm that fires twice does no harm
    expect(fireTimer(m, exec, wait.id, host(wait.due))).toBe(false);
    advance(m, exec, host(wait.due));
    expect(exec.status).toBe("SUCCEEDED");
    expect(exec.output).toEqual({ order: 1, charge: { ok: true } });
  });

  it("executions start with one shared, frozen, empty task and timer table, and each gets its own on its first entry", () => {
    const a = startExecution(m, { order: 1 }, host(), { name: "a" });
    const b = startExecution(m, { order: 2 }, host(), { name: "b" });
    expect(a.tasks).toBe(NO_ENTRIES);
    expect(a.timers).toBe(NO_ENTRIES);
    expect(Object.isFrozen(NO_ENTRIES)).toBe(true);
    advance(m, a, host());
    expect(live(a.tasks)).toHaveLength(1);
    expect(live(a.timers)).toHaveLength(2);
    expect(Object.keys(NO_ENTRIES)).toHaveLength(0);
    expect(b.tasks).toBe(NO_ENTRIES);
    advance(m, b, host());
    expect(b.tasks).not.toBe(a.tasks);
    expect(b.timers).not.toBe(a.timers);
    openMatches(a);
    openMatches(b);
    // stored and read back, the tables are plain objects that take entries as before
    const c = roundTrip(a);
    const [task] = only(takeEffects(a), "task");
    expect(completeTask(m, c, task.id, { output: { ok: true } }, host(T0 + 1))).toBe(true);
    advance(m, c, host(T0 + 1));
    openMatches(c);
    expect(live(c.timers)).toHaveLength(1);
  });

  it("a missing heartbeat fails the task with States.Timeout, as AWS reports it", () => {
    const exec = startExecution(m, {}, host(), { name: "e2" });
    advance(m, exec, host());
    const hb = only(takeEffects(exec), "timer").find((t) => t.due === T0 + 10000)!;
    fireTimer(m, exec, hb.id, host(hb.due));
    advance(m, exec, host(hb.due));
    expect([exec.status, exec.error, exec.cause]).toEqual(["FAILED", "States.Timeout", null]);
    expect(eventDetails(exec.events.find((e) => e.type === "LambdaFunctionTimedOut")!)).toEqual({ error: "States.Timeout" });
  });

  it("a Catch naming States.HeartbeatTimeout catches a missed heartbeat", () => {
    const hm = machine({
      T: {
        Type: "Task",
        Resource: LAMBDA,
        HeartbeatSeconds: 5,
        Catch: [{ ErrorEquals: ["States.HeartbeatTimeout"], Next: "C" }],
        End: true,
      },
      C: { Type: "Pass", End: true },
    });
    const exec = startExecution(hm, {}, host(), { name: "e2b" });
    advance(hm, exec, host());
    const hb = only(takeEffects(exec), "timer")[0];
    fireTimer(hm, exec, hb.id, host(hb.due));
    advance(hm, exec, host(hb.due));
    expect(exec.status).toBe("SUCCEEDED");
    expect(exec.output).toEqual({ Error: "States.Timeout", Cause: null });
  });

  it("a task past TimeoutSeconds fails with States.Timeout and is cancelled", () => {
    const exec = startExecution(m, {}, host(), { name: "e3" });
    advance(m, exec, host());
    const fx = takeEffects(exec);
    const task = only(fx, "task")[0];
    const to = only(fx, "timer").find((t) => t.due === T0 + 30000)!;
    recordHeartbeat(exec, task.id, host(T0 + 9000));
    recordHeartbeat(exec, task.id, host(T0 + 18000));
    recordHeartbeat(exec, task.id, host(T0 + 27000));
    fireTimer(m, exec, to.id, host(to.due));
    advance(m, exec, host(to.due));
    expect([exec.status, exec.error]).toEqual(["FAILED", "States.Timeout"]);
    expect(only(takeEffects(exec), "cancel").some((c) => c.id === task.id)).toBe(true);
    openMatches(exec);
  });

  it("stops an execution ABORTED and cancels what it waits on", () => {
    const exec = startExecution(m, {}, host(), { name: "e4" });
    advance(m, exec, host());
    takeEffects(exec);
    expect(stopExecution(exec, host(T0 + 1), "Stopped", "by user")).toBe(true);
    expect([exec.status, exec.error, exec.cause]).toEqual(["ABORTED", "Stopped", "by user"]);
    expect(only(takeEffects(exec), "cancel").length).toBe(3);
    openMatches(exec);
    expect(exec.open).toBe(0);
    expect(exec.events.at(-1)!.type).toBe("ExecutionAborted");
  });

  it("cuts long runs of pure transitions into budgeted steps", () => {
    const loop = machine({
      Inc: { Type: "Pass", Parameters: { "n.$": "$.n" }, Next: "Check" },
      Check: { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: 5, Next: "Done" }], Default: "Bump" },
      Bump: { Type: "Pass", Result: 6, ResultPath: "$.n", Next: "Inc" },
      Done: { Type: "Succeed" },
    });
    let exec = startExecution(loop, { n: 0 }, host(), { name: "b" });
    let steps = 0;
    while (advance(loop, exec, host(), 2)) {
      steps++;
      exec = roundTrip(exec);
    }
    expect(steps).toBeGreaterThan(1);
    expect(exec.status).toBe("SUCCEEDED");
    expect(exec.transitions).toBe(6);
  });
});

describe("history events", () => {
  const trail = (exec: Execution) => exec.events.map((e) => `${e.id}<${e.previousEventId}:${e.type}`);

  it("records the caught state's exit before the Catch's Next", () => {
    const cm = machine({
      T: { Type: "Task", Resource: LAMBDA, Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }], End: true },
      C: { Type: "Pass", End: true },
    });
    const exec = startExecution(cm, {}, host(), { name: "c" });
    advance(cm, exec, host());
    completeTask(cm, exec, only(takeEffects(exec), "task")[0].id, { error: "E", cause: "x" }, host());
    advance(cm, exec, host());
    expect(trail(exec)).toEqual([
      "1<0:ExecutionStarted",
      "2<0:TaskStateEntered",
      "3<2:LambdaFunctionScheduled",
      "4<3:LambdaFunctionStarted",
      "5<4:LambdaFunctionFailed",
      "6<5:TaskStateExited",
      "7<6:PassStateEntered",
      "8<7:PassStateExited",
      "9<8:ExecutionSucceeded",
    ]);
    expect(exec.events[5]).toMatchObject({ output: { Error: "E", Cause: "x" } });
  });

  it("chains Map bookkeeping events to the iteration's own events, and a retried Map fails once", () => {
    const mm = machine({
      M: {
        Type: "Map",
        MaxConcurrency: 1,
        ItemProcessor: { StartAt: "F", States: { F: { Type: "Fail", Error: "E" } } },
        Retry: [{ ErrorEquals: ["E"], MaxAttempts: 1, IntervalSeconds: 1 }],
        End: true,
      },
    });
    const exec = startExecution(mm, [1], host(), { name: "mr" });
    advance(mm, exec, host());
    const retry = only(takeEffects(exec), "timer")[0];
    fireTimer(mm, exec, retry.id, host(retry.due));
    advance(mm, exec, host(retry.due));
    expect(trail(exec)).toEqual([
      "1<0:ExecutionStarted",
      "2<0:MapStateEntered",
      "3<2:MapStateStarted",
      "4<3:MapIterationStarted",
      "5<4:FailStateEntered",
      "6<5:MapIterationFailed",
      "7<5:MapStateStarted",
      "8<7:MapIterationStarted",
      "9<8:FailStateEntered",
      "10<9:MapIterationFailed",
      "11<9:MapStateFailed",
      "12<11:ExecutionFailed",
    ]);
  });

  it("records the states of abandoned branches as aborted", () => {
    const pm = machine({
      P: {
        Type: "Parallel",
        Branches: [
          { StartAt: "W", States: { W: { Type: "Wait", Seconds: 10, End: true } } },
          { StartAt: "F", States: { F: { Type: "Fail", Error: "E" } } },
        ],
        End: true,
      },
    });
    const exec = startExecution(pm, {}, host(), { name: "ab" });
    advance(pm, exec, host());
    expect(trail(exec)).toEqual([
      "1<0:ExecutionStarted",
      "2<0:ParallelStateEntered",
      "3<2:ParallelStateStarted",
      "4<3:WaitStateEntered",
      "5<3:FailStateEntered",
      "6<5:WaitStateAborted",
      "7<5:ParallelStateFailed",
      "8<7:ExecutionFailed",
    ]);
  });

  it("records AWS's events with ids and previous ids", async () => {
    const m = machine({
      P: { Type: "Pass", Next: "T" },
      T: { Type: "Task", Resource: LAMBDA, End: true },
    });
    const exec = startExecution(m, { a: 1 }, host(), { name: "h" });
    advance(m, exec, host());
    const task = only(takeEffects(exec), "task")[0];
    completeTask(m, exec, task.id, { output: 2 }, host());
    advance(m, exec, host());
    expect(exec.events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "PassStateEntered",
      "PassStateExited",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    expect(exec.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(exec.events[1]).toMatchObject({ previousEventId: 0, name: "P", input: { a: 1 } });
    // AWS's shape, as GetExecutionHistory returns it
    expect(awsEvent(exec.events[1])).toEqual({
      id: 2,
      previousEventId: 0,
      timestamp: new Date(T0),
      type: "PassStateEntered",
      stateEnteredEventDetails: { name: "P", input: '{"a":1}', inputDetails: { truncated: false } },
    });
    expect(awsEvent(exec.events[4])).toMatchObject({ lambdaFunctionScheduledEventDetails: { resource: LAMBDA, input: '{"a":1}' } });
    expect(awsEvent(exec.events[4], false)).toMatchObject({ lambdaFunctionScheduledEventDetails: { resource: LAMBDA } });
    expect((awsEvent(exec.events[4], false) as any).lambdaFunctionScheduledEventDetails.input).toBeUndefined();
  });

  it("records service integrations as Task events and Map iterations", async () => {
    const m = machine({
      M: {
        Type: "Map",
        ItemProcessor: { StartAt: "Q", States: { Q: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", End: true } } },
        End: true,
      },
    });
    const exec = startExecution(m, [1], host(), { name: "m" });
    advance(m, exec, host());
    const task = only(takeEffects(exec), "task")[0];
    completeTask(m, exec, task.id, { output: "sent" }, host());
    advance(m, exec, host());
    expect(exec.events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "MapStateEntered",
      "MapStateStarted",
      "MapIterationStarted",
      "TaskStateEntered",
      "TaskScheduled",
      "TaskStarted",
      "TaskSucceeded",
      "TaskStateExited",
      "MapIterationSucceeded",
      "MapStateSucceeded",
      "MapStateExited",
      "ExecutionSucceeded",
    ]);
    expect(awsEvent(exec.events[5])).toMatchObject({
      taskScheduledEventDetails: { resourceType: "sqs", resource: "sendMessage", parameters: "1" },
    });
    expect(awsEvent(exec.events[2])).toMatchObject({ mapStateStartedEventDetails: { length: 1 } });
    expect(awsEvent(exec.events[3])).toMatchObject({ mapIterationStartedEventDetails: { name: "M", index: 0 } });
    expect(exec.output).toEqual(["sent"]);
  });
});

describe("the local runner's ids", () => {
  it("makes well-formed, distinct version 4 UUIDs from its seeded randomness", async () => {
    const { uuidFrom, seededRandom } = await import("../../shared/asl/index.ts");
    const r = seededRandom(7);
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const u = uuidFrom(r);
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(u);
    }
    expect(ids.size).toBe(2000);
  });
});

describe("execution ids", () => {
  it("an execution started without a name gets a UUID name and its ARN when they are first needed", async () => {
    const { compile, runLocal } = await import("../../shared/asl/index.ts");
    const m = compile({
      StartAt: "P",
      States: { P: { Type: "Pass", Parameters: { "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name" }, End: true } },
    });
    const r = await runLocal(m, {});
    const out = r.output as { id: string; name: string };
    expect(out.name).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.id).toBe(`arn:aws:states:local:000000000000:execution:StateMachine:${out.name}`);
    expect(r.execution.name).toBe(out.name);
    const quiet = await runLocal(compile({ StartAt: "S", States: { S: { Type: "Succeed" } } }), {});
    expect(quiet.execution.executionArn).toMatch(/:execution:StateMachine:[0-9a-f-]{36}$/);
  });
});

describe("activity tasks", () => {
  const ACT = "arn:aws:states:us-east-1:123456789012:activity:review";
  const am = machine({ A: { Type: "Task", Resource: ACT, HeartbeatSeconds: 30, End: true } });

  it("are Scheduled when handed out and Started when a worker takes them, with its name", () => {
    const exec = startExecution(am, { doc: 1 }, host(), { name: "act" });
    advance(am, exec, host());
    const task = only(takeEffects(exec), "task")[0];
    expect(task.token).toBeDefined();
    expect(exec.events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "ActivityScheduled"]);
    expect(recordStarted(exec, task.id, "worker-1", host(T0 + 20000))).toBe(true);
    expect(recordStarted(exec, task.id, "worker-2", host(T0 + 20000))).toBe(false);
    expect(exec.events.at(-1)).toMatchObject({ type: "ActivityStarted", workerName: "worker-1" });
    // taking the task restarted the heartbeat clock: due 30 s after the worker took it
    const hb = only(takeEffects(exec), "timer").at(-1)!;
    expect(hb.due).toBe(T0 + 50000);
    completeTask(am, exec, task.id, { output: "ok" }, host(T0 + 21000));
    advance(am, exec, host(T0 + 21000));
    expect(exec.events.map((e) => e.type).slice(-3)).toEqual(["ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"]);
  });

  it("answered with no worker recorded, they still show ActivityStarted before the outcome", () => {
    const exec = startExecution(am, {}, host(), { name: "act2" });
    advance(am, exec, host());
    const task = only(takeEffects(exec), "task")[0];
    completeTask(am, exec, task.id, { error: "Nope", cause: "c" }, host());
    advance(am, exec, host());
    expect(exec.events.map((e) => e.type).slice(2, 5)).toEqual(["ActivityScheduled", "ActivityStarted", "ActivityFailed"]);
  });

  it("refused by the host (the activity does not exist), fail the execution with States.Runtime that nothing catches", () => {
    const caught = machine({
      A: {
        Type: "Task",
        Resource: ACT,
        Retry: [{ ErrorEquals: ["States.ALL"] }],
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }],
        End: true,
      },
      C: { Type: "Pass", End: true },
    });
    const exec = startExecution(caught, {}, host(), { name: "gone" });
    advance(caught, exec, host());
    const task = only(takeEffects(exec), "task")[0];
    expect(completeTask(caught, exec, task.id, { runtime: `The activity ${ACT} does not exist.` }, host())).toBe(true);
    advance(caught, exec, host());
    expect(exec.status).toBe("FAILED");
    expect(exec.error).toBe("States.Runtime");
    expect(exec.cause).toBe(
      `An error occurred while executing the state 'A' (entered at the event id #2). The activity ${ACT} does not exist.`,
    );
    // no ActivityStarted or ActivityFailed: the task never reached the activity
    expect(exec.events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ExecutionFailed"]);
  });
});
