/**
 * Queues as SQS: `sqs:sendMessage` / `sqs:sendMessageBatch` (QueueUrl through SQS_QUEUES: the whole
 * URL, or its last path segment, the queue name) and `queue:<BINDING>:send|sendBatch`. A body that is
 * not a string is sent as its JSON text, as AWS does; the message goes to the queue as text.
 * Cloudflare assigns no message id on send, so MessageId is a fresh UUID.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { asText, isObject, md5Text, sdkMetadata, v1Cause } from "../aws-shape.ts";
import { bindingOfKind, mapOf } from "../bindings.ts";
import { awsKeys, nativeKeys, serviceOf, serviceProblem, type Service } from "../services.ts";
import type { Integration } from "../types.ts";

const sqsError = (message: string, code: string, status = 400, name = "SQS.AmazonSQSException"): TaskResult => ({
  error: name,
  cause: v1Cause(message, "AmazonSQS", status, code),
});

const MISSING = (p: string) => sqsError(`The request must contain the parameter ${p}.`, "MissingParameter");
const NO_QUEUE = (url: string) =>
  sqsError(`The specified queue does not exist: ${url}`, "AWS.SimpleQueueService.NonExistentQueue", 400, "SQS.QueueDoesNotExistException");

export function queueBinding(env: object, s: Service, params: JSONObject): { queue: Queue } | TaskResult {
  let name = s.binding;
  if (name === undefined) {
    const url = params.QueueUrl;
    if (typeof url !== "string" || url === "") return MISSING("QueueUrl");
    const map = mapOf(env, "SQS_QUEUES") ?? {};
    const queueName = url.replace(/\/+$/, "").split("/").pop() ?? "";
    name = Object.hasOwn(map, url) ? map[url] : Object.hasOwn(map, queueName) ? map[queueName] : undefined;
    if (name === undefined) return NO_QUEUE(url);
  }
  const b = bindingOfKind<Queue>(env, name, "queue");
  return typeof b === "string" ? { error: "States.Runtime", cause: b } : { queue: b };
}

export async function runQueue(env: object, s: Service, input: JSONValue): Promise<TaskResult> {
  const params = isObject(input) ? input : {};
  const q = queueBinding(env, s, params);
  if (!("queue" in q)) return q;
  const { queue } = q;
  try {
    const body = s.op === "send" ? await send(queue, params) : await sendBatch(queue, params);
    if ("error" in body) return body as TaskResult;
    return { output: s.style === "optimized" ? { ...body, ...sdkMetadata(body) } : body };
  } catch (e) {
    return sqsError(e instanceof Error ? e.message : String(e), "InternalError", 500, "SQS.SdkClientException");
  }
}

const delayOf = (v: JSONValue | undefined): number | undefined => (typeof v === "number" ? v : undefined);

async function send(queue: Queue, p: JSONObject): Promise<JSONObject | TaskResult> {
  if (!Object.hasOwn(p, "MessageBody") || p.MessageBody === null) return MISSING("MessageBody");
  const text = asText(p.MessageBody);
  await queue.send(text, { contentType: "text", delaySeconds: delayOf(p.DelaySeconds) });
  return { MD5OfMessageBody: md5Text(text), MessageId: crypto.randomUUID() };
}

async function sendBatch(queue: Queue, p: JSONObject): Promise<JSONObject | TaskResult> {
  const entries = p.Entries;
  if (!Array.isArray(entries) || entries.length === 0)
    return sqsError(
      "There should be at least one SendMessageBatchRequestEntry in the request.",
      "AWS.SimpleQueueService.EmptyBatchRequest",
    );
  if (entries.length > 10)
    return sqsError(
      `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
      "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
    );
  const ids = new Set<string>();
  const texts: string[] = [];
  for (const e of entries) {
    if (!isObject(e) || typeof e.Id !== "string" || e.Id === "") return MISSING("Entries.N.Id");
    if (ids.has(e.Id)) return sqsError(`Id ${e.Id} repeated.`, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
    ids.add(e.Id);
    if (!Object.hasOwn(e, "MessageBody") || e.MessageBody === null) return MISSING("Entries.N.MessageBody");
    texts.push(asText(e.MessageBody));
  }
  const list = entries as JSONObject[];
  await queue.sendBatch(list.map((e, i) => ({ body: texts[i], contentType: "text" as const, delaySeconds: delayOf(e.DelaySeconds) })));
  const ok = list.map((e, i) => ({ Id: e.Id, MessageId: crypto.randomUUID(), MD5OfMessageBody: md5Text(texts[i]) }));
  return { Failed: [], Successful: ok };
}

const SQS_ACTIONS = { sendMessage: "send", sendMessageBatch: "sendBatch" };

/**
 * Queues as SQS (`sqs:sendMessage[Batch]`, `aws-sdk:sqs:...`, QueueUrl through SQS_QUEUES) and by binding
 * (`queue:<BINDING>:send[Batch]`).
 */
export const queues: Integration = {
  keys: [...awsKeys("sqs", SQS_ACTIONS, { optimized: true, sdk: true }), ...nativeKeys("queue", ["send", "sendBatch"])],
  problem: ({ env }, resource) => serviceProblem(env, resource, "queue", "SQS_QUEUES"),
  run: ({ env }, call, resource) => runQueue(env, serviceOf(resource, SQS_ACTIONS), call.input),
};
