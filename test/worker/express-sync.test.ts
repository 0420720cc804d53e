import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { startSyncExecution } from "../../worker/service/express.ts";
import { call, createMachine, get, PASS, post } from "./api-client.ts";
import { ARN, express, NAP, withLimit } from "./express-helpers.ts";

const sync = (machine: string, body: unknown = {}) => post(`/state-machines/${machine}/sync-executions`, body);

describe("StartSyncExecution (POST /state-machines/:name/sync-executions)", () => {
  it("runs within the request and answers AWS's fields, with billing details", async () => {
    await express("hello", { StartAt: "Greet", States: { Greet: { Type: "Pass", Parameters: { "greeting.$": "States.Format('hi {}', $.who)", "id.$": "$$.Execution.Id" }, End: true } } });
    const r = await sync("hello", { name: "first", input: { who: "ada" }, traceHeader: "Root=1-abc" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      stateMachineArn: `${ARN}:stateMachine:hello`,
      name: "first",
      status: "SUCCEEDED",
      input: '{"who":"ada"}',
      inputDetails: { included: true },
      outputDetails: { included: true },
      traceHeader: "Root=1-abc",
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: 100 },
    });
    expect(r.body.executionArn).toMatch(new RegExp(`^${ARN}:express:hello:first:[0-9a-f-]{36}$`));
    expect(JSON.parse(r.body.output)).toEqual({ greeting: "hi ada", id: r.body.executionArn });
    expect(Date.parse(r.body.stopDate)).toBeGreaterThanOrEqual(Date.parse(r.body.startDate));
    expect(r.body.error).toBeUndefined();
  });

  it("answers 200 with FAILED, error and cause when the execution fails", async () => {
    await express("failing", { StartAt: "No", States: { No: { Type: "Fail", Error: "Order.Invalid", Cause: "no items" } } });
    const r = await sync("failing");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "FAILED", error: "Order.Invalid", cause: "no items", input: "{}" });
    expect(r.body.output).toBeUndefined();
    expect(r.body.name).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("runs Task states through the example task worker (a binding and a Lambda name), in parallel", async () => {
    await express("priced", {
      StartAt: "Both",
      States: {
        Both: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Direct", States: { Direct: { Type: "Task", Resource: "worker:TASKS/processItem", End: true } } },
            { StartAt: "Lambda", States: { Lambda: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:process-item", End: true } } },
          ],
          End: true,
        },
      },
    });
    const r = await sync("priced", { input: { sku: "A", qty: 3, price: 2.5 } });
    expect(r.body.status).toBe("SUCCEEDED");
    expect(JSON.parse(r.body.output)).toEqual([{ sku: "A", qty: 3, subtotal: 7.5 }, { sku: "A", qty: 3, subtotal: 7.5 }]);
  });

  it("a task's error is caught or fails the execution, as in a Standard one", async () => {
    await express("declined", {
      StartAt: "Pay",
      States: { Pay: { Type: "Task", Resource: "worker:TASKS/processPayment", End: true } },
    });
    const r = await sync("declined", { input: { order: { id: "o1" }, payment: { card: "4000-0000-0000-0002" } } });
    expect(r.body).toMatchObject({ status: "FAILED", error: "PaymentDeclined", cause: "Card was declined" });
  });

  it("sleeps a Wait of 1 second for real, and bills the time in 100 ms steps", async () => {
    await express("nap1", NAP(1));
    const t = Date.now();
    const r = await sync("nap1");
    expect(Date.now() - t).toBeGreaterThanOrEqual(1000);
    expect(r.body.status).toBe("SUCCEEDED");
    const ms = Date.parse(r.body.stopDate) - Date.parse(r.body.startDate);
    expect(ms).toBeGreaterThanOrEqual(1000);
    const billed = r.body.billingDetails.billedDurationInMilliseconds;
    expect(billed % 100).toBe(0);
    expect(billed).toBeGreaterThanOrEqual(ms);
    expect(billed - ms).toBeLessThan(100);
  });

  it("retries with backoff on real timers (1 s, then 2 s)", async () => {
    await express("flaky", {
      StartAt: "Pay",
      States: {
        Pay: {
          Type: "Task",
          Resource: "worker:TASKS/processPayment",
          Parameters: { "order.$": "$.order", "payment.$": "$.payment", "attempt.$": "$$.State.RetryCount" },
          Retry: [{ ErrorEquals: ["Lambda.TooManyRequestsException"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }],
          End: true,
        },
      },
    });
    const t = Date.now();
    const r = await sync("flaky", { input: { order: { id: "o9", total: 5 }, payment: { card: "4000-0000-0000-0119" } } });
    expect(Date.now() - t).toBeGreaterThanOrEqual(3000);
    expect(r.body.status).toBe("SUCCEEDED");
    expect(JSON.parse(r.body.output)).toEqual({ transactionId: "txn-o9", amount: 5, status: "APPROVED" });
  });

  it("ends TIMED_OUT (States.Timeout) at the Express limit, here made 0.5 s", async () => {
    await express("sleepy", NAP(60));
    const t = Date.now();
    const r = await withLimit(0.5, "POST", "/state-machines/sleepy/sync-executions", {});
    expect(Date.now() - t).toBeLessThan(5000);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout", cause: "The execution ran longer than the Express limit of 0.5 seconds." });
    expect(r.body.billingDetails.billedDurationInMilliseconds).toBeGreaterThanOrEqual(500);
  });

  it("the service takes an ARN, as the AWS protocol sends it", async () => {
    await express("byarn", PASS);
    const r = await startSyncExecution(env, { stateMachineArn: `${ARN}:stateMachine:byarn`, input: '{"a":1}' });
    expect(r).toMatchObject({ status: "SUCCEEDED", output: '{"a":1}' });
  });
});

describe("StartSyncExecution refusals", () => {
  it("refuses a STANDARD machine with StateMachineTypeNotSupported", async () => {
    await createMachine("standard", PASS);
    const r = await sync("standard");
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("StateMachineTypeNotSupported");
  });

  it("refuses an unknown machine, a bad name, bad input, and no token", async () => {
    expect((await sync("nobody")).body.error).toBe("StateMachineDoesNotExist");
    expect((await sync("nobody")).status).toBe(404);
    await express("picky", PASS);
    const bad = await sync("picky", { name: "has space" });
    expect([bad.status, bad.body.error]).toEqual([400, "InvalidName"]);
    const trace = await sync("picky", { traceHeader: 5 });
    expect([trace.status, trace.body.error]).toEqual([400, "ValidationException"]);
    const big = await sync("picky", { input: "x".repeat(300 * 1024) });
    expect([big.status, big.body.error]).toEqual([400, "InvalidExecutionInput"]);
    const anon = await call("POST", "/state-machines/picky/sync-executions", {}, { token: null });
    expect(anon.status).toBe(401);
  });

  it("EXPRESS definitions with .sync, .waitForTaskToken or an activity are refused at creation (AWS's messages)", async () => {
    const task = (Resource: string) => ({ StartAt: "T", States: { T: { Type: "Task", Resource, End: true } } });
    const cases: [string, string][] = [
      ["arn:aws:states:::states:startExecution.sync", "Express state machine does not support '.sync' service integration"],
      ["arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Express state machine does not support '.waitForTaskToken' service integration"],
      ["arn:aws:states:us-east-1:123456789012:activity:act", "Express state machine does not support Activity ARN"],
    ];
    for (const [resource, message] of cases) {
      const r = await post("/state-machines", { name: "illegal", type: "EXPRESS", definition: task(resource) });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("InvalidDefinition");
      expect(JSON.stringify(r.body)).toContain(message);
    }
    expect((await get("/state-machines/illegal")).status).toBe(404);
  });
});
