/**
 * `arn:aws:states:::http:invoke`, the HTTP Task as AWS defines it. Parameters: ApiEndpoint, Method,
 * Headers, QueryParameters, RequestBody, Transform {RequestBodyEncoding: NONE | URL_ENCODED,
 * RequestEncodingOptions: {ArrayFormat}}, Authentication {ConnectionArn} (integrations/http-auth.ts;
 * optional here). Result {Headers, ResponseBody (parsed when JSON), StatusCode, StatusText}; any other
 * status than 2xx fails with States.Http.StatusCode.<code>, its cause that result as JSON text; a
 * request that gets no answer fails with States.Http.Socket. Redirects are not followed: the request
 * (and its credentials) goes to ApiEndpoint and nowhere else.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { isObject } from "../aws-shape.ts";
import { CONNECTION_ERROR, connectionHeaders } from "../http-auth.ts";
import { ARRAY_FORMATS, urlEncode, type ArrayFormat } from "../url-encode.ts";
import { clip } from "../outcome.ts";
import type { Integration } from "../types.ts";

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const runtime = (cause: string): TaskResult => ({ error: "States.Runtime", cause });

async function invoke(env: object, input: JSONValue, signal?: AbortSignal): Promise<TaskResult> {
  const p = isObject(input) ? input : {};
  const req = buildRequest(env, p, signal);
  if (!(req instanceof Request)) return req;
  let res: Response;
  let text: string;
  try {
    res = await fetch(req);
    text = await res.text();
  } catch (e) {
    return { error: "States.Http.Socket", cause: `${req.method} ${req.url} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const headers: JSONObject = {};
  res.headers.forEach((v, k) => (headers[k] = [v]));
  const result: JSONObject = {
    Headers: headers,
    ResponseBody: bodyOf(text, res.headers.get("content-type")),
    StatusCode: res.status,
    StatusText: res.statusText,
  };
  if (res.status >= 200 && res.status < 300) return { output: result };
  return { error: `States.Http.StatusCode.${res.status}`, cause: clip(JSON.stringify(result)) };
}

function buildRequest(env: object, p: JSONObject, signal?: AbortSignal): Request | TaskResult {
  const endpoint = p.ApiEndpoint;
  if (typeof endpoint !== "string" || !URL.canParse(endpoint))
    return runtime("http:invoke needs ApiEndpoint, an absolute https:// (or http://) URL");
  const url = new URL(endpoint);
  if (url.protocol !== "https:" && url.protocol !== "http:") return runtime(`ApiEndpoint ${endpoint} is not an http(s) URL`);
  const method = typeof p.Method === "string" ? p.Method.toUpperCase() : "";
  if (!METHODS.includes(method)) return runtime(`http:invoke needs a Method: one of ${METHODS.join(", ")}`);
  if (p.QueryParameters !== undefined) {
    if (!isObject(p.QueryParameters)) return runtime("QueryParameters must be an object of names to values");
    for (const [k, v] of Object.entries(p.QueryParameters))
      for (const x of Array.isArray(v) ? v : [v]) url.searchParams.append(k, typeof x === "string" ? x : JSON.stringify(x));
  }
  const headers = new Headers();
  if (p.Headers !== undefined) {
    if (!isObject(p.Headers)) return runtime("Headers must be an object of names to values");
    for (const [k, v] of Object.entries(p.Headers)) headers.set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  const auth = isObject(p.Authentication) ? p.Authentication : isObject(p.InvocationConfig) ? p.InvocationConfig : null;
  if (auth && auth.ConnectionArn !== undefined) {
    if (typeof auth.ConnectionArn !== "string") return runtime("ConnectionArn must be a string");
    const added = connectionHeaders(env, auth.ConnectionArn);
    if (typeof added === "string") return { error: CONNECTION_ERROR, cause: added };
    for (const [k, v] of Object.entries(added)) headers.set(k, v);
  }
  const body = bodyText(p, headers, method);
  if (typeof body === "object") return body;
  return new Request(url, {
    method,
    headers,
    body: body === "" && (method === "GET" || method === "HEAD") ? undefined : body,
    signal,
    redirect: "manual",
  });
}

/** The request body as text (setting its Content-Type unless given), or why it cannot be sent. */
function bodyText(p: JSONObject, headers: Headers, method: string): string | TaskResult {
  if (!Object.hasOwn(p, "RequestBody")) return "";
  if (method === "GET" || method === "HEAD") return runtime(`A ${method} request has no RequestBody`);
  const t = isObject(p.Transform) ? p.Transform : {};
  if (t.RequestBodyEncoding === "URL_ENCODED") {
    const opts = isObject(t.RequestEncodingOptions) ? t.RequestEncodingOptions : {};
    const format = (opts.ArrayFormat ?? "INDICES") as ArrayFormat;
    if (!ARRAY_FORMATS.includes(format)) return runtime(`ArrayFormat must be one of ${ARRAY_FORMATS.join(", ")}`);
    if (!isObject(p.RequestBody)) return runtime("A URL_ENCODED RequestBody must be an object");
    if (!headers.has("content-type")) headers.set("Content-Type", "application/x-www-form-urlencoded");
    return urlEncode(p.RequestBody, format);
  }
  if (t.RequestBodyEncoding !== undefined && t.RequestBodyEncoding !== "NONE")
    return runtime("RequestBodyEncoding must be NONE or URL_ENCODED");
  if (typeof p.RequestBody === "string") return p.RequestBody;
  if (!headers.has("content-type")) headers.set("Content-Type", "application/json; charset=UTF-8");
  return JSON.stringify(p.RequestBody);
}

function bodyOf(text: string, type: string | null): JSONValue {
  if (type && /[/+]json\b/i.test(type)) {
    try {
      return JSON.parse(text) as JSONValue;
    } catch {
      return text;
    }
  }
  return text;
}

/** `arn:aws:states:::http:invoke`. */
export const httpInvoke: Integration = {
  keys: ["aws:http:invoke"],
  patterns: ["request-response"],
  problem: () => null,
  run: ({ env }, call, _resource, signal) => invoke(env, call.input, signal),
};
