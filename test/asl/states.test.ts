import { describe, expect, it } from "vitest";
import { run, failing, T0 } from "./helpers.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

describe("Wait", () => {
  const cases: [string, Record<string, unknown>, unknown, number][] = [
    ["Seconds", { Seconds: 90 }, {}, 90000],
    ["SecondsPath", { SecondsPath: "$.s" }, { s: 5 }, 5000],
    ["Timestamp", { Timestamp: "2024-01-02T00:00:00Z" }, {}, 86400000],
    ["TimestampPath", { TimestampPath: "$.t" }, { t: "2024-01-01T00:00:30+00:00" }, 30000],
    ["a timestamp in the past", { Timestamp: "2020-01-01T00:00:00Z" }, {}, 0],
  ];
  it.each(cases)("%s, on the virtual clock", async (_n, fields, input, ms) => {
    const r = await run({ W: { Type: "Wait", ...fields, End: true } }, input as any);
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual(input);
    expect(r.stopTime - T0).toBe(ms);
  });

  const bad: [string, Record<string, unknown>, unknown, string][] = [
    ["negative SecondsPath", { SecondsPath: "$.s" }, { s: -1 }, "The SecondsPath parameter references a negative value: $.s == -1"],
    ["fractional SecondsPath", { SecondsPath: "$.s" }, { s: 1.5 }, "The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5"],
    ["missing SecondsPath", { SecondsPath: "$.s" }, {}, "The SecondsPath parameter does not reference an input value: $.s"],
    ["bad TimestampPath", { TimestampPath: "$.t" }, { t: "2016-12-05 21:29:29Z" }, "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2016-12-05 21:29:29Z"],
    ["far future", { TimestampPath: "$.t" }, { t: "2094-12-13T17:30:19.000Z" }, "Wait state delay is too long."],
  ];
  it.each(bad)("%s is States.Runtime", async (_n, fields, input, cause) => {
    const r = await run({ W: { Type: "Wait", ...fields, End: true } }, input as any);
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toBe(`An error occurred while executing the state 'W' (entered at the event id #2). ${cause}`);
  });
});

describe("Parallel", () => {
  it("runs every branch on the same input and outputs their results in order", async () => {
    const r = await run(
      {
        P: {
          Type: "Parallel",
          Parameters: { "v.$": "$.v" },
          Branches: [
            { StartAt: "A", States: { A: { Type: "Wait", Seconds: 5, Next: "A2" }, A2: { Type: "Pass", Result: "a", End: true } } },
            { StartAt: "B", States: { B: { Type: "Task", Resource: LAMBDA, End: true } } },
          ],
          ResultPath: "$.out",
          End: true,
        },
      },
      { v: 2 },
      { handlers: { B: (i: any) => i.v * 10 } },
    );
    expect(r.output).toEqual({ v: 2, out: ["a", 20] });
  });

  it("fails with the error of the branch that failed, which Catch can handle", async () => {
    const r = await run(
      {
        P: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Slow", States: { Slow: { Type: "Wait", Seconds: 1000, End: true } } },
            { StartAt: "Boom", States: { Boom: { Type: "Fail", Error: "Broken", Cause: "b" } } },
          ],
          Catch: [{ ErrorEquals: ["Broken"], Next: "Recover" }],
          End: true,
        },
        Recover: { Type: "Pass", End: true },
      },
      {},
    );
    expect(r.output).toEqual({ Error: "Broken", Cause: "b" });
    // the slow branch was abandoned, not waited for
    expect(r.stopTime).toBe(T0);
  });
});

describe("Map", () => {
  it("respects MaxConcurrency", async () => {
    let running = 0;
    let peak = 0;
    const r = await run(
      {
        M: {
          Type: "Map",
          MaxConcurrency: 2,
          ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, End: true } } },
          End: true,
        },
      },
      [1, 2, 3, 4, 5],
      {
        handlers: {
          T: async (n: any) => {
            peak = Math.max(peak, ++running);
            await new Promise((res) => setTimeout(res, 1));
            running--;
            return n * 2;
          },
        },
      },
    );
    expect(r.output).toEqual([2, 4, 6, 8, 10]);
    expect(peak).toBe(2);
  });

  it("reads MaxConcurrencyPath, and accepts the legacy Iterator and Parameters", async () => {
    const r = await run(
      {
        M: {
          Type: "Map",
          ItemsPath: "$.xs",
          MaxConcurrencyPath: "$.max",
          Parameters: { "x.$": "$$.Map.Item.Value" },
          Iterator: { StartAt: "P", States: { P: { Type: "Pass", InputPath: "$.x", End: true } } },
          End: true,
        },
      },
      { xs: [1, 2], max: 1 },
    );
    expect(r.output).toEqual([1, 2]);
  });

  it("an empty list gives []", async () => {
    const r = await run({ M: { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } }, []);
    expect(r.output).toEqual([]);
  });

  it("an input that is not a list is States.Runtime", async () => {
    const r = await run({ M: { Type: "Map", ItemsPath: "$.xs", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } }, { xs: 3 });
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toMatch(/Map state input must be an array but was: 3$/);
  });

  it("a failing iteration fails the Map, unless ToleratedFailureCount allows it", async () => {
    const states = (extra: object) => ({
      M: {
        Type: "Map",
        ...extra,
        ItemProcessor: { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, End: true } } },
        End: true,
      },
    });
    const handlers = { T: (n: any) => (n === 2 ? failing("Bad", "two")() : n) };
    expect((await run(states({}), [1, 2, 3], { handlers })).error).toBe("Bad");
    const ok = await run(states({ ToleratedFailureCount: 1 }), [1, 2, 3], { handlers });
    expect(ok.output).toEqual([1, { Error: "Bad", Cause: "two" }, 3]);
    expect((await run(states({ ToleratedFailurePercentage: 10 }), [1, 2, 3], { handlers })).error).toBe("States.ExceedToleratedFailureThreshold");
  });

  it("counts every state run as a transition, Map and iterations included", async () => {
    const r = await run(
      { M: { Type: "Map", ItemProcessor: { StartAt: "A", States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", End: true } } }, End: true } },
      [1, 2, 3],
    );
    expect(r.transitions).toBe(7);
  });
});
