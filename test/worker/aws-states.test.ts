// states:startExecution of a state machine in AWS (worker/dispatch/aws-remote/states.ts): which machines are
// elsewhere, and DescribeExecution's answer in the shape this runtime's own children give a .sync parent.
// The calls themselves, signed and verified, are in test/e2e/real-aws.test.ts.
import { describe, expect, it } from "vitest";
import { inAnotherPlace, syncShape } from "../../worker/dispatch/aws-remote/states.ts";

describe("inAnotherPlace", () => {
  it("another account or region than AWS_ACCOUNT_ID/AWS_REGION (defaults 123456789012, us-east-1) is elsewhere", () => {
    expect(inAnotherPlace({}, "arn:aws:states:us-east-1:123456789012:stateMachine:m")).toBe(false);
    expect(inAnotherPlace({}, "arn:aws:states:us-east-1:111122223333:stateMachine:m")).toBe(true);
    expect(inAnotherPlace({}, "arn:aws:states:eu-west-1:123456789012:stateMachine:m")).toBe(true);
    const env = { AWS_REGION: "eu-west-1", AWS_ACCOUNT_ID: "111122223333" };
    expect(inAnotherPlace(env, "arn:aws:states:eu-west-1:111122223333:stateMachine:m")).toBe(false);
    expect(inAnotherPlace({}, "not-an-arn")).toBe(false);
  });
});

describe("syncShape", () => {
  const base = {
    ExecutionArn: "arn:aws:states:eu-west-1:1:execution:m:e",
    StateMachineArn: "arn:aws:states:eu-west-1:1:stateMachine:m",
    Name: "e",
    Input: '{"a":1}',
    StartDate: 1733450000.5,
  };
  it("SUCCEEDED: Input and Output as text for .sync, as JSON for .sync:2; dates in milliseconds", () => {
    const d = { ...base, Status: "SUCCEEDED", StopDate: 1733450001, Output: "[1]" };
    expect(syncShape(d, false)).toEqual({
      ExecutionArn: base.ExecutionArn,
      Input: '{"a":1}',
      InputDetails: { Included: true },
      Name: "e",
      Output: "[1]",
      OutputDetails: { Included: true },
      StartDate: 1733450000500,
      StateMachineArn: base.StateMachineArn,
      Status: "SUCCEEDED",
      StopDate: 1733450001000,
    });
    expect(syncShape(d, true)).toMatchObject({ Input: { a: 1 }, Output: [1] });
  });
  it("FAILED: Cause and Error first, no Output", () => {
    const s = syncShape({ ...base, Status: "FAILED", Error: "E", Cause: "c", StopDate: 1733450002 }, false);
    expect(Object.keys(s)).toEqual([
      "Cause",
      "Error",
      "ExecutionArn",
      "Input",
      "InputDetails",
      "Name",
      "StartDate",
      "StateMachineArn",
      "Status",
      "StopDate",
    ]);
  });
});
