// sns:publish end to end through the REST API, with the test config's topics (test/vitest.config.ts):
// "order-events" -> OUTBOX as in wrangler.toml, and "fanout" -> OUTBOX, a URL (fetch spied) and TASKS.
// The MessageId and SDK metadata in the output, history naming the resource, errors caught by name.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { post } from "./api-client.ts";
import { events, output, resetClock, runToEnd, start } from "./e2e-helpers.ts";
import { send, startWaiting, status, until } from "./tokens-helpers.ts";

beforeEach(resetClock);
afterEach(() => vi.restoreAllMocks());

async function create(name: string, States: object): Promise<void> {
  const r = await post("/state-machines", { name, definition: { StartAt: Object.keys(States)[0], States } });
  if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${JSON.stringify(r.body)}`);
}

describe("sns:publish end to end", () => {
  it("publishes to order-events, then a publish to an unknown topic is caught as SNS.NotFoundException", async () => {
    await create("sns-publish", {
      Notify: {
        Type: "Task",
        Resource: "arn:aws:states:::sns:publish",
        Parameters: {
          TopicArn: "arn:aws:sns:us-east-1:123456789012:order-events",
          "Message.$": "$.order",
          Subject: "Order placed",
          MessageAttributes: { kind: { DataType: "String", StringValue: "placed" } },
        },
        ResultPath: "$.published",
        Next: "Unknown",
      },
      Unknown: {
        Type: "Task",
        Resource: "arn:aws:states:::sns:publish",
        // Written out, an unmapped topic is refused at creation; computed, it fails at run time as on AWS.
        Parameters: { "TopicArn.$": "$.unknownTopic", Message: "x" },
        Catch: [{ ErrorEquals: ["SNS.NotFoundException"], ResultPath: "$.error", Next: "Done" }],
        Next: "Done",
      },
      Done: { Type: "Pass", End: true },
    });
    const arn = await start("sns-publish", {
      order: { id: "o-1", total: 42 },
      unknownTopic: "arn:aws:sns:us-east-1:123456789012:no-such-topic",
    });
    const { execution } = await runToEnd(arn);
    expect(execution.status).toBe("SUCCEEDED");
    const out = output(execution);
    expect(out.published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.published.SdkHttpMetadata.HttpStatusCode).toBe(200);
    expect(out.error.Error).toBe("SNS.NotFoundException");
    expect(out.error.Cause).toMatch(/^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound;/);
    const scheduled = (await events(arn)).filter((e) => e.type === "TaskScheduled");
    expect(scheduled[0].taskScheduledEventDetails).toMatchObject({ resourceType: "sns", resource: "publish" });
  });

  it("a missing Message fails the task as SNS.InvalidParameterException, not matched by a Retry on SNS.InternalErrorException", async () => {
    await create("sns-invalid", {
      Notify: {
        Type: "Task",
        Resource: "arn:aws:states:::sns:publish",
        Parameters: { TopicArn: "arn:aws:sns:us-east-1:123456789012:order-events" },
        Retry: [{ ErrorEquals: ["SNS.InternalErrorException"], MaxAttempts: 2 }],
        End: true,
      },
    });
    const { execution } = await runToEnd(await start("sns-invalid", {}));
    expect(execution.status).toBe("FAILED");
    expect(execution.error).toBe("SNS.InvalidParameterException");
    expect(execution.cause).toContain("Invalid parameter: Message Reason: no value for required parameter");
  });

  it("fans out to a queue, a signed URL and a worker (TASKS) in one execution; a URL failing for good fails the task by name", async () => {
    const posted: { headers: Headers; body: string }[] = [];
    let status = 200;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const r = new Request(input as RequestInfo, init);
      posted.push({ headers: r.headers, body: await r.text() });
      return new Response("", { status });
    });
    await create("sns-fanout", {
      Notify: {
        Type: "Task",
        Resource: "arn:aws:states:::sns:publish",
        Parameters: { TopicArn: "arn:aws:sns:us-east-1:123456789012:fanout", "Message.$": "$.order" },
        Catch: [{ ErrorEquals: ["SNS.InternalErrorException"], ResultPath: "$.error", Next: "Done" }],
        Next: "Done",
      },
      Done: { Type: "Pass", End: true },
    });
    const { execution } = await runToEnd(await start("sns-fanout", { order: { id: "o-2" } }));
    const out = output(execution);
    expect(out.error).toBeUndefined();
    expect(posted).toHaveLength(1);
    const body = posted[0].body;
    expect(JSON.parse(body)).toMatchObject({
      Type: "Notification",
      TopicArn: "arn:aws:sns:us-east-1:123456789012:fanout",
      Message: '{"id":"o-2"}',
    });
    expect(posted[0].headers.get("X-Sns-Signature")).toMatch(/^v1=[0-9a-f]{64}$/);

    status = 403;
    const second = await runToEnd(await start("sns-fanout", { order: { id: "o-3" } }));
    const error = output(second.execution).error;
    expect(error.Error).toBe("SNS.InternalErrorException");
    expect(error.Cause).toMatch(/not delivered to 1 of 3 subscribers after retries: https:\/\/hooks\.example\.com\/sns \(HTTP 403\)/);
  });

  it("sns:publish.waitForTaskToken: the token travels in the message; SendTaskSuccess from the receiver ends the task", async () => {
    const bodies: string[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      bodies.push(await new Request(input as RequestInfo, init).text());
      return new Response("");
    });
    const arn = await startWaiting(
      {
        StartAt: "Ask",
        States: {
          Ask: {
            Type: "Task",
            Resource: "arn:aws:states:::sns:publish.waitForTaskToken",
            Parameters: { TopicArn: "fanout", Message: { "token.$": "$$.Task.Token", "order.$": "$.id" } },
            End: true,
          },
        },
      },
      { id: "o-9" },
    );
    await until(arn, "TaskSubmitted");
    expect(bodies).toHaveLength(1);
    const message = JSON.parse(JSON.parse(bodies[0]).Message);
    expect(message.order).toBe("o-9");
    expect((await send("success", { taskToken: message.token, output: { approved: true } })).status).toBe(200);
    await until(arn, "ExecutionSucceeded");
    expect(JSON.parse((await status(arn)).output)).toEqual({ approved: true });
  });
});
