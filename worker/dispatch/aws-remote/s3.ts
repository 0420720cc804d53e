/**
 * S3 on AWS itself, for the buckets S3_BUCKETS does not map (those go to R2): `aws-sdk:s3:` getObject,
 * putObject, deleteObject, listObjectsV2, headObject, getObjectAttributes and copyObject over S3's REST
 * API, path-style (`https://s3.<region>.amazonaws.com/<bucket>/<key>`, or AWS_ENDPOINT_URL_S3 /
 * AWS_ENDPOINT_URL), signed for `s3` with the payload's SHA-256 in x-amz-content-sha256. Answers are the
 * AWS SDK integration's (s3-wire.ts), named and typed as the R2 integration answers them; errors are
 * `S3.<Code>Exception` with the AWS SDK for Java 2.x's cause, as the R2 integration words them.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { SERVICES } from "./catalog.ts";
import { errorName, isObject } from "./call.ts";
import { awsTarget, redact } from "./config.ts";
import { encodeKey, HEADER_PARAMS, headerFields, headerSafe, QUERY_PARAMS, s3ErrorDoc, s3Xml } from "./s3-wire.ts";

/** The aws-sdk:s3 actions called on AWS. */
export const S3_AWS_ACTIONS: readonly string[] = [
  "getObject",
  "putObject",
  "deleteObject",
  "listObjectsV2",
  "headObject",
  "getObjectAttributes",
  "copyObject",
];

export interface S3Fault {
  fault: true;
  code: string;
  message: string;
  status: number;
  requestId: string;
  hostId: string;
}

export interface S3Request {
  method: "GET" | "HEAD" | "PUT" | "DELETE";
  bucket: string;
  key?: string;
  query?: [string, string][];
  headers?: Record<string, string>;
  body?: Uint8Array;
}

const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const s3Fault = (code: string, message: string, status = 0, requestId = "", hostId = ""): S3Fault => ({
  fault: true,
  code,
  message,
  status,
  requestId,
  hostId,
});

export const isS3Fault = (v: unknown): v is S3Fault => isObject(v as JSONValue) && (v as S3Fault).fault === true;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** One signed S3 request; the raw response when it succeeded (its body unread), else S3's error. */
export async function s3Fetch(env: object, req: S3Request, signal?: AbortSignal): Promise<Response | S3Fault> {
  const target = awsTarget(env, SERVICES.s3);
  if ("problem" in target) return s3Fault("SdkClientException", target.problem);
  const query = (req.query ?? []).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&");
  const path = `/${rfc3986(req.bucket)}${req.key === undefined ? "" : `/${encodeKey(req.key)}`}`;
  const url = `${target.endpoint}${path}${query ? `?${query}` : ""}`;
  const body = req.body ?? new Uint8Array();
  const headers: Record<string, string> = { ...req.headers, "x-amz-content-sha256": await sha256Hex(body) };
  let res: Response;
  try {
    const init: RequestInit = { method: req.method, headers, signal };
    if (req.method === "PUT") init.body = body;
    res = await target.client.fetch(url, init);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return s3Fault("SdkClientException", `Unable to execute HTTP request: ${why} (${new URL(url).origin})`);
  }
  if (res.status >= 200 && res.status < 300) return res;
  const text = req.method === "HEAD" ? "" : await res.text();
  return errorOf(res, text, req.key !== undefined);
}

/** S3's error: its XML document, or (HEAD, no body) what the status says, as the AWS SDK names it. */
export function errorOf(res: Response, text: string, hasKey: boolean): S3Fault {
  const doc = s3ErrorDoc(text);
  const requestId = doc.requestId ?? res.headers.get("x-amz-request-id") ?? "";
  const hostId = doc.hostId ?? res.headers.get("x-amz-id-2") ?? "";
  if (doc.code) return s3Fault(doc.code, doc.message ?? `HTTP ${res.status}`, res.status, requestId, hostId);
  const [code, message] =
    res.status === 404
      ? hasKey
        ? ["NoSuchKey", "The specified key does not exist."]
        : ["NoSuchBucket", "The specified bucket does not exist"]
      : ["S3Exception", `HTTP ${res.status}${text ? `: ${text.slice(0, 512)}` : ""}`];
  return s3Fault(code, message, res.status, requestId, hostId);
}

const fail = (env: object, f: S3Fault): TaskResult => ({
  error: errorName("S3", f.code),
  cause: redact(env, `${f.message} (Service: S3, Status Code: ${f.status}, Request ID: ${f.requestId}, Extended Request ID: ${f.hostId})`),
});

const invalid = (message: string): TaskResult => ({ error: "S3.S3Exception", cause: `${message} (Service: S3, Status Code: 400)` });

// Headers whose values the SDK takes as timestamps: sent as HTTP dates.
const DATE_HEADERS = new Set(["expires", "if-modified-since", "if-unmodified-since"]);
const COPY_DATES = new Set(["x-amz-copy-source-if-modified-since", "x-amz-copy-source-if-unmodified-since"]);

/** The request's headers and query fields from the parameters; unknown parameters are refused by name. */
function wire(action: string, p: JSONObject): { headers: Record<string, string>; query: [string, string][] } | string {
  const headers: Record<string, string> = {};
  const query: [string, string][] = [];
  const own = new Set(["Bucket", "Key", ...(action === "putObject" ? ["Body"] : [])]);
  if (action === "putObject" || action === "copyObject") own.add("Metadata");
  for (const [name, v] of Object.entries(p)) {
    if (own.has(name) || v === null) continue;
    const header = HEADER_PARAMS[name];
    const field = QUERY_PARAMS[name];
    if (header === undefined && field === undefined) return `Unknown parameter '${name}' for s3:${action}`;
    if (typeof v === "object" && !(Array.isArray(v) && name === "ObjectAttributes")) return `Parameter '${name}' must be a scalar`;
    let text = Array.isArray(v) ? v.map(String).join(",") : String(v);
    if (header !== undefined) {
      if (DATE_HEADERS.has(header) || COPY_DATES.has(header)) text = Number.isNaN(Date.parse(text)) ? text : new Date(text).toUTCString();
      headers[header] = headerSafe(text);
    } else query.push([field, text]);
  }
  if (isObject(p.Metadata)) {
    for (const [k, v] of Object.entries(p.Metadata))
      headers[`x-amz-meta-${k.toLowerCase()}`] = headerSafe(typeof v === "string" ? v : JSON.stringify(v));
  } else if (p.Metadata !== undefined && p.Metadata !== null) return "Parameter 'Metadata' must be an object of strings";
  return { headers, query };
}

const PUT_FIELDS = new Set([
  "ETag",
  "VersionId",
  "ServerSideEncryption",
  "SSEKMSKeyId",
  "BucketKeyEnabled",
  "Expiration",
  "RequestCharged",
]);
for (const c of ["CRC32", "CRC32C", "SHA1", "SHA256"]) PUT_FIELDS.add(`Checksum${c}`);
const DELETE_FIELDS = new Set(["DeleteMarker", "VersionId", "RequestCharged"]);
const ATTRIBUTE_FIELDS = new Set(["LastModified", "VersionId", "DeleteMarker", "RequestCharged"]);
const COPY_FIELDS = new Set([...PUT_FIELDS, "CopySourceVersionId"]);
COPY_FIELDS.delete("ETag");

/** `aws-sdk:s3:<action>` on AWS (the bucket is not one S3_BUCKETS maps). */
export async function runS3(env: object, action: string, input: JSONValue, signal?: AbortSignal): Promise<TaskResult> {
  const p = isObject(input) ? input : {};
  if (typeof p.Bucket !== "string" || p.Bucket === "") return invalid("Missing required parameter: Bucket");
  const bucket = p.Bucket;
  const needsKey = action !== "listObjectsV2";
  if (needsKey && (typeof p.Key !== "string" || p.Key === "")) return invalid("Missing required parameter: Key");
  const key = needsKey ? (p.Key as string) : undefined;
  const w = wire(action, p);
  if (typeof w === "string") return invalid(w);
  const { headers, query } = w;
  const send = async (method: S3Request["method"], extra: Partial<S3Request> = {}) =>
    s3Fetch(env, { method, bucket, key, headers, query, ...extra }, signal);
  switch (action) {
    case "getObject":
    case "headObject": {
      const res = await send(action === "getObject" ? "GET" : "HEAD");
      if (isS3Fault(res)) return fail(env, res);
      const out = headerFields(res.headers, true);
      if (action === "getObject") out.Body = await res.text();
      return { output: out };
    }
    case "putObject": {
      // As the R2 integration stores it: the Body's JSON text (AWS's recordings show a string's quotes kept).
      const given = Object.hasOwn(p, "Body") ? p.Body : null;
      const body = new TextEncoder().encode(given === null ? "" : JSON.stringify(given));
      const res = await send("PUT", { body });
      if (isS3Fault(res)) return fail(env, res);
      await res.body?.cancel();
      return { output: headerFields(res.headers, false, PUT_FIELDS) };
    }
    case "deleteObject": {
      const res = await send("DELETE");
      if (isS3Fault(res)) return fail(env, res);
      await res.body?.cancel();
      return { output: headerFields(res.headers, false, DELETE_FIELDS) };
    }
    case "listObjectsV2": {
      const res = await send("GET", { query: [["list-type", "2"], ...query] });
      return isS3Fault(res) ? fail(env, res) : xmlAnswer(env, res, () => ({}));
    }
    case "getObjectAttributes": {
      if (!Array.isArray(p.ObjectAttributes) || p.ObjectAttributes.length === 0) {
        return invalid("Missing required parameter: ObjectAttributes (a list of ETag, Checksum, ObjectParts, StorageClass, ObjectSize)");
      }
      const res = await send("GET", { query: [["attributes", ""], ...query] });
      return isS3Fault(res) ? fail(env, res) : xmlAnswer(env, res, (h) => headerFields(h, false, ATTRIBUTE_FIELDS));
    }
    case "copyObject": {
      if (typeof p.CopySource !== "string" || p.CopySource === "") return invalid("Missing required parameter: CopySource");
      const res = await send("PUT");
      if (isS3Fault(res)) return fail(env, res);
      // S3 may answer a copy 200 and still fail it: the error is then the body.
      const text = await res.text();
      const doc = s3ErrorDoc(text);
      if (doc.code) return fail(env, s3Fault(doc.code, doc.message ?? "", res.status, doc.requestId ?? "", doc.hostId ?? ""));
      return xmlAnswer(env, new Response(text, { headers: res.headers }), (h) => headerFields(h, false, COPY_FIELDS), "CopyObjectResult");
    }
    default:
      return { error: "States.Runtime", cause: `aws-sdk:s3:${action} is not called on AWS here (${S3_AWS_ACTIONS.join(", ")})` };
  }
}

async function xmlAnswer(env: object, res: Response, extra: (h: Headers) => JSONObject, wrap?: string): Promise<TaskResult> {
  const text = await res.text();
  let body: JSONObject;
  try {
    body = s3Xml(text);
  } catch (e) {
    const requestId = res.headers.get("x-amz-request-id") ?? "";
    const why = `Unable to unmarshall response: ${e instanceof Error ? e.message : String(e)}`;
    return fail(env, s3Fault("SdkClientException", why, res.status, requestId, res.headers.get("x-amz-id-2") ?? ""));
  }
  return { output: { ...(wrap ? { [wrap]: body } : body), ...extra(res.headers) } };
}
