/**
 * What AWS's answers look like around the payload: the SdkHttpMetadata/SdkResponseMetadata that
 * optimized integrations (sqs:sendMessage, dynamodb:putItem, ...) add, request ids, error causes in
 * the AWS SDK for Java's wording, and MD5 of a body (SQS's MD5OfMessageBody, S3's ETag).
 */
import type { JSONObject, JSONValue } from "../../shared/asl/types.ts";
import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";

export type Style = "optimized" | "sdk" | "native";

/** The metadata an optimized integration adds, for a JSON answer `body` bytes long. */
export function sdkMetadata(body: JSONObject, extra: Record<string, string> = {}): JSONObject {
  const requestId = crypto.randomUUID();
  const headers: Record<string, string> = {
    Connection: "keep-alive",
    "Content-Length": String(new TextEncoder().encode(JSON.stringify(body)).length),
    "Content-Type": "application/x-amz-json-1.0",
    Date: new Date().toUTCString(),
    ...extra,
    "x-amzn-RequestId": requestId,
  };
  const all: JSONObject = {};
  for (const [k, v] of Object.entries(headers)) all[k] = [v];
  return {
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: headers, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** The result as the style answers it: optimized integrations add the SDK metadata. */
export const shaped = (style: Style, body: JSONObject): JSONObject => (style === "optimized" ? { ...body, ...sdkMetadata(body) } : body);

/** A cause as the AWS SDK for Java v1 words it (optimized integrations; SQS and DynamoDB). */
export function v1Cause(message: string, service: string, status: number, code: string): string {
  return `${message} (Service: ${service}; Status Code: ${status}; Error Code: ${code}; Request ID: ${crypto.randomUUID()}; Proxy: null)`;
}

/** A cause as the AWS SDK for Java v2 words it (aws-sdk: integrations; S3). */
export function v2Cause(message: string, service: string, status: number): string {
  const ext = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(48))));
  return `${message} (Service: ${service}, Status Code: ${status}, Request ID: ${hexId(8)}, Extended Request ID: ${ext})`;
}

/** MD5 of the UTF-8 bytes of text, in lowercase hex (SQS's MD5OfMessageBody, S3's ETag). */
export function md5Text(text: string): string {
  return bytesToHex(md5(new TextEncoder().encode(text)));
}

/** A JSON value as the text a service stores: strings as they are, anything else as JSON. */
export const asText = (v: JSONValue): string => (typeof v === "string" ? v : JSON.stringify(v));

export const isObject = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);

function hexId(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}
