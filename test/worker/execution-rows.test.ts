// What an execution is billed for in its Durable Object's storage, as stats() counts it from the
// SQL cursors: exact figures, so a change that writes more rows shows up here.
import { beforeEach, describe, expect, it } from "vitest";
import { alarmOf, drive, resetHooks, startArgs, stubOf, useDispatcher } from "./execution-helpers.ts";

beforeEach(resetHooks);

const work = (next?: string) => ({ Type: "Task", Resource: "worker:w", ...(next ? { Next: next } : { End: true }) });

describe("rows an execution writes", () => {
  it("three tasks in a row in one alarm: one watchdog alarm for all of them, not one per result", async () => {
    const calls = useDispatcher((call) => ({ output: call.stateName }));
    const a = startArgs({ StartAt: "A", States: { A: work("B"), B: work("C"), C: work() } });
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '"C"' });
    expect(calls.map((c) => c.stateName)).toEqual(["A", "B", "C"]);
    expect(await alarmOf(stub)).toBeNull();
    const stats = (await stub.stats())!;
    expect(stats).toMatchObject({ commits: 5, alarms: 1, dispatches: 3 });
    // Tables 2 × 2; start: state + events + alarm for now; in the alarm: the watchdog, three results
    // (state + events each), the last clearing the alarm; then the state row keeping the D1 count.
    expect(stats.rowsWritten).toBe(4 + 3 + 1 + 3 * 2 + 1 + 1);
    expect(stats.d1Writes).toBe(3);
  });
});
