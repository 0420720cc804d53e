/**
 * R2 as S3 (`aws-sdk:s3:getObject|putObject|deleteObject|listObjectsV2`, Bucket through S3_BUCKETS),
 * or by binding (`r2:<BINDING>:get|put|delete|list`, no Bucket needed): parameters and results as the
 * AWS SDK integration shapes them. aws-sdk:s3:putObject stores the Body as its JSON text, a string
 * included ("text data" is stored with its quotes: AWS's recordings show the ETag of `"text data"`);
 * r2:<BINDING>:put stores a string as it is. getObject answers the stored text.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { asText, isObject, v2Cause } from "../aws-shape.ts";
import { bindingOfKind, mapOf } from "../bindings.ts";
import { awsKeys, nativeKeys, serviceOf, serviceProblem, type Service } from "../services.ts";
import type { Integration } from "../types.ts";

const s3Error = (name: string, message: string, status: number): TaskResult => ({
  error: `S3.${name}`,
  cause: v2Cause(message, "S3", status),
});
const missing = (p: string) => s3Error("S3Exception", `Missing required parameter: ${p}`, 400);

export async function runR2(env: object, s: Service, input: JSONValue): Promise<TaskResult> {
  const p = isObject(input) ? input : {};
  const b = bucketOf(env, s, p);
  if (!("bucket" in b)) return b;
  const { bucket, name } = b;
  if (s.op !== "list" && (typeof p.Key !== "string" || p.Key === "")) return missing("Key");
  const key = p.Key as string;
  try {
    switch (s.op) {
      case "get": {
        const o = await bucket.get(key);
        if (!o) return s3Error("NoSuchKeyException", "The specified key does not exist.", 404);
        const body = await o.text();
        return {
          output: {
            AcceptRanges: "bytes",
            Body: body,
            ContentLength: o.size,
            ContentType: o.httpMetadata?.contentType ?? "binary/octet-stream",
            ETag: o.httpEtag,
            LastModified: o.uploaded.toISOString(),
            Metadata: o.customMetadata ?? {},
          },
        };
      }
      case "put": {
        const given = Object.hasOwn(p, "Body") ? p.Body : null;
        const body = given === null ? "" : s.style === "native" ? asText(given) : JSON.stringify(given);
        const contentType = typeof p.ContentType === "string" ? p.ContentType : undefined;
        const meta = isObject(p.Metadata) ? Object.fromEntries(Object.entries(p.Metadata).map(([k, v]) => [k, asText(v)])) : undefined;
        const o = await bucket.put(key, body, { httpMetadata: contentType ? { contentType } : undefined, customMetadata: meta });
        return { output: { ETag: o.httpEtag } };
      }
      case "delete":
        await bucket.delete(key);
        return { output: {} };
      default:
        return { output: await list(bucket, name, p) };
    }
  } catch (e) {
    return s3Error("S3Exception", e instanceof Error ? e.message : String(e), 500);
  }
}

function bucketOf(env: object, s: Service, p: JSONObject): { bucket: R2Bucket; name: string } | TaskResult {
  let binding = s.binding;
  let name = binding ?? "";
  if (binding === undefined) {
    if (typeof p.Bucket !== "string" || p.Bucket === "") return missing("Bucket");
    name = p.Bucket;
    const map = mapOf(env, "S3_BUCKETS") ?? {};
    if (!Object.hasOwn(map, name)) return s3Error("NoSuchBucketException", "The specified bucket does not exist", 404);
    binding = map[name];
  }
  const bucket = bindingOfKind<R2Bucket>(env, binding, "r2");
  return typeof bucket === "string" ? { error: "States.Runtime", cause: bucket } : { bucket, name };
}

async function list(bucket: R2Bucket, name: string, p: JSONObject): Promise<JSONObject> {
  const max = typeof p.MaxKeys === "number" ? Math.max(0, Math.min(1000, p.MaxKeys)) : 1000;
  const prefix = typeof p.Prefix === "string" ? p.Prefix : undefined;
  const token = typeof p.ContinuationToken === "string" ? p.ContinuationToken : undefined;
  const after = typeof p.StartAfter === "string" ? p.StartAfter : undefined;
  const delimiter = typeof p.Delimiter === "string" ? p.Delimiter : undefined;
  const page =
    max === 0
      ? { objects: [], truncated: false as const, delimitedPrefixes: [] }
      : await bucket.list({ prefix, cursor: token, startAfter: after, delimiter, limit: max });
  const out: JSONObject = {
    IsTruncated: page.truncated,
    KeyCount: page.objects.length + page.delimitedPrefixes.length,
    MaxKeys: max,
    Name: name,
    Prefix: prefix ?? "",
  };
  if (page.objects.length > 0) {
    out.Contents = page.objects.map((o) => ({
      ETag: o.httpEtag,
      Key: o.key,
      LastModified: o.uploaded.toISOString(),
      Size: o.size,
      StorageClass: "STANDARD",
    }));
  }
  if (page.delimitedPrefixes.length > 0) out.CommonPrefixes = page.delimitedPrefixes.map((d) => ({ Prefix: d }));
  if (delimiter !== undefined) out.Delimiter = delimiter;
  if (token !== undefined) out.ContinuationToken = token;
  if (after !== undefined) out.StartAfter = after;
  if (page.truncated) out.NextContinuationToken = page.cursor;
  return out;
}

const S3_ACTIONS = { getObject: "get", putObject: "put", deleteObject: "delete", listObjectsV2: "list" };

/** R2 as S3 (`aws-sdk:s3:...`, buckets through S3_BUCKETS) and by binding (`r2:<BINDING>:get|put|delete|list`). */
export const s3: Integration = {
  keys: [...awsKeys("s3", S3_ACTIONS, { sdk: true }), ...nativeKeys("r2", ["get", "put", "delete", "list"])],
  problem: ({ env }, resource) => serviceProblem(env, resource, "r2", "S3_BUCKETS"),
  run: ({ env }, call, resource) => runR2(env, serviceOf(resource, S3_ACTIONS), call.input),
};
