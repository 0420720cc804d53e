// The engine runs unchanged inside workerd: the same code the Node tests exercise.
import { describe, expect, it } from "vitest";
import { compile, runLocal, validate } from "../../shared/asl/index.ts";

describe("the ASL engine inside workerd", () => {
  it("runs a workflow with Choice, Task, Retry, Map, Parallel, intrinsics and a Wait", async () => {
    const machine = compile({
      StartAt: "Prepare",
      States: {
        Prepare: { Type: "Pass", Parameters: { "items.$": "$.items", "id.$": "States.Format('order-{}', $.id)" }, Next: "Route" },
        Route: { Type: "Choice", Choices: [{ Variable: "$.items[0]", IsPresent: true, Next: "Fan" }], Default: "Empty" },
        Fan: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Each", States: { Each: { Type: "Map", ItemsPath: "$.items", ItemProcessor: { StartAt: "Double", States: { Double: { Type: "Task", Resource: "worker:math", Retry: [{ ErrorEquals: ["Flaky"], IntervalSeconds: 1 }], End: true } } }, End: true } } },
            { StartAt: "Pause", States: { Pause: { Type: "Wait", Seconds: 3600, Next: "Hash" }, Hash: { Type: "Pass", Parameters: { "h.$": "States.Hash($.id, 'SHA-256')" }, End: true } } },
          ],
          End: true,
        },
        Empty: { Type: "Succeed" },
      },
    });
    let calls = 0;
    const r = await runLocal(machine, { id: 7, items: [1, 2, 3] }, {
      startTime: Date.UTC(2024, 0, 1),
      handlers: {
        Double: (n) => {
          if (++calls === 2) throw Object.assign(new Error("try again"), { name: "Flaky" });
          return (n as number) * 2;
        },
      },
    });
    expect(r.status).toBe("SUCCEEDED");
    // sha256("order-7"), as `sha256sum` prints it
    expect(r.output).toEqual([[2, 4, 6], { h: "df8cf80227ec3237922df0ecd88385c546e4a31bdb8127b033f01e6f21f175df" }]);
    expect(calls).toBe(4);
    expect(r.stopTime - r.startTime).toBe(3600 * 1000);
  });

  it("validates definitions the same way", () => {
    expect(validate({ StartAt: "Nope", States: { A: { Type: "Succeed" } } }).valid).toBe(false);
  });
});
