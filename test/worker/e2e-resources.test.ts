// End to end through the REST API: the resource names a Task may use (README "API"), resolved when
// the state machine is created and dispatched for real to the example task worker (TASKS).
import { beforeEach, describe, expect, it } from "vitest";
import { post } from "./api-client.ts";
import { events, output, resetClock, runToEnd, start } from "./e2e-helpers.ts";

beforeEach(resetClock);

const jsonata = (name: string, task: object) =>
  post("/state-machines", {
    name,
    definition: { QueryLanguage: "JSONata", StartAt: "T", States: { T: { Type: "Task", ...task, End: true } } },
  });

const one = (name: string, task: object) =>
  post("/state-machines", {
    name,
    definition: {
      StartAt: "T",
      States: {
        T: { Type: "Task", ...task, Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.caught", Next: "Caught" }], End: true },
        Caught: { Type: "Pass", End: true },
      },
    },
  });

const LINE = { sku: "A", qty: 2, price: 1.5 };

describe("task resources end to end", () => {
  it("worker:<BINDING>/<method> calls the method over RPC with the input; the history names the worker", async () => {
    expect((await one("rpc", { Resource: "worker:TASKS/processItem" })).status).toBe(201);
    const arn = await start("rpc", LINE);
    expect(output((await runToEnd(arn)).execution)).toEqual({ sku: "A", qty: 2, subtotal: 3 });
    const sched = (await events(arn)).find((e) => e.type === "TaskScheduled").taskScheduledEventDetails;
    expect(sched).toMatchObject({ resourceType: "worker", resource: "TASKS/processItem" });
  });

  it("worker:<BINDING> calls `run`; a worker without it is asked over fetch, and its error body names the failure", async () => {
    expect((await one("default", { Resource: "worker:TASKS" })).status).toBe(201);
    const arn = await start("default", LINE);
    const { execution } = await runToEnd(arn);
    // ExampleTasks has no `run`: POST https://TASKS/ answers 404 {errorType: "UnknownTask", ...}.
    expect(output(execution).caught).toEqual({ Error: "UnknownTask", Cause: "No task POST /" });
  });

  it("a Lambda ARN and lambda:invoke resolve through LAMBDA_FUNCTIONS, in every FunctionName form", async () => {
    const arnTask = { Resource: "arn:aws:lambda:us-east-1:123456789012:function:process-item" };
    expect((await one("lambda-arn", arnTask)).status).toBe(201);
    const a = await start("lambda-arn", LINE);
    expect(output((await runToEnd(a)).execution)).toEqual({ sku: "A", qty: 2, subtotal: 3 });
    for (const [name, fn] of [
      ["by-name", "process-item"],
      ["by-arn", "arn:aws:lambda:us-east-1:123456789012:function:process-item:$LATEST"],
    ]) {
      const task = { Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: fn, "Payload.$": "$" } };
      expect((await one(name, task)).status).toBe(201);
      const out = output((await runToEnd(await start(name, LINE))).execution);
      expect(out).toMatchObject({ StatusCode: 200, Payload: { sku: "A", qty: 2, subtotal: 3 } });
    }
    // A function LAMBDA_FUNCTIONS does not name, known only at run time, fails the task.
    const ghost = { Resource: "arn:aws:states:::lambda:invoke", Parameters: { "FunctionName.$": "$.fn" } };
    expect((await one("ghost", ghost)).status).toBe(201);
    const caught = output((await runToEnd(await start("ghost", { fn: "ghost" }))).execution).caught;
    expect(caught.Error).toBe("Lambda.ResourceNotFoundException");
  });

  it("refuses at creation a resource nothing resolves, with its location", async () => {
    const cases: [string, string][] = [
      ["worker:NOPE", "No service binding 'NOPE'"],
      ["worker:TASKS/fetch", "cannot be called as a task"],
      ["arn:aws:lambda:us-east-1:123456789012:function:ghost", "Function not found: ghost"],
      ["ftp://example.com/task", "No dispatcher for resource"],
    ];
    for (const [resource, why] of cases) {
      const r = await one("refused", { Resource: resource });
      expect(r.status, resource).toBe(400);
      expect(r.body.error).toBe("InvalidDefinition");
      expect(r.body.diagnostics).toEqual([
        expect.objectContaining({ location: "/States/T/Resource", message: expect.stringContaining(why) }),
      ]);
      expect(r.body.diagnostics[0].message).toMatch(/^State 'T': /);
    }
  });

  it("refuses at creation a function, table, queue or topic written out in Parameters or Arguments that nothing maps", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        "arn:aws:states:::lambda:invoke",
        { Parameters: { FunctionName: "ghost" } },
        "function 'ghost' (FunctionName) is mapped nowhere: add it to LAMBDA_FUNCTIONS",
      ],
      [
        "arn:aws:states:::dynamodb:putItem",
        { Parameters: { TableName: "Nope", Item: {} } },
        "table 'Nope' (TableName) is mapped nowhere: add it to DYNAMODB_TABLES",
      ],
      ["arn:aws:states:::aws-sdk:dynamodb:getItem", { Parameters: { TableName: "Nope", Key: {} } }, "add it to DYNAMODB_TABLES"],
      [
        "arn:aws:states:::sqs:sendMessage",
        { Parameters: { QueueUrl: "https://sqs.us-east-1.amazonaws.com/1/nope", MessageBody: "x" } },
        "queue 'https://sqs.us-east-1.amazonaws.com/1/nope' (QueueUrl) is mapped nowhere: add it to SQS_QUEUES",
      ],
      ["arn:aws:states:::sns:publish", { Parameters: { TopicArn: "arn:aws:sns:us-east-1:1:nope", Message: "x" } }, "e.g. nope = ["],
      ["arn:aws:states:::sns:publish", { Arguments: { TopicArn: "nope", Message: "{% $states.input %}" } }, "topic 'nope' (TopicArn)"],
    ];
    for (const [resource, rest, why] of cases) {
      const r = await ("Arguments" in rest ? jsonata : one)("unmapped", { Resource: resource, ...rest });
      expect(r.status, why).toBe(400);
      expect(r.body.diagnostics).toEqual([
        expect.objectContaining({ location: "/States/T/Resource", message: expect.stringContaining(why) }),
      ]);
      expect(r.body.diagnostics[0].message).toMatch(/^State 'T': '.+': .*; or configure AWS credentials \(AWS_ACCESS_KEY_ID/);
    }
    // A bucket: R2 only (S3 is not called on AWS), so credentials would not do.
    const bucket = await one("unmapped-bucket", {
      Resource: "arn:aws:states:::aws-sdk:s3:getObject",
      Parameters: { Bucket: "nope", Key: "k" },
    });
    expect(bucket.body.diagnostics[0].message).toBe(
      "State 'T': 'arn:aws:states:::aws-sdk:s3:getObject': bucket 'nope' (Bucket) is mapped nowhere: " +
        'add it to S3_BUCKETS in wrangler.toml\'s [vars], e.g. nope = "<R2 binding>"; ' +
        "or configure AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as Worker secrets, AWS_REGION as a var) to call AWS itself",
    );
    // Computed at run time (`.$`, a JSONata expression) or mapped: accepted.
    const accepted: [string, Record<string, unknown>][] = [
      ["arn:aws:states:::dynamodb:putItem", { Parameters: { "TableName.$": "$.t", Item: {} } }],
      ["arn:aws:states:::sns:publish", { Arguments: { TopicArn: "{% $states.input.t %}", Message: "x" } }],
      ["arn:aws:states:::lambda:invoke", { Parameters: { FunctionName: "process-item" } }],
      ["arn:aws:states:::aws-sdk:s3:getObject", { Parameters: { Bucket: "files", Key: "k" } }],
    ];
    for (const [i, [resource, rest]] of accepted.entries()) {
      expect((await ("Arguments" in rest ? jsonata : one)(`computed-${i}`, { Resource: resource, ...rest })).status, resource).toBe(201);
    }
  });
});
