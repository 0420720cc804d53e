// Counterexamples the fuzz tests found (test/asl/fuzz-*.test.ts), kept as plain cases once fixed.
import { describe, expect, it } from "vitest";
import { run } from "./helpers.ts";

describe("fuzz regressions", () => {
  // fuzz-definitions, seed -757630052: a Catch whose own Assign failed threw out of the engine
  it("a Catch whose JSONata Assign fails ends the execution with States.QueryEvaluationError", async () => {
    const r = await run(
      {
        Task: {
          Type: "Task",
          QueryLanguage: "JSONata",
          Resource: "arn:aws:states:::lambda:invoke",
          Arguments: { FunctionName: "f" },
          Catch: [{ ErrorEquals: ["States.ALL"], Assign: { x: ["{% $eval('1+') %}"] }, Next: "Fallback" }],
          End: true,
        },
        Fallback: { Type: "Pass", End: true },
      },
      {},
      { resolveTask: () => ({ error: "States.TaskFailed", cause: "" }) },
    );
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.QueryEvaluationError");
    expect(r.cause).toMatch(/^An error occurred while executing the state 'Task' \(entered at the event id #2\)\. The JSONata expression/);
    expect(r.events.map((e) => e.type)).not.toContain("PassStateEntered");
  });

  it("a Catch whose JSONPath Assign or ResultPath fails ends the execution with that error", async () => {
    const states = (catcher: object) => ({
      Task: {
        Type: "Task",
        Resource: "arn:aws:lambda:us-east-1:123456789012:function:f",
        Catch: [{ ErrorEquals: ["States.ALL"], ...catcher, Next: "Fallback" }],
        End: true,
      },
      Fallback: { Type: "Pass", End: true },
    });
    const failing = { resolveTask: () => ({ error: "Custom.Error", cause: "x" }) };
    const assign = await run(states({ Assign: { "x.$": "States.ArrayGetItem($.Missing, 0)" } }), {}, failing);
    expect([assign.status, assign.error]).toEqual(["FAILED", "States.Runtime"]);
    expect(assign.cause).toMatch(/^An error occurred while executing the state 'Task'/);
    const resultPath = await run(states({ ResultPath: "$.a.b" }), { a: "text" }, failing);
    expect([resultPath.status, resultPath.error]).toEqual(["FAILED", "States.ResultPathMatchFailure"]);
  });
});
