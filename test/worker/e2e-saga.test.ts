// End to end through the REST API: the order-saga example. A step that fails runs the compensating
// tasks of the steps before it, newest first, each with the order it must undo.
import { beforeEach, describe, expect, it } from "vitest";
import { DECLINED_CARD, OUT_OF_STOCK_SKU, UNSHIPPABLE_COUNTRY } from "../../worker/examples/tasks.ts";
import { get } from "./api-client.ts";
import { createExample, entered, events, example, listed, output, resetClock, runToEnd, scheduled, start } from "./e2e-helpers.ts";

const M = "order-saga";
const base = example(M).input as Record<string, any>;

beforeEach(async () => {
  resetClock();
  await createExample(M);
});

/** The input a state was entered with. */
const inputOf = (evs: any[], state: string) =>
  JSON.parse(evs.find((e) => e.stateEnteredEventDetails?.name === state).stateEnteredEventDetails.input);

describe("order-saga end to end", () => {
  it("reserves, charges and ships; no compensation runs", async () => {
    const arn = await start(M, base, "happy");
    const { execution } = await runToEnd(arn);
    expect(execution.status).toBe("SUCCEEDED");
    expect(output(execution)).toEqual({
      ...base,
      reservation: { reservationId: "res-order-123", items: 2 },
      charge: { transactionId: "txn-order-123", amount: 28.6, status: "APPROVED" },
      shipment: { trackingNumber: "trk-order-123", carrier: "EXAMPLE-POST" },
    });
    expect(scheduled(await events(arn))).toEqual(["ReserveStock", "ChargePayment", "ShipOrder"]);
  });

  it("a failed shipment refunds the payment, then cancels the reservation, then fails", async () => {
    const input = { ...base, shipping: { address: { country: UNSHIPPABLE_COUNTRY } } };
    const arn = await start(M, input, "unshippable");
    const { execution } = await runToEnd(arn);
    expect(execution).toMatchObject({ status: "FAILED", error: "OrderProcessingFailed", cause: "Order could not be completed" });

    const evs = await events(arn);
    expect(scheduled(evs)).toEqual(["ReserveStock", "ChargePayment", "ShipOrder", "RefundPayment", "CancelReservation"]);
    expect(entered(evs).at(-1)).toBe("OrderFailed");
    const shipFailed = evs.find((e) => e.type === "LambdaFunctionFailed").lambdaFunctionFailedEventDetails;
    expect(shipFailed.error).toBe("ShipmentFailed");
    // The compensations see what they must undo: the charge, the reservation, and why.
    const refund = inputOf(evs, "RefundPayment");
    expect(refund.charge.transactionId).toBe("txn-order-123");
    expect(refund.error).toEqual({ Error: "ShipmentFailed", Cause: shipFailed.cause });
    const cancel = inputOf(evs, "CancelReservation");
    expect(cancel.refund).toEqual({ refunded: true, transactionId: "txn-order-123" });
    expect(cancel.reservation.reservationId).toBe("res-order-123");
    const exitedCancel = evs.find((e) => e.stateExitedEventDetails?.name === "CancelReservation");
    expect(JSON.parse(exitedCancel.stateExitedEventDetails.output).cancellation).toEqual({ released: true, reservationId: "res-order-123" });
    expect(evs.at(-1)).toMatchObject({ type: "ExecutionFailed", executionFailedEventDetails: { error: "OrderProcessingFailed" } });
    expect((await listed(M, arn)).status).toBe("FAILED");
  });

  it("a declined charge only cancels the reservation; nothing is refunded or shipped", async () => {
    const arn = await start(M, { ...base, payment: { card: DECLINED_CARD } }, "declined");
    expect((await runToEnd(arn)).execution).toMatchObject({ status: "FAILED", error: "OrderProcessingFailed" });
    const evs = await events(arn);
    expect(scheduled(evs)).toEqual(["ReserveStock", "ChargePayment", "CancelReservation"]);
    expect(inputOf(evs, "CancelReservation").error.Error).toBe("PaymentDeclined");
  });

  it("nothing reserved, nothing to compensate: an out-of-stock order fails at once", async () => {
    const order = { id: "o-9", items: [{ sku: OUT_OF_STOCK_SKU, qty: 1, price: 3 }], total: 3 };
    const arn = await start(M, { ...base, order }, "no-stock");
    expect((await runToEnd(arn)).execution).toMatchObject({ status: "FAILED", error: "OrderProcessingFailed" });
    expect(scheduled(await events(arn))).toEqual(["ReserveStock"]);

    const all = await get(`/executions?stateMachine=${M}`);
    const status = Object.fromEntries(all.body.executions.map((e: any) => [e.name, e.status]));
    expect(status).toMatchObject({ "no-stock": "FAILED" });
    expect(Object.values(status)).not.toContain("RUNNING");
  });
});
