import { describe, expect, it } from "vitest";
import { run, T0 } from "./helpers.ts";

describe("input and output processing, in AWS's order", () => {
  it("applies InputPath, Parameters, ResultSelector, ResultPath, OutputPath", async () => {
    const r = await run(
      {
        T: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:123456789012:function:f",
          InputPath: "$.order",
          Parameters: { "id.$": "$.id", fixed: "x", "nested": { "qty.$": "$.qty" } },
          ResultSelector: { "total.$": "$.body.total" },
          ResultPath: "$.result",
          OutputPath: "$.result",
          End: true,
        },
      },
      { order: { id: 7, qty: 2 }, other: 1 },
      { handlers: { T: (input: any) => ({ body: { total: input.nested.qty * 10, seen: input } }) } },
    );
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual({ total: 20 });
  });

  it("ResultPath null keeps the input; a deep ResultPath creates the objects it needs", async () => {
    const r = await run(
      {
        A: { Type: "Pass", Result: 1, ResultPath: null, Next: "B" },
        B: { Type: "Pass", Result: 2, ResultPath: "$.x.y.z", End: true },
      },
      { keep: true },
    );
    expect(r.output).toEqual({ keep: true, x: { y: { z: 2 } } });
  });

  it("InputPath and OutputPath null give {}", async () => {
    const r = await run({ A: { Type: "Pass", InputPath: null, Next: "B" }, B: { Type: "Pass", OutputPath: null, End: true } }, { a: 1 });
    expect(r.output).toEqual({});
  });

  it("does not change the input it was given", async () => {
    const input = { a: { b: 1 } };
    await run({ A: { Type: "Pass", Result: 2, ResultPath: "$.a.c", End: true } }, input);
    expect(input).toEqual({ a: { b: 1 } });
  });

  it("exposes the context object with $$", async () => {
    const r = await run(
      { S: { Type: "Pass", Parameters: { "name.$": "$$.State.Name", "start.$": "$$.Execution.StartTime", "input.$": "$$.Execution.Input", "sm.$": "$$.StateMachine.Name" }, End: true } },
      { hello: 1 },
      { name: "exec-1", stateMachineName: "Orders" },
    );
    expect(r.output).toEqual({ name: "S", start: new Date(T0).toISOString(), input: { hello: 1 }, sm: "Orders" });
  });

  it("gives each Map item its index and value through $$.Map.Item", async () => {
    const r = await run(
      {
        M: {
          Type: "Map",
          ItemsPath: "$.xs",
          ItemSelector: { "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "tag.$": "$.tag" },
          ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          End: true,
        },
      },
      { xs: ["a", "b"], tag: "t" },
    );
    expect(r.output).toEqual([{ i: 0, v: "a", tag: "t" }, { i: 1, v: "b", tag: "t" }]);
  });

  it("a missing path in Parameters is States.Runtime with AWS's cause", async () => {
    const r = await run({ P: { Type: "Pass", Parameters: { "v.$": "$.nope" }, End: true } }, { a: 1 });
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toBe(
      `An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'v.$' could not be found in the input '{"a":1}'`,
    );
  });

  it("a missing InputPath is States.Runtime naming the path", async () => {
    const r = await run({ P: { Type: "Pass", InputPath: "$.x", End: true } }, {});
    expect(r.cause).toMatch(/Invalid path '\$\.x' : No results for path: \$\['x'\]$/);
  });

  it("a ResultPath that cannot be applied is States.ResultPathMatchFailure", async () => {
    const r = await run({ P: { Type: "Pass", Result: 1, ResultPath: "$.a.b", End: true } }, { a: "text" });
    expect(r.error).toBe("States.ResultPathMatchFailure");
  });
});

describe("paths as Jayway reads them, through a state (validated, then run)", () => {
  it("`.[` is `[` in InputPath, Parameters and intrinsics; `$` in a filter is the root", async () => {
    const r = await run({
      P: {
        Type: "Pass",
        InputPath: "$.[0]",
        Parameters: {
          "parsed.$": "States.StringToJson($.[0].body)",
          "picked.$": "$.[1].approaches[?(@.workerId == $.[1].agent)].approach",
        },
        End: true,
      },
    }, [[{ body: '{"ok":true}' }, { agent: "w2", approaches: [{ workerId: "w2", approach: "b" }] }]]);
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual({ parsed: { ok: true }, picked: ["b"] });
  });
});
