// Nested executions through the API: arn:aws:states:::states:startExecution, .sync, .sync:2 and
// .waitForTaskToken. Each child is a real execution in its own Durable Object.
import { beforeEach, describe, expect, it } from "vitest";
import { parseResource } from "../../shared/asl/resource.ts";
import { childOf } from "../../worker/dispatch/integrations/start-execution.ts";
import { createMachine, post } from "./api-client.ts";
import { describe as describeExecution, output } from "./e2e-helpers.ts";
import { resetHooks, time } from "./execution-helpers.ts";
import { fire, send, until } from "./tokens-helpers.ts";

beforeEach(resetHooks);

const SM = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
const EX = (machine: string, name: string) => `arn:aws:states:us-east-1:123456789012:execution:${machine}:${name}`;

const CHILD_OK = { StartAt: "P", States: { P: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } } };
const CHILD_FAIL = { StartAt: "F", States: { F: { Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." } } };
const CHILD_WAIT = { StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } };

const parent = (suffix: string, params: object) => ({
  StartAt: "StartExecution",
  States: { StartExecution: { Type: "Task", Resource: `arn:aws:states:::states:startExecution${suffix}`, Parameters: params, End: true } },
});

let seq = 0;
async function run(definition: object, input: unknown = {}): Promise<string> {
  const name = `parent-${++seq}`;
  await createMachine(name, definition);
  const r = await post(`/state-machines/${name}/executions`, { input });
  return r.body.executionArn;
}

/** Waits for an execution to leave RUNNING (tasks and children run on real alarms, test time is now). */
async function ended(arn: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const d = await describeExecution(arn);
    if (d.status !== "RUNNING") return d;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${arn} still RUNNING`);
}

describe("states:startExecution", () => {
  it(".sync waits for the child: DescribeExecution's shape, Input and Output as JSON text", async () => {
    await createMachine("child-ok", CHILD_OK);
    const arn = await run(parent(".sync", { StateMachineArn: SM("child-ok"), "Input.$": "$.Input", Name: "sync-child" }), { Input: { x: 1 } });
    const d = await ended(arn);
    expect(d.status).toBe("SUCCEEDED");
    const o = output(d);
    expect(o).toEqual({
      ExecutionArn: EX("child-ok", "sync-child"),
      Input: '{"x":1}',
      InputDetails: { Included: true },
      Name: "sync-child",
      Output: '{"Arg1":"argument1"}',
      OutputDetails: { Included: true },
      StartDate: expect.any(Number),
      StateMachineArn: SM("child-ok"),
      Status: "SUCCEEDED",
      StopDate: expect.any(Number),
    });
    expect((await describeExecution(EX("child-ok", "sync-child"))).status).toBe("SUCCEEDED");
  });

  it(".sync:2 gives Input and Output as JSON; an Input of null starts the child with {}", async () => {
    await createMachine("child-ok2", CHILD_OK);
    const arn = await run(parent(".sync:2", { StateMachineArn: SM("child-ok2"), Input: null, Name: "sync2-child" }));
    const o = output(await ended(arn));
    expect(o).toMatchObject({ Input: {}, Output: { Arg1: "argument1" }, Status: "SUCCEEDED", Name: "sync2-child" });
  });

  it("request-response starts the child and answers {ExecutionArn, StartDate} at once", async () => {
    await createMachine("child-wait", CHILD_WAIT);
    const arn = await run(parent("", { StateMachineArn: SM("child-wait"), Input: '{"from": "text"}', Name: "rr-child" }));
    const d = await ended(arn);
    expect(output(d)).toEqual({ ExecutionArn: EX("child-wait", "rr-child"), StartDate: expect.any(Number) });
    expect(await describeExecution(EX("child-wait", "rr-child"))).toMatchObject({ status: "RUNNING", input: '{"from": "text"}' });
  });

  it("a child's failure fails the parent's task: States.TaskFailed, the child's description as the cause", async () => {
    await createMachine("child-fail", CHILD_FAIL);
    const arn = await run(parent(".sync", { StateMachineArn: SM("child-fail"), Name: "failing-child" }));
    const d = await ended(arn);
    expect(d).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
    expect(JSON.parse(d.cause)).toMatchObject({
      Error: "SomeFailure",
      Cause: "This state machines raises a 'SomeFailure' failure.",
      ExecutionArn: EX("child-fail", "failing-child"),
      Status: "FAILED",
      Input: "{}",
    });
  });

  it("stopping the parent stops the child it waits for", async () => {
    await createMachine("child-sleeps", CHILD_WAIT);
    const arn = await run(parent(".sync", { StateMachineArn: SM("child-sleeps"), Name: "sleepy" }));
    await until(arn, "TaskSubmitted");
    const child = EX("child-sleeps", "sleepy");
    expect((await describeExecution(child)).status).toBe("RUNNING");
    expect((await post(`/executions/${encodeURIComponent(arn)}/stop`, {})).status).toBe(200);
    expect(await describeExecution(child)).toMatchObject({ status: "ABORTED", cause: `Stopped with its parent execution ${arn}` });
  });

  it("a .sync task that times out stops its child", async () => {
    await createMachine("child-slow", CHILD_WAIT);
    const def = parent(".sync", { StateMachineArn: SM("child-slow"), Name: "slow" });
    (def.States.StartExecution as Record<string, unknown>).TimeoutSeconds = 5;
    const arn = await run(def);
    await until(arn, "TaskSubmitted");
    time.offset = 6_000;
    await fire(arn);
    expect(await describeExecution(arn)).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect((await describeExecution(EX("child-slow", "slow"))).status).toBe("ABORTED");
  });

  it(".waitForTaskToken hands the child the token; SendTaskSuccess answers the parent", async () => {
    await createMachine("child-holds", CHILD_WAIT);
    const arn = await run(parent(".waitForTaskToken", { StateMachineArn: SM("child-holds"), Name: "holder", Input: { "token.$": "$$.Task.Token" } }));
    await until(arn, "TaskSubmitted");
    const { token } = JSON.parse((await describeExecution(EX("child-holds", "holder"))).input);
    expect((await send("success", { taskToken: token, output: { done: true } })).status).toBe(200);
    expect(output(await ended(arn))).toEqual({ done: true });
  });

  it("an unknown state machine or a bad ARN fails the task with a StepFunctions.* error a Catch can match", async () => {
    const d = await ended(await run(parent(".sync", { StateMachineArn: SM("no-such-machine") })));
    expect(d).toMatchObject({ status: "FAILED", error: "StepFunctions.StateMachineDoesNotExistException" });
    const bad = await ended(await run(parent("", { StateMachineArn: "arn:aws:states:eu-west-1:1:nope" })));
    expect(bad).toMatchObject({ status: "FAILED", error: "StepFunctions.InvalidArnException" });
  });
});

describe("a child's name when the task gives none", () => {
  it("is the first half of SHA-256 of the dispatch's idempotency key, as a UUID (known value: a repeat finds the same child)", () => {
    const wait = "arn:aws:states:::states:startExecution.sync";
    expect(childOf(parseResource(wait), { StateMachineArn: SM("child") }, "exec-1:Start:3")).toBe(EX("child", "edd7efd2-6032-4fa0-e403-6ae1bbe93839"));
    expect(childOf(parseResource(wait), { StateMachineArn: SM("child"), Name: "given" }, "exec-1:Start:3")).toBe(EX("child", "given"));
  });
});
