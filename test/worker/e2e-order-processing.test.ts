// End to end through the REST API: the order-processing example (validation with Choice, payment
// with Retry and Catch) on real Durable Objects, alarms, D1 and the example task worker.
import { beforeEach, describe, expect, it } from "vitest";
import { DECLINED_CARD, FLAKY_CARD, NO_FUNDS_CARD, OUT_OF_STOCK_SKU } from "../../worker/examples/tasks.ts";
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { get, post } from "./api-client.ts";
import {
  alarmAt, createExample, nothingDue, enc, entered, events, example, listed, output, resetClock, runToEnd, scheduled, start, types,
} from "./e2e-helpers.ts";

const M = "order-processing";
const base = example(M).input as Record<string, any>;
const withCard = (card: string) => ({ ...base, payment: { card } });

beforeEach(async () => {
  resetClock();
  await createExample(M);
});

describe("order-processing end to end", () => {
  it("a valid order is validated, charged once and confirmed; D1 lists it SUCCEEDED", async () => {
    const arn = await start(M, base, "valid");
    const { execution } = await runToEnd(arn);
    expect(execution).toMatchObject({ name: "valid", status: "SUCCEEDED", stopDate: expect.any(String) });
    expect(output(execution)).toEqual({
      ...base,
      validation: { isValid: true, itemCount: 2 },
      charge: { transactionId: "txn-order-123", amount: 28.6, status: "APPROVED" },
      notification: { sent: true, to: "ada@example.com", about: "ConfirmOrder" },
    });
    const evs = await events(arn);
    expect(entered(evs)).toEqual(["ValidateOrder", "CheckValidation", "ProcessPayment", "ConfirmOrder", "OrderComplete"]);
    expect(types(evs).slice(0, 5)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
    ]);
    expect(types(evs).at(-1)).toBe("ExecutionSucceeded");
    expect(evs.at(-1).executionSucceededEventDetails.output).toBe(execution.output);
    expect(evs.map((e) => e.id)).toEqual(evs.map((_, i) => i + 1));
    expect(await listed(M, arn)).toEqual({
      executionArn: arn,
      stateMachineArn: execution.stateMachineArn,
      name: "valid",
      status: "SUCCEEDED",
      startDate: execution.startDate,
      stopDate: execution.stopDate,
      redriveCount: 0,
    });
  });

  it("an invalid order takes the Choice's Default; an out-of-stock one its second branch", async () => {
    const empty = await start(M, { ...base, order: { id: "o-0", items: [] } }, "empty");
    const stock = await start(M, { ...base, order: { id: "o-1", items: [{ sku: OUT_OF_STOCK_SKU, qty: 1, price: 3 }] } }, "stock");

    const rejected = (await runToEnd(empty)).execution;
    expect(rejected).toMatchObject({ status: "FAILED", error: "OrderRejected", cause: "The order did not pass validation" });
    expect(rejected.output).toBeUndefined();
    const rejectedEvents = await events(empty);
    expect(entered(rejectedEvents)).toEqual(["ValidateOrder", "CheckValidation", "RejectOrder"]);
    expect(rejectedEvents.at(-1)).toMatchObject({
      type: "ExecutionFailed",
      executionFailedEventDetails: { error: "OrderRejected", cause: "The order did not pass validation" },
    });

    expect((await runToEnd(stock)).execution).toMatchObject({ status: "FAILED", error: "OutOfStock" });
    const stockEvents = await events(stock);
    expect(entered(stockEvents)).toEqual(["ValidateOrder", "CheckValidation", "NotifyOutOfStock", "OutOfStock"]);
    expect(JSON.parse(stockEvents.find((e) => e.type === "TaskStateExited" && e.stateExitedEventDetails.name === "ValidateOrder").stateExitedEventDetails.output).validation)
      .toEqual({ isValid: false, errorCode: "INSUFFICIENT_STOCK", reason: "not enough OUT-OF-STOCK" });

    const failed = await get(`/state-machines/${M}/executions?status=FAILED`);
    expect(failed.body.executions.map((e: any) => e.name).sort()).toEqual(["empty", "stock"]);
    expect((await get(`/state-machines/${M}/executions?status=RUNNING`)).body.executions).toEqual([]);
  });

  it("a busy gateway is retried on the alarm with backoff (1 s, then 2 s) until it approves", async () => {
    const arn = await start(M, withCard(FLAKY_CARD), "flaky");
    const { execution, skippedMs } = await runToEnd(arn);
    expect(execution.status).toBe("SUCCEEDED");
    expect(output(execution).charge).toEqual({ transactionId: "txn-order-123", amount: 28.6, status: "APPROVED" });
    // Test time had to pass for the retries: the execution waited on its alarm, not in a loop.
    expect(skippedMs).toBeGreaterThan(2000);

    const evs = await events(arn);
    expect(scheduled(evs)).toEqual(["ValidateOrder", "ProcessPayment", "ProcessPayment", "ProcessPayment", "ConfirmOrder"]);
    const from = evs.findIndex((e) => e.stateEnteredEventDetails?.name === "ProcessPayment");
    const to = evs.findIndex((e) => e.stateExitedEventDetails?.name === "ProcessPayment");
    const payment = evs.slice(from + 1, to);
    expect(types(payment)).toEqual([
      "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
      "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
      "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
    ]);
    const failures = payment.filter((e) => e.type === "LambdaFunctionFailed");
    for (const f of failures) expect(f.lambdaFunctionFailedEventDetails.error).toBe("Lambda.TooManyRequestsException");
    // The retry is scheduled IntervalSeconds after the failure, doubled (BackoffRate 2) the second time.
    const at = (e: any) => Date.parse(e.timestamp);
    const retries = payment.filter((e) => e.type === "LambdaFunctionScheduled").slice(1);
    expect(at(retries[0]) - at(failures[0])).toBeGreaterThanOrEqual(1000);
    expect(at(retries[0]) - at(failures[0])).toBeLessThan(2000);
    expect(at(retries[1]) - at(failures[1])).toBeGreaterThanOrEqual(2000);
    expect(at(retries[1]) - at(failures[1])).toBeLessThan(3000);
    // Each attempt sees its own $$.State.RetryCount.
    expect(retries.map((e) => JSON.parse(e.lambdaFunctionScheduledEventDetails.input).attempt)).toEqual([1, 2]);
    expect((await listed(M, arn)).status).toBe("SUCCEEDED");
  });

  it("a declined card is not retried but caught: HandleDeclinedPayment, then FAILED PaymentDeclined", async () => {
    const arn = await start(M, withCard(DECLINED_CARD), "declined");
    expect((await runToEnd(arn)).execution).toMatchObject({ status: "FAILED", error: "PaymentDeclined", cause: "Card was declined" });
    const evs = await events(arn);
    expect(entered(evs)).toEqual(["ValidateOrder", "CheckValidation", "ProcessPayment", "HandleDeclinedPayment", "PaymentDeclined"]);
    expect(scheduled(evs).filter((s) => s === "ProcessPayment")).toHaveLength(1);
    const failed = evs.find((e) => e.type === "LambdaFunctionFailed").lambdaFunctionFailedEventDetails;
    expect(failed.error).toBe("PaymentDeclined");
    // A Lambda ARN task's cause is Lambda's error payload, as AWS records it.
    expect(JSON.parse(failed.cause)).toMatchObject({ errorMessage: "Card was declined", errorType: "PaymentDeclined" });
    const handler = evs.find((e) => e.stateEnteredEventDetails?.name === "HandleDeclinedPayment");
    expect(JSON.parse(handler.stateEnteredEventDetails.input).error).toEqual({ Error: "PaymentDeclined", Cause: failed.cause });
    expect((await listed(M, arn)).status).toBe("FAILED");
  });

  it("any other payment failure is caught by States.ALL: NotifyFailure, then FAILED OrderError", async () => {
    const arn = await start(M, withCard(NO_FUNDS_CARD), "broke");
    expect((await runToEnd(arn)).execution).toMatchObject({ status: "FAILED", error: "OrderError", cause: "Order processing failed" });
    const evs = await events(arn);
    expect(entered(evs)).toEqual(["ValidateOrder", "CheckValidation", "ProcessPayment", "NotifyFailure", "OrderFailed"]);
    const notify = evs.find((e) => e.stateEnteredEventDetails?.name === "NotifyFailure");
    expect(JSON.parse(notify.stateEnteredEventDetails.input).error.Error).toBe("InsufficientFunds");
  });

  it("stopped while it waits to retry the payment: ABORTED, and the retry never runs", async () => {
    const arn = await start(M, withCard(FLAKY_CARD), "stopped");
    const stub = env.EXECUTIONS.getByName(arn);
    // Fire the alarms that are due now until the first payment attempt has failed.
    for (let i = 0; i < 50 && !types(await events(arn)).includes("LambdaFunctionFailed"); i++) {
      if (!(await runDurableObjectAlarm(stub))) await new Promise((r) => setTimeout(r, 5));
    }
    expect((await alarmAt(arn))! - Date.now()).toBeGreaterThan(500);
    const stop = await post(`/executions/${enc(arn)}/stop`, { error: "Operator", cause: "payment gateway down" });
    expect(stop.status).toBe(200);
    await nothingDue(arn);
    const { execution } = await runToEnd(arn);
    expect(execution).toMatchObject({ status: "ABORTED", error: "Operator", cause: "payment gateway down" });
    const evs = await events(arn);
    expect(scheduled(evs)).toEqual(["ValidateOrder", "ProcessPayment"]);
    expect(types(evs).at(-1)).toBe("ExecutionAborted");
    expect((await listed(M, arn)).status).toBe("ABORTED");
  });
});
