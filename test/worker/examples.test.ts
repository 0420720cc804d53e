// The tutorial's examples (worker/examples): each definition validates, each resource resolves here,
// and each runs to the outcome the tutorial describes with the real dispatcher and example task worker.
import { describe, expect, it } from "vitest";
import { compile, runLocal, validate, type JSONObject, type JSONValue, type RunResult } from "../../shared/asl/index.ts";
import { EXAMPLES, ORDER } from "../../worker/examples/definitions.ts";
import { DECLINED_CARD, FLAKY_CARD, NO_FUNDS_CARD, OUT_OF_STOCK_SKU, UNSHIPPABLE_COUNTRY } from "../../worker/examples/tasks.ts";
import { call, dispatcher } from "./dispatch-helpers.ts";

function resources(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => resources(x, out));
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === "Resource" && typeof x === "string") out.push(x);
      else resources(x, out);
    }
  }
  return out;
}

const byName = (name: string) => EXAMPLES.find((e) => e.name === name)!;

/** Runs an example with the engine's local runner, its tasks dispatched for real (RPC to TASKS). */
async function run(name: string, input: JSONValue = byName(name).input): Promise<RunResult & { states: string[] }> {
  const d = dispatcher();
  const states: string[] = [];
  const r = await runLocal(compile(byName(name).definition, { type: "STANDARD" }), input, {
    startTime: Date.UTC(2025, 0, 1),
    resolveTask: async (t) => {
      states.push(t.stateName);
      const r = await d.dispatch(
        call(t.resource, t.input, { stateName: t.stateName, idempotencyKey: `${t.stateName}/${t.id}/${t.attempt}` }),
      );
      // the local runner has no task tokens: a task answered later cannot finish here
      return "submitted" in r ? { error: "States.TaskFailed", cause: "a callback task needs the durable runtime" } : r;
    },
  });
  return { ...r, states };
}

describe("example definitions", () => {
  it("has the tutorial's examples", () => {
    expect(EXAMPLES.map((e) => e.name)).toEqual([
      "order-processing",
      "order-saga",
      "order-shipping",
      "order-fulfillment",
      "order-line-items",
      "process-all-orders",
      "fan-out-orders",
      "order-approval",
      "direct-integrations",
    ]);
  });

  it.each(EXAMPLES.map((e) => [e.name, e] as const))("%s validates and every resource resolves", (_, e) => {
    expect(validate(e.definition, { type: e.type }).diagnostics).toEqual([]);
    const rs = resources(e.definition);
    expect(rs.length).toBeGreaterThan(0);
    const d = dispatcher();
    expect(rs.map((r) => [r, d.problem(r)])).toEqual(rs.map((r) => [r, null]));
  });
});

describe("order-processing: validation with Choice, payment with Retry and Catch", () => {
  it("a valid order is charged and confirmed", async () => {
    const r = await run("order-processing");
    expect(r.status).toBe("SUCCEEDED");
    expect((r.output as JSONObject).charge).toEqual({ transactionId: "txn-order-123", amount: 28.6, status: "APPROVED" });
    expect(r.states).toEqual(["ValidateOrder", "ProcessPayment", "ConfirmOrder"]);
  });

  it("an out-of-stock item takes the INSUFFICIENT_STOCK branch; an empty order is rejected", async () => {
    const input = { order: { id: "o", items: [{ sku: OUT_OF_STOCK_SKU, qty: 1 }] }, payment: { card: "x" } };
    expect(await run("order-processing", input)).toMatchObject({ status: "FAILED", error: "OutOfStock" });
    const empty = await run("order-processing", { order: { id: "o", items: [] }, payment: {} });
    expect(empty).toMatchObject({ status: "FAILED", error: "OrderRejected" });
  });

  it("a busy gateway is retried until it approves; a declined card and missing funds are caught", async () => {
    const base = byName("order-processing").input;
    const flaky = await run("order-processing", { ...base, payment: { card: FLAKY_CARD } });
    expect(flaky.status).toBe("SUCCEEDED");
    expect(flaky.states.filter((s) => s === "ProcessPayment")).toHaveLength(3);
    const declined = await run("order-processing", { ...base, payment: { card: DECLINED_CARD } });
    expect(declined).toMatchObject({ status: "FAILED", error: "PaymentDeclined" });
    expect(declined.states).toContain("HandleDeclinedPayment");
    const broke = await run("order-processing", { ...base, payment: { card: NO_FUNDS_CARD } });
    expect(broke).toMatchObject({ status: "FAILED", error: "OrderError" });
    expect(broke.states).toContain("NotifyFailure");
  });
});

describe("order-saga: compensation", () => {
  it("succeeds end to end", async () => {
    const r = await run("order-saga");
    expect(r.status).toBe("SUCCEEDED");
    expect(r.states).toEqual(["ReserveStock", "ChargePayment", "ShipOrder"]);
  });

  it("a failed shipment refunds the payment and cancels the reservation, then fails", async () => {
    const input = { ...byName("order-saga").input, shipping: { address: { country: UNSHIPPABLE_COUNTRY } } };
    const r = await run("order-saga", input);
    expect(r).toMatchObject({ status: "FAILED", error: "OrderProcessingFailed" });
    expect(r.states).toEqual(["ReserveStock", "ChargePayment", "ShipOrder", "RefundPayment", "CancelReservation"]);
  });

  it("a failed charge only cancels the reservation", async () => {
    const r = await run("order-saga", { ...byName("order-saga").input, payment: { card: DECLINED_CARD } });
    expect(r.states).toEqual(["ReserveStock", "ChargePayment", "CancelReservation"]);
  });
});

describe("waits, Parallel and Map", () => {
  it("order-shipping waits until the ship date, then for seconds", async () => {
    const shipDate = "2025-01-01T00:05:00Z";
    const r = await run("order-shipping", { order: { ...ORDER, shipDate }, shipping: { address: { country: "FR" } } });
    expect(r.status).toBe("SUCCEEDED");
    expect((r.output as JSONObject).delivery).toEqual({ delivered: true, orderId: "order-123" });
  });

  it("order-fulfillment runs both branches", async () => {
    const r = await run("order-fulfillment");
    expect(r.output).toEqual({
      email: { sent: true, to: "ada@example.com", about: "SendEmail" },
      inventory: { updated: 2 },
    });
  });

  it("order-line-items maps over the items and totals them", async () => {
    const r = await run("order-line-items");
    expect((r.output as JSONObject).summary).toEqual({ total: 28.6, lines: 2 });
  });

  it("fan-out-orders (the tutorial's DISTRIBUTED Map) runs its children in process on the Node runner", async () => {
    const r = await run("fan-out-orders");
    expect(r.output).toEqual({
      count: 3,
      orders: [
        { orderId: "order-123", status: "PROCESSED", total: 28.6 },
        { orderId: "order-124", status: "PROCESSED", total: 28.6 },
        { orderId: "order-125", status: "REJECTED", total: 3 },
      ],
    });
    expect(r.states).toEqual(["ProcessOrder", "ProcessOrder", "ProcessOrder"]);
  });

  it("direct-integrations (the tutorial's, unchanged): the order in D1, a notification on its topic, the order queued", async () => {
    const r = await run("direct-integrations");
    expect([r.status, r.error, r.cause]).toEqual(["SUCCEEDED", undefined, undefined]);
    expect(r.states).toEqual(["PutItemInDynamoDB", "SendNotification", "AddToQueue"]);
    expect(r.output).toMatchObject({ MessageId: expect.any(String), MD5OfMessageBody: expect.any(String) });
    const got = await dispatcher().dispatch(
      call("arn:aws:states:::dynamodb:getItem", { TableName: "Orders", Key: { order_id: { S: "order-123" } } }),
    );
    expect(got).toMatchObject({
      output: { Item: { order_id: { S: "order-123" }, status: { S: "CREATED" }, created_at: { S: expect.any(String) } } },
    });
  });

  it("process-all-orders fans out through lambda:invoke", async () => {
    const r = await run("process-all-orders");
    expect(r.output).toEqual({
      count: 3,
      orders: [
        { orderId: "order-123", status: "PROCESSED", total: 28.6 },
        { orderId: "order-124", status: "PROCESSED", total: 28.6 },
        { orderId: "order-125", status: "REJECTED", total: 3 },
      ],
    });
  });
});
