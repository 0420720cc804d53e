// The execution's id tables (frames, tasks, timers): an entry that is done is left undefined, and advance
// compacts the tables once enough are, so that what a host stores stays the size of what is live.
import { describe, expect, it } from "vitest";
import { advance, completeTask, startExecution, stopExecution, takeEffects, type Execution, type Host } from "../../shared/asl/index.ts";
import { NO_EFFECTS, NO_ENTRIES } from "../../shared/asl/runtime/timers.ts";
import { machine, T0 } from "./helpers.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";
const host = (): Host => ({ now: T0, random: () => 0.5, uuid: () => "00000000-0000-4000-8000-000000000000" });
const roundTrip = (e: Execution): Execution => JSON.parse(JSON.stringify(e));
const keys = (e: Execution) => Object.keys(e.frames).length + Object.keys(e.tasks).length + Object.keys(e.timers).length;
const live = (e: Execution) =>
  [e.frames, e.tasks, e.timers].reduce((n, table) => n + Object.values(table).filter((v) => v !== undefined).length, 0);

/** A Map over `n` items, every iteration one task, all running at once. */
const fanOut = machine({
  Fan: {
    Type: "Map",
    ItemsPath: "$.items",
    ItemProcessor: { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, End: true } } },
    End: true,
  },
});
const items = (n: number) => ({ items: Array.from({ length: n }, (_, i) => i) });

describe("id tables", () => {
  it("answered one at a time, a 1,000-iteration Map never keeps more than a few hundred dead entries", () => {
    let exec = startExecution(fanOut, items(1000), host());
    advance(fanOut, exec, host());
    const tasks = takeEffects(exec).filter((e) => e.kind === "task");
    expect(tasks).toHaveLength(1000);
    let most = 0;
    for (const [i, task] of tasks.entries()) {
      expect(completeTask(fanOut, exec, task.id, { output: i * 2 }, host())).toBe(true);
      advance(fanOut, exec, host());
      most = Math.max(most, keys(exec) - live(exec));
      // what a Durable Object stores between steps (JSON drops the undefined entries: once is enough here)
      if (i === 500) exec = roundTrip(exec);
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(256 + 2);
    expect(exec.status).toBe("SUCCEEDED");
    expect(exec.output).toEqual(tasks.map((_, i) => i * 2));
  });

  it("the last entry of a table leaves the shared empty one; an ended execution's tables are empty", () => {
    const exec = startExecution(fanOut, items(3), host());
    advance(fanOut, exec, host());
    const tasks = takeEffects(exec).filter((e) => e.kind === "task");
    completeTask(fanOut, exec, tasks[0].id, { output: 0 }, host());
    expect(exec.tasks[tasks[0].id]).toBeUndefined();
    expect(Object.keys(exec.tasks)).toHaveLength(3);
    completeTask(fanOut, exec, tasks[1].id, { output: 1 }, host());
    completeTask(fanOut, exec, tasks[2].id, { output: 2 }, host());
    expect(exec.tasks).toBe(NO_ENTRIES);
    advance(fanOut, exec, host());
    expect(exec.status).toBe("SUCCEEDED");
    expect([exec.frames, exec.tasks, exec.timers]).toEqual([NO_ENTRIES, NO_ENTRIES, NO_ENTRIES]);
  });

  it("an execution that ends with a task done beside a timer still armed leaves no entries behind", () => {
    const m = machine({
      P: {
        Type: "Parallel",
        Branches: [
          { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, End: true } } },
          { StartAt: "F", States: { F: { Type: "Fail", Error: "Boom" } } },
        ],
        End: true,
      },
    });
    const exec = startExecution(m, {}, host());
    advance(m, exec, host());
    expect(exec.status).toBe("FAILED");
    expect([exec.frames, exec.tasks, exec.timers]).toEqual([NO_ENTRIES, NO_ENTRIES, NO_ENTRIES]);
    const withTimeout = machine({ T: { Type: "Task", Resource: LAMBDA, TimeoutSeconds: 5, HeartbeatSeconds: 1, End: true } });
    const e2 = startExecution(withTimeout, {}, host());
    advance(withTimeout, e2, host());
    const [task] = takeEffects(e2).filter((e) => e.kind === "task");
    completeTask(withTimeout, e2, task.id, { output: 1 }, host());
    advance(withTimeout, e2, host());
    expect(e2.status).toBe("SUCCEEDED");
    expect([e2.frames, e2.tasks, e2.timers, e2.dropped]).toEqual([NO_ENTRIES, NO_ENTRIES, NO_ENTRIES, 0]);
  });

  it("state stored before dead entries were counted is compacted at its next advance", () => {
    let exec = startExecution(fanOut, items(5), host());
    advance(fanOut, exec, host());
    const tasks = takeEffects(exec).filter((e) => e.kind === "task");
    for (const task of tasks.slice(0, 3)) completeTask(fanOut, exec, task.id, { output: 1 }, host());
    // in memory (a Map's iterations are not compacted before the advance that runs them)
    expect(Object.keys(exec.tasks)).toHaveLength(5);
    exec = roundTrip(exec);
    delete exec.dropped;
    completeTask(fanOut, exec, tasks[3].id, { output: 1 }, host());
    advance(fanOut, exec, host());
    expect(keys(exec)).toBe(live(exec));
    expect(exec.dropped).toBe(0);
    completeTask(fanOut, exec, tasks[4].id, { output: 1 }, host());
    advance(fanOut, exec, host());
    expect(exec.output).toEqual([1, 1, 1, 1, 1]);
  });

  it("the outbox: empty is the shared frozen array, the first effect makes the execution's own, also in restored state", () => {
    const exec = startExecution(fanOut, items(2), host());
    expect(takeEffects(exec)).toBe(NO_EFFECTS);
    advance(fanOut, exec, host());
    const effects = takeEffects(exec);
    expect(effects.map((e) => e.kind)).toEqual(["task", "task"]);
    expect(exec.outbox).toBe(NO_EFFECTS);
    expect(Object.isFrozen(NO_EFFECTS) && NO_EFFECTS.length === 0).toBe(true);
    // stored and loaded, the outbox is a plain [] of its own
    const restored = roundTrip(exec);
    completeTask(fanOut, restored, effects[0].id, { output: 1 }, host());
    stopExecution(restored, host());
    expect(takeEffects(restored)).toEqual([{ kind: "cancel", id: effects[1].id }]);
    expect(NO_EFFECTS).toHaveLength(0);
  });
});
