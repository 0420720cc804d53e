// Real AWS Step Functions from the edge (README "Real AWS services"): states:startExecution of a state machine
// in AWS, end to end, the runtime in workerd (runtime.ts) calling a fake AWS (fake-aws.ts) that verifies every
// SigV4 signature and answers StartExecution and DescribeExecution in AWS's shapes. Driven through @aws-sdk/client-sfn.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type StartSyncExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { startFakeAws, type FakeAws } from "./fake-aws.ts";
import { ACCESS_KEY, startRuntime, type Runtime } from "./runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/sfn";
const KEY_ID = "AKIDFAKEEXAMPLE0001";
const SECRET = "fake-secret-key-never-shown-0001";
const TOKEN = "fake-session-token-never-shown-0001";

let fake: FakeAws;
let rt: Runtime;
let sfn: SFNClient;
let n = 0;

before(async () => {
  fake = await startFakeAws(KEY_ID, SECRET, TOKEN);
  rt = await startRuntime(root, {
    bindings: {
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
      AWS_ENDPOINT_URL: fake.url,
      AWS_ENDPOINT_URL_SNS: `${fake.url}/sns-endpoint`,
    },
  });
  sfn = new SFNClient({ endpoint: rt.endpoint, region: "us-east-1", credentials: ACCESS_KEY, maxAttempts: 1, disableHostPrefix: true });
});
after(async () => {
  sfn?.destroy();
  await rt?.dispose();
  await fake?.close();
});

const task = (Resource: string, Parameters: unknown) => ({
  StartAt: "T",
  States: { T: { Type: "Task", Resource, Parameters, End: true } },
});

async function machine(definition: object, type: "EXPRESS" | "STANDARD" = "EXPRESS"): Promise<string> {
  const name = `real-aws-${++n}`;
  const sm = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE, type }));
  return sm.stateMachineArn!;
}

/** Runs a one-Task EXPRESS machine synchronously. */
async function run(resource: string, params: unknown, input: unknown = {}): Promise<StartSyncExecutionCommandOutput> {
  const arn = await machine(task(resource, params));
  return sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: JSON.stringify(input) }));
}

const out = (r: StartSyncExecutionCommandOutput) => {
  assert.equal(r.status, "SUCCEEDED", `${r.error}: ${r.cause}`);
  return JSON.parse(r.output!);
};

describe("states:startExecution of a state machine in AWS, through a fake AWS that verifies SigV4", () => {
  it("a machine in another account goes to AWS Step Functions; .sync polls DescribeExecution", async () => {
    const remote = "arn:aws:states:eu-west-1:111122223333:stateMachine:Remote";
    const params = { StateMachineArn: remote, Name: "run-1", "Input.$": "$" };
    const started = out(await run("arn:aws:states:::states:startExecution", params, { a: 1 }));
    assert.deepEqual(started, { ExecutionArn: "arn:aws:states:eu-west-1:111122223333:execution:Remote:run-1", StartDate: 1733450000123 });
    const sent = fake.received.at(-1)!;
    assert.equal(sent.headers["x-amz-target"], "AWSStepFunctions.StartExecution");
    assert.match(sent.headers.authorization, /\/eu-west-1\/states\/aws4_request/);
    assert.deepEqual(JSON.parse(sent.body), { stateMachineArn: remote, name: "run-1", input: '{"a":1}' });

    const before = fake.received.length;
    const sync = out(await runStandard("arn:aws:states:::states:startExecution.sync", { ...params, Name: "run-2" }, { a: 2 }));
    const polls = fake.received.slice(before).map((r) => r.action);
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
    const child = await machine({ StartAt: "P", States: { P: { Type: "Pass", Result: { local: true }, End: true } } }, "STANDARD");
    const before = fake.received.length;
    const r = out(await runStandard("arn:aws:states:::states:startExecution.sync:2", { StateMachineArn: child }));
    assert.deepEqual(r.Output, { local: true });
    assert.equal(fake.received.length, before, "nothing reached AWS");
    const here = child.replace(/:stateMachine:.*$/, ":stateMachine:Remote");
    const unknown = out(await run("arn:aws:states:::states:startExecution", { StateMachineArn: here, Name: "u-1" }));
    assert.equal(unknown.ExecutionArn, here.replace(":stateMachine:", ":execution:") + ":u-1");
    assert.equal(fake.received.at(-1)!.action, "StartExecution");
  });
});

/** Runs a one-Task STANDARD machine (.sync needs one) to its end. */
async function runStandard(resource: string, params: unknown, input: unknown = {}): Promise<StartSyncExecutionCommandOutput> {
  const stateMachineArn = await machine(task(resource, params), "STANDARD");
  const e = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  return (await finished(e.executionArn!)) as StartSyncExecutionCommandOutput;
}

async function finished(executionArn: string, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d;
    if (Date.now() > end) throw new Error(`${executionArn} still RUNNING after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
