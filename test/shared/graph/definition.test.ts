// graphOf: a definition as nodes, edges and groups, including what an editor holds half typed.
import { describe, expect, it } from "vitest";
import { graphOf } from "../../../shared/graph/index.ts";
import { EXAMPLES } from "../../../worker/examples/definitions.ts";

const lambda = (fn: string) => `arn:aws:lambda:us-east-1:123456789012:function:${fn}`;

/** Every state of a definition, nested ones too (what the graph must have one node for). */
function countStates(level: any): number {
  let n = 0;
  for (const s of Object.values<any>(level?.States ?? {})) {
    n++;
    for (const b of s.Branches ?? []) n += countStates(b);
    n += countStates(s.ItemProcessor ?? s.Iterator);
  }
  return n;
}

describe("graphOf: the tutorial's examples", () => {
  it.each(EXAMPLES.map((e) => [e.name, e.definition] as const))(
    "%s: one node per state, unique ids, every edge between nodes",
    (_, def) => {
      const g = graphOf(def);
      expect(g.nodes).toHaveLength(countStates(def));
      const ids = new Set(g.nodes.map((n) => n.id));
      expect(ids.size).toBe(g.nodes.length);
      for (const e of g.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
      expect(g.startAt && ids.has(g.startAt)).toBe(true);
    },
  );

  it("order-processing: choice, default and catch edges with their labels; retries; Fail details", () => {
    const g = graphOf(EXAMPLES.find((e) => e.name === "order-processing")!.definition);
    const labels = g.edges.filter((e) => e.from === "/States/CheckValidation").map((e) => [e.kind, e.label, e.to]);
    expect(labels).toEqual([
      ["choice", "$.validation.isValid == true", "/States/ProcessPayment"],
      ["choice", '$.validation.errorCode == "INSUFFICIENT…', "/States/NotifyOutOfStock"],
      ["default", "Default", "/States/RejectOrder"],
    ]);
    const pay = g.nodes.find((n) => n.state === "ProcessPayment")!;
    expect(pay.detail).toBe("lambda: process-payment");
    expect(pay.retry).toEqual(["Lambda.ServiceException +1: 3× from 1 s, ×2, max 30 s", "States.Timeout: 2× from 5 s, ×1"]);
    expect(g.edges.filter((e) => e.kind === "catch").map((e) => e.label)).toEqual(["PaymentDeclined", "States.ALL"]);
    expect(g.nodes.find((n) => n.state === "RejectOrder")).toMatchObject({ detail: "OrderRejected", end: true, type: "Fail" });
  });

  it("order-fulfillment: a Parallel's branches as groups; order-line-items: the legacy Iterator", () => {
    const g = graphOf(EXAMPLES.find((e) => e.name === "order-fulfillment")!.definition);
    expect(g.groups).toEqual([
      {
        id: "/States/ProcessInParallel/Branches/0",
        kind: "branch",
        owner: "/States/ProcessInParallel",
        label: "Branch 1",
        startAt: "/States/ProcessInParallel/Branches/0/States/SendEmail",
      },
      {
        id: "/States/ProcessInParallel/Branches/1",
        kind: "branch",
        owner: "/States/ProcessInParallel",
        label: "Branch 2",
        startAt: "/States/ProcessInParallel/Branches/1/States/UpdateInventory",
      },
    ]);
    const send = g.nodes.find((n) => n.state === "SendEmail")!;
    expect(send).toMatchObject({ group: "/States/ProcessInParallel/Branches/0", start: true, end: true });
    const items = graphOf(EXAMPLES.find((e) => e.name === "order-line-items")!.definition);
    expect(items.nodes.map((n) => n.id)).toEqual([
      "/States/ProcessLineItems",
      "/States/ProcessLineItems/Iterator/States/ProcessItem",
      "/States/CalculateTotal",
    ]);
    expect(items.nodes[0]).toMatchObject({ detail: "MaxConcurrency 10", groups: ["/States/ProcessLineItems/Iterator"] });
  });
});

describe("graphOf: details", () => {
  const detail = (state: object) => graphOf({ StartAt: "S", States: { S: state } }).nodes[0].detail;
  it.each([
    [{ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "charge" } }, "lambda: charge"],
    [{ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: lambda("charge") } }, "lambda: charge"],
    [{ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { "FunctionName.$": "$.fn" } }, "lambda: invoke"],
    [{ Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken" }, "sqs: sendMessage (wait for token)"],
    [{ Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync:2" }, "states: startExecution (sync)"],
    [{ Type: "Task", Resource: "arn:aws:states:::aws-sdk:dynamodb:getItem" }, "dynamodb: getItem"],
    [{ Type: "Task", Resource: lambda("foo") }, "lambda: foo"],
    [{ Type: "Task", Resource: "worker:TASKS/validate" }, "worker: TASKS/validate"],
    [{ Type: "Task", Resource: "arn:aws:states:us-east-1:123456789012:activity:approve" }, "activity: approve"],
    [{ Type: "Task", Resource: "arn:aws:ecs:us-east-1:123456789012:task/thing" }, "thing"],
    [{ Type: "Wait", Seconds: 10 }, "10 s"],
    [{ Type: "Wait", Timestamp: "2026-01-01T00:00:00Z" }, "Until 2026-01-01T00:00:00Z"],
    [{ Type: "Wait", SecondsPath: "$.delay" }, "SecondsPath $.delay"],
    [{ Type: "Wait", TimestampPath: "$.at" }, "Until $.at"],
    [{ Type: "Wait", Seconds: "{% $delay %}" }, "{% $delay %}"],
    [{ Type: "Fail", Error: "Oops" }, "Oops"],
    [{ Type: "Fail", ErrorPath: "$.error" }, "ErrorPath $.error"],
    [{ Type: "Map", MaxConcurrency: 5, ItemProcessor: { StartAt: "X", States: {} } }, "MaxConcurrency 5"],
    [{ Type: "Map", MaxConcurrency: 0 }, undefined],
    [{ Type: "Pass" }, undefined],
    [{ Type: "Task" }, undefined],
  ])("%j → %s", (state, expected) => expect(detail(state)).toBe(expected));

  it("retry lines take ASL's defaults (3 attempts, 1 s, ×2)", () => {
    const g = graphOf({
      StartAt: "S",
      States: {
        S: {
          Type: "Task",
          Resource: "worker:T/x",
          Retry: [
            { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2 },
            { ErrorEquals: ["X"], JitterStrategy: "FULL", MaxAttempts: 0 },
          ],
          End: true,
        },
      },
    });
    expect(g.nodes[0].retry).toEqual(["States.TaskFailed: 3× from 2 s, ×2", "X: 0× from 1 s, ×2, jitter"]);
  });

  it("a Map's processor label: DISTRIBUTED, or its Label", () => {
    const map = (extra: object) =>
      graphOf({
        StartAt: "M",
        States: { M: { Type: "Map", ItemProcessor: { StartAt: "X", States: { X: { Type: "Pass", End: true } }, ...extra }, End: true } },
      }).groups[0].label;
    expect(map({})).toBe("Item processor");
    expect(map({ ProcessorConfig: { Mode: "DISTRIBUTED" } })).toBe("Item processor (DISTRIBUTED)");
    const labelled = graphOf({
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          Label: "Orders",
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED" }, StartAt: "X", States: {} },
          End: true,
        },
      },
    });
    expect(labelled.groups[0].label).toBe("Item processor (Orders)");
  });
});

describe("graphOf: ids and half-typed definitions", () => {
  it("node ids are JSON pointers, with ~ and / escaped (RFC 6901), nested in Branches and ItemProcessor", () => {
    const g = graphOf({
      StartAt: "Fan out",
      States: {
        "Fan out": {
          Type: "Parallel",
          Branches: [{ StartAt: "Validate", States: { Validate: { Type: "Pass", End: true } } }],
          Next: "Each",
        },
        Each: { Type: "Map", ItemProcessor: { StartAt: "a/b~c", States: { "a/b~c": { Type: "Pass", End: true } } }, End: true },
      },
    });
    expect(g.nodes.map((n) => n.id)).toEqual([
      "/States/Fan out",
      "/States/Fan out/Branches/0/States/Validate",
      "/States/Each",
      "/States/Each/ItemProcessor/States/a~1b~0c",
    ]);
    expect(g.edges).toEqual([{ from: "/States/Fan out", to: "/States/Each", kind: "next" }]);
  });

  it.each([undefined, null, 42, "text", [], {}, { States: [] }, { StartAt: "X", States: { X: null, Y: 3 } }])(
    "%j: an empty graph, no throw",
    (def) => {
      expect(graphOf(def)).toEqual({ nodes: [], edges: [], groups: [] });
    },
  );

  it("skips what cannot be drawn: an unknown type draws as Pass, edges to missing states are dropped", () => {
    const g = graphOf({
      StartAt: "A",
      States: {
        A: { Type: "Tas", Next: "Nowhere" },
        B: { Type: "Choice", Choices: [null, { Next: "A" }, { Variable: "$.x", NumericGreaterThan: 1, Next: "Missing" }], Default: 7 },
        C: {
          Type: "Parallel",
          Branches: [null, { StartAt: "D", States: { D: { Type: "Pass", Next: "A" } } }],
          Catch: [{ Next: "A" }, "x"],
        },
        E: { Type: "Map", Iterator: "broken" },
      },
    });
    expect(g.nodes.map((n) => [n.state, n.type])).toEqual([
      ["A", "Pass"],
      ["B", "Choice"],
      ["C", "Parallel"],
      ["D", "Pass"],
      ["E", "Map"],
    ]);
    // D's Next names a state of another level: dropped. The rule without a condition reads `?`.
    expect(g.edges).toEqual([
      { from: "/States/B", to: "/States/A", kind: "choice", label: "?" },
      { from: "/States/C", to: "/States/A", kind: "catch", label: "" },
    ]);
    expect(g.groups.map((x) => x.label)).toEqual(["Branch 2"]);
    expect(g.startAt).toBe("/States/A");
  });
});
