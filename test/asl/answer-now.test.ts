// A host that can answer a task at once (runLocal's handlers) does so inside advance, where nothing else
// could run before the answer is taken. Whatever path a task takes, the run is the same: these runs
// compare runLocal with handlers (answered at once where allowed) against the same handlers behind
// resolveTask (always the effect path), event by event, and the calls the handlers saw.
import { describe, expect, it } from "vitest";
import {
  advance,
  compile,
  runLocal,
  startExecution,
  takeEffects,
  type Host,
  type JSONValue,
  type RunOptions,
  type TaskHandler,
  type TaskOutcome,
} from "../../shared/asl/index.ts";
import { T0 } from "./helpers.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

type Made = () => Record<string, TaskHandler>;

/** Handlers that record every call (input and task info); made afresh per run. */
function recorded(make: Made) {
  const calls: unknown[] = [];
  const handlers: Record<string, TaskHandler> = {};
  for (const [name, h] of Object.entries(make()))
    handlers[name] = (input, info) => {
      calls.push({ name, input, info: { ...info } });
      return h(input, info);
    };
  return { calls, handlers };
}

function outcomeOf(e: unknown): TaskOutcome {
  const err = e as Error;
  return { error: err.name, cause: err.message };
}

/** The same handlers as a resolveTask: every task goes out as an effect and comes back through completeTask. */
function viaEffects(handlers: Record<string, TaskHandler>): RunOptions["resolveTask"] {
  return (task) => {
    const h = handlers[task.stateName] ?? handlers[task.resource];
    if (!h) return { error: "States.TaskFailed", cause: `No handler for the resource '${task.resource}' of the state '${task.stateName}'` };
    try {
      const r = h(task.input, task);
      if (r !== null && typeof r === "object" && typeof (r as Promise<JSONValue>).then === "function")
        return (r as Promise<JSONValue>).then((output) => ({ output }), outcomeOf);
      return { output: r as JSONValue };
    } catch (e) {
      return outcomeOf(e);
    }
  };
}

async function bothWays(definition: Record<string, unknown>, make: Made, input: JSONValue = {}, extra: RunOptions = {}) {
  const machine = compile(definition);
  const a = recorded(make);
  const b = recorded(make);
  const opts = { startTime: T0, ...extra };
  const now = await runLocal(machine, input, { ...opts, handlers: a.handlers });
  const effects = await runLocal(machine, input, { ...opts, resolveTask: viaEffects(b.handlers) });
  const view = (r: typeof now) => ({
    status: r.status,
    output: r.output,
    error: r.error,
    cause: r.cause,
    events: r.events,
    transitions: r.transitions,
    stopTime: r.stopTime,
  });
  expect(view(now)).toEqual(view(effects));
  expect(a.calls).toEqual(b.calls);
  return now;
}

const task = (next: Record<string, unknown> = { End: true }, more: Record<string, unknown> = {}) => ({
  Type: "Task",
  Resource: LAMBDA,
  ...more,
  ...next,
});
const seq = (states: Record<string, unknown>) => ({ StartAt: Object.keys(states)[0], States: states });
const boom = (name: string) => {
  const e = new Error("it broke");
  e.name = name;
  return e;
};
/** Throws `name` the first `n` calls of a run, then returns `{ok: true, attempt}`. */
const failing = (n: number, name = "Transient") => {
  let calls = 0;
  return () => {
    calls++;
    if (calls <= n) throw boom(name);
    return { ok: true, attempt: calls };
  };
};

describe("a task answered at once gives the run the effect path gives", () => {
  it("Pass, Choice, Task, Pass, Succeed (the small-express workflow)", async () => {
    const r = await bothWays(
      seq({
        Prepare: { Type: "Pass", Parameters: { "qty.$": "$.qty", "price.$": "$.price" }, ResultPath: "$.prep", Next: "Route" },
        Route: { Type: "Choice", Choices: [{ Variable: "$.prep.qty", NumericGreaterThan: 0, Next: "Compute" }], Default: "Done" },
        Compute: task({ Next: "Finish" }, { InputPath: "$.prep", ResultPath: "$.calc" }),
        Finish: { Type: "Pass", Parameters: { "total.$": "$.calc.total" }, Next: "Done" },
        Done: { Type: "Succeed" },
      }),
      () => ({ Compute: (i) => ({ total: (i as { qty: number; price: number }).qty * (i as { price: number }).price }) }),
      { qty: 3, price: 5 },
    );
    expect(r.output).toEqual({ total: 15 });
    expect(r.events.map((e) => e.type)).toContain("LambdaFunctionSucceeded");
  });

  it("two tasks in a row, with ResultSelector, ResultPath and OutputPath", async () => {
    await bothWays(
      seq({
        A: task({ Next: "B" }, { ResultSelector: { "v.$": "$.v" }, ResultPath: "$.a" }),
        B: task({ End: true }, { Parameters: { "x.$": "$.a.v" }, ResultPath: "$.b", OutputPath: "$.b" }),
      }),
      () => ({ A: () => ({ v: 7, junk: 1 }), B: (i) => ({ got: i }) }),
      { start: true },
    );
  });

  it("a service integration (lambda:invoke, request-response) and a .sync one, which is never answered at once", async () => {
    const invoke = { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "f", "Payload.$": "$" } };
    const r = await bothWays(
      seq({
        I: { ...invoke, ResultSelector: { "p.$": "$.Payload" }, Next: "S" },
        S: {
          Type: "Task",
          Resource: "arn:aws:states:::states:startExecution.sync:2",
          Parameters: { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child", "Input.$": "$" },
          End: true,
        },
      }),
      () => ({ I: (i) => ({ Payload: { got: i } }), S: (i) => ({ Output: i }) }),
      { x: 1 },
    );
    // each handler gets the state's Parameters
    expect(r.output).toMatchObject({ Output: { Input: { p: { got: { FunctionName: "f", Payload: { x: 1 } } } } } });
    expect(r.events.map((e) => e.type)).toContain("TaskSucceeded");
  });

  it("Retry with no delay left (the override) runs every attempt at once", async () => {
    const r = await bothWays(
      seq({ T: task({ End: true }, { Retry: [{ ErrorEquals: ["Transient"], IntervalSeconds: 1, MaxAttempts: 3 }] }) }),
      () => ({ T: failing(2) }),
      {},
      { retryIntervalOverrideMs: { T: 0 } },
    );
    expect(r.output).toEqual({ ok: true, attempt: 3 });
  });

  it("Retry with a delay (a timer fires between attempts), and BackoffRate", async () => {
    const r = await bothWays(
      seq({ T: task({ End: true }, { Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 4 }] }) }),
      () => ({ T: failing(3) }),
    );
    expect(r.stopTime - T0).toBe((2 + 6 + 18) * 1000);
  });

  it("retries exhausted, then Catch to a fallback; an uncaught error fails the execution", async () => {
    const r = await bothWays(
      seq({
        T: task(
          { Next: "Ok" },
          {
            Retry: [{ ErrorEquals: ["Transient"], MaxAttempts: 1 }],
            Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.err", Next: "Fallback" }],
          },
        ),
        Ok: { Type: "Succeed" },
        Fallback: task({ End: true }),
      }),
      () => ({
        T: failing(5),
        Fallback: () => {
          throw boom("Fatal");
        },
      }),
      { id: 1 },
    );
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("Fatal");
  });

  it("a result over 256 KiB fails the task with States.DataLimitExceeded, which Catch takes", async () => {
    const r = await bothWays(
      seq({
        T: task({ End: true }, { Catch: [{ ErrorEquals: ["States.DataLimitExceeded"], Next: "Caught" }] }),
        Caught: { Type: "Pass", End: true },
      }),
      () => ({ T: () => "x".repeat(300 * 1024) }),
    );
    expect(r.output).toMatchObject({ Error: "States.DataLimitExceeded" });
  });

  it("a ResultPath that cannot be applied to the answer fails the state after the task succeeded", async () => {
    const r = await bothWays(seq({ T: task({ End: true }, { ResultPath: "$.s.deeper" }) }), () => ({ T: () => 1 }), { s: "a string" });
    expect(r.error).toBe("States.ResultPathMatchFailure");
  });

  it("no handler: States.TaskFailed", async () => {
    const r = await bothWays(seq({ T: task() }), () => ({}));
    expect(r.error).toBe("States.TaskFailed");
  });

  it("async handlers (each called once per attempt), and async beside sync", async () => {
    const r = await bothWays(
      seq({
        A: task({ Next: "B" }, { Retry: [{ ErrorEquals: ["Transient"], IntervalSeconds: 1 }] }),
        B: task({ Next: "C" }),
        C: task({ End: true }),
      }),
      () => {
        let n = 0;
        return {
          A: async () => {
            if (++n < 3) throw boom("Transient");
            return n;
          },
          B: (i) => (i as number) + 1,
          C: async (i) => (i as number) * 10,
        };
      },
      null,
      { retryIntervalOverrideMs: { A: 0 } },
    );
    expect(r.output).toBe(40);
  });

  it("tasks beside others (Parallel, Map), under timeouts, and with the execution's own timeout", async () => {
    await bothWays(
      seq({
        P: { Type: "Parallel", Branches: [seq({ T1: task() }), seq({ T2: task() })], Next: "M" },
        M: { Type: "Map", ItemProcessor: seq({ T3: task() }), Next: "Timed" },
        Timed: task({ Next: "Beat" }, { TimeoutSeconds: 5 }),
        Beat: task({ End: true }, { HeartbeatSeconds: 5 }),
      }),
      () => ({ [LAMBDA]: (i) => ({ i }) }),
    );
    await bothWays({ ...seq({ T: task() }), TimeoutSeconds: 10 }, () => ({ T: () => "ok" }));
  });

  it("not while a failed Parallel's cancelled work is still to go out: the host runs it first (found in review)", async () => {
    const failing = (first: Record<string, unknown>) => ({
      P: {
        Type: "Parallel",
        Branches: [
          { StartAt: "A", States: { A: first } },
          { StartAt: "F", States: { F: { Type: "Fail", Error: "Boom" } } },
        ],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "Next" }],
        Next: "Next",
      },
      Next: task({ Next: "Draw" }),
      Draw: { Type: "Pass", Parameters: { "u.$": "States.UUID()", "r.$": "States.MathRandom(1, 1000000)" }, End: true },
    });
    // a task beside the failing branch: its handler is called, as the effect path calls it
    const r = await bothWays(seq(failing(task())), () => {
      let n = 0;
      return { A: () => ++n, Next: () => ++n };
    });
    expect(r.status).toBe("SUCCEEDED");
    // a Distributed Map beside it: its Map Run draws from the run's seeded randomness before Next, both ways
    const map = {
      Type: "Map",
      ItemsPath: "$.items",
      ItemSelector: { "id.$": "States.UUID()" },
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
        StartAt: "I",
        States: { I: { Type: "Pass", End: true } },
      },
      End: true,
    };
    await bothWays(seq(failing(map)), () => ({ Next: () => "ok" }), { items: [1, 2, 3] });
  });

  it("history off, and a handler that runs an execution of its own", async () => {
    const child = compile(seq({ C: task() }));
    await bothWays(seq({ T: task() }), () => ({ T: () => ({ ok: 1 }) }), {}, { history: false });
    const r = await bothWays(seq({ T: task() }), () => ({
      T: async () => (await runLocal(child, {}, { startTime: T0, handlers: { C: () => "inner" } })).output ?? null,
    }));
    expect(r.output).toBe("inner");
  });
});

describe("where a host answers at once", () => {
  const answering = (): Host & { asked: number } => {
    const h = {
      now: T0,
      asked: 0,
      random: () => 0.5,
      uuid: () => "00000000-0000-4000-8000-000000000000",
      answerNow: (): TaskOutcome => (h.asked++, { output: "now" }),
    };
    return h;
  };

  it("a top-level task ends in the same advance, with no effect handed out", () => {
    const m = compile(seq({ A: task({ Next: "B" }), B: task() }));
    const host = answering();
    const exec = startExecution(m, {}, host);
    advance(m, exec, host);
    expect([exec.status, exec.output, host.asked]).toEqual(["SUCCEEDED", "now", 2]);
    expect(takeEffects(exec)).toEqual([]);
  });

  it("not for a branch beside others, a task with a timeout or heartbeat, a callback, or an activity", () => {
    const cases = [
      seq({ P: { Type: "Parallel", Branches: [seq({ T1: task() }), seq({ T2: task() })], End: true } }),
      seq({ T: task({ End: true }, { TimeoutSeconds: 5 }) }),
      seq({ T: task({ End: true }, { HeartbeatSeconds: 5 }) }),
      seq({
        T: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", Parameters: { FunctionName: "f" }, End: true },
      }),
      seq({ T: { Type: "Task", Resource: "arn:aws:states:us-east-1:123456789012:activity:a", End: true } }),
      { ...seq({ T: task() }), TimeoutSeconds: 10 },
    ];
    for (const definition of cases) {
      const m = compile(definition);
      const host = answering();
      const exec = startExecution(m, {}, host);
      advance(m, exec, host);
      expect(exec.status).toBe("RUNNING");
      expect(host.asked).toBe(0);
      expect(takeEffects(exec).some((e) => e.kind === "task")).toBe(true);
    }
  });
});
