/**
 * SNS on Cloudflare: `arn:aws:states:::sns:publish` and `arn:aws:states:::aws-sdk:sns:publish`. The
 * topic (TopicArn or TargetArn: the whole key in SNS_TOPICS, else the ARN's topic name) fans out to its
 * subscribers (sns-topics.ts), delivered by sns-delivery.ts before the task ends: at-least-once, retried
 * with backoff, within the task's timeout (60 s without one). A subscriber still unreached then fails
 * the task with SNS.InternalErrorException, naming it; the others have the message, so a Retry of the
 * task delivers again to all (receivers dedupe on MessageId within one publish).
 *
 * Parameters as AWS's Publish: Message (required; a JSON value is sent as its text), Subject,
 * MessageAttributes ({DataType, StringValue|BinaryValue}), MessageStructure "json", and AWS's checks:
 * 256 KiB for the message and its attributes, a Subject of printable ASCII up to 100 characters.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskCall, TaskResult } from "../../execution/contract.ts";
import { asText, isObject, sdkMetadata, v1Cause, v2Cause, type Style } from "../aws-shape.ts";
import { awsKeys, serviceOf } from "../services.ts";
import type { Integration } from "../types.ts";
import { deliver, type Notification } from "./sns-delivery.ts";
import { topicOf, topicsProblem } from "./sns-topics.ts";

/** AWS's limit on a published message, its attributes included. */
export const MAX_BYTES = 262_144;
/** How long a publish may deliver when the task has no TimeoutSeconds. */
export const DEFAULT_BUDGET_MS = 60_000;

const CODES: Record<string, [string, number]> = {
  InvalidParameterException: ["InvalidParameter", 400],
  InvalidParameterValueException: ["ParameterValueInvalid", 400],
  NotFoundException: ["NotFound", 404],
  InternalErrorException: ["InternalError", 500],
};

type Fail = { fail: [exception: string, message: string] };
const fail = (exception: string, message: string): Fail => ({ fail: [exception, message] });
const invalid = (what: string): Fail => fail("InvalidParameterException", `Invalid parameter: ${what}`);
const badValue = (message: string): Fail => fail("InvalidParameterValueException", message);

/** A failure as the style names it: SNS.<Exception> with the SDK v1 cause, Sns.<Exception> with v2's for aws-sdk:. */
function snsError(style: Style, [exception, message]: Fail["fail"]): TaskResult {
  if (exception === "States.Runtime") return { error: exception, cause: message };
  const [code, status] = CODES[exception];
  if (style === "sdk") return { error: `Sns.${exception}`, cause: v2Cause(message, "Sns", status) };
  return { error: `SNS.${exception}`, cause: v1Cause(message, "AmazonSNS", status, code) };
}

const bytes = (s: string): number => new TextEncoder().encode(s).length;

const TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/;
const NAME = /^[A-Za-z0-9_\-.]{1,256}$/;
const SUBJECT = /^[!-~][ -~]{0,99}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** MessageAttributes as SNS delivers them ({Type, Value}) and their size, or AWS's refusal. */
function attributesOf(v: JSONValue | undefined): { attributes: Notification["attributes"]; size: number } | Fail {
  const attributes: Notification["attributes"] = {};
  let size = 0;
  if (v === undefined || v === null) return { attributes, size };
  if (!isObject(v)) return invalid("MessageAttributes");
  for (const [name, a] of Object.entries(v)) {
    if (!NAME.test(name) || /^(AWS|Amazon)\./i.test(name) || name.includes("..") || name.startsWith(".") || name.endsWith(".")) {
      const chars = "Attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.";
      return badValue(`The message attribute name '${name}' is invalid. ${chars}`);
    }
    const type = isObject(a) ? a.DataType : undefined;
    if (typeof type !== "string" || !TYPE.test(type)) {
      const prefixes = "the set of supported type prefixes is Binary, Number, and String.";
      return badValue(`The message attribute '${name}' has an invalid message attribute type, ${prefixes}`);
    }
    const binary = type.startsWith("Binary");
    const field = binary ? "Binary" : "String";
    const value = (a as JSONObject)[`${field}Value`];
    if (value === undefined && (a as JSONObject)[`${binary ? "String" : "Binary"}Value`] !== undefined) {
      return badValue(`The message attribute '${name}' with type '${type}' must use field '${field}'.`);
    }
    if (typeof value !== "string" || value === "") {
      return badValue(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    if (type.startsWith("Number") && !NUMBER.test(value)) return badValue(`Could not cast message attribute '${name}' value to number.`);
    if (binary && !BASE64.test(value)) return badValue(`The message attribute '${name}' BinaryValue is not valid base64.`);
    if (type.startsWith("String.Array") && !isArrayText(value)) {
      return badValue(`The message attribute '${name}' with type 'String.Array' must be a JSON array.`);
    }
    attributes[name] = { Type: type, Value: value };
    size += bytes(name) + bytes(type) + (binary ? Math.floor((value.length * 3) / 4) : bytes(value));
  }
  return { attributes, size };
}

function isArrayText(s: string): boolean {
  try {
    return Array.isArray(JSON.parse(s));
  } catch {
    return false;
  }
}

/** Message and, with MessageStructure "json", its per-protocol texts. */
function messageOf(p: JSONObject): { message: string; perProtocol?: Record<string, string> } | Fail {
  if (!Object.hasOwn(p, "Message") || p.Message === null) return invalid("Message Reason: no value for required parameter");
  const text = asText(p.Message);
  if (text === "") return invalid("Empty message");
  if (p.MessageStructure === undefined || p.MessageStructure === null) return { message: text };
  if (p.MessageStructure !== "json") return invalid("MessageStructure");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid("Message Structure - JSON message body failed to parse");
  }
  if (!isObject(parsed) || !Object.values(parsed).every((v) => typeof v === "string")) {
    return invalid("Message Structure - JSON message body failed to parse");
  }
  if (typeof parsed.default !== "string") return invalid("Message Structure - No default entry in JSON message body");
  return { message: parsed.default, perProtocol: parsed as Record<string, string> };
}

/** The notification a Publish asks for, or AWS's refusal. */
function notificationOf(env: object, p: JSONObject): Notification | Fail {
  const targets = ["TopicArn", "TargetArn", "PhoneNumber"].filter((k) => p[k] !== undefined && p[k] !== null);
  if (targets.length === 0) return invalid("TopicArn or TargetArn Reason: no value for required parameter");
  if (targets.length > 1) return invalid(`${targets.join(", ")} Reason: only one of TopicArn, TargetArn and PhoneNumber may be given`);
  if (targets[0] === "PhoneNumber") return invalid("PhoneNumber Reason: SMS is not available here (only topics in SNS_TOPICS)");
  const arn = p[targets[0]];
  if (typeof arn !== "string" || arn === "") return invalid(targets[0]);
  const m = messageOf(p);
  if ("fail" in m) return m;
  let subject: string | undefined;
  if (p.Subject !== undefined && p.Subject !== null) {
    if (typeof p.Subject !== "string" || !SUBJECT.test(p.Subject)) return invalid("Subject");
    subject = p.Subject;
  }
  const a = attributesOf(p.MessageAttributes);
  if ("fail" in a) return a;
  const size = bytes(m.perProtocol ? asText(p.Message) : m.message) + a.size;
  if (size > MAX_BYTES) return invalid("Message too long");
  const topic = topicOf(env, arn);
  if (typeof topic === "string") return fail("States.Runtime", topic);
  if (topic === undefined) return arn.startsWith("arn:") ? fail("NotFoundException", "Topic does not exist") : invalid(targets[0]);
  const n: Notification = {
    messageId: crypto.randomUUID(),
    topic,
    message: m.message,
    attributes: a.attributes,
    timestamp: new Date().toISOString(),
  };
  if (m.perProtocol) n.perProtocol = m.perProtocol;
  if (subject !== undefined) n.subject = subject;
  return n;
}

async function publish(env: object, style: Style, call: TaskCall, signal?: AbortSignal): Promise<TaskResult> {
  const n = notificationOf(env, isObject(call.input) ? call.input : {});
  if ("fail" in n) return snsError(style, n.fail);
  const budget = call.timeoutSeconds ? Math.max(100, call.timeoutSeconds * 1000 - 250) : DEFAULT_BUDGET_MS;
  const failures = await deliver(env, n, call, Date.now() + budget, signal);
  if (failures.length) {
    const list = failures.map((f) => `${f.endpoint} (${f.reason})`).join("; ");
    const count = `${failures.length} of ${n.topic.subscribers.length} subscribers`;
    const message = `Message ${n.messageId} to topic '${n.topic.key}' was not delivered to ${count} after retries: ${list}`;
    return snsError(style, fail("InternalErrorException", message).fail);
  }
  const body: JSONObject = { MessageId: n.messageId };
  return { output: style === "optimized" ? { ...body, ...sdkMetadata(body, { "Content-Type": "text/xml" }) } : body };
}

const SNS_ACTIONS = { publish: "publish" };

export const sns: Integration = {
  keys: awsKeys("sns", SNS_ACTIONS, { optimized: true, sdk: true }),
  problem: ({ env }, resource) => {
    const problem = topicsProblem(env);
    return problem ? `'${resource.text}': ${problem}` : null;
  },
  run: ({ env }, call, resource, signal) => publish(env, serviceOf(resource, SNS_ACTIONS).style, call, signal),
};
