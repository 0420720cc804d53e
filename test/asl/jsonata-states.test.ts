// JSONata states: Arguments, Output, Items, Condition, and expressions in place of literals.
import { describe, expect, it } from "vitest";
import { compile, runLocal, type JSONValue } from "../../shared/asl/index.ts";
import { failing, T0 } from "./helpers.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";
const run = (states: Record<string, unknown>, input: JSONValue = {}, handlers = {}) =>
  runLocal(compile({ QueryLanguage: "JSONata", StartAt: Object.keys(states)[0], States: states }), input, { startTime: T0, handlers });

describe("JSONata states", () => {
  it("Pass: Output replaces the five path fields", async () => {
    const r = await run({ P: { Type: "Pass", Output: { total: "{% $sum($states.input.xs) %}", fixed: "x", nested: ["{% $count($states.input.xs) %}"] }, End: true } }, { xs: [1, 2, 3] });
    expect(r.output).toEqual({ total: 6, fixed: "x", nested: [3] });
  });

  it("Task: Arguments build the task input; Output and Assign see $states.result", async () => {
    const r = await run(
      {
        T: {
          Type: "Task",
          Resource: LAMBDA,
          Arguments: { n: "{% $states.input.n * 2 %}" },
          Output: { got: "{% $states.result.doubled %}", input: "{% $states.input.n %}" },
          Assign: { last: "{% $states.result.doubled %}" },
          Next: "After",
        },
        After: { Type: "Pass", Output: "{% $last %}", End: true },
      },
      { n: 4 },
      { T: (input: any) => ({ doubled: input.n }) },
    );
    expect(r.output).toBe(8);
  });

  it("Choice: Condition picks the rule; a non-boolean Condition is States.QueryEvaluationError", async () => {
    const states = {
      C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.n > 1 %}", Next: "Big" }], Default: "Small" },
      Big: { Type: "Pass", Output: "big", End: true },
      Small: { Type: "Pass", Output: "small", End: true },
    };
    expect((await run(states, { n: 2 })).output).toBe("big");
    expect((await run(states, { n: 0 })).output).toBe("small");
    const bad = await run({ C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.n %}", Next: "D" }], Default: "D" }, D: { Type: "Succeed" } }, { n: 3 });
    expect(bad.error).toBe("States.QueryEvaluationError");
    expect(bad.cause).toMatch(/^An error occurred while executing the state 'C' \(entered at the event id #2\)\. .*Expected 'boolean'/);
  });

  it("Wait: Seconds and Timestamp can be expressions", async () => {
    const r = await run({ W: { Type: "Wait", Seconds: "{% $states.input.s %}", Next: "U" }, U: { Type: "Wait", Timestamp: "{% $states.input.t %}", End: true } }, { s: 5, t: "2024-01-01T00:01:00Z" });
    expect(r.status).toBe("SUCCEEDED");
    expect(r.stopTime - T0).toBe(60000);
    const bad = await run({ W: { Type: "Wait", Timestamp: "{% $states.input.t %}", End: true } }, { t: "2016-12-05 21:29:29Z" });
    expect([bad.error, bad.cause]).toEqual([
      "States.QueryEvaluationError",
      "An error occurred while executing the state 'W' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05 21:29:29Z",
    ]);
  });

  it("Fail: Error and Cause can be expressions", async () => {
    const r = await run({ F: { Type: "Fail", Error: "{% $states.input.e %}", Cause: "{% 'because ' & $states.input.c %}" } }, { e: "E", c: "reasons" });
    expect([r.error, r.cause]).toEqual(["E", "because reasons"]);
  });

  it("Map: Items, ItemSelector with $states.context.Map.Item, MaxConcurrency as an expression", async () => {
    const r = await run({
      M: {
        Type: "Map",
        Items: "{% $states.input.xs %}",
        MaxConcurrency: "{% 1 %}",
        ItemSelector: { v: "{% $states.context.Map.Item.Value %}", i: "{% $states.context.Map.Item.Index %}" },
        ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", Output: "{% $states.input.v * 10 + $states.input.i %}", End: true } } },
        Output: "{% $sum($states.result) %}",
        End: true,
      },
    }, { xs: [1, 2] });
    expect(r.output).toBe(31);
    const bad = await run({ M: { Type: "Map", Items: "{% $states.input.xs %}", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } }, { xs: { a: 1 } });
    expect(bad.error).toBe("States.QueryEvaluationError");
    expect(bad.cause).toMatch(/specified for the field 'Items' returned an unexpected result type\. Expected 'array', but was 'object' for value: \{"a":1\}$/);
  });

  it("Parallel: Arguments for every branch, Output over $states.result", async () => {
    const r = await run({
      P: {
        Type: "Parallel",
        Arguments: { n: "{% $states.input.n %}" },
        Branches: [
          { StartAt: "A", States: { A: { Type: "Pass", Output: "{% $states.input.n + 1 %}", End: true } } },
          { StartAt: "B", States: { B: { Type: "Pass", Output: "{% $states.input.n + 2 %}", End: true } } },
        ],
        Output: { all: "{% $states.result %}" },
        End: true,
      },
    }, { n: 1 });
    expect(r.output).toEqual({ all: [2, 3] });
  });

  it("Catch: Output and Assign see $states.errorOutput", async () => {
    const r = await run(
      {
        T: { Type: "Task", Resource: LAMBDA, Catch: [{ ErrorEquals: ["States.ALL"], Output: { err: "{% $states.errorOutput.Error %}" }, Assign: { cause: "{% $states.errorOutput.Cause %}" }, Next: "C" }], End: true },
        C: { Type: "Pass", Output: { err: "{% $states.input.err %}", cause: "{% $cause %}" }, End: true },
      },
      {},
      { T: failing("Boom", "it broke") },
    );
    expect(r.output).toEqual({ err: "Boom", cause: "it broke" });
  });

  it("an expression that gives nothing is States.QueryEvaluationError with AWS's cause", async () => {
    const r = await run({ P: { Type: "Pass", Output: { result: "{% $doesNotExist %}" }, End: true } });
    expect([r.error, r.cause]).toEqual([
      "States.QueryEvaluationError",
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    ]);
  });

  it("$now() and $millis() read the host's clock, not the machine's", async () => {
    const r = await run({ W: { Type: "Wait", Seconds: 60, Next: "P" }, P: { Type: "Pass", Output: { now: "{% $now() %}", millis: "{% $millis() %}" }, End: true } });
    expect(r.output).toEqual({ now: new Date(T0 + 60000).toISOString(), millis: T0 + 60000 });
  });

  it("a JSONPath machine may have JSONata states, sharing variables both ways", async () => {
    const m = compile({
      StartAt: "A",
      States: {
        A: { Type: "Pass", Assign: { "n.$": "$.n" }, Next: "B" },
        B: { Type: "Pass", QueryLanguage: "JSONata", Output: { doubled: "{% $n * 2 %}" }, Assign: { m: "{% $n + 1 %}" }, Next: "C" },
        C: { Type: "Pass", Parameters: { "doubled.$": "$.doubled", "m.$": "$m" }, End: true },
      },
    });
    expect((await runLocal(m, { n: 3 })).output).toEqual({ doubled: 6, m: 4 });
  });
});
