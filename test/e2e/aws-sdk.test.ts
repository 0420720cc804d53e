// End to end with the AWS SDK: @aws-sdk/client-sfn, unchanged, against the runtime in workerd
// (runtime.ts) on 127.0.0.1. `npm run test:e2e`; starts and stops the runtime itself.
import assert from "node:assert/strict";
import { Agent } from "node:http";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DeleteStateMachineCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  TestStateCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type ExecutionListItem,
} from "@aws-sdk/client-sfn";
import { ACCESS_KEY, finished as finishedOf, startRuntime, type Runtime } from "./runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/sfn";
const pass = (result: unknown) => JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: result, End: true } } });

let rt: Runtime;
let sfn: SFNClient;
const client = (extra: Partial<ConstructorParameters<typeof SFNClient>[0]> = {}) =>
  new SFNClient({ endpoint: rt.endpoint, region: "us-east-1", credentials: ACCESS_KEY, maxAttempts: 1, ...extra });

const finished = (executionArn: string, ms = 10_000) => finishedOf(sfn, executionArn, ms);

/** Rejects with the SDK's error; its name. */
async function errorName(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

before(async () => {
  rt = await startRuntime(root);
  sfn = client();
});
after(async () => {
  sfn?.destroy();
  await rt?.dispose();
});

describe("@aws-sdk/client-sfn against the runtime", () => {
  it("creates, describes, updates and lists state machines with paging", async () => {
    const created = await sfn.send(
      new CreateStateMachineCommand({ name: "sdk-hello", definition: pass({ hello: "world" }), roleArn: ROLE }),
    );
    assert.equal(created.stateMachineArn, "arn:aws:states:us-east-1:123456789012:stateMachine:sdk-hello");
    assert.ok(created.creationDate instanceof Date && Math.abs(created.creationDate.getTime() - Date.now()) < 60_000);
    const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    assert.equal(d.name, "sdk-hello");
    assert.equal(d.type, "STANDARD");
    assert.equal(d.definition, pass({ hello: "world" }));
    const u = await sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: pass({ hello: "again" }) }),
    );
    assert.ok(u.updateDate instanceof Date);
    for (const n of ["sdk-list-a", "sdk-list-b", "sdk-list-c"])
      await sfn.send(new CreateStateMachineCommand({ name: n, definition: pass(n), roleArn: ROLE }));
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      names.push(...(page.stateMachines ?? []).map((m) => m.name!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.deepEqual(names, ["sdk-hello", "sdk-list-a", "sdk-list-b", "sdk-list-c"]);
    assert.equal(pages, 2);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:sdk-list-c" }));
  });

  it("loggingConfiguration, tracingConfiguration and encryptionConfiguration: created, described, updated, refused as AWS", async () => {
    const loggingConfiguration = {
      level: "ERROR" as const,
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/states/sdk-logged:*" } }],
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: "sdk-logged",
        definition: pass(1),
        roleArn: ROLE,
        loggingConfiguration,
        tracingConfiguration: { enabled: true },
        encryptionConfiguration: { type: "AWS_OWNED_KEY" },
      }),
    );
    const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    assert.deepEqual(d.loggingConfiguration, loggingConfiguration);
    assert.deepEqual(d.tracingConfiguration, { enabled: true });
    assert.deepEqual(d.encryptionConfiguration, { type: "AWS_OWNED_KEY" });
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, loggingConfiguration: { level: "OFF" } }));
    const off = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    assert.deepEqual(off.loggingConfiguration, { level: "OFF", includeExecutionData: false });
    const create = (extra: object) =>
      sfn.send(new CreateStateMachineCommand({ name: "sdk-refused", definition: pass(1), roleArn: ROLE, ...extra }));
    assert.deepEqual(await errorName(create({ loggingConfiguration: { level: "ALL" } })), {
      name: "InvalidLoggingConfiguration",
      status: 400,
    });
    const kms = { encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: "alias/mine" } };
    assert.deepEqual(await errorName(create(kms)), { name: "InvalidEncryptionConfiguration", status: 400 });
  });

  it("starts an execution, describes it, reads its history, lists executions with paging", async () => {
    const stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:sdk-hello";
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: "run-1", input: JSON.stringify({ n: 1 }) }));
    assert.equal(started.executionArn, "arn:aws:states:us-east-1:123456789012:execution:sdk-hello:run-1");
    assert.ok(started.startDate instanceof Date);
    const d = await finished(started.executionArn!);
    assert.equal(d.status, "SUCCEEDED");
    assert.deepEqual(JSON.parse(d.output!), { hello: "again" });
    assert.ok(d.stopDate! >= d.startDate!);
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    assert.deepEqual(
      h.events!.map((e) => e.type),
      ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
    );
    assert.ok(h.events![0].timestamp instanceof Date);
    assert.equal(JSON.parse(h.events![0].executionStartedEventDetails!.input!).n, 1);
    const forExec = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }));
    assert.equal(forExec.name, "sdk-hello");

    for (const name of ["run-2", "run-3"])
      await finished((await sfn.send(new StartExecutionCommand({ stateMachineArn, name }))).executionArn!);
    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2 }));
    assert.equal(first.executions!.length, 2);
    assert.ok(first.nextToken);
    const second = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2, nextToken: first.nextToken }));
    assert.deepEqual([...first.executions!, ...second.executions!].map((e) => e.name).sort(), ["run-1", "run-2", "run-3"]);
    assert.ok(first.executions![0].startDate instanceof Date);
  });

  it("DescribeStateMachineForExecution: the revision an execution started with, after an update and a delete", async () => {
    const sm = await sfn.send(new CreateStateMachineCommand({ name: "sdk-revisions", definition: pass("v1"), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn }));
    await finished(executionArn!);
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: sm.stateMachineArn, definition: pass("v2") }));
    const before = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    assert.deepEqual([before.definition, before.revisionId, before.roleArn], [pass("v1"), "1", ROLE]);
    assert.equal(before.updateDate?.getTime(), sm.creationDate?.getTime());
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: sm.stateMachineArn }));
    const after = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    assert.deepEqual([after.stateMachineArn, after.name, after.definition], [sm.stateMachineArn, "sdk-revisions", pass("v1")]);
    const express = "arn:aws:states:us-east-1:123456789012:express:sdk-revisions:x:0b1e8a1c-3c1b-4f3e-9a53-1c2d3e4f5a6b";
    assert.equal((await errorName(sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: express })))).name, "InvalidArn");
  });

  it("stops a running execution", async () => {
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: "sdk-wait",
        definition: JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } }),
        roleArn: ROLE,
      }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn }));
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: "Impatient", cause: "an hour is long" }));
    assert.ok(stopped.stopDate instanceof Date);
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.deepEqual([d.status, d.error, d.cause], ["ABORTED", "Impatient", "an hour is long"]);
  });

  it("answers a .waitForTaskToken task with SendTaskSuccess, the token read from the history", async () => {
    const definition = JSON.stringify({
      StartAt: "Ask",
      States: {
        Ask: {
          Type: "Task",
          Resource: "worker:TASKS/sendNotification.waitForTaskToken",
          Parameters: { "token.$": "$$.Task.Token", customer: { email: "ada@example.com" } },
          End: true,
        },
      },
    });
    const sm = await sfn.send(new CreateStateMachineCommand({ name: "sdk-callback", definition, roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn }));
    let token: string | undefined;
    for (let i = 0; i < 200 && !token; i++) {
      const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const scheduled = h.events!.find((e) => e.type === "TaskScheduled");
      if (scheduled && h.events!.some((e) => e.type === "TaskSubmitted"))
        token = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!).token;
      else await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(token, "the task token is in TaskScheduled's parameters");
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    const d = await finished(executionArn!);
    assert.deepEqual([d.status, JSON.parse(d.output!)], ["SUCCEEDED", { approved: true }]);
    assert.equal((await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })))).name, "TaskDoesNotExist");
    assert.equal((await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: "forged", output: "{}" })))).name, "InvalidToken");
  });

  it("runs activities: GetActivityTask, then SendTaskSuccess or SendTaskFailure", async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: "sdk-activity" }));
    assert.equal(activityArn, "arn:aws:states:us-east-1:123456789012:activity:sdk-activity");
    assert.equal((await sfn.send(new DescribeActivityCommand({ activityArn }))).name, "sdk-activity");
    assert.ok((await sfn.send(new ListActivitiesCommand({}))).activities!.some((a) => a.activityArn === activityArn));
    const definition = JSON.stringify({ StartAt: "Work", States: { Work: { Type: "Task", Resource: activityArn, End: true } } });
    const sm = await sfn.send(new CreateStateMachineCommand({ name: "sdk-activity-sm", definition, roleArn: ROLE }));

    const ok = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: '{"job":1}' }));
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "sdk-worker" }));
    assert.equal(task.input, '{"job":1}');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"done":1}' }));
    assert.deepEqual(JSON.parse((await finished(ok.executionArn!)).output!), { done: 1 });

    const bad = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: '{"job":2}' }));
    const t2 = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    await sfn.send(new SendTaskFailureCommand({ taskToken: t2.taskToken, error: "JobFailed", cause: "disk full" }));
    const d = await finished(bad.executionArn!);
    assert.deepEqual([d.status, d.error, d.cause], ["FAILED", "JobFailed", "disk full"]);
    await sfn.send(new DeleteActivityCommand({ activityArn }));
    assert.equal((await errorName(sfn.send(new DescribeActivityCommand({ activityArn })))).name, "ActivityDoesNotExist");
  });

  it("validates definitions", async () => {
    const good = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: pass(1) }));
    assert.equal(good.result, "OK");
    assert.deepEqual(good.diagnostics, []);
    const bad = await sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ States: { P: { Type: "Pass", End: true } } }) }),
    );
    assert.equal(bad.result, "FAIL");
    assert.deepEqual(bad.diagnostics![0], {
      code: "SCHEMA_VALIDATION_FAILED",
      location: "/",
      message: "These fields are required: [StartAt]",
      severity: "ERROR",
    });
  });

  it("throws AWS's errors: bad signature, unknown key, unknown execution, bad definition", async () => {
    const wrongSecret = client({ credentials: { accessKeyId: "test", secretAccessKey: "wrong" } });
    assert.deepEqual(await errorName(wrongSecret.send(new ListStateMachinesCommand({}))), {
      name: "InvalidSignatureException",
      status: 403,
    });
    wrongSecret.destroy();
    const unknownKey = client({ credentials: { accessKeyId: "AKIDNOBODY", secretAccessKey: "x" } });
    assert.deepEqual(await errorName(unknownKey.send(new ListStateMachinesCommand({}))), {
      name: "UnrecognizedClientException",
      status: 403,
    });
    unknownKey.destroy();
    assert.deepEqual(
      await errorName(
        sfn.send(new DescribeExecutionCommand({ executionArn: "arn:aws:states:us-east-1:123456789012:execution:sdk-hello:nope" })),
      ),
      { name: "ExecutionDoesNotExist", status: 400 },
    );
    assert.deepEqual(
      await errorName(
        sfn.send(
          new CreateStateMachineCommand({ name: "sdk-bad", definition: JSON.stringify({ StartAt: "Missing", States: {} }), roleArn: ROLE }),
        ),
      ),
      { name: "InvalidDefinition", status: 400 },
    );
    assert.equal(
      (
        await errorName(
          sfn.send(new StartExecutionCommand({ stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:nobody" })),
        )
      ).name,
      "StateMachineDoesNotExist",
    );
    assert.equal(
      (
        await errorName(
          sfn.send(
            new StartExecutionCommand({ stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:sdk-hello", input: "{nope" }),
          ),
        )
      ).name,
      "InvalidExecutionInput",
    );
  });

  it("StartSyncExecution and TestState: the SDK prepends sync- to the host (every name resolved to 127.0.0.1 here)", async () => {
    // For StartSyncExecution and TestState the SDK sends to `sync-<endpoint host>`. A lookup that
    // answers 127.0.0.1 for every name stands in for DNS (or a hosts entry), so the request carries
    // `Host: sync-localhost:<port>` and is signed with it. (An IP endpoint cannot work: `sync-127.0.0.1`
    // is not a valid URL host, as its last label is a number.)
    const lookup = (_host: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) =>
      opts?.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4);
    const agent = new Agent({ lookup } as unknown as ConstructorParameters<typeof Agent>[0]);
    const hosts: string[] = [];
    const viaSync = client({ endpoint: `http://localhost:${rt.port}`, requestHandler: { httpAgent: agent } });
    viaSync.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { hostname: string; port?: number };
        hosts.push(`${req.hostname}:${req.port}`);
        return next(args);
      },
      { step: "finalizeRequest" },
    );
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: "sdk-express",
        type: "EXPRESS",
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: "Add",
          States: { Add: { Type: "Pass", Parameters: { "sum.$": "States.MathAdd($.a, $.b)" }, End: true } },
        }),
      }),
    );
    const r = await viaSync.send(
      new StartSyncExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: JSON.stringify({ a: 2, b: 3 }) }),
    );
    assert.equal(hosts[0], `sync-localhost:${rt.port}`);
    assert.equal(r.status, "SUCCEEDED");
    assert.deepEqual(JSON.parse(r.output!), { sum: 5 });
    assert.ok(r.startDate instanceof Date && r.stopDate instanceof Date);
    assert.ok(r.billingDetails!.billedDurationInMilliseconds! >= 100);
    // A failed execution is an answer, not an exception.
    const failed = await viaSync.send(
      new StartSyncExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: JSON.stringify({ a: "x", b: 1 }) }),
    );
    assert.equal(failed.status, "FAILED");
    assert.equal(failed.error, "States.Runtime");
    // TestState goes to the sync- host too.
    const t = await viaSync.send(
      new TestStateCommand({
        definition: JSON.stringify({ Type: "Pass", Parameters: { "doubled.$": "States.MathAdd($.n, $.n)" }, End: true }),
        input: '{"n":21}',
        inspectionLevel: "DEBUG",
      }),
    );
    assert.equal(hosts[hosts.length - 1], `sync-localhost:${rt.port}`);
    assert.equal(t.status, "SUCCEEDED");
    assert.deepEqual(JSON.parse(t.output!), { doubled: 42 });
    assert.equal(t.inspectionData?.input, '{"n":21}');
    assert.equal((await errorName(viaSync.send(new TestStateCommand({ definition: '{"Type":"Nope"}' })))).name, "InvalidDefinition");
    // disableHostPrefix: the same call without the sync- host.
    const plain = client({ disableHostPrefix: true });
    assert.equal(
      (await plain.send(new StartSyncExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: '{"a":1,"b":1}' }))).status,
      "SUCCEEDED",
    );
    plain.destroy();
    viaSync.destroy();
    agent.destroy();
  });

  it("Express records (not in AWS): ListExecutions and DescribeExecution after StartSyncExecution on an EXPRESS machine", async () => {
    const plain = client({ disableHostPrefix: true });
    const definition = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const sm = await sfn.send(new CreateStateMachineCommand({ name: "sdk-express-list", type: "EXPRESS", roleArn: ROLE, definition }));
    const runs = [];
    for (const n of [1, 2, 3])
      runs.push(await plain.send(new StartSyncExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: `{"n":${n}}` })));
    // The record is written after the answer (waitUntil): poll until all three are listed.
    let listed: ExecutionListItem[] = [];
    for (let i = 0; i < 100 && listed.length < 3; i++) {
      listed = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: sm.stateMachineArn }))).executions ?? [];
      if (listed.length < 3) await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(listed.map((e) => e.executionArn).sort(), runs.map((r) => r.executionArn).sort());
    assert.ok(listed.every((e) => e.status === "SUCCEEDED" && e.startDate instanceof Date && e.stopDate instanceof Date));
    const page = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: sm.stateMachineArn, maxResults: 2, statusFilter: "SUCCEEDED" }),
    );
    assert.equal(page.executions!.length, 2);
    assert.ok(page.nextToken);
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: runs[0].executionArn }));
    assert.deepEqual([d.status, d.name, d.inputDetails?.included], ["SUCCEEDED", runs[0].name, false]);
    plain.destroy();
  });
});
