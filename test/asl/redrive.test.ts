// Redrive in the engine: a Standard execution that ended FAILED, TIMED_OUT or ABORTED runs again from its
// unsuccessful steps only; a Map or Parallel reruns only its failed or aborted iterations and branches.
import { describe, expect, it } from "vitest";
import {
  advance,
  completeTask,
  fireTimer,
  notRedrivable,
  redriveExecution,
  startExecution,
  stopExecution,
  takeEffects,
  type Effect,
  type Execution,
  type Host,
} from "../../shared/asl/index.ts";
import { machine, T0 } from "./helpers.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";
const host = (now = T0): Host => ({ now, random: () => 0.5, uuid: () => "00000000-0000-4000-8000-000000000000" });
const roundTrip = (e: Execution): Execution => JSON.parse(JSON.stringify(e));
type Task = Extract<Effect, { kind: "task" }>;
const tasks = (e: Execution): Task[] => takeEffects(e).filter((x): x is Task => x.kind === "task");
const types = (e: Execution) => e.events.map((ev) => ev.type);

/** Answer every task handed out with `answer(task)` until none is left; the tasks seen. */
function drive(
  m: ReturnType<typeof machine>,
  exec: Execution,
  answer: (t: Task) => { output: unknown } | { error: string; cause: string },
) {
  const seen: Task[] = [];
  advance(m, exec, host());
  for (let round = 0; round < 50 && exec.status === "RUNNING"; round++) {
    const out = tasks(exec);
    if (!out.length) break;
    for (const t of out) {
      seen.push(t);
      completeTask(m, exec, t.id, answer(t) as never, host());
    }
    advance(m, exec, host());
  }
  return seen;
}

describe("redriveExecution", () => {
  it("reruns the failed Task with its input, keeps the steps before it, counts the redrive", () => {
    const m = machine({
      Prepare: { Type: "Pass", Result: { n: 1 }, ResultPath: "$.prep", Next: "Charge" },
      Charge: { Type: "Task", Resource: LAMBDA, Parameters: { "n.$": "$.prep.n", "redrives.$": "$$.Execution.RedriveCount" }, End: true },
    });
    let exec = startExecution(m, { order: 7 }, host(), { name: "e" });
    const first = drive(m, exec, () => ({ error: "Card.Declined", cause: "no" }));
    expect(exec.status).toBe("FAILED");
    expect(first.map((t) => t.input)).toEqual([{ n: 1, redrives: 0 }]);
    expect(notRedrivable(exec)).toBeUndefined();
    exec = roundTrip(exec);
    const before = exec.events.length;
    expect(redriveExecution(m, exec, host(T0 + 1000))).toBe(true);
    expect(exec.status).toBe("RUNNING");
    expect(exec.redriveCount).toBe(1);
    expect(exec.redriveTime).toBe(T0 + 1000);
    const again = drive(m, exec, (t) => ({ output: { charged: t.input } }));
    expect(again.map((t) => t.input)).toEqual([{ n: 1, redrives: 1 }]);
    expect(exec.status).toBe("SUCCEEDED");
    expect(exec.output).toEqual({ charged: { n: 1, redrives: 1 } });
    const after = exec.events.slice(before);
    expect(after[0]).toMatchObject({ type: "ExecutionRedriven", redriveCount: 1, previousEventId: before });
    expect(after.map((e) => e.type)).toEqual([
      "ExecutionRedriven",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    expect(types(exec).filter((t) => t === "PassStateEntered")).toHaveLength(1);
    expect(after[1].previousEventId).toBe(after[0].id);
  });

  it("a Parallel reruns only its failed branch; the other branch's result stands", () => {
    const m = machine({
      Both: {
        Type: "Parallel",
        Branches: [
          { StartAt: "A", States: { A: { Type: "Task", Resource: LAMBDA, Parameters: { b: "A" }, End: true } } },
          { StartAt: "B", States: { B: { Type: "Task", Resource: LAMBDA, Parameters: { b: "B" }, End: true } } },
        ],
        End: true,
      },
    });
    const exec = startExecution(m, {}, host(), { name: "p" });
    drive(m, exec, (t) => ((t.input as any).b === "B" ? { error: "B.Failed", cause: "x" } : { output: "a-done" }));
    expect(exec.status).toBe("FAILED");
    expect(redriveExecution(m, exec, host())).toBe(true);
    const again = drive(m, exec, () => ({ output: "b-done" }));
    expect(again.map((t) => t.input)).toEqual([{ b: "B" }]);
    expect(exec.status).toBe("SUCCEEDED");
    expect(exec.output).toEqual(["a-done", "b-done"]);
  });

  it("a Map reruns its failed and aborted iterations and those never started (MaxConcurrency), in their places", () => {
    const m = machine({
      Each: {
        Type: "Map",
        MaxConcurrency: 2,
        ItemSelector: { "v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index" },
        ItemProcessor: { StartAt: "Work", States: { Work: { Type: "Task", Resource: LAMBDA, End: true } } },
        End: true,
      },
    });
    const ran = startExecution(m, [10, 20, 30, 40, 50], host(), { name: "m" });
    // item 0 succeeds, item 1 fails: the Map fails with 2 to 4 never started
    advance(m, ran, host());
    const [t0, t1] = tasks(ran);
    completeTask(m, ran, t0.id, { output: "r0" }, host());
    advance(m, ran, host());
    const [t2] = tasks(ran);
    expect(t2.input).toEqual({ v: 30, i: 2 });
    completeTask(m, ran, t1.id, { error: "Item.Bad", cause: "1" }, host());
    advance(m, ran, host());
    expect(ran.status).toBe("FAILED");
    // as stored by its host between the failure and the redrive
    const exec = roundTrip(ran);
    expect(redriveExecution(m, exec, host())).toBe(true);
    const seen: unknown[] = [];
    const again = drive(m, exec, (t) => {
      seen.push(t.input);
      return { output: `r${(t.input as any).i}` };
    });
    expect(again).toHaveLength(4);
    expect(seen.map((x: any) => x.i).sort()).toEqual([1, 2, 3, 4]);
    expect(exec.status).toBe("SUCCEEDED");
    expect(exec.output).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    // MaxConcurrency still holds on the redrive: 2 at a time
    const started = exec.events.filter((e) => e.type === "MapIterationStarted").map((e) => e.index);
    expect(started.slice(-4)).toEqual([1, 2, 3, 4]);
  });

  it("a redriven Map's restarted iterations count against the history limit", () => {
    const m = machine({
      Each: {
        Type: "Map",
        MaxConcurrency: 0,
        ItemProcessor: { StartAt: "Work", States: { Work: { Type: "Task", Resource: LAMBDA, End: true } } },
        End: true,
      },
    });
    const items = Array.from({ length: 50 }, (_, i) => i);
    const exec = startExecution(m, items, host(), { name: "h", maxEvents: 340 });
    advance(m, exec, host());
    const [first] = tasks(exec);
    completeTask(m, exec, first.id, { error: "Item.Bad", cause: "0" }, host());
    advance(m, exec, host());
    expect(exec.status).toBe("FAILED");
    const before = exec.eventSeq;
    expect(before).toBeLessThan(340);
    // the 50 iterations to run again cannot all start within the limit
    expect(redriveExecution(m, exec, host())).toBe(true);
    advance(m, exec, host());
    expect(exec.status).toBe("FAILED");
    expect(exec.error).toBe("States.Runtime");
    expect(exec.eventSeq).toBeLessThanOrEqual(340);
    expect(types(exec).at(-1)).toBe("ExecutionFailed");
  });

  it("a stopped execution reruns the state it was stopped in; the execution's timeout starts again", () => {
    const m = machine(
      { Nap: { Type: "Wait", Seconds: 5, Next: "Work" }, Work: { Type: "Task", Resource: LAMBDA, End: true } },
      { TimeoutSeconds: 100 },
    );
    const exec = startExecution(m, { x: 1 }, host(), { name: "s" });
    advance(m, exec, host());
    takeEffects(exec);
    stopExecution(exec, host(T0 + 1000), "Stop", "by hand");
    expect(exec.status).toBe("ABORTED");
    expect(redriveExecution(m, exec, host(T0 + 200_000))).toBe(true);
    advance(m, exec, host(T0 + 200_000));
    const fx = takeEffects(exec);
    const timers = fx.filter((x) => x.kind === "timer") as Extract<Effect, { kind: "timer" }>[];
    // the Wait again (5 s) and the execution's timeout, from the redrive
    expect(timers.map((t) => t.due).sort()).toEqual([T0 + 205_000, T0 + 300_000]);
    const wait = timers.find((t) => t.due === T0 + 205_000)!;
    fireTimer(m, exec, wait.id, host(T0 + 205_000));
    advance(m, exec, host(T0 + 205_000));
    const [work] = tasks(exec);
    expect(work.input).toEqual({ x: 1 });
  });

  it("refuses what AWS refuses: a RUNNING or SUCCEEDED execution, and an Express one", () => {
    const m = machine({ Done: { Type: "Pass", End: true } });
    const ok = startExecution(m, {}, host(), { name: "ok" });
    expect(notRedrivable(ok)).toBe("Execution is RUNNING and cannot be redriven");
    advance(m, ok, host());
    expect(notRedrivable(ok)).toBe("Execution is SUCCEEDED and cannot be redriven");
    expect(redriveExecution(m, ok, host())).toBe(false);
    const x = machine({ Boom: { Type: "Fail", Error: "E" } }, { QueryLanguage: "JSONPath" });
    const express = startExecution({ ...x, type: "EXPRESS" } as typeof x, {}, host(), { name: "x" });
    advance(x, express, host());
    expect(express.status).toBe("FAILED");
    expect(notRedrivable(express)).toBe("Execution is EXPRESS and cannot be redriven");
  });
});
