// SNS on Cloudflare (sns:publish, aws-sdk:sns:publish) through the dispatcher: fan-out to a queue, a
// signed HTTP endpoint and a worker (doubles that record), retries, the deadline, AWS's errors.
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, dispatcher } from "./dispatch-helpers.ts";

afterEach(() => vi.restoreAllMocks());

const PUBLISH = "arn:aws:states:::sns:publish";
const SDK = "arn:aws:states:::aws-sdk:sns:publish";
const ARN = "arn:aws:sns:us-east-1:123456789012:orders";
const SECRET = "s3cret";

/** A queue, a worker and fetch that record what they got; `fail` says how many times each fails first. */
function world(topics: unknown, fail: { http?: number[]; queue?: number; worker?: number } = {}) {
  const queued: string[] = [];
  const worked: { input: any; ctx: any }[] = [];
  const posted: { url: string; headers: Headers; body: string }[] = [];
  let queueFails = fail.queue ?? 0;
  let workerFails = fail.worker ?? 0;
  const statuses = [...(fail.http ?? [])];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const r = new Request(input as RequestInfo, init);
    posted.push({ url: r.url, headers: r.headers, body: await r.text() });
    return new Response("", { status: statuses.shift() ?? 200 });
  });
  const Q = {
    send: async (body: string) => {
      if (queueFails-- > 0) throw new Error("queue unavailable");
      queued.push(body);
    },
    sendBatch: async () => undefined,
  };
  const W = {
    fetch: async () => new Response("{}"),
    onOrder: async (input: unknown, ctx: unknown) => {
      if (workerFails-- > 0) return { errorType: "Busy", errorMessage: "try later" };
      worked.push({ input, ctx });
      return null;
    },
  };
  const d = dispatcher({ SNS_TOPICS: topics, SNS_SIGNING_SECRET: SECRET, Q, W });
  return { d, queued, worked, posted };
}

const ALL = { orders: ["queue:Q", "https://hooks.example.com/sns", "worker:W/onOrder"] };
const ok = (r: unknown) => (r as { output: any }).output;

async function hmac(text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return Buffer.from(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text))).toString("hex");
}

describe("sns:publish", () => {
  it("answers as AWS: MessageId and the SDK metadata (text/xml); aws-sdk:sns:publish only MessageId", async () => {
    const out = ok(
      await dispatcher().dispatch(call(PUBLISH, { TopicArn: "arn:aws:sns:us-east-1:123456789012:order-events", Message: "hi" })),
    );
    expect(Object.keys(out).sort()).toEqual(["MessageId", "SdkHttpMetadata", "SdkResponseMetadata"]);
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.SdkHttpMetadata).toMatchObject({ HttpStatusCode: 200, HttpHeaders: { "Content-Type": "text/xml" } });
    expect(out.SdkResponseMetadata.RequestId).toBe(out.SdkHttpMetadata.HttpHeaders["x-amzn-RequestId"]);
    expect(ok(await dispatcher().dispatch(call(SDK, { TopicArn: "order-events", Message: "hi" })))).toEqual({
      MessageId: expect.any(String),
    });
  });

  it("fans out to a queue (SNS envelope), a signed HTTP endpoint (envelope + HMAC) and a worker (Lambda SNS event)", async () => {
    const { d, queued, worked, posted } = world(ALL);
    const attrs = {
      kind: { DataType: "String", StringValue: "new" },
      n: { DataType: "Number", StringValue: "3" },
      b: { DataType: "Binary", BinaryValue: "AQI=" },
    };
    const out = ok(await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: { id: 7 }, Subject: "New order", MessageAttributes: attrs })));
    const envelope = {
      Type: "Notification",
      MessageId: out.MessageId,
      TopicArn: ARN,
      Subject: "New order",
      Message: '{"id":7}',
      Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      MessageAttributes: {
        kind: { Type: "String", Value: "new" },
        n: { Type: "Number", Value: "3" },
        b: { Type: "Binary", Value: "AQI=" },
      },
    };
    expect(queued.map((q) => JSON.parse(q))).toEqual([envelope]);
    expect(posted).toHaveLength(1);
    const [p] = posted;
    expect(p.url).toBe("https://hooks.example.com/sns");
    expect(JSON.parse(p.body)).toEqual(envelope);
    expect(p.headers.get("x-amz-sns-message-type")).toBe("Notification");
    expect(p.headers.get("x-amz-sns-message-id")).toBe(out.MessageId);
    expect(p.headers.get("x-amz-sns-topic-arn")).toBe(ARN);
    const ts = p.headers.get("X-Sns-Timestamp")!;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    expect(p.headers.get("X-Sns-Signature")).toBe(`v1=${await hmac(`${ts}.${p.body}`)}`);
    expect(p.headers.get("X-Sns-Signature")).not.toBe(`v1=${await hmac(`${ts}.${p.body} `)}`);
    expect(worked).toHaveLength(1);
    const rec = worked[0].input.Records[0];
    expect(rec).toMatchObject({ EventSource: "aws:sns", EventVersion: "1.0", EventSubscriptionArn: expect.stringContaining(`${ARN}:`) });
    expect(rec.Sns).toEqual({ ...envelope, Timestamp: envelope.Timestamp });
    expect(worked[0].ctx.idempotencyKey).toBe(`${out.MessageId}/2`);
  });

  it("the README's receiver recipe verifies a delivery, and refuses it altered, re-timed or under another secret", async () => {
    // As README "SNS: topics on Queues, URLs and workers" shows it.
    async function verify(request: Request, secret: string) {
      const ts = request.headers.get("X-Sns-Timestamp"),
        sig = request.headers.get("X-Sns-Signature") ?? "";
      const body = await request.text();
      if (!ts || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return null;
      const enc = new TextEncoder();
      const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
      const mac = Uint8Array.from(sig.replace(/^v1=/, "").match(/../g) ?? [], (h) => parseInt(h, 16));
      return (await crypto.subtle.verify("HMAC", key, mac, enc.encode(`${ts}.${body}`))) ? JSON.parse(body) : null;
    }
    const { d, posted } = world({ orders: "https://h.example.com/" });
    const out = ok(await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: "signed" })));
    const [p] = posted;
    const again = (body: string, headers: Headers = p.headers) => new Request(p.url, { method: "POST", headers, body });
    expect(await verify(again(p.body), SECRET)).toMatchObject({ MessageId: out.MessageId, Message: "signed" });
    expect(await verify(again(p.body.replace("signed", "forged")), SECRET)).toBeNull();
    expect(await verify(again(p.body), "another")).toBeNull();
    const late = new Headers(p.headers);
    late.set("X-Sns-Timestamp", String(Number(p.headers.get("X-Sns-Timestamp")) - 1));
    expect(await verify(again(p.body, late), SECRET)).toBeNull();
  });

  it("a real service binding (TASKS, over RPC) and the real OUTBOX queue take a delivery", async () => {
    const d = dispatcher({ SNS_TOPICS: { t: ["worker:TASKS/sendNotification", "queue:OUTBOX"] } });
    expect(d.problem(PUBLISH)).toBeNull();
    expect(ok(await d.dispatch(call(PUBLISH, { TopicArn: "t", Message: "m" })))).toHaveProperty("MessageId");
    const bad = dispatcher({ SNS_TOPICS: { t: ["worker:TASKS/noSuchTask"] } });
    const r = (await bad.dispatch(call(PUBLISH, { TopicArn: "t", Message: "m" }, { timeoutSeconds: 1 }))) as {
      error: string;
      cause: string;
    };
    expect(r.error).toBe("SNS.InternalErrorException");
    expect(r.cause).toContain("worker:TASKS/noSuchTask (UnknownTask: No task POST /noSuchTask (gave up at the task's deadline))");
  });

  it("finds the topic by its ARN key or by the ARN's name; a topic named by ARN keeps that ARN", async () => {
    const { d, queued } = world({ [ARN]: "queue:Q", plain: "queue:Q" });
    await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: "a" }));
    await d.dispatch(call(PUBLISH, { TopicArn: "arn:aws:sns:us-east-1:123456789012:plain", Message: "b" }));
    await d.dispatch(call(PUBLISH, { TargetArn: "plain", Message: "c" }));
    expect(queued.map((q) => [JSON.parse(q).TopicArn, JSON.parse(q).Message])).toEqual([
      [ARN, "a"],
      ["arn:aws:sns:us-east-1:123456789012:plain", "b"],
      ["arn:aws:sns:us-east-1:123456789012:plain", "c"],
    ]);
  });

  it("MessageStructure json: each protocol its own message, else default; raw delivery sends the message alone", async () => {
    const { d, queued, worked, posted } = world({
      orders: [{ endpoint: "queue:Q", raw: true }, "https://h.example.com/", "worker:W/onOrder"],
    });
    const Message = JSON.stringify({ default: "plain", sqs: "for sqs", lambda: "for lambda" });
    expect(ok(await d.dispatch(call(SDK, { TopicArn: ARN, Message, MessageStructure: "json" })))).toHaveProperty("MessageId");
    expect(queued).toEqual(["for sqs"]);
    expect(JSON.parse(posted[0].body).Message).toBe("plain");
    expect(worked[0].input.Records[0].Sns.Message).toBe("for lambda");
    expect(await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: '{"sqs":"x"}', MessageStructure: "json" }))).toMatchObject({
      error: "SNS.InvalidParameterException",
      cause: expect.stringMatching(
        /^Invalid parameter: Message Structure - No default entry in JSON message body \(Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter;/,
      ),
    });
    expect(await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: "not json", MessageStructure: "json" }))).toMatchObject({
      cause: expect.stringContaining("JSON message body failed to parse"),
    });
  });

  it("retries with backoff: 503 and 429 again, a thrown queue send again, a failing worker again; all delivered once", async () => {
    const { d, queued, worked, posted } = world(ALL, { http: [503, 429], queue: 1, worker: 1 });
    const out = ok(await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: "m" })));
    expect(out.MessageId).toBeDefined();
    expect(posted.map((p) => JSON.parse(p.body).MessageId)).toEqual([out.MessageId, out.MessageId, out.MessageId]);
    expect(queued).toHaveLength(1);
    expect(worked).toHaveLength(1);
  });

  it("a 4xx is not retried; the task fails with SNS.InternalErrorException naming the subscriber, the others delivered", async () => {
    const { d, queued, posted } = world(ALL, { http: [404] });
    const r = (await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: "m" }))) as { error: string; cause: string };
    expect(r.error).toBe("SNS.InternalErrorException");
    expect(r.cause).toMatch(
      /to topic 'orders' was not delivered to 1 of 3 subscribers after retries: https:\/\/hooks\.example\.com\/sns \(HTTP 404\)/,
    );
    expect(r.cause).toMatch(/Status Code: 500; Error Code: InternalError;/);
    expect(posted).toHaveLength(1);
    expect(queued).toHaveLength(1);
  });

  it("never waits past the task's timeout: an endpoint that keeps failing is given up at TimeoutSeconds", async () => {
    const { d, queued } = world(ALL, { http: Array(10).fill(503) });
    const t0 = Date.now();
    const r = (await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: "m" }, { timeoutSeconds: 1 }))) as { error: string; cause: string };
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r.error).toBe("SNS.InternalErrorException");
    expect(r.cause).toContain("(HTTP 503 (gave up at the task's deadline))");
    expect(queued).toHaveLength(1);
  });

  it("an endpoint that never answers is aborted at the deadline, not waited on", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(
      (_input, init) => new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted")))),
    );
    const d = dispatcher({ SNS_TOPICS: { t: "https://slow.example.com/" }, SNS_SIGNING_SECRET: SECRET });
    const t0 = Date.now();
    const r = (await d.dispatch(call(SDK, { TopicArn: "t", Message: "m" }, { timeoutSeconds: 1 }))) as { error: string; cause: string };
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r).toEqual({
      error: "Sns.InternalErrorException",
      cause: expect.stringContaining("https://slow.example.com/ (aborted (gave up at the task's deadline))"),
    });
  });

  it("an unknown topic: SNS.NotFoundException (Sns.NotFoundException for aws-sdk:); a name that is no ARN: InvalidParameter", async () => {
    const d = dispatcher();
    expect(await d.dispatch(call(PUBLISH, { TopicArn: "arn:aws:sns:us-east-1:123456789012:nope", Message: "m" }))).toEqual({
      error: "SNS.NotFoundException",
      cause: expect.stringMatching(
        /^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: [0-9a-f-]+; Proxy: null\)$/,
      ),
    });
    expect(await d.dispatch(call(SDK, { TopicArn: "arn:aws:sns:us-east-1:123456789012:nope", Message: "m" }))).toEqual({
      error: "Sns.NotFoundException",
      cause: expect.stringMatching(/^Topic does not exist \(Service: Sns, Status Code: 404, Request ID: /),
    });
    expect(await d.dispatch(call(PUBLISH, { TopicArn: "nope", Message: "m" }))).toMatchObject({
      error: "SNS.InvalidParameterException",
      cause: expect.stringContaining("Invalid parameter: TopicArn ("),
    });
  });

  it.each([
    [{ Message: "m" }, "InvalidParameterException", "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter"],
    [
      { TopicArn: ARN, TargetArn: ARN, Message: "m" },
      "InvalidParameterException",
      "Invalid parameter: TopicArn, TargetArn Reason: only one of",
    ],
    [
      { PhoneNumber: "+15555550100", Message: "m" },
      "InvalidParameterException",
      "Invalid parameter: PhoneNumber Reason: SMS is not available here",
    ],
    [{ TopicArn: ARN }, "InvalidParameterException", "Invalid parameter: Message Reason: no value for required parameter"],
    [{ TopicArn: ARN, Message: "" }, "InvalidParameterException", "Invalid parameter: Empty message"],
    [{ TopicArn: ARN, Message: "m", Subject: "" }, "InvalidParameterException", "Invalid parameter: Subject"],
    [{ TopicArn: ARN, Message: "m", Subject: "two\nlines" }, "InvalidParameterException", "Invalid parameter: Subject"],
    [{ TopicArn: ARN, Message: "m", Subject: "x".repeat(101) }, "InvalidParameterException", "Invalid parameter: Subject"],
    [{ TopicArn: ARN, Message: "m", MessageStructure: "xml" }, "InvalidParameterException", "Invalid parameter: MessageStructure"],
    [
      { TopicArn: ARN, Message: "m", MessageAttributes: { a: { DataType: "Date", StringValue: "x" } } },
      "InvalidParameterValueException",
      "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    ],
    [
      { TopicArn: ARN, Message: "m", MessageAttributes: { a: { DataType: "String", StringValue: "" } } },
      "InvalidParameterValueException",
      "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    ],
    [
      { TopicArn: ARN, Message: "m", MessageAttributes: { a: { DataType: "Binary", StringValue: "x" } } },
      "InvalidParameterValueException",
      "The message attribute 'a' with type 'Binary' must use field 'Binary'.",
    ],
    [
      { TopicArn: ARN, Message: "m", MessageAttributes: { a: { DataType: "Number.float" } } },
      "InvalidParameterValueException",
      "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'Number.float'.",
    ],
    [
      { TopicArn: ARN, Message: "m", MessageAttributes: { a: { DataType: "Binary", BinaryValue: "not base64!" } } },
      "InvalidParameterValueException",
      "The message attribute 'a' BinaryValue is not valid base64.",
    ],
    [
      { TopicArn: ARN, Message: "m", MessageAttributes: { a: { DataType: "Number", StringValue: "ten" } } },
      "InvalidParameterValueException",
      "Could not cast message attribute 'a' value to number.",
    ],
    [
      { TopicArn: ARN, Message: "m", MessageAttributes: { "AWS.x": { DataType: "String", StringValue: "v" } } },
      "InvalidParameterValueException",
      "The message attribute name 'AWS.x' is invalid. Attribute name can contain A-Z",
    ],
    [{ TopicArn: ARN, Message: "x".repeat(262_145) }, "InvalidParameterException", "Invalid parameter: Message too long"],
    [
      { TopicArn: ARN, Message: "x".repeat(262_140), MessageAttributes: { ab: { DataType: "String", StringValue: "v" } } },
      "InvalidParameterException",
      "Invalid parameter: Message too long",
    ],
  ])("refuses %j as AWS", async (input, exception, message) => {
    const { d, queued } = world(ALL);
    const r = (await d.dispatch(call(PUBLISH, input))) as { error: string; cause: string };
    expect(r.error).toBe(`SNS.${exception}`);
    expect(r.cause).toContain(message);
    expect(queued).toEqual([]);
  });

  it("256 KiB exactly is taken", async () => {
    const { d, queued } = world(ALL);
    expect(ok(await d.dispatch(call(PUBLISH, { TopicArn: ARN, Message: "x".repeat(262_144) })))).toHaveProperty("MessageId");
    expect(queued).toHaveLength(1);
  });

  it("problem(): names SNS_TOPICS and the configuration that would make it work", () => {
    expect(dispatcher().problem(PUBLISH)).toBeNull();
    expect(dispatcher({ SNS_TOPICS: undefined }).problem(PUBLISH)).toMatch(
      /^'arn:aws:states:::sns:publish': SNS_TOPICS is not configured: add a \[vars\.SNS_TOPICS\] table to wrangler\.toml .*"orders" = \["queue:OUTBOX"/,
    );
    expect(dispatcher({ SNS_TOPICS: { t: ["ftp://x"] } }).problem(SDK)).toMatch(
      /SNS_TOPICS maps 't': 'ftp:\/\/x' is not a subscriber \(queue:<BINDING>/,
    );
    expect(dispatcher({ SNS_TOPICS: { t: "queue:NOPE" } }).problem(PUBLISH)).toMatch(
      /SNS_TOPICS maps 't' to 'queue:NOPE': No binding 'NOPE' \(add it to \[\[queues\.producers\]\]/,
    );
    expect(dispatcher({ SNS_TOPICS: { t: "worker:NOPE" } }).problem(PUBLISH)).toMatch(
      /No service binding 'NOPE' \(add it to \[\[services\]\]/,
    );
    expect(dispatcher({ SNS_TOPICS: { t: "https://h.example.com/" }, SNS_SIGNING_SECRET: undefined }).problem(PUBLISH)).toMatch(
      /signed with the secret SNS_SIGNING_SECRET; set it/,
    );
    expect(dispatcher({ SNS_TOPICS: { t: "https://h.example.com/" }, SNS_SIGNING_SECRET: "k" }).problem(PUBLISH)).toBeNull();
    expect(dispatcher({ SNS_TOPICS: '{"t": ["queue:OUTBOX", "worker:TASKS/run"]}' }).problem(PUBLISH)).toBeNull();
    expect(dispatcher({ SNS_TOPICS: { t: { endpoint: "worker:TASKS", raw: true } } }).problem(PUBLISH)).toMatch(
      /raw delivery is for queues and URLs/,
    );
    expect(dispatcher().problem(`${PUBLISH}.waitForTaskToken`)).toBeNull();
    expect(dispatcher().problem(`${PUBLISH}.sync`)).toMatch(/\.sync pattern is not supported/);
  });
});
