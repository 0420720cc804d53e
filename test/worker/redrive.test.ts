// RedriveExecution in workerd: a Standard execution that failed, timed out or was stopped runs again from its
// unsuccessful step (the steps before it not run again), through the REST API and the AWS protocol; its
// redrive count, date and status in DescribeExecution and ListExecutions (redriveFilter); ExecutionRedriven in
// its history; AWS's refusals; the client token's idempotency.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { defaults, surroundings } from "../../worker/execution/surroundings.ts";
import { get, post } from "./api-client.ts";
import { aws, ok } from "./aws-client.ts";
import { describe as describeExecution, enc, events, output, start, types } from "./e2e-helpers.ts";

const ACTIVITY = (name: string) => `arn:aws:states:us-east-1:123456789012:activity:${name}`;
const clock = { offset: 0 };
beforeEach(() => {
  clock.offset = 0;
  Object.assign(surroundings, defaults, { clock: () => Date.now() + clock.offset });
});
const stub = (arn: string) => env.EXECUTIONS.getByName(arn);

/** A machine: a Pass, then a Task an activity worker answers (by hand, here). */
async function setup(name: string, extra: object = {}): Promise<void> {
  await post("/activities", { name });
  const definition = {
    StartAt: "Prepare",
    States: {
      Prepare: { Type: "Pass", Parameters: { "order.$": "$.order", prepared: true }, Next: "Charge" },
      Charge: { Type: "Task", Resource: ACTIVITY(name), ...extra, End: true },
    },
  };
  const r = await post("/state-machines", { name, definition });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
}

/** The task the activity's worker takes next (the execution's alarm queues it first). */
async function take(arn: string, activity: string): Promise<{ taskToken: string; input: string }> {
  await runDurableObjectAlarm(stub(arn));
  return (await post(`/activities/${activity}/poll`, { workerName: "w", waitSeconds: 1 })).body;
}

describe("RedriveExecution", () => {
  it("reruns the failed task with the same input; SUCCEEDED with redriveCount 1, the Pass before it not run again", async () => {
    await setup("pay");
    const arn = await start("pay", { order: 7 });
    const first = await take(arn, "pay");
    expect(JSON.parse(first.input)).toEqual({ order: 7, prepared: true });
    await post("/tasks/failure", { taskToken: first.taskToken, error: "Gateway.Busy", cause: "try later" });
    const failed = await describeExecution(arn);
    expect(failed).toMatchObject({ status: "FAILED", error: "Gateway.Busy", redriveCount: 0, redriveStatus: "REDRIVABLE" });
    expect(failed.redriveDate).toBeUndefined();

    const r = await post(`/executions/${enc(arn)}/redrive`, {});
    expect(r.status).toBe(200);
    expect(r.body.redriveDate).toEqual(expect.any(String));
    const running = await describeExecution(arn);
    expect(running).toMatchObject({ status: "RUNNING", redriveCount: 1, redriveDate: r.body.redriveDate, redriveStatus: "NOT_REDRIVABLE" });
    expect(running.redriveStatusReason).toBe("Execution is RUNNING and cannot be redriven");
    expect(running.stopDate).toBeUndefined();
    expect(running.error).toBeUndefined();

    const again = await take(arn, "pay");
    expect(JSON.parse(again.input)).toEqual({ order: 7, prepared: true });
    await post("/tasks/success", { taskToken: again.taskToken, output: { charged: true } });
    const done = await describeExecution(arn);
    expect(done).toMatchObject({ status: "SUCCEEDED", redriveCount: 1, redriveStatus: "NOT_REDRIVABLE" });
    expect(done.redriveStatusReason).toBe("Execution is SUCCEEDED and cannot be redriven");
    expect(output(done)).toEqual({ charged: true });

    const evs = await events(arn);
    const t = types(evs);
    expect(t.filter((x) => x === "PassStateEntered")).toHaveLength(1);
    const at = t.indexOf("ExecutionRedriven");
    expect(t.slice(at - 1, at + 3)).toEqual(["ExecutionFailed", "ExecutionRedriven", "TaskStateEntered", "ActivityScheduled"]);
    expect(evs[at]).toMatchObject({ previousEventId: evs[at - 1].id, executionRedrivenEventDetails: { redriveCount: 1 } });
    expect(t[t.length - 1]).toBe("ExecutionSucceeded");
    // the first token is spent: answering it again changes nothing
    expect((await post("/tasks/success", { taskToken: first.taskToken, output: {} })).status).toBe(400);
  });

  it("ListExecutions shows the redrive (redriveCount, redriveDate) and filters on it; a bad filter is a ValidationException", async () => {
    await setup("listed");
    const redriven = await start("listed", { order: 1 }, "redriven");
    const plain = await start("listed", { order: 2 }, "plain");
    for (const arn of [redriven, plain]) {
      const task = await take(arn, "listed");
      await post("/tasks/failure", { taskToken: task.taskToken, error: "E" });
    }
    await post(`/executions/${enc(redriven)}/redrive`, {});
    const all = (await get("/state-machines/listed/executions")).body.executions;
    expect(all.find((e: any) => e.executionArn === redriven)).toMatchObject({
      status: "RUNNING",
      redriveCount: 1,
      redriveDate: expect.any(String),
    });
    expect(all.find((e: any) => e.executionArn === plain)).toMatchObject({ status: "FAILED", redriveCount: 0 });
    const onlyRedriven = await ok("ListExecutions", {
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:listed",
      redriveFilter: "REDRIVEN",
    });
    expect(onlyRedriven.executions.map((e: any) => e.executionArn)).toEqual([redriven]);
    const notRedriven = await ok("ListExecutions", {
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:listed",
      redriveFilter: "NOT_REDRIVEN",
    });
    expect(notRedriven.executions.map((e: any) => e.executionArn)).toEqual([plain]);
    const bad = await get("/state-machines/listed/executions?redriveFilter=SOMETIMES");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("ValidationException");
    // the redriven run's end reaches D1 too
    const task = await take(redriven, "listed");
    await post("/tasks/failure", { taskToken: task.taskToken, error: "E2" });
    const after = (await get("/state-machines/listed/executions?redriveFilter=REDRIVEN")).body.executions;
    expect(after).toEqual([expect.objectContaining({ executionArn: redriven, status: "FAILED", redriveCount: 1 })]);
  });

  it("through the AWS protocol: RedriveExecution answers redriveDate; the same clientToken answers the same, without a second redrive", async () => {
    await setup("sdk");
    const arn = await start("sdk", { order: 3 });
    const task = await take(arn, "sdk");
    await post("/tasks/failure", { taskToken: task.taskToken, error: "E" });
    const r1 = await ok("RedriveExecution", { executionArn: arn, clientToken: "token-1" });
    expect(typeof r1.redriveDate).toBe("number");
    const r2 = await ok("RedriveExecution", { executionArn: arn, clientToken: "token-1" });
    expect(r2.redriveDate).toBe(r1.redriveDate);
    const d = await ok("DescribeExecution", { executionArn: arn });
    expect(d).toMatchObject({ status: "RUNNING", redriveCount: 1, redriveStatus: "NOT_REDRIVABLE" });
    // another token while it runs: refused
    const r3 = await aws("RedriveExecution", { executionArn: arn, clientToken: "token-2" });
    expect(r3.status).toBe(400);
    expect(r3.body.__type).toBe("ExecutionNotRedrivable");
    expect(r3.body.message).toBe("Execution is RUNNING and cannot be redriven");
  });

  it("refuses what AWS refuses: SUCCEEDED, past the 14 days, unknown, an Express ARN, a bad clientToken", async () => {
    await setup("refused");
    const arn = await start("refused", { order: 4 });
    const task = await take(arn, "refused");
    await post("/tasks/success", { taskToken: task.taskToken, output: {} });
    const done = await post(`/executions/${enc(arn)}/redrive`, {});
    expect(done.status).toBe(400);
    expect(done.body).toMatchObject({ error: "ExecutionNotRedrivable", message: "Execution is SUCCEEDED and cannot be redriven" });

    const old = await start("refused", { order: 5 });
    const t2 = await take(old, "refused");
    await post("/tasks/failure", { taskToken: t2.taskToken, error: "E" });
    clock.offset += 14 * 24 * 3600_000 + 1000;
    const late = await describeExecution(old);
    expect(late).toMatchObject({ redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution redrivable period exceeded" });
    const tooLate = await post(`/executions/${enc(old)}/redrive`, {});
    expect(tooLate.body).toMatchObject({ error: "ExecutionNotRedrivable", message: "Execution redrivable period exceeded" });
    expect((await describeExecution(old)).status).toBe("FAILED");

    const missing = await post(`/executions/${enc("arn:aws:states:us-east-1:123456789012:execution:refused:nope")}/redrive`, {});
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe("ExecutionDoesNotExist");
    const express = await aws("RedriveExecution", { executionArn: "arn:aws:states:us-east-1:123456789012:express:refused:x:y" });
    expect(express.body.__type).toBe("ExecutionNotRedrivable");
    const badToken = await aws("RedriveExecution", { executionArn: old, clientToken: "has space" });
    expect(badToken.body.__type).toBe("ValidationException");
  });

  it("a stopped execution reruns the state it was stopped in; a timed-out task too", async () => {
    await setup("stopped", { TimeoutSeconds: 60 });
    const arn = await start("stopped", { order: 6 });
    await take(arn, "stopped");
    await post(`/executions/${enc(arn)}/stop`, { error: "Manual", cause: "by hand" });
    expect(await describeExecution(arn)).toMatchObject({ status: "ABORTED", redriveStatus: "REDRIVABLE" });
    await post(`/executions/${enc(arn)}/redrive`, {});
    await take(arn, "stopped");
    // no answer within the task's 60 s: TIMED_OUT... as a task failure, so the execution FAILED
    clock.offset += 61_000;
    await runDurableObjectAlarm(stub(arn));
    expect(await describeExecution(arn)).toMatchObject({ status: "FAILED", error: "States.Timeout", redriveCount: 1 });
    await post(`/executions/${enc(arn)}/redrive`, {});
    const third = await take(arn, "stopped");
    await post("/tasks/success", { taskToken: third.taskToken, output: { ok: 1 } });
    expect(await describeExecution(arn)).toMatchObject({ status: "SUCCEEDED", redriveCount: 2 });
  });
});
