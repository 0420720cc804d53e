// runsOf and spansOf on histories our engine makes (AWS's shape, through awsEvent).
import { describe, expect, it } from "vitest";
import {
  advance,
  awsEvent,
  compile,
  recordSubmitted,
  runLocal,
  startExecution,
  stopExecution,
  takeEffects,
  type JSONValue,
} from "../../../shared/asl/index.ts";
import type { Execution, Host } from "../../../shared/asl/index.ts";
import { graphOf, runsOf, spansOf, type HistoryEventLike, type StateRun } from "../../../shared/graph/index.ts";
import { failing, T0 } from "../../asl/helpers.ts";

const lambda = (fn: string) => `arn:aws:lambda:us-east-1:123456789012:function:${fn}`;
const aws = (exec: { events: Execution["events"] }) => exec.events.map((e) => awsEvent(e) as HistoryEventLike);

async function runs(def: object, input: JSONValue, handlers: Record<string, (x: any) => JSONValue>) {
  const r = await runLocal(compile(def), input, { handlers, startTime: T0, retryIntervalOverrideMs: { Charge: 0 } });
  return { result: r, runs: runsOf(graphOf(def), aws(r)) };
}

/** name → status (by node id's last segment), the table a console colours from. */
const statuses = (runs: Map<string, StateRun>) => Object.fromEntries([...runs.values()].map((r) => [r.state, r.status]));

describe("runsOf on the engine's histories", () => {
  it("a Catch: the failing state is caught, the handler succeeded, the skipped path not run", async () => {
    const def = {
      StartAt: "Charge",
      States: {
        Charge: {
          Type: "Task",
          Resource: lambda("charge"),
          Catch: [{ ErrorEquals: ["Declined"], ResultPath: "$.error", Next: "Refuse" }],
          Next: "Ship",
        },
        Ship: { Type: "Pass", End: true },
        Refuse: { Type: "Pass", End: true },
      },
    };
    const { result, runs: r } = await runs(def, {}, { Charge: failing("Declined") });
    expect(result.status).toBe("SUCCEEDED");
    expect(statuses(r)).toEqual({ Charge: "caught", Ship: "not-run", Refuse: "succeeded" });
    expect(r.get("/States/Charge")).toMatchObject({ error: "Declined", cause: "boom", attempts: 1, entered: 1 });
    expect(r.get("/States/Ship")).toEqual({ id: "/States/Ship", state: "Ship", status: "not-run", entered: 0, events: [] });
  });

  it("retried then successful: succeeded, with its attempts", async () => {
    let calls = 0;
    const def = {
      StartAt: "Charge",
      States: { Charge: { Type: "Task", Resource: lambda("charge"), Retry: [{ ErrorEquals: ["Busy"] }], End: true } },
    };
    const { runs: r } = await runs(def, {}, { Charge: () => (calls++ < 2 ? failing("Busy")() : { ok: true }) });
    expect(r.get("/States/Charge")).toMatchObject({ status: "succeeded", attempts: 3, output: '{"ok":true}', input: "{}" });
  });

  it("uncaught failure: the execution failed there, with its error", async () => {
    const def = {
      StartAt: "Charge",
      States: { Charge: { Type: "Task", Resource: lambda("charge"), Next: "Done" }, Done: { Type: "Succeed" } },
    };
    const { runs: r } = await runs(def, {}, { Charge: failing("Oops", "bad card") });
    expect(statuses(r)).toEqual({ Charge: "failed", Done: "not-run" });
    expect(r.get("/States/Charge")).toMatchObject({ error: "Oops", cause: "bad card" });
  });

  it("a Fail state and an unmatched Choice carry the execution's error", async () => {
    const def = {
      StartAt: "C",
      States: {
        C: { Type: "Choice", Choices: [{ Variable: "$.x", NumericEquals: 1, Next: "F" }] },
        F: { Type: "Fail", Error: "E", Cause: "c" },
      },
    };
    expect((await runs(def, { x: 1 }, {})).runs.get("/States/F")).toMatchObject({ status: "failed", error: "E", cause: "c" });
    const r = (await runs(def, { x: 2 }, {})).runs;
    expect(r.get("/States/C")).toMatchObject({ status: "failed", error: "States.NoChoiceMatched" });
  });

  it("a Map with a failing iteration: aggregated per state, one run per iteration", async () => {
    const def = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          MaxConcurrency: 2,
          ItemProcessor: {
            StartAt: "Charge",
            States: {
              Charge: {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke",
                Parameters: { FunctionName: "c", "Payload.$": "$" },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const { runs: r } = await runs(def, [1, 2, 3, 4], { Charge: (x) => (x.Payload === 2 ? failing("Bad")() : x) });
    const charge = r.get("/States/Each/ItemProcessor/States/Charge")!;
    expect(charge.status).toBe("failed");
    expect(charge.entered).toBe(2);
    const each = r.get("/States/Each")!;
    expect(each).toMatchObject({ status: "failed", error: "Bad" });
    expect(each.iterations!.map((i) => [i.index, i.status])).toEqual([
      [0, "succeeded"],
      [1, "failed"],
      // started beside the failing one (MaxConcurrency 2), aborted before its first state
      [2, "cancelled"],
    ]);
  });

  it("one Map iteration in focus: the states inside it as that iteration ran them", async () => {
    const def = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          MaxConcurrency: 1,
          ItemProcessor: { StartAt: "Charge", States: { Charge: { Type: "Task", Resource: lambda("charge"), End: true } } },
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Done" }],
          End: true,
        },
        Done: { Type: "Pass", End: true },
      },
    };
    const r = await runLocal(compile(def), [1, 2, 3], {
      handlers: { Charge: (x: any) => (x === 2 ? failing("Bad")() : x) },
      startTime: T0,
    });
    const graph = graphOf(def);
    const charge = "/States/Each/ItemProcessor/States/Charge";
    const at = (index: number) => runsOf(graph, aws(r), undefined, { map: "/States/Each", index });
    expect(at(0).get(charge)).toMatchObject({ status: "succeeded", entered: 1, input: "1", output: "1" });
    // The Map's Catch handled the iteration's failure: caught, as the Map itself.
    expect(at(1).get(charge)).toMatchObject({ status: "caught", entered: 1, input: "2", error: "Bad" });
    expect(at(2).get(charge)).toMatchObject({ status: "not-run", entered: 0 });
    // States outside the Map are not filtered.
    expect(at(1).get("/States/Done")).toMatchObject({ status: "succeeded" });
    expect(runsOf(graph, aws(r)).get(charge)).toMatchObject({ entered: 2 });
  });

  it("a Map whose iteration fails while another runs: the other is cancelled", async () => {
    const def = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemProcessor: { StartAt: "Work", States: { Work: { Type: "Task", Resource: lambda("w"), End: true } } },
          End: true,
        },
      },
    };
    const r = await runLocal(compile(def), [1, 2, 3], { handlers: { Work: (x) => (x === 2 ? failing("Bad")() : x) }, startTime: T0 });
    const spans = spansOf(aws(r));
    expect(spans.map((s) => [s.state, s.iteration ?? null, s.status])).toEqual([
      ["Each", null, "failed"],
      ["Work", 0, "succeeded"],
      ["Work", 1, "failed"],
      ["Work", 2, "cancelled"],
    ]);
    expect(
      runsOf(graphOf(def), aws(r))
        .get("/States/Each")!
        .iterations!.map((i) => i.status),
    ).toEqual(["succeeded", "failed", "cancelled"]);
  });

  it("a Parallel caught: the failing branch caught, the sibling cancelled; one run per branch", async () => {
    const def = {
      StartAt: "Fan out",
      States: {
        "Fan out": {
          Type: "Parallel",
          Branches: [
            { StartAt: "Pause", States: { Pause: { Type: "Wait", Seconds: 5, Next: "After" }, After: { Type: "Pass", End: true } } },
            { StartAt: "Validate", States: { Validate: { Type: "Task", Resource: lambda("v"), End: true } } },
          ],
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handle" }],
          End: true,
        },
        Handle: { Type: "Pass", End: true },
      },
    };
    const { runs: r } = await runs(def, {}, { Validate: failing("Invalid") });
    expect(statuses(r)).toEqual({ "Fan out": "caught", Pause: "cancelled", After: "not-run", Validate: "caught", Handle: "succeeded" });
    expect(r.get("/States/Fan out")!.iterations!.map((i) => [i.index, i.status])).toEqual([
      [0, "cancelled"],
      [1, "caught"],
    ]);
  });

  it("a Parallel that succeeds: both branches succeeded, each in its own group", async () => {
    const def = {
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          Branches: [
            { StartAt: "A", States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", End: true } } },
            { StartAt: "C", States: { C: { Type: "Pass", End: true } } },
          ],
          End: true,
        },
      },
    };
    const { runs: r } = await runs(def, {}, {});
    expect(statuses(r)).toEqual({ P: "succeeded", A: "succeeded", B: "succeeded", C: "succeeded" });
    expect(r.get("/States/P")!.iterations!.map((i) => i.status)).toEqual(["succeeded", "succeeded"]);
  });
});

describe("runsOf while the execution runs, and when it is stopped", () => {
  const host: Host = { now: T0, random: () => 0.5, uuid: () => "00000000-0000-4000-8000-000000000000" };
  const def = {
    StartAt: "P",
    States: {
      P: {
        Type: "Parallel",
        Branches: [
          {
            StartAt: "Ask",
            States: {
              Ask: {
                Type: "Task",
                Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                Parameters: { QueueUrl: "q", MessageBody: { "t.$": "$$.Task.Token" } },
                End: true,
              },
            },
          },
          {
            StartAt: "Approve",
            States: { Approve: { Type: "Task", Resource: "arn:aws:states:us-east-1:123456789012:activity:approve", End: true } },
          },
          { StartAt: "Quick", States: { Quick: { Type: "Pass", End: true } } },
        ],
        End: true,
      },
    },
  };
  function waiting() {
    const machine = compile(def);
    const exec = startExecution(machine, {}, host);
    advance(machine, exec, host);
    const sqs = takeEffects(exec).find((e) => e.kind === "task" && e.resource.includes("sqs"))!;
    recordSubmitted(exec, sqs.id, { MessageId: "m-1" }, host);
    return exec;
  }

  it("a task token and an activity waiting: running, with the event they wait since", () => {
    const exec = waiting();
    const events = aws(exec);
    const r = runsOf(graphOf(def), events);
    const scheduled = (type: string) => events.find((e) => e.type === type)!.id;
    expect(r.get("/States/P/Branches/0/States/Ask")).toMatchObject({ status: "running", waitingSince: scheduled("TaskScheduled") });
    expect(r.get("/States/P/Branches/1/States/Approve")).toMatchObject({ status: "running", waitingSince: scheduled("ActivityScheduled") });
    expect(r.get("/States/P/Branches/2/States/Quick")!.status).toBe("succeeded");
    expect(r.get("/States/P")!.iterations!.map((i) => i.status)).toEqual(["running", "running", "succeeded"]);
    expect(spansOf(events).find((s) => s.state === "Ask")!.end).toBeUndefined();
  });

  it("aborted: what was running is cancelled, and nothing waits any more", () => {
    const exec = waiting();
    stopExecution(exec, host, "Stop", "by hand");
    const r = runsOf(graphOf(def), aws(exec));
    expect(statuses(r)).toEqual({ P: "cancelled", Ask: "cancelled", Approve: "cancelled", Quick: "succeeded" });
    expect(r.get("/States/P/Branches/0/States/Ask")!.waitingSince).toBeUndefined();
  });

  it("the caller's status wins over the history's (a history read mid-run as TIMED_OUT)", () => {
    const r = runsOf(graphOf(def), aws(waiting()), "TIMED_OUT");
    expect(r.get("/States/P/Branches/1/States/Approve")!.status).toBe("cancelled");
  });
});
