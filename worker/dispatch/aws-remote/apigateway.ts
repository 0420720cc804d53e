/**
 * `apigateway:invoke` on AWS: a request to an API Gateway endpoint as Step Functions makes it
 * (`https://<ApiEndpoint>/<Stage>/<Path>?<QueryParameters>`, `Headers` and `QueryParameters` as lists of
 * values, `RequestBody` JSON or text), unsigned for `AuthType` NO_AUTH (the default), signed with SigV4 for
 * `execute-api` in the endpoint's region for IAM_ROLE and RESOURCE_POLICY. The answer is
 * `{ResponseBody, Headers, StatusCode, StatusText}` (a JSON body as JSON); a status other than 2xx fails the
 * task with `ApiGateway.<status>` and the body as the cause, no answer at all with `ApiGateway.SdkClientException`.
 * AWS_ENDPOINT_URL_EXECUTE_API (or AWS_ENDPOINT_URL) sends every call to one origin instead (a test server).
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { SERVICES } from "./catalog.ts";
import { isObject } from "./call.ts";
import { awsRegion, awsTarget, endpointOverride, redact } from "./config.ts";

const METHODS = new Set(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]);
const AUTH_TYPES = new Set(["NO_AUTH", "IAM_ROLE", "RESOURCE_POLICY"]);
const ENDPOINT = /^[0-9a-z]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
// The headers Step Functions does not let a task set.
const FORBIDDEN = new Set(
  ["authorization", "connection", "content-md5", "expect", "host", "max-forwards", "proxy-authenticate", "server", "te"].concat([
    "transfer-encoding",
    "trailer",
    "upgrade",
    "via",
    "www-authenticate",
  ]),
);
const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

type Invalid = { runtime: string };

/** `{name: [values]}` (a single value too) as pairs; a problem when it is not that shape. */
function multi(name: string, v: JSONValue | undefined): [string, string][] | Invalid {
  if (v === undefined) return [];
  if (!isObject(v)) return { runtime: `apigateway:invoke: ${name} must be an object of lists of values` };
  const out: [string, string][] = [];
  for (const [k, x] of Object.entries(v)) {
    for (const one of Array.isArray(x) ? x : [x]) {
      if (typeof one !== "string" && typeof one !== "number" && typeof one !== "boolean") {
        return { runtime: `apigateway:invoke: ${name}.${k} must be a list of strings` };
      }
      out.push([k, String(one)]);
    }
  }
  return out;
}

const isInvalid = (v: unknown): v is Invalid => isObject(v) && typeof (v as Invalid).runtime === "string";

/** The request a task's parameters describe, or why there is none. */
function request(env: object, p: JSONObject): { url: string; init: RequestInit; auth: string; region: string } | Invalid {
  const endpoint = p.ApiEndpoint;
  if (typeof endpoint !== "string" || !ENDPOINT.test(endpoint)) {
    return {
      runtime: `apigateway:invoke: ApiEndpoint must be '<API ID>.execute-api.<region>.amazonaws.com', got ${JSON.stringify(endpoint)}`,
    };
  }
  const method = p.Method;
  if (typeof method !== "string" || !METHODS.has(method)) {
    return { runtime: `apigateway:invoke: Method must be one of ${[...METHODS].join(", ")}, got ${JSON.stringify(method)}` };
  }
  const auth = p.AuthType ?? "NO_AUTH";
  if (typeof auth !== "string" || !AUTH_TYPES.has(auth)) {
    return { runtime: `apigateway:invoke: AuthType must be NO_AUTH, IAM_ROLE or RESOURCE_POLICY, got ${JSON.stringify(auth)}` };
  }
  for (const k of ["Stage", "Path"]) {
    if (p[k] !== undefined && typeof p[k] !== "string") return { runtime: `apigateway:invoke: ${k} must be a string` };
  }
  const headers = multi("Headers", p.Headers);
  if (isInvalid(headers)) return headers;
  const bad = headers.find(([k]) => FORBIDDEN.has(k.toLowerCase()) || /^x-(forwarded|amz|amzn)/i.test(k));
  if (bad) return { runtime: `apigateway:invoke: the header '${bad[0]}' is not permitted` };
  const query = multi("QueryParameters", p.QueryParameters);
  if (isInvalid(query)) return query;
  const configured = endpointOverride(env, SERVICES.executeapi);
  if (isObject(configured)) return { runtime: configured.problem };
  const origin = configured ?? `https://${endpoint}`;
  const path = [p.Stage, p.Path].filter((x): x is string => typeof x === "string" && x !== "").map((x) => x.replace(/^\/+|\/+$/g, ""));
  const search = query.length ? `?${new URLSearchParams(query).toString()}` : "";
  const h = new Headers();
  for (const [k, v] of headers) h.append(k, v);
  let body: string | undefined;
  if (p.RequestBody !== undefined && method !== "GET" && method !== "HEAD") {
    body = typeof p.RequestBody === "string" ? p.RequestBody : JSON.stringify(p.RequestBody);
    if (!h.has("content-type")) h.set("content-type", typeof p.RequestBody === "string" ? "text/plain" : "application/json");
  }
  const region = ENDPOINT.exec(endpoint)?.[1] ?? awsRegion(env);
  return { url: `${origin}/${path.join("/")}${search}`, init: { method, headers: h, body }, auth, region };
}

export async function runApiGateway(env: object, p: JSONObject, signal?: AbortSignal): Promise<TaskResult> {
  const r = request(env, p);
  if (isInvalid(r)) return r;
  let res: Response;
  try {
    if (r.auth === "NO_AUTH") res = await fetch(r.url, { ...r.init, signal });
    else {
      const target = awsTarget(env, SERVICES.executeapi, r.region);
      if ("problem" in target) return { error: "ApiGateway.SdkClientException", cause: target.problem };
      res = await target.client.fetch(r.url, { ...r.init, signal });
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { error: "ApiGateway.SdkClientException", cause: `Unable to execute HTTP request: ${why} (${new URL(r.url).origin})` };
  }
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) return { error: `ApiGateway.${res.status}`, cause: redact(env, text) };
  const headers: JSONObject = {};
  for (const [k, v] of res.headers) headers[k] = [v];
  let body: JSONValue = text;
  if (/json/i.test(res.headers.get("content-type") ?? "")) {
    try {
      body = JSON.parse(text) as JSONValue;
    } catch {
      body = text;
    }
  }
  const statusText = res.statusText || STATUS_TEXT[res.status] || "";
  return { output: { ResponseBody: body, Headers: headers, StatusCode: res.status, StatusText: statusText } };
}
