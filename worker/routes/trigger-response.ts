/**
 * A triggered execution's answer. SUCCEEDED: the output as JSON with 200, unless the output is an
 * HTTP response `{statusCode, headers?, body?}` (and nothing else), which then sets the status, the
 * headers and the body (a string as is, anything else as JSON). FAILED: 502; TIMED_OUT: 504; both
 * with `{error, cause}`. The execution's ARN is in the X-Execution-Arn header.
 */
import type { JSONObject, JSONValue } from "../../shared/asl/index.ts";
import type { ExpressResult } from "../express/run.ts";

const SHAPE_KEYS = new Set(["statusCode", "headers", "body"]);

function asHttp(v: JSONValue | undefined): { status: number; headers: Record<string, string>; body: JSONValue | undefined } | null {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const o = v as JSONObject;
  const status = o.statusCode;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599) return null;
  if (!Object.keys(o).every((k) => SHAPE_KEYS.has(k))) return null;
  const headers: Record<string, string> = {};
  const h = o.headers;
  if (h !== undefined && (h === null || typeof h !== "object" || Array.isArray(h))) return null;
  for (const [k, val] of Object.entries(h ?? {})) headers[k] = typeof val === "string" ? val : JSON.stringify(val);
  return { status, headers, body: o.body };
}

export function triggerResponse(r: ExpressResult, executionArn: string): Response {
  const headers = new Headers({ "X-Execution-Arn": executionArn });
  if (r.status !== "SUCCEEDED") {
    headers.set("Content-Type", "application/json");
    const body = JSON.stringify({ error: r.error ?? null, cause: r.cause ?? null });
    return new Response(body, { status: r.status === "TIMED_OUT" ? 504 : 502, headers });
  }
  const http = asHttp(r.output);
  if (!http) {
    headers.set("Content-Type", "application/json");
    return new Response(JSON.stringify(r.output ?? null), { status: 200, headers });
  }
  for (const [k, v] of Object.entries(http.headers)) headers.set(k, v);
  // 204 and 304 carry no body.
  if (http.body === undefined || http.status === 204 || http.status === 304) return new Response(null, { status: http.status, headers });
  if (typeof http.body === "string") {
    if (!headers.has("Content-Type")) headers.set("Content-Type", "text/plain; charset=utf-8");
    return new Response(http.body, { status: http.status, headers });
  }
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(http.body), { status: http.status, headers });
}
