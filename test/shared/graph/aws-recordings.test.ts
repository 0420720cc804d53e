// runsOf on histories recorded against real AWS: the event sequences of LocalStack's AWS-validated
// snapshots (tests/aws/services/stepfunctions/v2/error_handling/test_task_lambda.snapshot.json,
// test_raise_exception and test_raise_exception_catch), transcribed with the details the graph reads.
import { describe, expect, it } from "vitest";
import { graphOf, runsOf, spansOf, type HistoryEventLike } from "../../../shared/graph/index.ts";

const FN = "arn:aws:lambda:us-east-1:111111111111:function:lambda_func_5f000001";
/** The corpus case task_lambda.test_raise_exception_catch's definition (its Comment left out). */
const CATCHING = {
  StartAt: "Start",
  States: {
    Start: {
      Type: "Task",
      Resource: FN,
      Parameters: { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" },
      Catch: [
        { ErrorEquals: ["Lambda.Unknown"], Next: "EndWithLambdaUnknownHandler" },
        { ErrorEquals: ["States.TaskFailed"], Next: "EndWithStateTaskFailedHandler" },
        { ErrorEquals: ["States.ALL"], Next: "EndWithAllHandler" },
      ],
      Next: "EndWithFinal",
    },
    EndWithLambdaUnknownHandler: { Type: "Pass", ResultPath: "$.lambda_unknown", End: true },
    EndWithStateTaskFailedHandler: { Type: "Pass", ResultPath: "$.task_failed_error", End: true },
    EndWithAllHandler: { Type: "Pass", ResultPath: "$.all_error", End: true },
    EndWithFinal: { Type: "Pass", ResultPath: "$.final", End: true },
  },
};

const CAUSE = '{"errorMessage": "Some exception was raised.", "errorType": "Exception"}';
let clock = Date.parse("2023-06-22T13:27:25Z");
const ev = (id: number, previousEventId: number, type: string, details?: [string, object]): HistoryEventLike => ({
  id,
  previousEventId,
  timestamp: new Date((clock += 100)).toISOString(),
  type,
  ...(details ? { [details[0]]: details[1] } : {}),
});
const start = [
  ev(1, 0, "ExecutionStarted", ["executionStartedEventDetails", { input: "{}", roleArn: "snf_role_arn" }]),
  ev(2, 0, "TaskStateEntered", ["stateEnteredEventDetails", { name: "Start", input: '{"Payload":null}' }]),
  ev(3, 2, "LambdaFunctionScheduled", ["lambdaFunctionScheduledEventDetails", { resource: FN, input: "{}" }]),
  ev(4, 3, "LambdaFunctionStarted"),
  ev(5, 4, "LambdaFunctionFailed", ["lambdaFunctionFailedEventDetails", { error: "Exception", cause: CAUSE }]),
];

describe("runsOf on AWS recordings", () => {
  it("test_raise_exception: the Lambda's failure fails the execution at Start", () => {
    const history = [...start, ev(6, 5, "ExecutionFailed", ["executionFailedEventDetails", { error: "Exception", cause: CAUSE }])];
    const runs = runsOf(graphOf(CATCHING), history);
    expect(runs.get("/States/Start")).toMatchObject({
      status: "failed",
      error: "Exception",
      cause: CAUSE,
      attempts: 1,
      events: [2, 3, 4, 5],
    });
    expect([...runs.values()].filter((r) => r.status !== "not-run").map((r) => r.state)).toEqual(["Start"]);
    expect(spansOf(history)).toEqual([
      {
        state: "Start",
        enteredEventId: 2,
        start: Date.parse(String(start[1].timestamp)),
        end: Date.parse(String(start[4].timestamp)),
        status: "failed",
      },
    ]);
  });

  it("test_raise_exception_catch: Start caught, the States.TaskFailed handler ran", () => {
    const history = [
      ...start,
      ev(6, 5, "TaskStateExited", ["stateExitedEventDetails", { name: "Start", output: '{"Error":"Exception"}' }]),
      ev(7, 6, "PassStateEntered", ["stateEnteredEventDetails", { name: "EndWithStateTaskFailedHandler", input: '{"Error":"Exception"}' }]),
      ev(8, 7, "PassStateExited", ["stateExitedEventDetails", { name: "EndWithStateTaskFailedHandler", output: "{}" }]),
      ev(9, 8, "ExecutionSucceeded", ["executionSucceededEventDetails", { output: "{}" }]),
    ];
    const runs = runsOf(graphOf(CATCHING), history);
    expect(Object.fromEntries([...runs.values()].map((r) => [r.state, r.status]))).toEqual({
      Start: "caught",
      EndWithLambdaUnknownHandler: "not-run",
      EndWithStateTaskFailedHandler: "succeeded",
      EndWithAllHandler: "not-run",
      EndWithFinal: "not-run",
    });
    expect(runs.get("/States/Start")).toMatchObject({
      error: "Exception",
      output: '{"Error":"Exception"}',
      exitedAt: history[5].timestamp,
    });
  });
});
