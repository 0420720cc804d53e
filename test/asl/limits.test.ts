// Bad input never hangs or crashes the engine: it gets a named error.
import { describe, expect, it } from "vitest";
import {
  advance,
  compile,
  completeTask,
  DefinitionError,
  inputProblem,
  startExecution,
  takeEffects,
  runLocal,
  validate,
  MAX_PAYLOAD_BYTES,
  type Execution,
  type JSONValue,
} from "../../shared/asl/index.ts";
import fc from "fast-check";
import { boundWithin } from "../../shared/asl/runtime/io.ts";
import { fuzzParams } from "./fuzz.ts";
import { run } from "./helpers.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";
const big = "x".repeat(MAX_PAYLOAD_BYTES);

describe("data limits", () => {
  it("a state output over 256 KiB fails with States.DataLimitExceeded, which States.ALL does not catch", async () => {
    const r = await run(
      { P: { Type: "Pass", Parameters: { "a.$": "$.s", "b.$": "$.s" }, Next: "T" }, T: { Type: "Succeed" } },
      { s: "y".repeat(MAX_PAYLOAD_BYTES / 2) },
    );
    expect(r.error).toBe("States.DataLimitExceeded");
    const caught = await run(
      {
        T: { Type: "Task", Resource: LAMBDA, ResultPath: "$.r", Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }], End: true },
        C: { Type: "Pass", End: true },
      },
      { s: big.slice(0, 200000) },
      { handlers: { T: () => "z".repeat(100000) } },
    );
    expect(caught.status).toBe("FAILED");
    expect(caught.error).toBe("States.DataLimitExceeded");
  });

  it("a task result over 256 KiB is a task failure that States.ALL catches, as AWS records it", async () => {
    const r = await run(
      {
        T: { Type: "Task", Resource: LAMBDA, Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }], End: true },
        C: { Type: "Pass", End: true },
      },
      {},
      { handlers: { T: () => big } },
    );
    expect(r.output).toEqual({
      Error: "States.DataLimitExceeded",
      Cause: `The state/task '${LAMBDA}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    });
  });

  it("an output that grows state by state fails at the state that passes the limit (the size check keeps a bound of each input)", async () => {
    const third = "y".repeat(100000);
    const grow = (at: string, next?: string) => ({
      Type: "Pass",
      Parameters: { "v.$": "$.a" },
      ResultPath: at,
      ...(next ? { Next: next } : { End: true }),
    });
    const r = await run({ A: grow("$.b", "B"), B: grow("$.c.d", "C"), C: { Type: "Succeed" } }, { a: third });
    expect(r.error).toBe("States.DataLimitExceeded");
    expect(r.cause).toContain("'B'");
    const ok = await run({ A: grow("$.b", "C"), C: { Type: "Succeed" } }, { a: third });
    expect(ok.status).toBe("SUCCEEDED");
    // a task's result merged into its input, and the input passed on whole (Pass without Parameters)
    const task = await run(
      {
        K: { Type: "Pass", ResultPath: "$.copy", Next: "T" },
        T: { Type: "Task", Resource: LAMBDA, ResultPath: "$.r", End: true },
      },
      { a: "z".repeat(90000) },
      { handlers: { T: () => "w".repeat(90000) } },
    );
    expect(task.error).toBe("States.DataLimitExceeded");
    expect(task.cause).toContain("'T'");
  });

  it("a task result's bound goes with it when answered at once or when a scalar; an object through completeTask, or restored, is measured", async () => {
    const m = compile({
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: LAMBDA, ResultPath: "$.r", Next: "U" },
        U: { Type: "Task", Resource: LAMBDA, End: true },
      },
    });
    const host = { now: 0, random: () => 0.5, uuid: () => "00000000-0000-4000-8000-000000000000" };
    const answer = (exec: Execution, value: JSONValue, stored: boolean) => {
      advance(m, exec, host);
      const task = takeEffects(exec).find((e) => e.kind === "task")!;
      completeTask(m, exec, task.id, { output: value }, host);
      // an object or array the host shares could still change: measured when taken; a string's bound is kept
      const bound = exec.frames[1]!.resume!.bound!;
      if (typeof value === "object" && value !== null) expect(bound).toBe(-1);
      else expect(bound).toBeGreaterThanOrEqual(JSON.stringify(value).length);
      if (!stored) return exec;
      const restored = JSON.parse(JSON.stringify(exec)) as Execution;
      delete restored.frames[1]!.resume!.bound;
      return restored;
    };
    for (const stored of [false, true]) {
      // within the limit: T's output (input and result) is the next task's input, U's result the output
      let exec = startExecution(m, { a: "z".repeat(90000) }, host);
      exec = answer(exec, "w".repeat(90000), stored);
      exec = answer(exec, { done: stored }, stored);
      advance(m, exec, host);
      expect([exec.status, exec.output]).toEqual(["SUCCEEDED", { done: stored }]);
      // the input and the result together pass the limit: T fails
      exec = startExecution(m, { a: "z".repeat(140000) }, host);
      exec = answer(exec, "w".repeat(140000), stored);
      advance(m, exec, host);
      expect([exec.status, exec.error]).toEqual(["FAILED", "States.DataLimitExceeded"]);
    }
    // a number, a boolean and null keep their bound through completeTask too
    for (const value of [-0.0000012345678901234567, true, null]) {
      const exec = startExecution(m, {}, host);
      advance(m, exec, host);
      const task = takeEffects(exec).find((e) => e.kind === "task")!;
      completeTask(m, exec, task.id, { output: value }, host);
      expect(exec.frames[1]!.resume!.bound).toBeGreaterThanOrEqual(JSON.stringify(value).length);
    }
    // answered at once (runLocal's handlers), the same
    const within = await runLocal(m, { a: "z".repeat(90000) }, { handlers: { T: () => "w".repeat(90000), U: () => "ok" } });
    expect(within.output).toBe("ok");
    const over = await runLocal(m, { a: "z".repeat(140000) }, { handlers: { T: () => "w".repeat(140000), U: () => "ok" } });
    expect(over.error).toBe("States.DataLimitExceeded");
  });

  it("a result a handler changes after answering is measured as it is when its state takes it (found in review)", async () => {
    const m = compile({
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          End: true,
          Branches: [
            {
              StartAt: "T1",
              States: { T1: { Type: "Task", Resource: LAMBDA, Next: "T3" }, T3: { Type: "Task", Resource: LAMBDA, End: true } },
            },
            { StartAt: "T2", States: { T2: { Type: "Task", Resource: LAMBDA, End: true } } },
          ],
        },
      },
    });
    const shared = { data: "" };
    const r = await runLocal(
      m,
      {},
      {
        handlers: {
          T1: () => shared,
          T2: () => ((shared.data = "x".repeat(300 * 1024)), 1),
          T3: () => "small",
        },
      },
    );
    expect([r.status, r.error]).toEqual(["FAILED", "States.DataLimitExceeded"]);
  });

  it("after a Catch, the next state's size check does not trust the failed state's bound", async () => {
    // the Catch's output (input + a 100,000-character cause) is not checked; the Pass after it adds
    // another 100,000 and must be measured, not estimated from the input the failed Task had
    const r = await run(
      {
        T: { Type: "Task", Resource: LAMBDA, Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.err", Next: "P" }], End: true },
        P: { Type: "Pass", Parameters: { "v.$": "$.a" }, ResultPath: "$.copy", End: true },
      },
      { a: "a".repeat(100000) },
      {
        handlers: {
          T: () => {
            throw Object.assign(new Error("c".repeat(100000)), { name: "Boom" });
          },
        },
      },
    );
    expect(r.error).toBe("States.DataLimitExceeded");
    expect(r.cause).toContain("'P'");
  });

  it("a Pass whose InputPath reads the context or a variable is measured, not bounded by the state's input", async () => {
    const half = "h".repeat(100000);
    // the first state shrinks the input to {k: 1}; the next two each put the execution's input (200,000
    // bytes) beside it, read through $$ or a variable: 400,000 bytes at the third state, over the limit
    for (const [inputPath, assign] of [
      ["$$.Execution.Input", undefined],
      ["$whole", { "whole.$": "$$.Execution.Input" }],
    ] as const) {
      const r = await run(
        {
          S: { Type: "Pass", Parameters: { k: 1 }, ...(assign ? { Assign: assign } : {}), Next: "P" },
          P: { Type: "Pass", InputPath: inputPath, ResultPath: "$.copy", Next: "Q" },
          Q: { Type: "Pass", InputPath: inputPath, ResultPath: "$.again", End: true },
        },
        { a: half, b: half },
      );
      expect(r.error).toBe("States.DataLimitExceeded");
      expect(r.cause).toContain("'Q'");
    }
  });

  it("a state whose OutputPath reads the context or a variable gives the next state an output it measures", async () => {
    const half = "h".repeat(100000);
    // {k: 1}, then the execution's input (200,000 bytes) as a state's output through OutputPath, then a
    // copy of it beside itself: 400,000 bytes at the last state
    for (const [type, outputPath, assign] of [
      ["Wait", "$$.Execution.Input", undefined],
      ["Pass", "$$.Execution.Input", undefined],
      ["Choice", "$whole", { "whole.$": "$$.Execution.Input" }],
    ] as const) {
      const own =
        type === "Wait"
          ? { Seconds: 0, Next: "P" }
          : type === "Choice"
            ? { Choices: [{ Variable: "$.k", IsPresent: false, Next: "P" }], Default: "P" }
            : { ResultPath: "$.x", Next: "P" };
      const r = await run(
        {
          S: { Type: "Pass", Parameters: { k: 1 }, ...(assign ? { Assign: assign } : {}), Next: "O" },
          O: { Type: type, OutputPath: outputPath, ...own },
          P: { Type: "Pass", ResultPath: "$.copy", End: true },
        },
        { a: half, b: half },
      );
      expect(r.error, `${type} ${outputPath}`).toBe("States.DataLimitExceeded");
      expect(r.cause).toContain("'P'");
    }
  });

  it("a path that gathers a list (a deep scan) is measured: the list can be larger than the input it reads", async () => {
    // 20 levels of {a: ...} around 15,000 characters: about 15 KB, and $..a lists each level, about 300 KB
    let nested: JSONValue = "x".repeat(15000);
    for (let i = 0; i < 20; i++) nested = { a: nested };
    const cases: [string, Record<string, unknown>][] = [
      ["Parameters", { P: { Type: "Pass", Parameters: { "all.$": "$..a" }, End: true } }],
      ["InputPath", { P: { Type: "Pass", InputPath: "$..a", ResultPath: "$.r", End: true } }],
      ["a Wait's OutputPath", { P: { Type: "Wait", Seconds: 0, OutputPath: "$..a", End: true } }],
      [
        "a Choice's InputPath",
        { P: { Type: "Choice", InputPath: "$..a", Choices: [{ Variable: "$[0]", IsPresent: true, Next: "E" }] }, E: { Type: "Succeed" } },
      ],
    ];
    for (const [what, states] of cases) {
      const r = await run(states, nested);
      expect(r.error, what).toBe("States.DataLimitExceeded");
      expect(r.cause, what).toContain("'P'");
    }
    // a task is not handed such an input
    let called = 0;
    const task = await run({ P: { Type: "Task", Resource: LAMBDA, InputPath: "$..a", End: true } }, nested, {
      handlers: { P: () => ++called },
    });
    expect([task.error, called]).toEqual(["States.DataLimitExceeded", 0]);
    // the same paths over a small input run
    const small = await run({ P: { Type: "Pass", Parameters: { "all.$": "$..a" }, End: true } }, { a: { a: 1 } });
    expect(small.output).toEqual({ all: [{ a: 1 }, 1] });
  });

  it("the size bound is never below a value's UTF-8 JSON size, and is -1 exactly when the value passes the limit", () => {
    const utf8 = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6, stringUnit: "binary" }), fc.integer({ min: 0, max: 4000 }), (v, limit) => {
        const size = utf8(v);
        const bound = boundWithin(v as JSONValue, limit);
        if (size > limit) expect(bound).toBe(-1);
        else expect(bound).toBeGreaterThanOrEqual(size);
        // under the default limit every small value is within, with a bound at least its size
        expect(boundWithin(v as JSONValue)).toBeGreaterThanOrEqual(size);
      }),
      fuzzParams(500),
    );
    // leaves in arrays and objects, counted in the walk's loop: each kind at its worst
    const leaves = ["\u0000\u001f", "é🚀", -0.0000012345678901234567, true, null, ""];
    for (const leaf of leaves)
      for (const v of [[leaf, leaf, leaf], { a: leaf, "\u0001": leaf }, { "\u0000": leaf }, [[leaf], { b: [leaf] }], { c: { d: leaf } }])
        expect(boundWithin(v as JSONValue)).toBeGreaterThanOrEqual(utf8(v));
    // containers in containers: their commas, keys and braces, with no leaf to spare
    for (const v of [[[], [], {}, [[]]], { a: {}, b: [], "": { "": [] } }]) expect(boundWithin(v)).toBeGreaterThanOrEqual(utf8(v));
  });

  it("numbers count up to 25 characters each (-0.0000012345678901234567)", async () => {
    const numbers = Array(10485).fill(-0.0000012345678901234567);
    expect(JSON.stringify(numbers).length).toBeGreaterThan(MAX_PAYLOAD_BYTES);
    expect(inputProblem(numbers)?.error).toBe("States.DataLimitExceeded");
    const r = await run({ T: { Type: "Task", Resource: LAMBDA, End: true } }, {}, { handlers: { T: () => numbers } });
    expect(r.status).toBe("FAILED");
  });

  it("a JSONata Choice, Wait or Succeed whose Output makes a value over the limit fails", async () => {
    const doubled = "{% [$states.input.s, $states.input.s] %}";
    const end = { Type: "Succeed" };
    for (const states of [
      { P: { Type: "Wait", Seconds: 0, Output: doubled, Next: "E" }, E: end },
      { P: { Type: "Succeed", Output: doubled } },
      { P: { Type: "Choice", Choices: [{ Condition: "{% true %}", Output: doubled, Next: "E" }] }, E: end },
    ]) {
      const r = await run(states, { s: "x".repeat(150000) }, {}, { QueryLanguage: "JSONata" });
      expect(r.error, states.P.Type).toBe("States.DataLimitExceeded");
      expect(r.cause).toContain("'P'");
    }
  });

  it("a Parallel's Parameters and a Map's ItemSelector over the limit reach no task", async () => {
    let called = 0;
    const handlers = { T: () => ++called };
    const branch = { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, End: true } } };
    const twice = { "a.$": "$.s", "b.$": "$.s" };
    const parallel = await run(
      { P: { Type: "Parallel", Parameters: twice, Branches: [branch], End: true } },
      { s: "x".repeat(150000) },
      { handlers },
    );
    expect([parallel.error, called]).toEqual(["States.DataLimitExceeded", 0]);
    const map = await run(
      { M: { Type: "Map", ItemsPath: "$.items", ItemSelector: { "a.$": "$.s", "b.$": "$.s" }, ItemProcessor: branch, End: true } },
      { s: "x".repeat(150000), items: [1] },
      { handlers },
    );
    expect([map.error, called]).toEqual(["States.DataLimitExceeded", 0]);
    // within the limit, both run
    const small = await run({ P: { Type: "Parallel", Parameters: twice, Branches: [branch], End: true } }, { s: "x" }, { handlers });
    expect([small.status, called]).toEqual(["SUCCEEDED", 1]);
  });

  it("Parameters that read only the input are bounded from it; a variable or the context read is measured", async () => {
    const third = "t".repeat(90000);
    // 2 × 90,000 read from the input, placed beside it: 270,000 bytes
    const twice = await run(
      { P: { Type: "Pass", Parameters: { "a.$": "$.s", "b.$": "$.s" }, ResultPath: "$.r", End: true } },
      { s: third },
    );
    expect(twice.error).toBe("States.DataLimitExceeded");
    // the state's input is {k: 1}; what it reads three times is not in it
    for (const read of ["$v", "$$.Execution.Input.s"]) {
      const r = await run(
        {
          A: { Type: "Pass", Assign: { "v.$": "$$.Execution.Input.s" }, Parameters: { k: 1 }, Next: "B" },
          B: { Type: "Pass", Parameters: { "a.$": read, "b.$": read, "c.$": read }, ResultPath: "$.r", End: true },
        },
        { s: third },
      );
      expect(r.error).toBe("States.DataLimitExceeded");
      expect(r.cause).toContain("'B'");
    }
  });

  it("a Catch's output over the limit fails the execution, however the error got there", async () => {
    const thrower = (length: number) => () => {
      throw Object.assign(new Error("c".repeat(length)), { name: "Boom" });
    };
    // the input beside a 30,000-character cause, then a Wait (which measures nothing of its own)
    const beside = await run(
      {
        T: { Type: "Task", Resource: LAMBDA, Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.err", Next: "W" }], End: true },
        W: { Type: "Wait", Seconds: 0, End: true },
      },
      { s: "x".repeat(250000) },
      { handlers: { T: thrower(30000) } },
    );
    expect(beside.error).toBe("States.DataLimitExceeded");
    expect(beside.cause).toContain("'T'");
    // a 400,000-character cause as the whole error output
    const alone = await run(
      { T: { Type: "Task", Resource: LAMBDA, Catch: [{ ErrorEquals: ["States.ALL"], Next: "S" }], End: true }, S: { Type: "Succeed" } },
      {},
      { handlers: { T: thrower(400000) } },
    );
    expect(alone.error).toBe("States.DataLimitExceeded");
  });

  it("counts multi-byte characters as bytes", async () => {
    const r = await run({ P: { Type: "Pass", End: true } }, { s: "é".repeat(MAX_PAYLOAD_BYTES / 2) });
    expect(r.error).toBe("States.DataLimitExceeded");
  });
});

describe("runaway executions", () => {
  // A cycle whose only way out is never taken.
  const loop = {
    A: { Type: "Pass", Next: "B" },
    B: { Type: "Choice", Choices: [{ Variable: "$.never", IsPresent: true, Next: "Done" }], Default: "A" },
    Done: { Type: "Succeed" },
  };
  it("a cycle of Next without end stops at the history limit with a named error", async () => {
    const r = await run(loop, {}, { maxEvents: 2000 });
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toMatch(/maximum number of history events \(2000\)/);
  });

  it("the default limit is AWS's 25,000 events", async () => {
    const r = await run(loop, {});
    expect(r.error).toBe("States.Runtime");
    expect(r.execution.eventSeq).toBeLessThanOrEqual(25000);
  });

  // Issue 14: a Map's MapIterationStarted events were written past the limit (100,004 events for 100k items).
  const passMap = { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true };

  it("a Map over 100,000 items fails at the history limit, having written no more than 25,000 events", async () => {
    const items = new Array(100000).fill(0);
    const r = await run({ M: passMap }, items);
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toMatch(/maximum number of history events \(25000\)/);
    expect(r.execution.eventSeq).toBeLessThanOrEqual(25000);
    expect(r.execution.events.length).toBeLessThanOrEqual(25000);
    expect(r.execution.events.at(-1)!.type).toBe("ExecutionFailed");
    // it ran up to the limit (as on AWS), not refused early
    expect(r.execution.events.filter((e) => e.type === "MapIterationStarted").length).toBeGreaterThan(24000);
  });

  it("a Map with MaxConcurrency stops at the limit as its iterations end and new ones start", async () => {
    const r = await run({ M: { ...passMap, MaxConcurrency: 5 } }, new Array(20000).fill(0), { maxEvents: 3000 });
    expect(r.error).toBe("States.Runtime");
    expect(r.execution.eventSeq).toBeLessThanOrEqual(3000);
  });

  it("a Map over {% [1..1000000] %} fails with States.DataLimitExceeded before any iteration starts", async () => {
    const r = await run({ M: { ...passMap, QueryLanguage: "JSONata", Items: "{% [1..1000000] %}" } }, {});
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.DataLimitExceeded");
    expect(r.cause).toBe("The Items of the Map state 'M' exceed the maximum size of 262144 bytes.");
    expect(r.execution.events.map((e) => e.type)).toEqual(["ExecutionStarted", "MapStateEntered", "MapStateFailed", "ExecutionFailed"]);
  });

  it("Items over the size limit is not caught by States.ALL; Items within it runs", async () => {
    const caught = await run(
      {
        M: { ...passMap, QueryLanguage: "JSONata", Items: "{% [1..100000] %}", Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }] },
        C: { Type: "Pass", End: true },
      },
      {},
    );
    expect(caught.error).toBe("States.DataLimitExceeded");
    const fits = await run({ M: { ...passMap, QueryLanguage: "JSONata", Items: "{% [1..1000] %}" } }, {});
    expect(fits.status).toBe("SUCCEEDED");
    expect((fits.output as number[]).length).toBe(1000);
  });

  it("deeply nested values fail with a named error, not a stack overflow", async () => {
    let v: any = 1;
    for (let i = 0; i < 5000; i++) v = [v];
    const r = await run({ P: { Type: "Pass", End: true } }, v);
    expect(r.status).toBe("FAILED");
    expect(r.error).toMatch(/^States\./);
  });

  it("inputProblem allows 1000 levels of nesting and refuses 1001, wherever they sit and whatever comes before", async () => {
    const nest = (n: number): any => (n === 0 ? 1 : [nest(n - 1)]);
    const deep = (n: number): any => {
      let v: any = [];
      for (let i = 1; i < n; i++) v = [v];
      return v;
    };
    expect(inputProblem(nest(1000))).toBeUndefined();
    const refused = { error: "States.DataLimitExceeded", cause: "The value is nested more than 1000 levels deep." };
    expect(inputProblem(nest(1001))).toEqual(refused);
    expect(inputProblem({ deep: deep(1000) })).toEqual(refused);
    // a large field first once ended the check before it reached the depth
    const pad = "x".repeat(50000);
    expect(inputProblem({ pad, deep: deep(1000) })).toEqual(refused);
    expect(inputProblem({ pad, deep: deep(999) })).toBeUndefined();
    // deep enough to overflow JSON.stringify's stack
    expect(inputProblem({ pad, deep: deep(100000) })).toEqual(refused);
    // and the engine refuses at the start exactly what inputProblem refuses
    expect((await run({ P: { Type: "Pass", End: true } }, { pad, deep: deep(999) })).status).toBe("SUCCEEDED");
    expect((await run({ P: { Type: "Pass", End: true } }, { pad, deep: deep(1000) })).error).toBe("States.DataLimitExceeded");
  });

  it("a deep scan over a large document finishes", async () => {
    const doc = { xs: Array.from({ length: 2000 }, (_, i) => ({ a: { b: { c: i } } })) };
    const r = await run({ P: { Type: "Pass", Parameters: { "cs.$": "$..c" }, End: true } }, doc);
    expect((r.output as any).cs.length).toBe(2000);
  });
});

describe("definitions that are not definitions", () => {
  it.each([
    ["not JSON", "{nope"],
    ["not an object", "[1,2]"],
    ["too large", JSON.stringify({ StartAt: "A", Comment: "x".repeat(1024 * 1024), States: { A: { Type: "Succeed" } } })],
  ])("%s gets a named error", (_n, text) => {
    expect(() => compile(text)).toThrow(DefinitionError);
    const v = validate(text);
    expect(v.valid).toBe(false);
    expect(v.diagnostics[0].code).toMatch(/^[A-Z_]+$/);
  });

  it("reports every problem with its path", () => {
    const v = validate({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" }, B: { Type: "Wait", End: true } } });
    expect(v.valid).toBe(false);
    const where = v.diagnostics.map((d) => d.location);
    expect(where).toContain("/States/A/Next");
    expect(where.some((l) => l.startsWith("/States/B"))).toBe(true);
  });

  it("rejects a bad JSONPath in a template at creation, with its location", () => {
    const v = validate({ StartAt: "A", States: { A: { Type: "Pass", Parameters: { "x.$": "$.a[" }, End: true } } });
    expect(v.valid).toBe(false);
    expect(v.diagnostics[0].location).toBe("/States/A/Parameters/x.$");
  });

  it("locates a problem deep in a template: through arrays and objects, the keys escaped as JSON pointers", () => {
    const at = (tpl: unknown) =>
      validate({ StartAt: "A", States: { A: { Type: "Pass", Parameters: tpl, End: true } } }).diagnostics.map((d) => d.location);
    expect(at({ a: [1, { "b/c~d": { "x.$": "$.a[" } }] })).toEqual(["/States/A/Parameters/a/1/b~1c~0d/x.$"]);
    expect(at({ a: { b: [{ "n.$": 5 }] } })).toEqual(["/States/A/Parameters/a/b/0/n.$"]);
    expect(at({ list: [{ ok: 1 }, [{ "f.$": "States.Nope()" }]] })).toEqual(["/States/A/Parameters/list/1/0/f.$"]);
  });
});
