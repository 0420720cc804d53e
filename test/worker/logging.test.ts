// loggingConfiguration, tracingConfiguration and encryptionConfiguration (issue 12, item 6): AWS's
// validation and errors, what DescribeStateMachine answers, and the log lines an execution writes with
// console.log at each level, Standard (in its Durable Object, same isolate) and Express (in the request).
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { createMachine, get, post, put } from "./api-client.ts";
import { aws } from "./aws-client.ts";
import { ARN, NAP, withLimit } from "./express-helpers.ts";

const GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*";
const logging = (level: string, includeExecutionData = false) => ({
  level,
  includeExecutionData,
  destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: GROUP } }],
});
// Pass, then Fail: ExecutionStarted, PassStateEntered, PassStateExited, FailStateEntered, ExecutionFailed.
const FAILING = {
  StartAt: "Note",
  States: { Note: { Type: "Pass", Result: { noted: true }, Next: "No" }, No: { Type: "Fail", Error: "Order.Invalid", Cause: "no items" } },
};

let spy: MockInstance;
beforeEach(() => {
  spy = vi.spyOn(console, "log");
});
afterEach(() => spy.mockRestore());

/** The execution log lines written so far for `arn` (other console.log lines are not JSON log events). */
function linesOf(arn: string): any[] {
  const out: any[] = [];
  for (const [first] of spy.mock.calls) {
    if (typeof first !== "string" || !first.startsWith("{")) continue;
    const line = JSON.parse(first);
    if (line.execution_arn === arn) out.push(line);
  }
  return out;
}
const types = (lines: any[]) => lines.map((l) => l.type);

describe("validation (REST and the AWS protocol, AWS's errors)", () => {
  const cases: [string, object, string, RegExp][] = [
    [
      "a level outside the enum",
      { loggingConfiguration: { level: "DEBUG" } },
      "ValidationException",
      /loggingConfiguration\.level.*\[ALL, ERROR, FATAL, OFF\]/,
    ],
    [
      "a level but no destination",
      { loggingConfiguration: { level: "ALL" } },
      "InvalidLoggingConfiguration",
      /exactly one Log Destination/,
    ],
    [
      "two destinations",
      { loggingConfiguration: { ...logging("ERROR"), destinations: [...logging("ERROR").destinations, ...logging("ERROR").destinations] } },
      "InvalidLoggingConfiguration",
      /exactly one Log Destination/,
    ],
    [
      "a log group ARN without :*",
      { loggingConfiguration: { level: "ALL", destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: GROUP.slice(0, -2) } }] } },
      "InvalidLoggingConfiguration",
      /ending in ':\*'/,
    ],
    [
      "includeExecutionData not a boolean",
      { loggingConfiguration: { ...logging("ALL"), includeExecutionData: "yes" } },
      "ValidationException",
      /includeExecutionData/,
    ],
    ["tracing enabled not a boolean", { tracingConfiguration: { enabled: "yes" } }, "ValidationException", /tracingConfiguration\.enabled/],
    [
      "an encryption type outside the enum",
      { encryptionConfiguration: { type: "MINE" } },
      "ValidationException",
      /encryptionConfiguration\.type/,
    ],
    ["no encryption type", { encryptionConfiguration: {} }, "ValidationException", /Member must not be null/],
    [
      "a data key reuse period under 60",
      { encryptionConfiguration: { type: "AWS_OWNED_KEY", kmsDataKeyReusePeriodSeconds: 30 } },
      "ValidationException",
      /between 60 and 900/,
    ],
    [
      "a customer managed key without its id",
      { encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY" } },
      "InvalidEncryptionConfiguration",
      /kmsKeyId is required/,
    ],
    [
      "a customer managed key (no KMS here)",
      { encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: "alias/orders" } },
      "InvalidEncryptionConfiguration",
      /not supported by this runtime/,
    ],
  ];
  for (const [what, extra, error, message] of cases) {
    it(`refuses ${what}: ${error}`, async () => {
      const r = await post("/state-machines", { name: "refused", definition: FAILING, ...extra });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error });
      expect(r.body.message).toMatch(message);
      const a = await aws("CreateStateMachine", {
        name: "refused",
        definition: JSON.stringify(FAILING),
        roleArn: "arn:aws:iam::123456789012:role/sfn",
        ...extra,
      });
      expect(a.status).toBe(400);
      expect(a.body.__type).toBe(error);
      // Nothing was created.
      expect((await get("/state-machines/refused")).status).toBe(404);
    });
  }

  it("UpdateStateMachine checks them too, and accepts a configuration alone", async () => {
    await createMachine("upd-check", FAILING);
    const r = await put("/state-machines/upd-check", { loggingConfiguration: { level: "ERROR" } });
    expect(r.body).toMatchObject({ error: "InvalidLoggingConfiguration" });
    const ok = await put("/state-machines/upd-check", { tracingConfiguration: { enabled: true } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ tracingConfiguration: { enabled: true }, revision: 1 });
  });
});

describe("stored and returned", () => {
  it("answers AWS's defaults when none were given", async () => {
    const made = await createMachine("defaults", FAILING);
    expect(made).toMatchObject({
      loggingConfiguration: { level: "OFF", includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      encryptionConfiguration: { type: "AWS_OWNED_KEY" },
    });
    const d = await aws("DescribeStateMachine", { stateMachineArn: `${ARN}:stateMachine:defaults` });
    expect(d.body.loggingConfiguration).toEqual({ level: "OFF", includeExecutionData: false });
    expect(d.body.encryptionConfiguration).toEqual({ type: "AWS_OWNED_KEY" });
  });

  it("keeps what CreateStateMachine and UpdateStateMachine give (AWS protocol); the revision stays", async () => {
    const arn = `${ARN}:stateMachine:configured`;
    const c = await aws("CreateStateMachine", {
      name: "configured",
      definition: JSON.stringify(FAILING),
      roleArn: "arn:aws:iam::123456789012:role/sfn",
      loggingConfiguration: logging("ERROR", true),
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: { type: "AWS_OWNED_KEY", kmsDataKeyReusePeriodSeconds: 300 },
    });
    expect(c.status).toBe(200);
    const d = await aws("DescribeStateMachine", { stateMachineArn: arn });
    expect(d.body).toMatchObject({
      loggingConfiguration: logging("ERROR", true),
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: { type: "AWS_OWNED_KEY" },
    });
    // The same request again is the same machine; another logging configuration is another machine.
    const again = await aws("CreateStateMachine", {
      name: "configured",
      definition: JSON.stringify(FAILING),
      roleArn: "arn:aws:iam::123456789012:role/sfn",
      loggingConfiguration: logging("ERROR", true),
      tracingConfiguration: { enabled: true },
    });
    expect(again.body.stateMachineArn).toBe(arn);
    const other = await aws("CreateStateMachine", {
      name: "configured",
      definition: JSON.stringify(FAILING),
      roleArn: "arn:aws:iam::123456789012:role/sfn",
      loggingConfiguration: logging("ALL"),
      tracingConfiguration: { enabled: true },
    });
    expect(other.body.__type).toBe("StateMachineAlreadyExists");

    const u = await aws("UpdateStateMachine", { stateMachineArn: arn, loggingConfiguration: { level: "OFF" } });
    expect(u.status).toBe(200);
    expect(u.body.revisionId).toBe("1");
    const after = await get("/state-machines/configured");
    expect(after.body.loggingConfiguration).toEqual({ level: "OFF", includeExecutionData: false });
    expect(after.body.tracingConfiguration).toEqual({ enabled: true });
  });
});

describe("Standard executions' log lines", () => {
  const expected: Record<string, string[]> = {
    ALL: ["ExecutionStarted", "PassStateEntered", "PassStateExited", "FailStateEntered", "ExecutionFailed"],
    ERROR: ["FailStateEntered", "ExecutionFailed"],
    FATAL: ["ExecutionFailed"],
    OFF: [],
  };
  for (const [level, want] of Object.entries(expected)) {
    it(`level ${level}: ${want.join(", ") || "nothing"}`, async () => {
      const name = `std-${level.toLowerCase()}`;
      await createMachine(name, FAILING, { loggingConfiguration: level === "OFF" ? { level } : logging(level) });
      const r = await post(`/state-machines/${name}/executions`, { name: "one", input: { order: 7 } });
      expect(r.status).toBe(201);
      const lines = linesOf(r.body.executionArn);
      expect(types(lines)).toEqual(want);
      if (level === "ALL") {
        // AWS's CloudWatch Logs shape: ids and time as text; no input or output without includeExecutionData.
        expect(lines[0]).toEqual({
          id: "1",
          type: "ExecutionStarted",
          details: { inputDetails: { truncated: false }, roleArn: expect.any(String) },
          previous_event_id: "0",
          event_timestamp: expect.stringMatching(/^\d{13}$/),
          execution_arn: r.body.executionArn,
          redrive_count: "0",
        });
        expect(lines[4].details).toEqual({ error: "Order.Invalid", cause: "no items" });
      }
    });
  }

  it("includeExecutionData adds the input and output as JSON text", async () => {
    await createMachine("std-data", FAILING, { loggingConfiguration: logging("ALL", true) });
    const r = await post("/state-machines/std-data/executions", { input: { order: 7 } });
    const [started, , exited] = linesOf(r.body.executionArn);
    expect(started.details).toMatchObject({ input: '{"order":7}', inputDetails: { truncated: false } });
    expect(exited.details).toMatchObject({ name: "Note", output: '{"noted":true}' });
  });

  it("an execution logs with the configuration it started with, after an update", async () => {
    const wait = { StartAt: "Nap", States: { Nap: { Type: "Wait", Seconds: 3600, End: true } } };
    await createMachine("std-kept", wait, { loggingConfiguration: logging("FATAL") });
    const r = await post("/state-machines/std-kept/executions", { name: "kept" });
    expect(linesOf(r.body.executionArn)).toEqual([]);
    await put("/state-machines/std-kept", { loggingConfiguration: { level: "OFF" } });
    await post(`/executions/${r.body.executionArn}/stop`, { error: "Stopped", cause: "by the test" });
    const lines = linesOf(r.body.executionArn);
    expect(types(lines)).toEqual(["ExecutionAborted"]);
    expect(lines[0].details).toEqual({ error: "Stopped", cause: "by the test" });
  });
});

describe("Express executions' log lines (their only history, as on AWS)", () => {
  const expected: Record<string, string[]> = {
    ALL: ["ExecutionStarted", "PassStateEntered", "PassStateExited", "FailStateEntered", "ExecutionFailed"],
    ERROR: ["FailStateEntered", "ExecutionFailed"],
    FATAL: ["ExecutionFailed"],
    OFF: [],
  };
  for (const [level, want] of Object.entries(expected)) {
    it(`level ${level}: ${want.join(", ") || "nothing"}`, async () => {
      const name = `exp-${level.toLowerCase()}`;
      await createMachine(name, FAILING, { type: "EXPRESS", loggingConfiguration: level === "OFF" ? { level } : logging(level, true) });
      const r = await post(`/state-machines/${name}/sync-executions`, { input: { order: 7 } });
      expect(r.body.status).toBe("FAILED");
      const lines = linesOf(r.body.executionArn);
      expect(types(lines)).toEqual(want);
      for (const line of lines) expect(line.redrive_count).toBeUndefined();
      if (level === "ALL") {
        expect(lines[0]).toMatchObject({ id: "1", previous_event_id: "0", details: { input: '{"order":7}' } });
        expect(lines.map((l) => l.id)).toEqual(["1", "2", "3", "4", "5"]);
      }
    });
  }

  it("an Express run past its limit logs ExecutionTimedOut", async () => {
    await createMachine("exp-late", NAP(30), { type: "EXPRESS", loggingConfiguration: logging("ERROR") });
    const r = await withLimit(1, "POST", "/state-machines/exp-late/sync-executions", {});
    expect(r.body.status).toBe("TIMED_OUT");
    const lines = linesOf(r.body.executionArn);
    expect(types(lines)).toEqual(["ExecutionTimedOut"]);
    expect(lines[0].details).toMatchObject({ error: "States.Timeout" });
  });
});
