/**
 * SNS_TOPICS (a wrangler.toml var): topic name or ARN -> its subscribers, each one of
 *
 *   "queue:<BINDING>"                a Cloudflare Queue (producer binding): the SNS envelope, as SNS sends to SQS
 *   "worker:<BINDING>[/<method>]"    another worker (service binding): the Lambda SNS event, as SNS invokes Lambda
 *   "https://..." | "http://..."     a POST of the SNS envelope, signed with SNS_SIGNING_SECRET (sns-delivery.ts)
 *
 * or `{endpoint = "...", raw = true}` for raw message delivery (queues and URLs: the message alone). A
 * TOML table arrives as an object, a `--var` or secret as JSON text; both are accepted.
 */
import { parseResource } from "../../../shared/asl/index.ts";
import type { JSONValue } from "../../../shared/asl/types.ts";
import { bindingOfKind } from "../bindings.ts";
import { workerProblem } from "./worker.ts";

export type Subscriber =
  | { kind: "queue"; endpoint: string; binding: string; raw: boolean }
  | { kind: "worker"; endpoint: string; binding: string; method: string | undefined; raw: false }
  | { kind: "http"; endpoint: string; url: string; raw: boolean };

export interface Topic {
  /** The key in SNS_TOPICS. */
  key: string;
  name: string;
  arn: string;
  subscribers: Subscriber[];
}

export const EXAMPLE = `"orders" = ["queue:OUTBOX", "https://hooks.example.com/orders", "worker:TASKS/onOrder"]`;
const FORMS = "queue:<BINDING>, worker:<BINDING>[/<method>], an http(s) URL, or {endpoint = ..., raw = true}";

type Raw = Record<string, JSONValue>;

function rawTopics(env: object): Raw | null {
  let v = (env as Record<string, unknown>).SNS_TOPICS;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Raw) : null;
}

/** One subscriber as configured, or why it is not one. */
export function parseSubscriber(v: JSONValue): Subscriber | string {
  let endpoint = v;
  let raw = false;
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    endpoint = v.endpoint;
    if (v.raw !== undefined && typeof v.raw !== "boolean") return `raw must be true or false`;
    raw = v.raw === true;
  }
  if (typeof endpoint !== "string") return `${JSON.stringify(v)} is not a subscriber (${FORMS})`;
  if (/^https?:\/\//.test(endpoint)) {
    try {
      new URL(endpoint);
    } catch {
      return `'${endpoint}' is not a URL`;
    }
    return { kind: "http", endpoint, url: endpoint, raw };
  }
  const queue = /^queue:([A-Za-z_][A-Za-z0-9_]*)$/.exec(endpoint);
  if (queue) return { kind: "queue", endpoint, binding: queue[1], raw };
  const worker = /^worker:([A-Za-z_][A-Za-z0-9_]*)(?:\/(.+))?$/.exec(endpoint);
  if (worker) {
    if (raw) return `'${endpoint}': raw delivery is for queues and URLs (a worker gets the Lambda SNS event)`;
    return { kind: "worker", endpoint, binding: worker[1], method: worker[2], raw: false };
  }
  return `'${endpoint}' is not a subscriber (${FORMS})`;
}

const place = (env: object) => {
  const e = env as { AWS_REGION?: string; AWS_ACCOUNT_ID?: string };
  return { region: e.AWS_REGION || "us-east-1", account: e.AWS_ACCOUNT_ID || "123456789012" };
};

const nameOf = (key: string): string => (key.startsWith("arn:") ? key.split(":").slice(5).join(":") : key);

/** The topic a TopicArn names (its whole key, else the ARN's topic name), or undefined. */
export function topicOf(env: object, topicArn: string): Topic | undefined | string {
  const raw = rawTopics(env);
  if (!raw) return undefined;
  const name = nameOf(topicArn);
  const key = Object.hasOwn(raw, topicArn) ? topicArn : Object.hasOwn(raw, name) ? name : undefined;
  if (key === undefined) return undefined;
  const list = Array.isArray(raw[key]) ? (raw[key] as JSONValue[]) : [raw[key]];
  const subscribers: Subscriber[] = [];
  for (const s of list) {
    const sub = parseSubscriber(s);
    if (typeof sub === "string") return `SNS_TOPICS maps '${key}': ${sub}`;
    subscribers.push(sub);
  }
  const { region, account } = place(env);
  const arn = key.startsWith("arn:") ? key : `arn:aws:sns:${region}:${account}:${key}`;
  return { key, name: nameOf(key), arn, subscribers };
}

/** Why SNS_TOPICS cannot serve (checked at CreateStateMachine), or null. */
export function topicsProblem(env: object): string | null {
  const raw = rawTopics(env);
  if (!raw) {
    return (
      "SNS_TOPICS is not configured: add a [vars.SNS_TOPICS] table to wrangler.toml mapping each topic name or ARN to its " +
      `subscribers, e.g. ${EXAMPLE}`
    );
  }
  for (const key of Object.keys(raw)) {
    const topic = topicOf(env, key);
    if (typeof topic === "string") return topic;
    for (const s of topic?.subscribers ?? []) {
      const problem = subscriberProblem(env, s);
      if (problem) return `SNS_TOPICS maps '${key}' to '${s.endpoint}': ${problem}`;
    }
  }
  return null;
}

function subscriberProblem(env: object, s: Subscriber): string | null {
  switch (s.kind) {
    case "queue": {
      const b = bindingOfKind(env, s.binding, "queue");
      return typeof b === "string" ? b : null;
    }
    case "worker":
      return workerProblem(env, parseResource(s.endpoint) as Parameters<typeof workerProblem>[1]);
    case "http": {
      const secret = (env as { SNS_SIGNING_SECRET?: unknown }).SNS_SIGNING_SECRET;
      return typeof secret === "string" && secret !== ""
        ? null
        : "URL subscribers are signed with the secret SNS_SIGNING_SECRET; set it (`wrangler secret put SNS_SIGNING_SECRET`)";
    }
  }
}
