/**
 * Results and errors shaped as Step Functions records them for Lambda. A function error's cause is
 * the JSON text of Lambda's error payload: compact for `lambda:invoke`, Python-spaced
 * (`{"errorMessage": "...", ...}`) for a Lambda ARN resource, as AWS's recordings show.
 */
import type { JSONValue } from "../../shared/asl/types.ts";
import type { TaskResult } from "../execution/contract.ts";
import type { Failure } from "./outcome.ts";

export function invokeResult(payload: JSONValue): JSONValue {
  const requestId = crypto.randomUUID();
  const length = String(new TextEncoder().encode(JSON.stringify(payload)).length);
  const headers: Record<string, string> = {
    Connection: "keep-alive",
    "Content-Length": length,
    "Content-Type": "application/json",
    Date: new Date().toUTCString(),
    "X-Amz-Executed-Version": "$LATEST",
    "x-amzn-Remapped-Content-Length": "0",
    "x-amzn-RequestId": requestId,
    "X-Amzn-Trace-Id": `Root=1-${hex(4)}-${hex(12)};Sampled=0`,
  };
  const all: Record<string, JSONValue> = {};
  for (const [k, v] of Object.entries(headers)) all[k] = [v];
  return {
    ExecutedVersion: "$LATEST",
    Payload: payload,
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: headers, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** A failed outcome as a Lambda-shaped task failure. */
export function lambdaFailure(o: Failure, style: "invoke" | "arn"): TaskResult {
  if (!o.raised) return { error: transportName(o), cause: o.cause };
  const payload: Record<string, JSONValue> = { errorMessage: o.cause, errorType: o.error, requestId: crypto.randomUUID() };
  if (o.trace !== undefined) payload.stackTrace = o.trace;
  return { error: o.error, cause: style === "invoke" ? JSON.stringify(payload) : pythonJson(payload) };
}

// The names AWS gives Lambda's own failures, so the tutorial's Retry on them has something to match.
function transportName(o: Failure): string {
  if (o.status === 429) return "Lambda.TooManyRequestsException";
  if (o.status !== undefined && o.status >= 500) return "Lambda.ServiceException";
  return o.error;
}

/** JSON as Python's json.dumps writes it: ", " and ": " separators, non-ASCII escaped. */
export function pythonJson(v: JSONValue): string {
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v)
      .map(([k, x]) => `${ascii(JSON.stringify(k))}: ${pythonJson(x)}`)
      .join(", ")}}`;
  }
  return typeof v === "string" ? ascii(JSON.stringify(v)) : JSON.stringify(v);
}

const ascii = (s: string): string => s.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

function hex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
