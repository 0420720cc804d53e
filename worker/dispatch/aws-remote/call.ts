/**
 * Signed HTTPS calls to AWS and what comes back: a reply, or a fault with AWS's error code, message,
 * status and request id, read from the AWS JSON (`__type`, X-Amzn-ErrorType) or query (`<Error><Code>`)
 * error shapes. Faults are named as Step Functions names them: `<Prefix>.<Code>`, with the `Exception`
 * suffix AWS's docs say to add when a code lacks it (S3's `BucketAlreadyExists` -> `...Exception`).
 */
import type { JSONObject } from "../../../shared/asl/types.ts";
import type { AwsTarget } from "./config.ts";

export interface AwsReply {
  status: number;
  headers: Headers;
  text: string;
  requestId: string;
}

export interface AwsFault {
  fault: true;
  code: string;
  message: string;
  status: number;
  requestId: string;
}

const requestIdOf = (h: Headers): string => h.get("x-amzn-requestid") ?? h.get("x-amz-request-id") ?? h.get("x-amz-id-2") ?? "";

/** One signed request; a transport failure is the AWS SDK's SdkClientException. */
export async function signedFetch(target: AwsTarget, path: string, init: RequestInit, signal?: AbortSignal): Promise<AwsReply | AwsFault> {
  const url = `${target.endpoint}${path}`;
  try {
    const res = await target.client.fetch(url, { ...init, signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, requestId: requestIdOf(res.headers) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      fault: true,
      code: "SdkClientException",
      message: `Unable to execute HTTP request: ${why} (${new URL(url).origin})`,
      status: 0,
      requestId: "",
    };
  }
}

export const isFault = (v: unknown): v is AwsFault => typeof v === "object" && v !== null && (v as AwsFault).fault === true;

/** An AWS JSON 1.0/1.1 call: `X-Amz-Target: <prefix>.<Action>`, the parameters as the body, the answer's JSON. */
export async function jsonCall(
  target: AwsTarget,
  protocol: { json: string; target: string },
  action: string,
  params: JSONObject,
  baseError: string,
  signal?: AbortSignal,
): Promise<{ body: JSONObject; reply: AwsReply } | AwsFault> {
  const reply = await signedFetch(
    target,
    "/",
    {
      method: "POST",
      headers: { "Content-Type": `application/x-amz-json-${protocol.json}`, "X-Amz-Target": `${protocol.target}.${action}` },
      body: JSON.stringify(params),
    },
    signal,
  );
  if (isFault(reply)) return reply;
  const parsed = parseJson(reply.text);
  if (reply.status >= 200 && reply.status < 300) {
    if (parsed === undefined || (reply.text.trim() !== "" && !isObject(parsed))) {
      return fault(reply, "SdkClientException", `Unable to unmarshall response: not a JSON object`);
    }
    return { body: isObject(parsed) ? parsed : {}, reply };
  }
  return jsonError(reply, baseError);
}

/** An AWS JSON or REST-JSON error: `__type` or X-Amzn-ErrorType names it (`ns#Code`, `Code:uri`), else `baseError`. */
export function jsonError(reply: AwsReply, baseError: string): AwsFault {
  const parsed = parseJson(reply.text);
  const o = isObject(parsed) ? parsed : {};
  const raw = typeof o.__type === "string" ? o.__type : typeof o.code === "string" ? o.code : (reply.headers.get("x-amzn-errortype") ?? "");
  const code = raw.split(":")[0].split("#").pop() || baseError;
  const message = o.message ?? o.Message ?? o.errorMessage;
  return fault(reply, code, typeof message === "string" ? message : reply.text.slice(0, 1024) || `HTTP ${reply.status}`);
}

/** A query-protocol call (SNS): `Action=<Action>&Version=<v>&...` form-encoded, an XML answer. */
export async function queryCall(
  target: AwsTarget,
  version: string,
  action: string,
  params: [string, string][],
  signal?: AbortSignal,
): Promise<{ xml: string; reply: AwsReply } | AwsFault> {
  const form = new URLSearchParams([["Action", action], ["Version", version], ...params]);
  const reply = await signedFetch(
    target,
    "/",
    { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" }, body: form.toString() },
    signal,
  );
  if (isFault(reply)) return reply;
  if (reply.status >= 200 && reply.status < 300) return { xml: reply.text, reply };
  const code = xmlText(reply.text, "Code") ?? "UnknownError";
  // EC2 spells it RequestID (<Response><Errors><Error>...</Errors><RequestID>).
  const requestId = xmlText(reply.text, "RequestId") ?? xmlText(reply.text, "RequestID") ?? reply.requestId;
  return { ...fault(reply, code, xmlText(reply.text, "Message") ?? `HTTP ${reply.status}`), requestId };
}

export function fault(reply: AwsReply, code: string, message: string): AwsFault {
  return { fault: true, code, message, status: reply.status, requestId: reply.requestId };
}

/** The text of the first `<tag>` in an XML document, entities decoded; undefined when absent. */
export function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? decodeXml(m[1]) : undefined;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
export const decodeXml = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith("#x")
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith("#")
        ? String.fromCodePoint(Number(e.slice(1)))
        : ENTITIES[e],
  );

/** `DynamoDb` + `ConditionalCheckFailedException` -> `DynamoDb.ConditionalCheckFailedException`; `NotFound` -> `NotFoundException`. */
export const errorName = (prefix: string, code: string): string => `${prefix}.${code.endsWith("Exception") ? code : `${code}Exception`}`;

/** A cause as the AWS SDK for Java 1.x words it (optimized integrations). */
export const causeV1 = (f: AwsFault, service: string): string =>
  `${f.message} (Service: ${service}; Status Code: ${f.status}; Error Code: ${f.code}; Request ID: ${f.requestId}; Proxy: null)`;

/** A cause as the AWS SDK for Java 2.x words it (aws-sdk: integrations). */
export const causeV2 = (f: AwsFault, service: string): string =>
  `${f.message} (Service: ${service}, Status Code: ${f.status}, Request ID: ${f.requestId})`;

/** AWS's response headers as the optimized integrations report them (SdkHttpMetadata, SdkResponseMetadata). */
export function sdkMetadata(reply: AwsReply): JSONObject {
  const headers: Record<string, string> = {};
  const all: JSONObject = {};
  for (const [k, v] of reply.headers) {
    headers[k] = v;
    all[k] = [v];
  }
  return {
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: headers, HttpStatusCode: reply.status },
    SdkResponseMetadata: { RequestId: reply.requestId },
  };
}

export const isObject = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
