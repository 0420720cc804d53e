// Workflow variables (Assign), in both query languages, with AWS's scoping rules.
import { describe, expect, it } from "vitest";
import { awsEvent } from "../../shared/asl/index.ts";
import { run, failing } from "./helpers.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

describe("Assign in JSONPath states", () => {
  it("reads `$` as the state's result and makes the variable visible from the next state", async () => {
    const r = await run({
      A: { Type: "Pass", Parameters: { "v.$": "$.n" }, Assign: { "x.$": "$.v", fixed: 7 }, Next: "B" },
      B: { Type: "Pass", Parameters: { "x.$": "$x", "fixed.$": "$fixed", "sum.$": "States.MathAdd($x, $fixed)" }, End: true },
    }, { n: 5 });
    expect(r.output).toEqual({ x: 5, fixed: 7, sum: 12 });
  });

  it("evaluates Assign and the output with the values the state was entered with", async () => {
    const r = await run({
      A: { Type: "Pass", Assign: { x: 1 }, Next: "B" },
      B: { Type: "Pass", Parameters: { "seen.$": "$x" }, Assign: { x: 2, "old.$": "$x" }, Next: "C" },
      C: { Type: "Pass", Parameters: { "x.$": "$x", "old.$": "$old", "seen.$": "$.seen" }, End: true },
    });
    expect(r.output).toEqual({ x: 2, old: 1, seen: 1 });
  });

  it("serves Choice variables, SecondsPath, ItemsPath and MaxConcurrencyPath", async () => {
    const r = await run({
      Set: { Type: "Pass", Assign: { items: [1, 2], wait: 3, max: "1", guess: "a", answer: "a" }, Next: "Check" },
      Check: { Type: "Choice", Choices: [{ Variable: "$guess", StringEqualsPath: "$answer", Next: "Wait" }], Default: "Bad" },
      Bad: { Type: "Fail" },
      Wait: { Type: "Wait", SecondsPath: "$wait", Next: "Each" },
      Each: { Type: "Map", ItemsPath: "$items", MaxConcurrencyPath: "$max", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true },
    });
    expect(r.output).toEqual([1, 2]);
    expect(r.stopTime - r.startTime).toBe(3000);
  });

  it("gives Map iterations a scope of their own: they read outer variables, their assignments stay inside", async () => {
    const r = await run({
      A: { Type: "Pass", Assign: { bias: 10 }, Next: "M" },
      M: {
        Type: "Map",
        ItemProcessor: {
          StartAt: "In",
          States: {
            In: { Type: "Pass", Assign: { "mine.$": "States.MathAdd($, $bias)" }, Next: "Out" },
            Out: { Type: "Pass", Parameters: { "v.$": "$mine" }, End: true },
          },
        },
        Next: "After",
      },
      After: { Type: "Pass", Parameters: { "results.$": "$", "bias.$": "$bias" }, End: true },
    }, [1, 2]);
    expect(r.output).toEqual({ results: [{ v: 11 }, { v: 12 }], bias: 10 });
    const leak = await run({
      M: { Type: "Map", ItemProcessor: { StartAt: "In", States: { In: { Type: "Pass", Assign: { inner: 1 }, End: true } } }, Next: "After" },
      After: { Type: "Pass", Parameters: { "v.$": "$inner" }, End: true },
    }, [1]);
    expect(leak.error).toBe("States.Runtime");
  });

  it("a Catch's Assign writes to the state's scope, with `$` the error output", async () => {
    const r = await run({
      T: { Type: "Task", Resource: LAMBDA, Assign: { ok: true }, Catch: [{ ErrorEquals: ["States.ALL"], Assign: { "why.$": "$.Cause" }, ResultPath: null, Next: "C" }], End: true },
      C: { Type: "Pass", Parameters: { "why.$": "$why" }, End: true },
    }, {}, { handlers: { T: failing("Boom", "it broke") } });
    expect(r.output).toEqual({ why: "it broke" });
  });

  it("records assigned variables in the state's exit event, as JSON text in AWS's shape", async () => {
    const r = await run({ A: { Type: "Pass", Assign: { x: { deep: [1] } }, End: true } });
    const exit = r.events.find((e) => e.type === "PassStateExited")!;
    expect(awsEvent(exit)).toMatchObject({
      stateExitedEventDetails: { assignedVariables: { x: '{"deep":[1]}' }, assignedVariablesDetails: { truncated: false } },
    });
  });

  it("refuses a variable over 256 KiB with States.DataLimitExceeded", async () => {
    const r = await run({ A: { Type: "Pass", Assign: { "big.$": "$.s" }, End: true } }, { s: "x".repeat(200000) + "é".repeat(40000) });
    expect(r.error).toBe("States.DataLimitExceeded");
  });
});

describe("Assign in Choice", () => {
  const choice = (ql: "JSONPath" | "JSONata") => ({
    QueryLanguage: ql,
    StartAt: "C",
    States: {
      C: {
        Type: "Choice",
        Choices: [
          ql === "JSONata"
            ? { Condition: "{% $states.input.go %}", Next: "D", Assign: { path: "rule" } }
            : { Variable: "$.go", BooleanEquals: true, Next: "D", Assign: { path: "rule" } },
        ],
        Default: "D",
        Assign: { path: "state", always: 1 },
      },
      D: ql === "JSONata" ? { Type: "Pass", Output: { path: "{% $path %}", always: "{% $always %}" }, End: true } : { Type: "Pass", Parameters: { "path.$": "$path", "always.$": "$always" }, End: true },
    },
  });
  it.each(["JSONPath", "JSONata"] as const)("%s: the state's Assign always applies, a matching rule's wins over it", async (ql) => {
    const { compile, runLocal } = await import("../../shared/asl/index.ts");
    const m = compile(choice(ql));
    expect((await runLocal(m, { go: true })).output).toEqual({ path: "rule", always: 1 });
    expect((await runLocal(m, { go: false })).output).toEqual({ path: "state", always: 1 });
  });
});
