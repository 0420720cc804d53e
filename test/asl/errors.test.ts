import { describe, expect, it } from "vitest";
import { run, failing, T0 } from "./helpers.ts";
import type { JSONValue } from "../../shared/asl/index.ts";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

describe("Retry", () => {
  it("retries with IntervalSeconds × BackoffRate^n and counts $$.State.RetryCount", async () => {
    let n = 0;
    const r = await run(
      {
        T: {
          Type: "Task",
          Resource: LAMBDA,
          Parameters: { "try.$": "$$.State.RetryCount" },
          Retry: [{ ErrorEquals: ["Transient"], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3 }],
          End: true,
        },
      },
      {},
      { handlers: { T: (input: any) => (++n < 3 ? failing("Transient")() : input) } },
    );
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual({ try: 2 });
    // waited 2 s then 6 s on the virtual clock
    expect(r.stopTime - T0).toBe(8000);
    expect(r.transitions).toBe(3);
  });

  it("caps the delay with MaxDelaySeconds and FULL jitter never waits longer", async () => {
    let n = 0;
    const r = await run(
      { T: { Type: "Task", Resource: LAMBDA, Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 10, BackoffRate: 10, MaxAttempts: 3, MaxDelaySeconds: 15, JitterStrategy: "FULL" }], End: true } },
      {},
      { handlers: { T: () => (++n < 4 ? failing("E")() : "ok") } },
    );
    expect(r.output).toBe("ok");
    expect(r.stopTime - T0).toBeLessThanOrEqual(10000 + 15000 + 15000);
  });

  it("gives up after MaxAttempts and uses only the first matching retrier", async () => {
    let calls = 0;
    const r = await run(
      { T: { Type: "Task", Resource: LAMBDA, Retry: [{ ErrorEquals: ["E"], MaxAttempts: 1 }, { ErrorEquals: ["States.ALL"], MaxAttempts: 5 }], End: true } },
      {},
      { handlers: { T: () => (calls++, failing("E", "bad")()) } },
    );
    expect(calls).toBe(2);
    expect(r.status).toBe("FAILED");
    expect([r.error, r.cause]).toEqual(["E", "bad"]);
  });

  it("MaxAttempts 0 never retries", async () => {
    let calls = 0;
    await run({ T: { Type: "Task", Resource: LAMBDA, Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 0 }], End: true } }, {}, { handlers: { T: () => (calls++, failing("E")()) } });
    expect(calls).toBe(1);
  });
});

describe("Catch", () => {
  it("puts {Error, Cause} at ResultPath and goes to Next", async () => {
    const r = await run(
      {
        T: { Type: "Task", Resource: LAMBDA, Catch: [{ ErrorEquals: ["Nope"], Next: "X" }, { ErrorEquals: ["States.TaskFailed"], ResultPath: "$.err", Next: "Handled" }], End: true },
        X: { Type: "Fail" },
        Handled: { Type: "Pass", End: true },
      },
      { order: 1 },
      { handlers: { T: failing("PaymentDeclined", "card expired") } },
    );
    expect(r.output).toEqual({ order: 1, err: { Error: "PaymentDeclined", Cause: "card expired" } });
  });

  it("a Catch on a States.* name a Fail state raises catches it (AWS deploys such pairs)", async () => {
    const r = await run({
      Vote: {
        Type: "Parallel",
        Branches: [{ StartAt: "Quorum", States: { Quorum: { Type: "Fail", Error: "States.QuorumMet", Cause: "3 of 5" } } }],
        Catch: [{ ErrorEquals: ["States.QuorumMet"], ResultPath: "$.why", Next: "Done" }],
        End: true,
      },
      Done: { Type: "Pass", End: true },
    });
    expect([r.status, (r.output as any).why]).toEqual(["SUCCEEDED", { Error: "States.QuorumMet", Cause: "3 of 5" }]);
  });

  it("States.TaskFailed does not match States.Timeout; States.ALL does", async () => {
    const states = (errors: string[]) => ({
      T: { Type: "Task", Resource: LAMBDA, TimeoutSeconds: 5, Catch: [{ ErrorEquals: errors, Next: "C" }], End: true },
      C: { Type: "Pass", Result: "caught", End: true },
    });
    const slow = { resolveTask: () => ({ timeout: true as const }) };
    expect((await run(states(["States.TaskFailed"]), {}, slow)).error).toBe("States.Timeout");
    expect((await run(states(["States.ALL"]), {}, slow)).output).toBe("caught");
  });

  it("States.Runtime is caught by nothing, not even by its own name", async () => {
    const r = await run(
      {
        T: { Type: "Task", Resource: LAMBDA, OutputPath: "$.no.such", Catch: [{ ErrorEquals: ["States.Runtime"], Next: "C" }, { ErrorEquals: ["States.ALL"], Next: "C" }], End: true },
        C: { Type: "Pass", End: true },
      },
      {},
      { handlers: { T: () => ({}) } },
    );
    expect(r.status).toBe("FAILED");
    expect(r.cause).toBe("An error occurred while executing the state 'T' (entered at the event id #2). Invalid path '$.no.such' : Missing property in path $['no']");
  });

  it("Fail states give Error and Cause, or read them with ErrorPath and CausePath", async () => {
    expect(await run({ F: { Type: "Fail", Error: "E", Cause: "C" } })).toMatchObject({ status: "FAILED", error: "E", cause: "C" });
    expect(await run({ F: { Type: "Fail", ErrorPath: "$.e", CausePath: "$.c" } }, { e: "E2", c: "C2" })).toMatchObject({ error: "E2", cause: "C2" });
  });
});

describe("timeouts", () => {
  it("TimeoutSecondsPath must name a positive integer", async () => {
    const r = await run({ T: { Type: "Task", Resource: LAMBDA, TimeoutSecondsPath: "$.t", End: true } }, { t: "soon" }, { handlers: { T: () => 1 } });
    expect(r.error).toBe("States.Runtime");
  });

  it("the machine's own TimeoutSeconds ends it TIMED_OUT", async () => {
    const r = await run({ W: { Type: "Wait", Seconds: 100, End: true } }, {}, {}, { TimeoutSeconds: 10 });
    expect(r.status).toBe("TIMED_OUT");
    expect(r.error).toBeUndefined();
    expect(r.events.at(-1)).toMatchObject({ type: "ExecutionTimedOut", error: "States.Timeout" });
    expect(r.stopTime - T0).toBe(10000);
  });
});

describe("a retry with no delay left", () => {
  const states = {
    P: {
      Type: "Parallel",
      Branches: [
        {
          StartAt: "T",
          States: { T: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:f", Retry: [{ ErrorEquals: ["Flaky"], MaxAttempts: 3 }], End: true } },
        },
        { StartAt: "W", States: { W: { Type: "Wait", Seconds: 1, End: true } } },
      ],
      End: true,
    },
  };
  const flakyTwice = () => {
    let n = 0;
    return (input: JSONValue) => {
      if (++n < 3) throw Object.assign(new Error("not yet"), { name: "Flaky" });
      return { n, input };
    };
  };
  it("runs its next attempt at once, with the history and output a timer of any length gives", async () => {
    const at = (ms: number) => run(states, { a: 1 }, { handlers: { T: flakyTwice() }, retryIntervalOverrideMs: { T: ms } });
    const [now, later] = [await at(0), await at(5)];
    expect(now.status).toBe("SUCCEEDED");
    expect(now.output).toEqual([{ n: 3, input: { a: 1 } }, { a: 1 }]);
    expect(later.output).toEqual(now.output);
    const shape = (r: typeof now) => r.events.map((e) => `${e.type} ${e.previousEventId}`);
    expect(shape(now)).toEqual(shape(later));
    expect(now.events.filter((e) => e.type === "LambdaFunctionScheduled")).toHaveLength(3);
    expect(now.transitions).toBe(later.transitions);
    // nothing waited on but the Wait state's second
    expect(now.stopTime - T0).toBe(1000);
  });
  it("beside a branch of several tasks, the history is the same as a timer of any length gives", async () => {
    const lambda = (f: string) => `arn:aws:lambda:us-east-1:123456789012:function:${f}`;
    const beside = {
      P: {
        Type: "Parallel",
        Branches: [
          { StartAt: "A", States: { A: { Type: "Task", Resource: lambda("a"), Retry: [{ ErrorEquals: ["Flaky"], MaxAttempts: 3 }], End: true } } },
          {
            StartAt: "B1",
            States: {
              B1: { Type: "Task", Resource: lambda("b"), Next: "B2" },
              B2: { Type: "Task", Resource: lambda("b"), Next: "B3" },
              B3: { Type: "Task", Resource: lambda("b"), End: true },
            },
          },
        ],
        End: true,
      },
    };
    const at = (ms: number) =>
      run(beside, {}, { handlers: { A: flakyTwice(), B1: () => 1, B2: () => 2, B3: () => 3 }, retryIntervalOverrideMs: { A: ms } });
    const shape = (r: Awaited<ReturnType<typeof at>>) => r.events.map((e) => `${e.id} ${e.type} ${e.previousEventId} ${e.name ?? ""}`);
    const [now, later] = [await at(0), await at(5)];
    expect(now.output).toEqual([{ n: 3, input: {} }, 3]);
    expect(shape(now)).toEqual(shape(later));
  });
  it("at the top level, with an execution timeout armed, the history is the same as with a timer", async () => {
    const top = { T: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:f", Retry: [{ ErrorEquals: ["Flaky"] }], End: true } };
    const at = async (ms: number, extra = {}) =>
      (await run(top, { a: 1 }, { handlers: { T: flakyTwice() }, retryIntervalOverrideMs: { T: ms } }, extra)).events.map((e) => e.type);
    expect(await at(0)).toEqual(await at(5));
    expect(await at(0, { TimeoutSeconds: 60 })).toEqual(await at(5, { TimeoutSeconds: 60 }));
  });
});
