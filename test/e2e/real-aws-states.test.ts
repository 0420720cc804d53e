// Real AWS Step Functions from the edge (README "Real AWS services"): states:startExecution of a state machine
// in AWS, end to end, the runtime in workerd (runtime.ts) calling a fake AWS (fake-aws.ts) that verifies every
// SigV4 signature and answers StartExecution and DescribeExecution in AWS's shapes. Driven through @aws-sdk/client-sfn.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type StartSyncExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { out, task, useFakeAwsRuntime } from "./fake-aws-harness.ts";

const KEY_ID = "AKIDFAKEEXAMPLE0001";
const SECRET = "fake-secret-key-never-shown-0001";
const TOKEN = "fake-session-token-never-shown-0001";

const aws = useFakeAwsRuntime({
  keyId: KEY_ID,
  secret: SECRET,
  token: TOKEN,
  prefix: "real-aws-states",
  bindings: (url) => ({ AWS_ENDPOINT_URL_SNS: `${url}/sns-endpoint` }),
});
const { run, runStandard } = aws;

describe("states:startExecution of a state machine in AWS, through a fake AWS that verifies SigV4", () => {
  it("a machine in another account goes to AWS Step Functions; .sync polls DescribeExecution", async () => {
    const remote = "arn:aws:states:eu-west-1:111122223333:stateMachine:Remote";
    const params = { StateMachineArn: remote, Name: "run-1", "Input.$": "$" };
    const started = out(await run("arn:aws:states:::states:startExecution", params, { a: 1 }));
    assert.deepEqual(started, { ExecutionArn: "arn:aws:states:eu-west-1:111122223333:execution:Remote:run-1", StartDate: 1733450000123 });
    const sent = aws.fake.received.at(-1)!;
    assert.equal(sent.headers["x-amz-target"], "AWSStepFunctions.StartExecution");
    assert.match(sent.headers.authorization, /\/eu-west-1\/states\/aws4_request/);
    assert.deepEqual(JSON.parse(sent.body), { stateMachineArn: remote, name: "run-1", input: '{"a":1}' });

    const before = aws.fake.received.length;
    const sync = out(await runStandard("arn:aws:states:::states:startExecution.sync", { ...params, Name: "run-2" }, { a: 2 }));
    const polls = aws.fake.received.slice(before).map((r) => r.action);
    assert.deepEqual(polls, ["StartExecution", "DescribeExecution", "DescribeExecution"], "RUNNING, then SUCCEEDED");
    assert.deepEqual(sync, {
      ExecutionArn: "arn:aws:states:eu-west-1:111122223333:execution:Remote:run-2",
      Input: '{"a":2}',
      InputDetails: { Included: true },
      Name: "run-2",
      Output: '{"done":true,"got":{"a":2}}',
      OutputDetails: { Included: true },
      StartDate: 1733450000123,
      StateMachineArn: remote,
      Status: "SUCCEEDED",
      StopDate: 1733450002123,
    });
    const sync2 = out(await runStandard("arn:aws:states:::states:startExecution.sync:2", { ...params, Name: "run-3" }, { a: 3 }));
    assert.deepEqual([sync2.Input, sync2.Output], [{ a: 3 }, { done: true, got: { a: 3 } }]);

    const failing = "arn:aws:states:eu-west-1:111122223333:stateMachine:Failing";
    const failed = await runStandard("arn:aws:states:::states:startExecution.sync", { StateMachineArn: failing, Name: "f-1" });
    assert.equal(failed.error, "States.TaskFailed");
    const cause = JSON.parse(failed.cause!);
    assert.deepEqual([cause.Status, cause.Error, cause.Cause, cause.Output], ["FAILED", "Oops", "it failed remotely", undefined]);
    assert.deepEqual(Object.keys(cause).slice(0, 3), ["Cause", "Error", "ExecutionArn"]);

    const missing = await run("arn:aws:states:::states:startExecution", { StateMachineArn: remote.replace("Remote", "Nope") });
    assert.equal(missing.error, "StepFunctions.StateMachineDoesNotExistException");
    assert.match(
      missing.cause!,
      /^State Machine Does Not Exist: .*\(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; /,
    );
  });

  it("this runtime's machine keeps running here; one unknown here goes to AWS", async () => {
    const child = await aws.machine({ StartAt: "P", States: { P: { Type: "Pass", Result: { local: true }, End: true } } }, "STANDARD");
    const before = aws.fake.received.length;
    const r = out(await runStandard("arn:aws:states:::states:startExecution.sync:2", { StateMachineArn: child }));
    assert.deepEqual(r.Output, { local: true });
    assert.equal(aws.fake.received.length, before, "nothing reached AWS");
    const here = child.replace(/:stateMachine:.*$/, ":stateMachine:Remote");
    const unknown = out(await run("arn:aws:states:::states:startExecution", { StateMachineArn: here, Name: "u-1" }));
    assert.equal(unknown.ExecutionArn, here.replace(":stateMachine:", ":execution:") + ":u-1");
    assert.equal(aws.fake.received.at(-1)!.action, "StartExecution");
  });
});
