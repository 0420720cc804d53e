// Queues as SQS (sqs:sendMessage, sqs:sendMessageBatch, queue:<BINDING>:send|sendBatch), through the
// dispatcher: the real local OUTBOX binding for the answer, a recording double for what was sent.
import { describe, expect, it } from "vitest";
import { call, dispatcher } from "./dispatch-helpers.ts";

const SEND = "arn:aws:states:::sqs:sendMessage";
const BATCH = "arn:aws:states:::sqs:sendMessageBatch";
const QURL = "https://sqs.us-east-1.amazonaws.com/123456789012/outbox";
const MD5_BODY = "3caa9a099bc4e58ae7923f68c5d7d081"; // md5("test_message_body")
const MD5_A1 = "bb6cb5c68df4652941caf652a366f2d8"; // md5('{"a":1}')

/** A Queue double that records what was sent. */
function recorder() {
  const sent: { body: unknown; delaySeconds?: number }[] = [];
  const queue = {
    send: async (body: unknown, o?: { delaySeconds?: number }) => void sent.push({ body, delaySeconds: o?.delaySeconds }),
    sendBatch: async (b: { body: unknown; delaySeconds?: number }[]) =>
      void sent.push(...b.map((m) => ({ body: m.body, delaySeconds: m.delaySeconds }))),
  };
  return { sent, d: dispatcher({ OUTBOX: queue }) };
}

const ok = (r: unknown) => (r as { output: any }).output;

describe("Queues as SQS", () => {
  it("a region- and account-qualified integration ARN runs as the unqualified one", async () => {
    const { sent, d } = recorder();
    const qualified = "arn:aws:states:us-east-1:123456789012:sqs:sendMessage";
    expect(d.problem(qualified, { QueueUrl: QURL, MessageBody: "x" })).toBeNull();
    expect(ok(await d.dispatch(call(qualified, { QueueUrl: QURL, MessageBody: "x" }))).MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent).toEqual([{ body: "x", delaySeconds: undefined }]);
  });

  it("sqs:sendMessage through the real OUTBOX binding answers as AWS: MessageId, MD5OfMessageBody, SDK metadata", async () => {
    const out = ok(await dispatcher().dispatch(call(SEND, { QueueUrl: QURL, MessageBody: "test_message_body" })));
    expect(out).toMatchObject({
      MD5OfMessageBody: MD5_BODY,
      MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(Object.keys(out).sort()).toEqual(["MD5OfMessageBody", "MessageId", "SdkHttpMetadata", "SdkResponseMetadata"]);
    expect(out.SdkHttpMetadata.HttpHeaders["Content-Type"]).toBe("application/x-amz-json-1.0");
    expect(out.SdkResponseMetadata.RequestId).toBe(out.SdkHttpMetadata.HttpHeaders["x-amzn-RequestId"]);
  });

  it("an object body is sent as its JSON text; the queue is found by URL or by name; DelaySeconds passes on", async () => {
    const { sent, d } = recorder();
    expect(ok(await d.dispatch(call(SEND, { QueueUrl: QURL, MessageBody: { a: 1 }, DelaySeconds: 5 }))).MD5OfMessageBody).toBe(MD5_A1);
    await d.dispatch(call(SEND, { QueueUrl: "outbox", MessageBody: "x" }));
    expect(sent).toEqual([
      { body: '{"a":1}', delaySeconds: 5 },
      { body: "x", delaySeconds: undefined },
    ]);
  });

  it("aws-sdk:sqs:sendMessage answers without the SDK metadata; queue:<BINDING>:send needs no QueueUrl", async () => {
    const { sent, d } = recorder();
    expect(
      ok(await d.dispatch(call("arn:aws:states:::aws-sdk:sqs:sendMessage", { QueueUrl: QURL, MessageBody: "test_message_body" }))),
    ).toEqual({
      MD5OfMessageBody: MD5_BODY,
      MessageId: expect.any(String),
    });
    expect(ok(await d.dispatch(call("queue:OUTBOX:send", { MessageBody: "hi" })))).toEqual({
      MD5OfMessageBody: expect.any(String),
      MessageId: expect.any(String),
    });
    expect(sent.map((m) => m.body)).toEqual(["test_message_body", "hi"]);
  });

  it("sendMessageBatch: Successful per entry with its Id, Failed empty", async () => {
    const { sent, d } = recorder();
    const out = ok(
      await d.dispatch(
        call(BATCH, {
          QueueUrl: QURL,
          Entries: [
            { Id: "1", MessageBody: "test_message_body" },
            { Id: "2", MessageBody: { a: 1 } },
          ],
        }),
      ),
    );
    expect(out.Failed).toEqual([]);
    expect(out.Successful).toEqual([
      { Id: "1", MessageId: expect.any(String), MD5OfMessageBody: MD5_BODY },
      { Id: "2", MessageId: expect.any(String), MD5OfMessageBody: MD5_A1 },
    ]);
    expect(out.SdkHttpMetadata.HttpStatusCode).toBe(200);
    expect(sent.map((m) => m.body)).toEqual(["test_message_body", '{"a":1}']);
    // and through the real binding
    expect(
      ok(await dispatcher().dispatch(call("queue:OUTBOX:sendBatch", { Entries: [{ Id: "a", MessageBody: "x" }] }))).Successful,
    ).toHaveLength(1);
  });

  it("errors as AWS names them: a missing body, an unknown queue, a bad batch", async () => {
    const d = dispatcher();
    const noBody = await d.dispatch(call(SEND, { QueueUrl: QURL, MessageBody: null }));
    expect(noBody).toEqual({
      error: "SQS.AmazonSQSException",
      cause: expect.stringMatching(
        /^The request must contain the parameter MessageBody\. \(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: [0-9a-f-]+; Proxy: null\)$/,
      ),
    });
    expect(await d.dispatch(call(SEND, { QueueUrl: "https://sqs.us-east-1.amazonaws.com/1/nope", MessageBody: "x" }))).toEqual({
      error: "SQS.QueueDoesNotExistException",
      cause: expect.stringContaining("The specified queue does not exist: https://sqs.us-east-1.amazonaws.com/1/nope"),
    });
    expect(await d.dispatch(call(BATCH, { QueueUrl: QURL, Entries: [] }))).toMatchObject({
      error: "SQS.AmazonSQSException",
      cause: expect.stringContaining("EmptyBatchRequest"),
    });
    const dup = await d.dispatch(
      call(BATCH, {
        QueueUrl: QURL,
        Entries: [
          { Id: "1", MessageBody: "a" },
          { Id: "1", MessageBody: "b" },
        ],
      }),
    );
    expect(dup).toMatchObject({ error: "SQS.AmazonSQSException", cause: expect.stringContaining("Id 1 repeated.") });
  });

  it("problem(): unknown actions, missing or wrong bindings and an unconfigured SQS_QUEUES are refused at creation", () => {
    const d = dispatcher();
    expect(d.problem(SEND)).toBeNull();
    expect(d.problem(`${SEND}.waitForTaskToken`)).toBeNull();
    expect(d.problem("queue:OUTBOX:send")).toBeNull();
    expect(d.problem("arn:aws:states:::sqs:purgeQueue")).toBe(
      "'arn:aws:states:::sqs:purgeQueue' is not supported: sqs offers sendMessage, sendMessageBatch",
    );
    expect(d.problem("queue:NOPE:send")).toBe("'queue:NOPE:send': No binding 'NOPE' (add it to [[queues.producers]] in wrangler.toml)");
    expect(d.problem("queue:STORE:send")).toBe("'queue:STORE:send': Binding 'STORE' is not a [[queues.producers]] binding");
    expect(d.problem("queue:OUTBOX:receive")).toBe("'queue:OUTBOX:receive': queue: offers send, sendBatch");
    expect(dispatcher({ SQS_QUEUES: undefined }).problem(SEND)).toMatch(
      /^'arn:aws:states:::sqs:sendMessage': SQS_QUEUES is not configured/,
    );
    expect(dispatcher({ SQS_QUEUES: { q: "GONE" } }).problem(BATCH)).toMatch(/SQS_QUEUES maps 'q': No binding 'GONE'/);
  });
});
