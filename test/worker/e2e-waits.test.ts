// End to end through the REST API: Wait states on the execution's alarm (until a timestamp, for
// seconds), stopping a waiting execution, and the README's first workflow.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { UNSHIPPABLE_COUNTRY } from "../../worker/examples/tasks.ts";
import { createMachine, get, post } from "./api-client.ts";
import {
  alarmAt, createExample, nothingDue, describe as describeExecution, enc, entered, events, example, listed, now, output, resetClock, runToEnd, start, types,
} from "./e2e-helpers.ts";

const M = "order-shipping";
const base = example(M).input as Record<string, any>;
const HOUR = 3_600_000;
const shipOn = (ms: number) => ({ ...base, order: { ...base.order, shipDate: new Date(ms).toISOString() } });
const at = (e: any) => Date.parse(e.timestamp);
const find = (evs: any[], type: string, state: string) =>
  evs.find((e) => e.type === type && (e.stateEnteredEventDetails ?? e.stateExitedEventDetails)?.name === state);

beforeEach(async () => {
  resetClock();
  await createExample(M);
});

describe("order-shipping end to end", () => {
  it("waits on its alarm until a ship date two hours ahead, ships, waits 10 s more, then checks delivery", async () => {
    const shipDate = Math.ceil((now() + 2 * HOUR) / 1000) * 1000;
    const arn = await start(M, shipOn(shipDate), "later");

    // Asleep: RUNNING in the object and in D1, the alarm set for the ship date, nothing shipped.
    expect((await describeExecution(arn)).status).toBe("RUNNING");
    expect(await alarmAt(arn)).toBe(shipDate);
    expect((await listed(M, arn)).status).toBe("RUNNING");
    expect(types(await events(arn))).toEqual(["ExecutionStarted", "WaitStateEntered"]);
    // An alarm fired early changes nothing.
    await runDurableObjectAlarm(env.EXECUTIONS.getByName(arn));
    expect((await describeExecution(arn)).status).toBe("RUNNING");
    expect(await alarmAt(arn)).toBe(shipDate);

    const { execution, skippedMs } = await runToEnd(arn);
    expect(execution.status).toBe("SUCCEEDED");
    expect(skippedMs).toBeGreaterThan(2 * HOUR - 60_000);
    expect(output(execution)).toMatchObject({
      shipment: { trackingNumber: "trk-order-123", carrier: "EXAMPLE-POST" },
      delivery: { delivered: true, orderId: "order-123" },
    });
    const evs = await events(arn);
    expect(entered(evs)).toEqual(["WaitUntilShipDate", "StartShipping", "WaitForDelivery", "CheckDeliveryStatus"]);
    // Woken at the ship date (plus the few ms the alarm takes to run), not before.
    const woke = at(find(evs, "WaitStateExited", "WaitUntilShipDate"));
    expect(woke).toBeGreaterThanOrEqual(shipDate);
    expect(woke).toBeLessThan(shipDate + 1000);
    const delivery = at(find(evs, "WaitStateExited", "WaitForDelivery")) - at(find(evs, "WaitStateEntered", "WaitForDelivery"));
    expect(delivery).toBeGreaterThanOrEqual(10_000);
    expect(delivery).toBeLessThan(11_000);
    expect(Date.parse(execution.stopDate)).toBeGreaterThanOrEqual(shipDate + 10_000);
    expect(await listed(M, arn)).toMatchObject({ status: "SUCCEEDED", stopDate: execution.stopDate });
    await nothingDue(arn);
  });

  it("a ship date already past does not wait; the 10 s wait still does", async () => {
    const arn = await start(M, base, "past");
    const { execution } = await runToEnd(arn);
    expect(execution.status).toBe("SUCCEEDED");
    const took = Date.parse(execution.stopDate) - Date.parse(execution.startDate);
    expect(took).toBeGreaterThanOrEqual(10_000);
    expect(took).toBeLessThan(11_000);
  });

  it("a shipment that fails after the wait fails the execution with the task's error", async () => {
    const input = { ...shipOn(now() + HOUR), shipping: { address: { country: UNSHIPPABLE_COUNTRY } } };
    const arn = await start(M, input, "nowhere");
    const { execution } = await runToEnd(arn);
    expect(execution).toMatchObject({ status: "FAILED", error: "ShipmentFailed" });
    expect(JSON.parse(execution.cause)).toMatchObject({ errorType: "ShipmentFailed", errorMessage: "No carrier delivers to XX" });
    expect(entered(await events(arn))).toEqual(["WaitUntilShipDate", "StartShipping"]);
  });

  it("stops a waiting execution: ABORTED, D1 updated, and it never ships (its alarm left finds nothing due)", async () => {
    const arn = await start(M, shipOn(now() + 24 * HOUR), "cancelled");
    expect(await alarmAt(arn)).not.toBeNull();
    const stop = await post(`/executions/${enc(arn)}/stop`, { error: "CustomerCancelled", cause: "changed their mind" });
    expect(stop.status).toBe(200);
    const d = await describeExecution(arn);
    expect(d).toMatchObject({ status: "ABORTED", error: "CustomerCancelled", cause: "changed their mind", stopDate: stop.body.stopDate });
    await nothingDue(arn);
    expect(await listed(M, arn)).toMatchObject({ status: "ABORTED", stopDate: stop.body.stopDate });
    const evs = await events(arn);
    expect(types(evs)).toEqual(["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"]);
    expect(evs[2].executionAbortedEventDetails).toEqual({ error: "CustomerCancelled", cause: "changed their mind" });

    // Nothing left to run, and nothing to stop twice.
    expect(await runDurableObjectAlarm(env.EXECUTIONS.getByName(arn))).toBe(false);
    expect(types(await events(arn))).toHaveLength(3);
    expect(await post(`/executions/${enc(arn)}/stop`, {})).toMatchObject({ status: 409, body: { error: "ExecutionNotRunning" } });
    const aborted = await get(`/executions?stateMachine=${M}&status=ABORTED`);
    expect(aborted.body.executions.map((e: any) => e.name)).toEqual(["cancelled"]);
  });
});

describe("the README's first workflow", () => {
  it("a Wait of 5 s then a Pass: RUNNING on its alarm, then SUCCEEDED with the Pass's result", async () => {
    await createMachine("hello-wait", {
      StartAt: "Nap",
      States: {
        Nap: { Type: "Wait", Seconds: 5, Next: "Greet" },
        Greet: { Type: "Pass", Parameters: { "greeting.$": "States.Format('Hello, {}!', $.who)" }, End: true },
      },
    });
    const arn = await start("hello-wait", { who: "Ada" }, "first");
    expect((await describeExecution(arn)).status).toBe("RUNNING");
    expect((await alarmAt(arn))! - Date.parse((await describeExecution(arn)).startDate)).toBe(5000);
    const { execution } = await runToEnd(arn);
    expect(output(execution)).toEqual({ greeting: "Hello, Ada!" });
    expect(types(await events(arn))).toEqual([
      "ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
    ]);
    expect((await get("/state-machines/hello-wait/executions")).body.executions).toMatchObject([{ name: "first", status: "SUCCEEDED" }]);
  });
});

describe("history paging of a finished example", () => {
  it("pages with the token it gave; a token it never gave is a 400", async () => {
    const arn = await start(M, base, "paged");
    await runToEnd(arn);
    const all = await events(arn);
    const first = await get(`/executions/${enc(arn)}/history?maxResults=3`);
    expect(first.body.events).toEqual(all.slice(0, 3));
    const second = await get(`/executions/${enc(arn)}/history?maxResults=3&nextToken=${enc(first.body.nextToken)}`);
    expect(second.body.events).toEqual(all.slice(3, 6));
  });

  it("refuses a history nextToken it never gave with 400 InvalidToken", async () => {
    const arn = await start(M, base, "bad-token");
    const r = await get(`/executions/${enc(arn)}/history?nextToken=garbage`);
    expect(r).toMatchObject({ status: 400, body: { error: "InvalidToken" } });
  });
});
