/**
 * Delivering one published message to a topic's subscribers, all at once, each retried with backoff
 * (at-least-once) until it is delivered, fails for good, or the deadline (the task's timeout) comes.
 *
 *   queue   the SNS envelope as the message body (as SNS sends to SQS), or the message alone when raw
 *   worker  the Lambda SNS event ({Records: [{EventSource: "aws:sns", Sns: {...}}]}) through worker.ts
 *   http    POST of the envelope (or the message alone when raw), Content-Type text/plain, AWS's
 *           x-amz-sns-* headers, and an HMAC-SHA256 signature: X-Sns-Signature: v1=<hex of
 *           HMAC(SNS_SIGNING_SECRET, "<X-Sns-Timestamp>.<body>")>. 2xx delivers; 429 and 5xx are retried,
 *           other statuses fail for good (as SNS's HTTP delivery policy).
 */
import type { JSONObject } from "../../../shared/asl/types.ts";
import type { TaskCall } from "../../execution/contract.ts";
import { callWorker } from "./worker.ts";
import type { Subscriber, Topic } from "./sns-topics.ts";

export interface Notification {
  messageId: string;
  topic: Topic;
  /** The default message; with MessageStructure json, per protocol (sqs, http, https, lambda) too. */
  message: string;
  perProtocol?: Record<string, string>;
  subject?: string;
  /** As SNS delivers them: {Type, Value}. */
  attributes: Record<string, { Type: string; Value: string }>;
  timestamp: string;
}

/** Waits between attempts (ms): 4 attempts at most. */
export const BACKOFF_MS = [200, 1000, 5000];
/** How long one attempt may take (SNS gives an HTTP endpoint 15 s too). */
export const ATTEMPT_MS = 15_000;

type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

const protocol = (s: Subscriber): string =>
  s.kind === "queue" ? "sqs" : s.kind === "worker" ? "lambda" : new URL(s.url).protocol.slice(0, -1);

const messageFor = (n: Notification, s: Subscriber): string => n.perProtocol?.[protocol(s)] ?? n.message;

function envelope(n: Notification, message: string): JSONObject {
  const e: JSONObject = { Type: "Notification", MessageId: n.messageId, TopicArn: n.topic.arn };
  if (n.subject !== undefined) e.Subject = n.subject;
  e.Message = message;
  e.Timestamp = n.timestamp;
  if (Object.keys(n.attributes).length) e.MessageAttributes = n.attributes;
  return e;
}

function lambdaEvent(n: Notification, message: string, index: number): JSONObject {
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: `${n.topic.arn}:${n.messageId.slice(0, 8)}-${index}`,
        Sns: {
          Type: "Notification",
          MessageId: n.messageId,
          TopicArn: n.topic.arn,
          Subject: n.subject ?? null,
          Message: message,
          Timestamp: n.timestamp,
          MessageAttributes: n.attributes,
        },
      },
    ],
  };
}

/** Hex HMAC-SHA256 of text under the secret's UTF-8 bytes. */
export async function hmacHex(secret: string, text: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(text)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function toHttp(env: object, n: Notification, s: Extract<Subscriber, { kind: "http" }>, signal: AbortSignal): Promise<Attempt> {
  const message = messageFor(n, s);
  const body = s.raw ? message : JSON.stringify(envelope(n, message));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const secret = (env as { SNS_SIGNING_SECRET?: unknown }).SNS_SIGNING_SECRET;
  if (typeof secret !== "string" || secret === "") return { ok: false, retry: false, reason: "the secret SNS_SIGNING_SECRET is not set" };
  const headers = {
    "Content-Type": "text/plain; charset=UTF-8",
    "x-amz-sns-message-type": "Notification",
    "x-amz-sns-message-id": n.messageId,
    "x-amz-sns-topic-arn": n.topic.arn,
    "x-amz-sns-rawdelivery": String(s.raw),
    "X-Sns-Timestamp": timestamp,
    "X-Sns-Signature": `v1=${await hmacHex(secret, `${timestamp}.${body}`)}`,
  };
  try {
    const res = await fetch(s.url, { method: "POST", headers, body, signal });
    await res.body?.cancel();
    if (res.ok) return { ok: true };
    return { ok: false, retry: res.status === 429 || res.status >= 500, reason: `HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, retry: true, reason: reasonOf(e) };
  }
}

async function toQueue(env: object, n: Notification, s: Extract<Subscriber, { kind: "queue" }>, signal: AbortSignal): Promise<Attempt> {
  const message = messageFor(n, s);
  const queue = (env as Record<string, Queue>)[s.binding];
  try {
    await abortable(queue.send(s.raw ? message : JSON.stringify(envelope(n, message)), { contentType: "text" }), signal);
    return { ok: true };
  } catch (e) {
    return { ok: false, retry: true, reason: reasonOf(e) };
  }
}

async function toWorker(
  env: object,
  n: Notification,
  s: Extract<Subscriber, { kind: "worker" }>,
  index: number,
  call: TaskCall,
  signal: AbortSignal,
): Promise<Attempt> {
  const input = lambdaEvent(n, messageFor(n, s), index);
  const sub: TaskCall = { ...call, input, idempotencyKey: `${n.messageId}/${index}` };
  delete sub.token;
  delete sub.callbackUrls;
  const out = await callWorker(env, s.binding, s.method, sub, signal);
  return out.ok ? { ok: true } : { ok: false, retry: true, reason: `${out.error}: ${out.cause}` };
}

/** Rejects when the signal aborts first. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error("timed out"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("timed out"));
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

const sleep = (ms: number, signal: AbortSignal) => abortable(new Promise<void>((r) => setTimeout(r, ms)), signal).catch(() => undefined);

/** A signal that aborts at `deadline` (epoch ms) or with the task's own. */
function until(deadline: number, outer?: AbortSignal): { signal: AbortSignal; done: () => void } {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), Math.max(0, deadline - Date.now()));
  const onAbort = () => ctl.abort();
  outer?.addEventListener("abort", onAbort, { once: true });
  if (outer?.aborted) ctl.abort();
  return {
    signal: ctl.signal,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    },
  };
}

/** Delivers to every subscriber; the ones that could not be reached, with why. */
export async function deliver(
  env: object,
  n: Notification,
  call: TaskCall,
  deadline: number,
  outer?: AbortSignal,
): Promise<{ endpoint: string; reason: string }[]> {
  const { signal, done } = until(deadline, outer);
  const one = async (s: Subscriber, index: number): Promise<Attempt> => {
    let last: Attempt = { ok: false, retry: true, reason: "timed out" };
    for (let attempt = 0; attempt <= BACKOFF_MS.length && !signal.aborted; attempt++) {
      if (attempt > 0) await sleep(BACKOFF_MS[attempt - 1] * (0.8 + Math.random() * 0.4), signal);
      if (signal.aborted) break;
      const bounded = until(Math.min(deadline, Date.now() + ATTEMPT_MS), signal);
      try {
        if (s.kind === "http") last = await toHttp(env, n, s, bounded.signal);
        else if (s.kind === "queue") last = await toQueue(env, n, s, bounded.signal);
        else last = await toWorker(env, n, s, index, call, bounded.signal);
      } finally {
        bounded.done();
      }
      if (last.ok || !last.retry) return last;
    }
    return signal.aborted && !last.ok ? { ...last, reason: `${last.reason} (gave up at the task's deadline)` } : last;
  };
  try {
    const results = await Promise.all(n.topic.subscribers.map(one));
    return results.flatMap((r, i) => (r.ok ? [] : [{ endpoint: n.topic.subscribers[i].endpoint, reason: r.reason }]));
  } finally {
    done();
  }
}
