// The tutorial's order-processing workflow, unit-tested with runWorkflow (README "Test your workflows locally").
import assert from "node:assert/strict";
import { test } from "node:test";
import { runWorkflow } from "asl-on-cloudflare/testing";

const definition = new URL("./order-processing.asl.json", import.meta.url).pathname;
const input = { order: { id: "o-1", total: 25 }, payment: { card: "4242" } };

test("a valid order is charged and confirmed", async () => {
  const run = await runWorkflow(definition, {
    input,
    handlers: {
      ValidateOrder: () => ({ isValid: true }),
      ProcessPayment: ({ order }: any) => ({ transactionId: `txn-${order.id}`, status: "APPROVED" }),
      ConfirmOrder: () => ({ sent: true }),
    },
  });
  assert.equal(run.status, "SUCCEEDED");
  assert.deepEqual(run.path, ["ValidateOrder", "CheckValidation", "ProcessPayment", "ConfirmOrder", "OrderComplete"]);
  assert.deepEqual((run.output as any).charge, { transactionId: "txn-o-1", status: "APPROVED" });
});

test("a throttled payment is retried (no real waiting), then succeeds", async () => {
  const attempts: number[] = [];
  const run = await runWorkflow(definition, {
    input,
    handlers: {
      ValidateOrder: () => ({ isValid: true }),
      ProcessPayment: ({ attempt }: any) => {
        attempts.push(attempt);
        if (attempt < 2) throw Object.assign(new Error("Rate exceeded"), { name: "Lambda.TooManyRequestsException" });
        return { status: "APPROVED" };
      },
      ConfirmOrder: () => ({ sent: true }),
    },
  });
  assert.equal(run.status, "SUCCEEDED");
  assert.deepEqual(attempts, [0, 1, 2]);
});

test("a declined card is caught and ends in PaymentDeclined", async () => {
  const run = await runWorkflow(definition, {
    input,
    handlers: {
      ValidateOrder: () => ({ isValid: true }),
      ProcessPayment: () => {
        throw Object.assign(new Error("Card was declined"), { name: "PaymentDeclined" });
      },
      HandleDeclinedPayment: () => ({ sent: true }),
    },
  });
  assert.equal(run.status, "FAILED");
  assert.equal(run.error, "PaymentDeclined");
  assert.deepEqual(run.path, ["ValidateOrder", "CheckValidation", "ProcessPayment", "HandleDeclinedPayment", "PaymentDeclined"]);
  assert.deepEqual((run.outputOf("ProcessPayment") as any).error, { Error: "PaymentDeclined", Cause: "Card was declined" });
});
