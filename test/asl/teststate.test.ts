// The TestState API (shared/asl/teststate): one state run once, with mocks, as AWS answers it.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../shared/asl/index.ts";
import { isTestStateError, testState, type TestStateRequest } from "../../shared/asl/teststate/index.ts";

const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
const json = (v: unknown) => JSON.stringify(v);
const opts = { now: Date.UTC(2026, 0, 1), random: seededRandom(1) };

async function ts(req: Omit<TestStateRequest, "definition"> & { definition: unknown }) {
  const r = await testState({ ...req, definition: typeof req.definition === "string" ? req.definition : json(req.definition) } as TestStateRequest, opts);
  return { ...r, output: r.output === undefined ? undefined : JSON.parse(r.output) };
}

async function refusal(req: Omit<TestStateRequest, "definition"> & { definition: unknown }) {
  try {
    await ts(req);
  } catch (e) {
    if (isTestStateError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("TestState: outcomes", () => {
  const cases: { name: string; req: Parameters<typeof ts>[0]; expect: Record<string, unknown> }[] = [
    {
      name: "a Pass state's output and its Next",
      req: { definition: { Type: "Pass", Parameters: { "v.$": "$.a" }, ResultPath: "$.r", Next: "After" }, input: json({ a: 1 }) },
      expect: { status: "SUCCEEDED", output: { a: 1, r: { v: 1 } }, nextState: "After" },
    },
    {
      name: "an End state has no nextState",
      req: { definition: { Type: "Pass", Result: 5, End: true } },
      expect: { status: "SUCCEEDED", output: 5 },
    },
    {
      name: "a Choice picks the next state, the input passes through",
      req: {
        definition: { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: 2, Next: "Big" }], Default: "Small" },
        input: json({ n: 3 }),
      },
      expect: { status: "SUCCEEDED", output: { n: 3 }, nextState: "Big" },
    },
    {
      name: "a Fail state fails with its error and cause",
      req: { definition: { Type: "Fail", Error: "Oops", Cause: "because" } },
      expect: { status: "FAILED", error: "Oops", cause: "because" },
    },
    {
      name: "a mocked Task result goes through ResultSelector and ResultPath",
      req: {
        definition: { Type: "Task", Resource: LAMBDA_INVOKE, ResultSelector: { "p.$": "$.Payload" }, ResultPath: "$.out", End: true },
        input: json({ keep: true }),
        mock: { result: json({ Payload: 42 }) },
      },
      expect: { status: "SUCCEEDED", output: { keep: true, out: { p: 42 } } },
    },
    {
      name: "a mocked error a retrier selects is RETRIABLE",
      req: {
        definition: { Type: "Task", Resource: LAMBDA_INVOKE, Retry: [{ ErrorEquals: ["Boom"], MaxAttempts: 2 }], End: true },
        mock: { errorOutput: { error: "Boom", cause: "c" } },
      },
      expect: { status: "RETRIABLE", error: "Boom", cause: "c" },
    },
    {
      name: "a mocked error a catcher selects is CAUGHT_ERROR, going to the catcher's Next",
      req: {
        definition: { Type: "Task", Resource: LAMBDA_INVOKE, Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.err", Next: "Handle" }], End: true },
        input: json({ a: 1 }),
        mock: { errorOutput: { error: "Boom", cause: "c" } },
      },
      expect: { status: "CAUGHT_ERROR", error: "Boom", cause: "c", nextState: "Handle", output: { a: 1, err: { Error: "Boom", Cause: "c" } } },
    },
    {
      name: "a mocked error nothing selects is FAILED",
      req: { definition: { Type: "Task", Resource: LAMBDA_INVOKE, End: true }, mock: { errorOutput: { error: "Boom" } } },
      expect: { status: "FAILED", error: "Boom" },
    },
    {
      name: "variables are in scope, and a whole machine is tested by stateName",
      req: {
        definition: {
          QueryLanguage: "JSONata",
          StartAt: "A",
          States: { A: { Type: "Pass", Output: "{% $x + $states.input.n %}", Next: "B" }, B: { Type: "Succeed" } },
        },
        stateName: "A",
        input: json({ n: 1 }),
        variables: json({ x: 10 }),
      },
      expect: { status: "SUCCEEDED", output: 11, nextState: "B" },
    },
    {
      name: "a mocked Parallel's result array is its result",
      req: {
        definition: { Type: "Parallel", ResultPath: "$.r", Branches: [{ StartAt: "P", States: { P: { Type: "Pass", End: true } } }], End: true },
        input: json({}),
        mock: { result: json([1]) },
      },
      expect: { status: "SUCCEEDED", output: { r: [1] } },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await ts(c.req);
      expect(r).toMatchObject(c.expect);
      if (!("nextState" in c.expect)) expect(r.nextState).toBeUndefined();
    });
  }

  it("hands a mocked result over as it was written, a \"__proto__\" key included", async () => {
    const result = '{"__proto__":{"a":1},"b":[1,{"__proto__":2}],"c":-0}';
    const r = await testState({ definition: json({ Type: "Task", Resource: LAMBDA_INVOKE, End: true }), mock: { result } }, opts);
    expect(r.output).toBe('{"__proto__":{"a":1},"b":[1,{"__proto__":2}],"c":0}');
  });

  it("reports the retry's backoff from the retry count so far", async () => {
    const r = await testState({
      definition: json({ Type: "Task", Resource: LAMBDA_INVOKE, Retry: [{ ErrorEquals: ["Boom"], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 5 }], End: true }),
      mock: { errorOutput: { error: "Boom" } },
      inspectionLevel: "DEBUG",
      stateConfiguration: { retrierRetryCount: 2 },
    }, opts);
    expect(r.status).toBe("RETRIABLE");
    expect(r.inspectionData?.errorDetails).toEqual({ retryIndex: 0, retryBackoffIntervalSeconds: 18 });
  });

  it("fails a Map whose mocked failures pass its tolerated count, and a retrier may retry that", async () => {
    const r = await testState({
      definition: json({
        Type: "Map", ItemsPath: "$.items", ToleratedFailureCount: 1, End: true,
        Retry: [{ ErrorEquals: ["States.ExceedToleratedFailureThreshold"], MaxAttempts: 1 }],
        ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass", End: true } } },
      }),
      input: json({ items: [1, 2, 3] }),
      mock: { result: json([1, 2, 3]) },
      stateConfiguration: { mapIterationFailureCount: 2 },
    }, opts);
    expect(r).toMatchObject({ status: "RETRIABLE", error: "States.ExceedToleratedFailureThreshold" });
  });

  it("shows each step of a JSONPath state at DEBUG", async () => {
    const r = await testState({
      definition: json({ Type: "Task", Resource: LAMBDA_INVOKE, InputPath: "$.in", Parameters: { "x.$": "$.v" }, ResultSelector: { "y.$": "$.r" }, ResultPath: "$.out", End: true }),
      input: json({ in: { v: 1 } }),
      mock: { result: json({ r: 2 }) },
      inspectionLevel: "DEBUG",
    }, opts);
    expect(r.inspectionData).toEqual({
      input: json({ in: { v: 1 } }),
      afterInputPath: json({ v: 1 }),
      afterParameters: json({ x: 1 }),
      result: json({ r: 2 }),
      afterResultSelector: json({ y: 2 }),
      afterResultPath: json({ in: { v: 1 }, out: { y: 2 } }),
    });
  });

  it("calls the host for a Task without a mock", async () => {
    const seen: unknown[] = [];
    const r = await testState({ definition: json({ Type: "Task", Resource: LAMBDA_INVOKE, End: true }), input: json({ q: 1 }) }, {
      ...opts,
      resolveTask: (t) => {
        seen.push(t.input);
        return { output: "done" };
      },
    });
    expect(seen).toEqual([{ q: 1 }]);
    expect(r).toEqual({ status: "SUCCEEDED", output: json("done") });
  });
});

describe("TestState: refusals", () => {
  const pass = { Type: "Pass", End: true };
  const task = { Type: "Task", Resource: LAMBDA_INVOKE, End: true };
  const refusals: { name: string; req: Parameters<typeof ts>[0]; code: string; message: RegExp }[] = [
    { name: "a definition that is not JSON", req: { definition: "{not json", input: "{}" }, code: "InvalidDefinition", message: /./ },
    { name: "an invalid state", req: { definition: { Type: "Pass", End: true, Next: "X" } }, code: "InvalidDefinition", message: /./ },
    { name: "input that is not JSON", req: { definition: pass, input: "{" }, code: "InvalidExecutionInput", message: /./ },
    { name: "a stateName the machine lacks", req: { definition: { StartAt: "A", States: { A: pass } }, stateName: "B" }, code: "ValidationException", message: /State not found/ },
    { name: "a mock on a Pass state", req: { definition: pass, mock: { result: "1" } }, code: "ValidationException", message: /State type 'Pass' is not supported when a mock/ },
    { name: "a mock with both result and errorOutput", req: { definition: task, mock: { result: "1", errorOutput: { error: "E" } } }, code: "ValidationException", message: /only one of/ },
    { name: "a mock result that is not JSON", req: { definition: task, mock: { result: "nope" } }, code: "ValidationException", message: /valid JSON/ },
    { name: "revealSecrets with a mock", req: { definition: task, mock: { result: "{}" }, revealSecrets: true }, code: "ValidationException", message: /RevealSecrets/ },
    { name: "a Map without a mock", req: { definition: { Type: "Map", End: true, ItemProcessor: { StartAt: "P", States: { P: pass } } } }, code: "InvalidDefinition", message: /does not support Map or Parallel/ },
    { name: "a mock result that breaks the API's output shape", req: { definition: task, mock: { result: json({ StatusCode: "200" }) } }, code: "ValidationException", message: /Field 'StatusCode' must be a number/ },
    {
      name: "an errorCausedByState that is not inside the Map",
      req: { definition: { Type: "Map", End: true, ItemProcessor: { StartAt: "P", States: { P: pass } } }, mock: { errorOutput: { error: "E" } }, stateConfiguration: { errorCausedByState: "Q" } },
      code: "ValidationException",
      message: /errorCausedByState names no state/,
    },
    { name: "a Context object with an unknown field", req: { definition: task, mock: { result: "{}" }, context: json({ Nope: {} }) }, code: "ValidationException", message: /Field 'Nope' is not allowed/ },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name}`, async () => {
      const r = await refusal(c.req);
      expect(r.code).toBe(c.code);
      expect(r.message).toMatch(c.message);
    });
  }

  it("accepts a mock result the API does not define when fieldValidationMode is NONE", async () => {
    const r = await ts({ definition: task, mock: { result: json({ StatusCode: "200" }), fieldValidationMode: "NONE" } });
    expect(r).toEqual({ status: "SUCCEEDED", output: { StatusCode: "200" } });
  });
});
