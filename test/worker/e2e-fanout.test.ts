// End to end through the REST API: Parallel (order-fulfillment), Map (order-line-items) and the
// fan-out through arn:aws:states:::lambda:invoke (process-all-orders), with the real task worker.
import { beforeEach, describe, expect, it } from "vitest";
import { ORDER } from "../../worker/examples/definitions.ts";
import { describeRun, mapRunsOf, runMapToEnd } from "./map-run-helpers.ts";
import { createExample, events, example, listed, output, resetClock, runToEnd, start, types } from "./e2e-helpers.ts";

beforeEach(resetClock);

const count = (evs: any[], type: string) => evs.filter((e) => e.type === type).length;

describe("Parallel, Map and fan-out end to end", () => {
  it("order-fulfillment emails and updates the inventory in parallel branches, then finalizes", async () => {
    await createExample("order-fulfillment");
    const arn = await start("order-fulfillment", example("order-fulfillment").input, "both");
    const { execution } = await runToEnd(arn);
    expect(execution.status).toBe("SUCCEEDED");
    expect(output(execution)).toEqual({
      email: { sent: true, to: "ada@example.com", about: "SendEmail" },
      inventory: { updated: 2 },
    });
    const evs = await events(arn);
    expect(types(evs).slice(0, 3)).toEqual(["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted"]);
    expect(count(evs, "LambdaFunctionSucceeded")).toBe(2);
    const names = evs
      .filter((e) => e.type === "TaskStateEntered")
      .map((e) => e.stateEnteredEventDetails.name)
      .sort();
    expect(names).toEqual(["SendEmail", "UpdateInventory"]);
    const done = types(evs).indexOf("ParallelStateSucceeded");
    expect(done).toBeGreaterThan(types(evs).lastIndexOf("TaskStateExited"));
    expect(types(evs).slice(done)).toEqual([
      "ParallelStateSucceeded",
      "ParallelStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    expect((await listed("order-fulfillment", arn)).status).toBe("SUCCEEDED");
  });

  it("order-line-items maps each line item through ProcessItem, then totals them", async () => {
    await createExample("order-line-items");
    const arn = await start("order-line-items", example("order-line-items").input, "lines");
    const { execution } = await runToEnd(arn);
    expect(execution.status).toBe("SUCCEEDED");
    expect(output(execution)).toEqual({
      order: ORDER,
      processedItems: [
        { sku: "BOOK-1", qty: 2, subtotal: 25 },
        { sku: "PEN-7", qty: 3, subtotal: 3.6 },
      ],
      summary: { total: 28.6, lines: 2 },
    });
    const evs = await events(arn);
    expect(types(evs).slice(0, 3)).toEqual(["ExecutionStarted", "MapStateEntered", "MapStateStarted"]);
    expect(count(evs, "MapIterationStarted")).toBe(2);
    expect(count(evs, "MapIterationSucceeded")).toBe(2);
    expect(types(evs).indexOf("MapStateSucceeded")).toBeGreaterThan(types(evs).lastIndexOf("MapIterationSucceeded"));
    expect(evs.filter((e) => e.type === "TaskStateEntered").map((e) => e.stateEnteredEventDetails.name)).toEqual([
      "ProcessItem",
      "ProcessItem",
      "CalculateTotal",
    ]);
  });

  it("process-all-orders fans every order out through lambda:invoke and counts the results", async () => {
    await createExample("process-all-orders");
    const arn = await start("process-all-orders", example("process-all-orders").input, "three");
    const { execution } = await runToEnd(arn);
    expect(output(execution)).toEqual({
      count: 3,
      orders: [
        { orderId: "order-123", status: "PROCESSED", total: 28.6 },
        { orderId: "order-124", status: "PROCESSED", total: 28.6 },
        { orderId: "order-125", status: "REJECTED", total: 3 },
      ],
    });
    const evs = await events(arn);
    // An AWS service integration: Task* events (not LambdaFunction*), resource type lambda.
    const sched = evs.filter((e) => e.type === "TaskScheduled");
    expect(sched).toHaveLength(3);
    expect(sched[0].taskScheduledEventDetails).toMatchObject({ resourceType: "lambda", resource: "invoke" });
    expect(JSON.parse(sched[0].taskScheduledEventDetails.parameters)).toMatchObject({ FunctionName: "process-order" });
    const succeeded = JSON.parse(evs.find((e) => e.type === "TaskSucceeded").taskSucceededEventDetails.output);
    expect(succeeded).toMatchObject({ StatusCode: 200, ExecutedVersion: "$LATEST", Payload: { status: expect.any(String) } });
    expect(count(evs, "LambdaFunctionScheduled")).toBe(0);
  });

  it("fan-out-orders, the tutorial's DISTRIBUTED Map, runs each order as an EXPRESS child of a Map Run", async () => {
    await createExample("fan-out-orders");
    const arn = await start("fan-out-orders", example("fan-out-orders").input, "distributed");
    const execution = await runMapToEnd(arn, 200, false);
    expect(execution.status).toBe("SUCCEEDED");
    expect(output(execution)).toEqual({
      count: 3,
      orders: [
        { orderId: "order-123", status: "PROCESSED", total: 28.6 },
        { orderId: "order-124", status: "PROCESSED", total: 28.6 },
        { orderId: "order-125", status: "REJECTED", total: 3 },
      ],
    });
    const evs = await events(arn);
    expect(types(evs)).toEqual([
      "ExecutionStarted",
      "MapStateEntered",
      "MapRunStarted",
      "MapRunSucceeded",
      "MapStateSucceeded",
      "MapStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    const [mapRunArn] = await mapRunsOf(arn);
    expect(await describeRun(mapRunArn)).toMatchObject({
      status: "SUCCEEDED",
      maxConcurrency: 50,
      executionCounts: { succeeded: 3, total: 3 },
    });
  });

  it("fans out 120 orders, more than MaxConcurrency (50), and keeps their order", async () => {
    await createExample("process-all-orders");
    const orders = Array.from({ length: 120 }, (_, i) => ({ ...ORDER, id: `bulk-${i}` }));
    const arn = await start("process-all-orders", { orders }, "bulk");
    const { execution } = await runToEnd(arn);
    const out = output(execution);
    expect(out.count).toBe(120);
    expect(out.orders.map((o: any) => o.orderId)).toEqual(orders.map((o) => o.id));
    expect(out.orders.every((o: any) => o.status === "PROCESSED" && o.total === 28.6)).toBe(true);
    const evs = await events(arn);
    expect(count(evs, "MapIterationSucceeded")).toBe(120);
    // Never more than 50 iterations in flight: a new one starts only when another has ended.
    let open = 0;
    let peak = 0;
    for (const e of evs) {
      if (e.type === "MapIterationStarted") peak = Math.max(peak, ++open);
      if (e.type === "MapIterationSucceeded") open--;
    }
    expect(peak).toBe(50);
    expect((await listed("process-all-orders", arn)).status).toBe("SUCCEEDED");
  });
});
