// The one Resource parser: what validation, history, the compiler and the worker's dispatch table read.
import { describe, expect, it } from "vitest";
import { parseResource, resourceInfo } from "../../shared/asl/resource.ts";
import { resourceProblem } from "../../shared/asl/validate/resources.ts";

describe("parseResource", () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      "arn:aws:lambda:us-east-1:123456789012:function:charge:prod",
      { kind: "lambda", key: "lambda", function: "charge:prod", region: "us-east-1", account: "123456789012", pattern: "request-response" },
    ],
    [
      "arn:aws:states:eu-west-1:123456789012:activity:review",
      { kind: "activity", key: "activity", activity: "review", region: "eu-west-1", pattern: "request-response" },
    ],
    [
      "arn:aws:states:::lambda:invoke.waitForTaskToken",
      {
        kind: "aws",
        key: "aws:lambda:invoke",
        service: "lambda",
        action: "invoke",
        sdk: false,
        pattern: "waitForTaskToken",
        base: "arn:aws:states:::lambda:invoke",
      },
    ],
    ["arn:aws:states:::states:startExecution.sync:2", { kind: "aws", key: "aws:states:startExecution", pattern: "sync2" }],
    ["arn:aws:states:::states:startExecution.sync", { kind: "aws", key: "aws:states:startExecution", pattern: "sync" }],
    ["arn:aws:states:::aws-sdk:s3:getObject", { kind: "aws", key: "aws-sdk:s3:getObject", service: "s3", action: "getObject", sdk: true }],
    [
      "worker:TASKS/validateOrder",
      { kind: "worker", key: "worker", binding: "TASKS", method: "validateOrder", pattern: "request-response" },
    ],
    [
      "worker:TASKS.waitForTaskToken",
      { kind: "worker", binding: "TASKS", method: undefined, pattern: "waitForTaskToken", base: "worker:TASKS" },
    ],
    ["https://example.com/pay?x=1", { kind: "url", key: "url", url: "https://example.com/pay?x=1" }],
    ["kv:STORE:get", { kind: "binding", key: "kv:get", type: "kv", binding: "STORE", operation: "get" }],
    ["queue:OUTBOX:send.waitForTaskToken", { kind: "binding", key: "queue:send", binding: "OUTBOX", pattern: "waitForTaskToken" }],
    ["d1:DATA:query", { kind: "binding", key: "d1:query", type: "d1" }],
    ["arn:aws:sns:us-east-1:123456789012:topic", { kind: "unknown", key: "" }],
    ["arn:aws:states:::a:b:c", { kind: "unknown", key: "" }],
    ["ftp:thing", { kind: "unknown", key: "" }],
    // A binding type the dispatch table does not serve still parses; the table refuses it.
    ["ai:MODEL:run", { kind: "binding", key: "ai:run", type: "ai", binding: "MODEL", operation: "run" }],
    ["plain-name", { kind: "unknown", key: "", pattern: "request-response" }],
  ];
  for (const [text, want] of cases) it(text, () => expect(parseResource(text)).toMatchObject({ text, ...want }));

  it("gives the same object for the same text (parsed once)", () => {
    expect(parseResource("kv:STORE:put")).toBe(parseResource("kv:STORE:put"));
  });
});

describe("resourceInfo (history fields)", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["arn:aws:lambda:us-east-1:123456789012:function:f", { family: "LambdaFunction", resourceType: "lambda", region: "us-east-1" }],
    ["arn:aws:states:us-east-1:123456789012:activity:a", { family: "Activity", resourceType: "activity" }],
    [
      "arn:aws:states:::lambda:invoke.waitForTaskToken",
      { family: "Task", resourceType: "lambda", resource: "invoke.waitForTaskToken", region: "us-east-1" },
    ],
    ["arn:aws:states:::aws-sdk:s3:getObject", { family: "Task", resourceType: "aws-sdk", resource: "s3:getObject" }],
    ["worker:TASKS/run", { family: "Task", resourceType: "worker", resource: "TASKS/run", region: "local" }],
    ["plain", { family: "Task", resourceType: "worker", resource: "plain", region: "local" }],
  ];
  for (const [text, want] of cases) it(text, () => expect(resourceInfo(text)).toMatchObject(want));
});

describe("resourceProblem (what AWS accepts)", () => {
  const ok = [
    "arn:aws:lambda:us-east-1:123456789012:function:f",
    "arn:aws:states:us-east-1:123456789012:activity:a",
    "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "arn:aws:states:::states:startExecution.sync:2",
    "arn:aws:states:::aws-sdk:dynamodb:scan",
    // Region- and account-qualified integration ARNs, as some templates and exported machines write them
    "arn:aws:states:us-east-1:123456789012:sqs:sendMessage",
    "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
    "arn:aws:states:eu-west-1::lambda:invoke.waitForTaskToken",
    "worker:ANYTHING",
  ];
  for (const text of ok) it(`accepts ${text}`, () => expect(resourceProblem(text, "STANDARD")).toBeUndefined());
  const bad = [
    "arn:aws:lambda:us-east-1:12345:function:f",
    "arn:aws:states:::activity:a",
    "arn:aws:states:::dynamodb:getItem.sync",
    "arn:aws:states:::aws-sdk:s3:getObject.sync",
    "arn:aws:states:us-east-1:12345:sqs:sendMessage",
    "arn:aws:states:not-a-region:123456789012:sqs:sendMessage",
    "arn:aws:states:::nosuch:thing",
    "arn:bad partition:states:::sqs:sendMessage",
    "arn:aws:sns:us-east-1:123456789012:topic",
    "arn:short",
  ];
  for (const text of bad) it(`refuses ${text}`, () => expect(resourceProblem(text, "STANDARD")).toMatch(/is not recognized/));
  it("refuses activities and callbacks in EXPRESS", () => {
    expect(resourceProblem("arn:aws:states:us-east-1:123456789012:activity:a", "EXPRESS")).toBe(
      "Express state machine does not support Activity ARN",
    );
    expect(resourceProblem("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "EXPRESS")).toMatch(/'.waitForTaskToken'/);
    expect(resourceProblem("arn:aws:states:::states:startExecution.sync", "EXPRESS")).toMatch(/'.sync'/);
  });
});
