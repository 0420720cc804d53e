// End to end with @aws-sdk/client-sfn: a task that fails once, RedriveExecution, SUCCEEDED with redriveCount 1,
// against the runtime in workerd (runtime.ts) on 127.0.0.1. The task is an activity this test works.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  ExecutionNotRedrivable,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { ACCESS_KEY, finished as finishedOf, startRuntime, type Runtime } from "./runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/sfn";

let rt: Runtime;
let sfn: SFNClient;

const ended = (executionArn: string, ms = 10_000) => finishedOf(sfn, executionArn, ms);

before(async () => {
  rt = await startRuntime(root);
  sfn = new SFNClient({ endpoint: rt.endpoint, region: "us-east-1", credentials: ACCESS_KEY, maxAttempts: 1 });
});
after(async () => {
  sfn?.destroy();
  await rt?.dispose();
});

describe("RedriveExecution through @aws-sdk/client-sfn", () => {
  it("a task fails once; the redrive runs it again (not the step before it) and the execution SUCCEEDS with redriveCount 1", async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: "e2e-charge" }));
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: "e2e-redrive",
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: "Prepare",
          States: {
            Prepare: { Type: "Pass", Parameters: { "order.$": "$.order", "attempt.$": "$$.Execution.RedriveCount" }, Next: "Charge" },
            Charge: { Type: "Task", Resource: activityArn, End: true },
          },
        }),
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: "order-9", input: JSON.stringify({ order: 9 }) }),
    );
    const first = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "w1" }));
    assert.deepEqual(JSON.parse(first.input!), { order: 9, attempt: 0 });
    await sfn.send(new SendTaskFailureCommand({ taskToken: first.taskToken, error: "Gateway.Busy", cause: "try again later" }));
    const failed = await ended(executionArn!);
    assert.equal(failed.status, "FAILED");
    assert.equal(failed.redriveCount, 0);
    assert.equal(failed.redriveStatus, "REDRIVABLE");

    const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: "redrive-1" }));
    assert.ok(redriveDate instanceof Date);
    // the same client token again: the same answer, no second redrive
    const again = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: "redrive-1" }));
    assert.equal(again.redriveDate?.getTime(), redriveDate.getTime());

    const second = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "w2" }));
    // the same input: Prepare was not run again ($$.Execution.RedriveCount is still the first attempt's 0)
    assert.deepEqual(JSON.parse(second.input!), { order: 9, attempt: 0 });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: second.taskToken, output: JSON.stringify({ charged: 9 }) }));
    const done = await ended(executionArn!);
    assert.equal(done.status, "SUCCEEDED");
    assert.equal(done.redriveCount, 1);
    assert.equal(done.redriveDate?.getTime(), redriveDate.getTime());
    assert.equal(done.redriveStatus, "NOT_REDRIVABLE");
    assert.equal(done.redriveStatusReason, "Execution is SUCCEEDED and cannot be redriven");
    assert.deepEqual(JSON.parse(done.output!), { charged: 9 });

    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = events!.map((e) => e.type);
    assert.equal(types.filter((t) => t === "PassStateEntered").length, 1);
    const redriven = events!.find((e) => e.type === "ExecutionRedriven")!;
    assert.deepEqual(redriven.executionRedrivenEventDetails, { redriveCount: 1 });
    assert.equal(types.at(-1), "ExecutionSucceeded");

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, redriveFilter: "REDRIVEN" }));
    assert.deepEqual(
      listed.executions!.map((e) => [e.name, e.redriveCount]),
      [["order-9", 1]],
    );
    await assert.rejects(sfn.send(new RedriveExecutionCommand({ executionArn })), (e) => e instanceof ExecutionNotRedrivable);
  });
});
