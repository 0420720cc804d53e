// The AWS JSON protocol (POST / with X-Amz-Target), requests signed as the AWS SDK signs them: every
// operation's happy path through the same services as the REST API, and AWS's errors and statuses.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { app } from "../../worker/app.ts";
import { aws, ok } from "./aws-client.ts";
import { resetClock, runToEnd } from "./e2e-helpers.ts";

const ARN = "arn:aws:states:us-east-1:123456789012";
const pass = (result: unknown = { done: true }) =>
  JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: result, End: true } } });
const wait = JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } });

beforeEach(resetClock);

async function expectError(op: string, body: unknown, type: string, status = 400) {
  const r = await aws(op, body);
  expect({ status: r.status, type: r.body.__type }).toEqual({ status, type });
  expect(typeof r.body.message).toBe("string");
  expect(r.headers.get("content-type")).toBe("application/x-amz-json-1.0");
  return r.body.message as string;
}

describe("Signature Version 4", () => {
  it("accepts a request signed with test/test, in any region and with a sync- host", async () => {
    expect((await aws("ListStateMachines")).status).toBe(200);
    expect((await aws("ListStateMachines", {}, { region: "eu-west-2" })).status).toBe(200);
    const r = await aws("ListStateMachines", {}, { host: "sync-states.us-east-1.asl.test" });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  });

  const refused: [string, Parameters<typeof aws>[2], string, RegExp][] = [
    ["no Authorization header", { unsigned: true }, "MissingAuthenticationTokenException", /Missing Authentication Token/],
    ["a wrong secret", { secretAccessKey: "nope" }, "InvalidSignatureException", /signature we calculated does not match/],
    [
      "an unknown access key",
      { accessKeyId: "AKIDUNKNOWN" },
      "UnrecognizedClientException",
      /security token included in the request is invalid/,
    ],
    ["a date 16 minutes ago", { signingDate: new Date(Date.now() - 16 * 60_000) }, "InvalidSignatureException", /Signature expired/],
    ["a date 16 minutes ahead", { signingDate: new Date(Date.now() + 16 * 60_000) }, "InvalidSignatureException", /Signature expired/],
    ["another service's scope", { service: "lambda" }, "InvalidSignatureException", /scoped to correct service: 'states'/],
    ["a body changed after signing", { tamper: (b) => b.replace("{}", '{"maxResults":1}') }, "InvalidSignatureException", /does not match/],
  ];
  for (const [what, opts, type, message] of refused) {
    it(`refuses ${what}: 403 ${type}`, async () => {
      const r = await aws("ListStateMachines", {}, opts);
      expect(r.status).toBe(403);
      expect(r.body.__type).toBe(type);
      expect(r.body.message).toMatch(message);
    });
  }

  const malformed: [string, Parameters<typeof aws>[2], string, RegExp][] = [
    [
      "a garbled Authorization header",
      { after: { authorization: "AWS4-HMAC-SHA256 nonsense" } },
      "IncompleteSignatureException",
      /Credential/,
    ],
    ["another scheme", { after: { authorization: "Basic dGVzdDp0ZXN0" } }, "IncompleteSignatureException", /AWS4-HMAC-SHA256/],
    ["no X-Amz-Date", { after: { "x-amz-date": null } }, "IncompleteSignatureException", /X-Amz-Date/],
    [
      "a credential scope of another shape",
      { after: { authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/states, SignedHeaders=host, Signature=00" } },
      "IncompleteSignatureException",
      /aws4_request/,
    ],
    [
      "a signed header that is not sent",
      { after: { "x-amz-target": null } },
      "InvalidSignatureException",
      /x-amz-target is not in the request/,
    ],
    [
      "a payload hash that is not the body's",
      { after: { "x-amz-content-sha256": "0".repeat(64) } },
      "InvalidSignatureException",
      /x-amz-content-sha256/,
    ],
  ];
  for (const [what, opts, type, message] of malformed) {
    it(`refuses ${what}: 403 ${type}`, async () => {
      const r = await aws("ListStateMachines", {}, opts);
      expect([r.status, r.body.__type]).toEqual([403, type]);
      expect(r.body.message).toMatch(message);
    });
  }

  it("verifies a signed query string (canonical query: sorted, RFC 3986 encoded)", async () => {
    expect((await aws("ListStateMachines", {}, { query: { b: "2", a: "x y*", "c!": "~" } })).status).toBe(200);
  });

  it("refuses everything while AWS_ACCESS_KEYS is unset, and says so", async () => {
    const r = await app.request(
      "https://asl.test/",
      {
        method: "POST",
        headers: {
          authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00",
        },
        body: "{}",
      },
      { ...env, AWS_ACCESS_KEYS: undefined },
    );
    const body = (await r.json()) as { __type: string; message: string };
    expect([r.status, body.__type]).toEqual([403, "UnrecognizedClientException"]);
    expect(body.message).toMatch(/AWS_ACCESS_KEYS/);
    const unsigned = await app.request("https://asl.test/", { method: "POST", body: "{}" }, { ...env, AWS_ACCESS_KEYS: undefined });
    expect(unsigned.status).toBe(403);
  });

  it("answers InternalFailure (500) when AWS_ACCESS_KEYS is not a JSON object of strings", async () => {
    const r = await app.request("https://asl.test/", { method: "POST", body: "{}" }, { ...env, AWS_ACCESS_KEYS: "{not json" });
    expect([r.status, ((await r.json()) as { __type: string }).__type]).toEqual([500, "InternalFailure"]);
  });

  it("accepts a date 14 minutes off", async () => {
    expect((await aws("ListStateMachines", {}, { signingDate: new Date(Date.now() - 14 * 60_000) })).status).toBe(200);
  });

  it("answers an unknown operation or target UnknownOperationException", async () => {
    expect((await aws("FlyToTheMoon")).body.__type).toBe("UnknownOperationException");
    const r = await aws("ListStateMachines", {}, { target: "AmazonSQS.ListQueues" });
    expect([r.status, r.body.__type]).toEqual([400, "UnknownOperationException"]);
  });
});

describe("state machines", () => {
  it("create, describe, update, list with paging, delete", async () => {
    const created = await ok("CreateStateMachine", { name: "aws-sm-1", definition: pass(), roleArn: "arn:aws:iam::123456789012:role/r" });
    expect(created.stateMachineArn).toBe(`${ARN}:stateMachine:aws-sm-1`);
    expect(typeof created.creationDate).toBe("number");
    expect(Math.abs(created.creationDate * 1000 - Date.now())).toBeLessThan(60_000);
    // The same request again answers the same machine.
    expect(
      (await ok("CreateStateMachine", { name: "aws-sm-1", definition: pass(), roleArn: "arn:aws:iam::123456789012:role/r" }))
        .stateMachineArn,
    ).toBe(created.stateMachineArn);

    const d = await ok("DescribeStateMachine", { stateMachineArn: created.stateMachineArn });
    expect(d).toMatchObject({
      name: "aws-sm-1",
      type: "STANDARD",
      status: "ACTIVE",
      definition: pass(),
      roleArn: "arn:aws:iam::123456789012:role/r",
    });
    expect(d.creationDate).toBe(created.creationDate);

    const u = await ok("UpdateStateMachine", { stateMachineArn: created.stateMachineArn, definition: pass({ v: 2 }) });
    expect(typeof u.updateDate).toBe("number");
    expect((await ok("DescribeStateMachine", { stateMachineArn: created.stateMachineArn })).definition).toBe(pass({ v: 2 }));

    for (const n of ["aws-sm-2", "aws-sm-3"]) await ok("CreateStateMachine", { name: n, definition: pass() });
    const p1 = await ok("ListStateMachines", { maxResults: 2 });
    expect(p1.stateMachines.map((m: any) => m.name)).toEqual(["aws-sm-1", "aws-sm-2"]);
    expect(Object.keys(p1.stateMachines[0]).sort()).toEqual(["creationDate", "name", "stateMachineArn", "type"]);
    const p2 = await ok("ListStateMachines", { maxResults: 2, nextToken: p1.nextToken });
    expect(p2.stateMachines.map((m: any) => m.name)).toEqual(["aws-sm-3"]);
    expect(p2.nextToken).toBeUndefined();

    expect(await ok("DeleteStateMachine", { stateMachineArn: `${ARN}:stateMachine:aws-sm-3` })).toEqual({});
    // As AWS: deleting one that is not there succeeds.
    expect(await ok("DeleteStateMachine", { stateMachineArn: `${ARN}:stateMachine:aws-sm-3` })).toEqual({});
    await expectError("DescribeStateMachine", { stateMachineArn: `${ARN}:stateMachine:aws-sm-3` }, "StateMachineDoesNotExist");
  });

  it("refuses a bad definition (InvalidDefinition), name, ARN, a taken name and missing members", async () => {
    const m = await expectError("CreateStateMachine", { name: "aws-bad", definition: JSON.stringify({ States: {} }) }, "InvalidDefinition");
    expect(m).toMatch(/StartAt/);
    await expectError("CreateStateMachine", { name: "aws-bad", definition: "{not json" }, "InvalidDefinition");
    await expectError("CreateStateMachine", { name: "has space", definition: pass() }, "InvalidName");
    await expectError("CreateStateMachine", { name: "aws-bad" }, "ValidationException");
    await expectError("DescribeStateMachine", { stateMachineArn: "not-an-arn" }, "InvalidArn");
    await expectError("DescribeStateMachine", {}, "ValidationException");
    await expectError(
      "DescribeStateMachine",
      { stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:x" },
      "StateMachineDoesNotExist",
    );
    await ok("CreateStateMachine", { name: "aws-taken", definition: pass() });
    await expectError("CreateStateMachine", { name: "aws-taken", definition: pass({ other: 1 }) }, "StateMachineAlreadyExists");
    await expectError("ListStateMachines", { nextToken: "garbage!" }, "InvalidToken");
    await expectError("ListStateMachines", { maxResults: 5000 }, "ValidationException");
  });

  it("ValidateStateMachineDefinition answers OK or FAIL with diagnostics", async () => {
    expect(await ok("ValidateStateMachineDefinition", { definition: pass() })).toEqual({ result: "OK", diagnostics: [], truncated: false });
    const bad = await ok("ValidateStateMachineDefinition", { definition: JSON.stringify({ States: { S: { Type: "Pass", End: true } } }) });
    expect(bad.result).toBe("FAIL");
    expect(bad.diagnostics[0]).toEqual({
      code: "SCHEMA_VALIDATION_FAILED",
      location: "/",
      message: "These fields are required: [StartAt]",
      severity: "ERROR",
    });
    const notJson = await ok("ValidateStateMachineDefinition", { definition: " " });
    // As AWS recorded it (conformance validation/...not_a_definition_EMPTY_STRING): no location.
    expect(notJson).toEqual({
      result: "FAIL",
      diagnostics: [{ code: "SCHEMA_VALIDATION_FAILED", message: "Definition must be a valid JSON object", severity: "ERROR" }],
      truncated: false,
    });
    const express = await ok("ValidateStateMachineDefinition", { type: "EXPRESS", definition: pass() });
    expect(express.result).toBe("OK");
    await expectError("ValidateStateMachineDefinition", {}, "ValidationException");
    await expectError("ValidateStateMachineDefinition", { definition: pass(), type: "FAST" }, "ValidationException");
  });
});

describe("executions", () => {
  it("start, describe, history, list with paging, describe its state machine", async () => {
    const sm = (await ok("CreateStateMachine", { name: "aws-ex-1", definition: pass({ hello: "world" }) })).stateMachineArn;
    const started = await ok("StartExecution", { stateMachineArn: sm, name: "first", input: '{"a":1}' });
    expect(started.executionArn).toBe(`${ARN}:execution:aws-ex-1:first`);
    expect(typeof started.startDate).toBe("number");
    await runToEnd(started.executionArn);
    const d = await ok("DescribeExecution", { executionArn: started.executionArn });
    expect(d).toMatchObject({ status: "SUCCEEDED", name: "first", stateMachineArn: sm, input: '{"a":1}', output: '{"hello":"world"}' });
    expect(typeof d.startDate).toBe("number");
    expect(d.stopDate).toBeGreaterThanOrEqual(d.startDate);

    const h = await ok("GetExecutionHistory", { executionArn: started.executionArn });
    expect(h.events.map((e: any) => e.type)).toEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
    expect(typeof h.events[0].timestamp).toBe("number");
    const rev = await ok("GetExecutionHistory", { executionArn: started.executionArn, reverseOrder: true, maxResults: 1 });
    expect(rev.events[0].type).toBe("ExecutionSucceeded");
    const next = await ok("GetExecutionHistory", {
      executionArn: started.executionArn,
      reverseOrder: true,
      maxResults: 1,
      nextToken: rev.nextToken,
    });
    expect(next.events[0].type).toBe("PassStateExited");

    for (const n of ["second", "third"]) await runToEnd((await ok("StartExecution", { stateMachineArn: sm, name: n })).executionArn);
    const l1 = await ok("ListExecutions", { stateMachineArn: sm, maxResults: 2 });
    expect(l1.executions).toHaveLength(2);
    expect(typeof l1.executions[0].startDate).toBe("number");
    const l2 = await ok("ListExecutions", { stateMachineArn: sm, maxResults: 2, nextToken: l1.nextToken });
    expect([...l1.executions, ...l2.executions].map((e: any) => e.name).sort()).toEqual(["first", "second", "third"]);
    expect((await ok("ListExecutions", { stateMachineArn: sm, statusFilter: "RUNNING" })).executions).toEqual([]);

    const forExec = await ok("DescribeStateMachineForExecution", { executionArn: started.executionArn });
    expect(forExec).toMatchObject({ stateMachineArn: sm, name: "aws-ex-1", definition: pass({ hello: "world" }) });
    expect(typeof forExec.updateDate).toBe("number");
  });

  it("stop a running execution", async () => {
    const sm = (await ok("CreateStateMachine", { name: "aws-ex-wait", definition: wait })).stateMachineArn;
    const { executionArn } = await ok("StartExecution", { stateMachineArn: sm });
    const stopped = await ok("StopExecution", { executionArn, error: "Bored", cause: "took too long" });
    expect(typeof stopped.stopDate).toBe("number");
    expect(await ok("DescribeExecution", { executionArn })).toMatchObject({ status: "ABORTED", error: "Bored", cause: "took too long" });
  });

  it("AWS's errors: unknown execution or machine, a taken name, bad input, a bad ARN", async () => {
    const sm = (await ok("CreateStateMachine", { name: "aws-ex-err", definition: pass() })).stateMachineArn;
    const gone = `${ARN}:execution:aws-ex-err:nope`;
    await expectError("DescribeExecution", { executionArn: gone }, "ExecutionDoesNotExist");
    await expectError("GetExecutionHistory", { executionArn: gone }, "ExecutionDoesNotExist");
    await expectError("StopExecution", { executionArn: gone }, "ExecutionDoesNotExist");
    await expectError("DescribeStateMachineForExecution", { executionArn: gone }, "ExecutionDoesNotExist");
    await expectError("DescribeExecution", { executionArn: "arn:aws:states:us-east-1:123456789012:stateMachine:x" }, "InvalidArn");
    await expectError("StartExecution", { stateMachineArn: `${ARN}:stateMachine:nobody` }, "StateMachineDoesNotExist");
    await expectError("StartExecution", { stateMachineArn: sm, input: "{oops" }, "InvalidExecutionInput");
    await expectError("StartExecution", { stateMachineArn: sm, name: "a b" }, "InvalidName");
    await ok("StartExecution", { stateMachineArn: sm, name: "once", input: "{}" });
    await expectError("StartExecution", { stateMachineArn: sm, name: "once", input: '{"different":true}' }, "ExecutionAlreadyExists");
    await expectError("ListExecutions", { stateMachineArn: sm, statusFilter: "SLEEPING" }, "ValidationException");
    await expectError("ListExecutions", { stateMachineArn: `${ARN}:stateMachine:nobody` }, "StateMachineDoesNotExist");
    await expectError(
      "GetExecutionHistory",
      { executionArn: `${ARN}:execution:aws-ex-err:once`, reverseOrder: "yes" },
      "ValidationException",
    );
  });
});

describe("StartSyncExecution", () => {
  it("runs an EXPRESS machine within the call; a failure is a 200 with status FAILED", async () => {
    const sm = (
      await ok("CreateStateMachine", {
        name: "aws-sync",
        type: "EXPRESS",
        definition: JSON.stringify({
          StartAt: "C",
          States: {
            C: { Type: "Choice", Choices: [{ Variable: "$.fail", BooleanEquals: true, Next: "F" }], Default: "P" },
            P: { Type: "Pass", Result: { ok: 1 }, End: true },
            F: { Type: "Fail", Error: "Boom", Cause: "asked to" },
          },
        }),
      })
    ).stateMachineArn;
    const r = await aws(
      "StartSyncExecution",
      { stateMachineArn: sm, name: "s1", input: '{"fail":false}' },
      { host: "sync-states.us-east-1.asl.test" },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "SUCCEEDED", output: '{"ok":1}', name: "s1", stateMachineArn: sm, input: '{"fail":false}' });
    expect(r.body.executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:express:aws-sync:s1:/);
    expect(typeof r.body.startDate).toBe("number");
    expect(r.body.stopDate).toBeGreaterThanOrEqual(r.body.startDate);
    expect(r.body.billingDetails.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);
    const failed = await ok("StartSyncExecution", { stateMachineArn: sm, input: '{"fail":true}' });
    expect(failed).toMatchObject({ status: "FAILED", error: "Boom", cause: "asked to" });
    expect(failed.output).toBeUndefined();
  });

  it("refuses a STANDARD machine, an unknown one and bad input", async () => {
    const std = (await ok("CreateStateMachine", { name: "aws-sync-std", definition: pass() })).stateMachineArn;
    await expectError("StartSyncExecution", { stateMachineArn: std }, "StateMachineTypeNotSupported");
    await expectError("StartSyncExecution", { stateMachineArn: `${ARN}:stateMachine:nobody` }, "StateMachineDoesNotExist");
    await expectError("StartSyncExecution", {}, "ValidationException");
    const sm = (await ok("CreateStateMachine", { name: "aws-sync-in", type: "EXPRESS", definition: pass() })).stateMachineArn;
    await expectError("StartSyncExecution", { stateMachineArn: sm, input: "[oops" }, "InvalidExecutionInput");
    // nesting: 1000 levels run, 1001 are refused (the engine's own check), even after a large field
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(await ok("StartSyncExecution", { stateMachineArn: sm, input: nest(1000) })).toMatchObject({ status: "SUCCEEDED" });
    await expectError("StartSyncExecution", { stateMachineArn: sm, input: nest(1001) }, "InvalidExecutionInput");
    const padded = `{"pad":"${"x".repeat(50000)}","deep":${nest(1001)}}`;
    await expectError("StartSyncExecution", { stateMachineArn: sm, input: padded }, "InvalidExecutionInput");
    await expectError("StartExecution", { stateMachineArn: sm, input: padded }, "InvalidExecutionInput");
  });
});

describe("TestState", () => {
  it("tests one state with a mock, as the SDK sends it (JSON texts, a sync- host)", async () => {
    const definition = JSON.stringify({
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Recover" }],
      End: true,
    });
    const r = await aws(
      "TestState",
      { definition, input: '{"order":7}', mock: { errorOutput: { error: "Busy", cause: "try later" } }, inspectionLevel: "DEBUG" },
      { host: "sync-states.us-east-1.asl.test" },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "CAUGHT_ERROR", error: "Busy", cause: "try later", nextState: "Recover" });
    expect(JSON.parse(r.body.output)).toEqual({ order: 7, error: { Error: "Busy", Cause: "try later" } });
    const pass = await ok("TestState", {
      definition: JSON.stringify({ Type: "Pass", Parameters: { "x.$": "$.a" }, Next: "N" }),
      input: '{"a":1}',
    });
    expect(pass).toMatchObject({ status: "SUCCEEDED", output: '{"x":1}', nextState: "N" });
  });

  it("refuses a bad definition, bad input and a missing definition", async () => {
    await expectError("TestState", { definition: JSON.stringify({ Type: "Nope" }) }, "InvalidDefinition");
    await expectError("TestState", { definition: JSON.stringify({ Type: "Pass", End: true }), input: "{bad" }, "InvalidExecutionInput");
    await expectError("TestState", {}, "ValidationException");
  });
});

describe("activities and task tokens", () => {
  it("CreateActivity, GetActivityTask, SendTaskSuccess / Failure / Heartbeat, List, Delete", async () => {
    const act = await ok("CreateActivity", { name: "aws-act" });
    expect(act.activityArn).toBe(`${ARN}:activity:aws-act`);
    expect(typeof act.creationDate).toBe("number");
    expect(await ok("DescribeActivity", { activityArn: act.activityArn })).toMatchObject({ name: "aws-act", activityArn: act.activityArn });
    expect((await ok("ListActivities", {})).activities.map((a: any) => a.name)).toContain("aws-act");

    const definition = JSON.stringify({
      StartAt: "Work",
      States: { Work: { Type: "Task", Resource: act.activityArn, HeartbeatSeconds: 600, End: true } },
    });
    const sm = (await ok("CreateStateMachine", { name: "aws-act-sm", definition })).stateMachineArn;
    const one = (await ok("StartExecution", { stateMachineArn: sm, input: '{"n":1}' })).executionArn;
    const task = await ok("GetActivityTask", { activityArn: act.activityArn, workerName: "w1" });
    expect(task.input).toBe('{"n":1}');
    expect(await ok("SendTaskHeartbeat", { taskToken: task.taskToken })).toEqual({});
    expect(await ok("SendTaskSuccess", { taskToken: task.taskToken, output: '{"done":1}' })).toEqual({});
    const d1 = (await runToEnd(one)).execution;
    expect([d1.status, d1.output]).toEqual(["SUCCEEDED", '{"done":1}']);
    await expectError("SendTaskSuccess", { taskToken: task.taskToken, output: "{}" }, "TaskDoesNotExist");

    const two = (await ok("StartExecution", { stateMachineArn: sm, input: '{"n":2}' })).executionArn;
    const t2 = await ok("GetActivityTask", { activityArn: act.activityArn });
    await ok("SendTaskFailure", { taskToken: t2.taskToken, error: "Nope", cause: "cannot" });
    expect((await runToEnd(two)).execution).toMatchObject({ status: "FAILED", error: "Nope", cause: "cannot" });

    await expectError("SendTaskSuccess", { taskToken: "forged", output: "{}" }, "InvalidToken");
    await expectError("SendTaskSuccess", { taskToken: t2.taskToken, output: "{bad" }, "InvalidOutput");
    await expectError("SendTaskHeartbeat", {}, "ValidationException");
    await expectError("DescribeActivity", { activityArn: `${ARN}:activity:nobody` }, "ActivityDoesNotExist");
    await expectError("GetActivityTask", { activityArn: `${ARN}:activity:nobody` }, "ActivityDoesNotExist");
    await expectError("CreateActivity", { name: "bad name!" }, "InvalidName");
    expect(await ok("DeleteActivity", { activityArn: act.activityArn })).toEqual({});
    await expectError("DescribeActivity", { activityArn: act.activityArn }, "ActivityDoesNotExist");
  });
});

describe("protocol", () => {
  it("refuses a body that is not a JSON object: SerializationException", async () => {
    const r = await aws("ListStateMachines", [1, 2]);
    expect([r.status, r.body.__type]).toEqual([400, "SerializationException"]);
    const garbled = await aws("ListStateMachines", undefined, { raw: "{nope" });
    expect([garbled.status, garbled.body.__type]).toEqual([400, "SerializationException"]);
    // An empty body is an empty request, as the SDKs send for operations without members.
    expect((await aws("ListStateMachines", undefined, { raw: "" })).status).toBe(200);
  });

  // AWS's quota: 1 MB per Step Functions API request. A definition over its own 1 MiB limit cannot fit.
  it("refuses a body over 1 MiB, an oversized definition with it: 413 RequestEntityTooLargeException", async () => {
    const r = await aws("CreateStateMachine", { name: "huge", definition: "x".repeat(1024 * 1024) });
    expect([r.status, r.body.__type]).toEqual([413, "RequestEntityTooLargeException"]);
    const big = JSON.stringify({ StartAt: "P", Comment: "x".repeat(1024 * 1024), States: { P: { Type: "Pass", End: true } } });
    const def = await aws("CreateStateMachine", { name: "big-def", definition: big });
    expect([def.status, def.body.__type]).toEqual([413, "RequestEntityTooLargeException"]);
    expect(def.body.message).toMatch(/larger than the 1048576 bytes/);
  });
});
