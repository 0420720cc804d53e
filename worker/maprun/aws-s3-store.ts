/**
 * The Map Run's object store by bucket: a bucket S3_BUCKETS maps is R2's (r2-store.ts); with AWS
 * credentials configured, any other is S3's on AWS itself (README "Real AWS services"), read from a byte
 * offset with a Range request, listed a page at a time after a key (start-after), written with PUT.
 * Without credentials an unmapped bucket is R2's answer: NoSuchBucket.
 */
import { NoSuchBucketError, type ListedObject, type ObjectStore, type StoredObject } from "../../shared/asl/distributed/types.ts";
import { mapOf } from "../dispatch/bindings.ts";
import { awsConfigured } from "../dispatch/aws-remote/config.ts";
import { isS3Fault, s3Fetch, type S3Fault } from "../dispatch/aws-remote/s3.ts";
import { s3Xml } from "../dispatch/aws-remote/s3-wire.ts";
import { r2Store } from "./r2-store.ts";

/** R2 for the buckets S3_BUCKETS maps, AWS S3 for the others when credentials are configured. */
export function bucketStore(env: object): ObjectStore {
  const r2 = r2Store(env);
  const aws = awsS3Store(env);
  const pick = (bucket: string): ObjectStore => (Object.hasOwn(mapOf(env, "S3_BUCKETS") ?? {}, bucket) || !awsConfigured(env) ? r2 : aws);
  return {
    get: (bucket, key, offset) => pick(bucket).get(bucket, key, offset),
    list: (bucket, prefix, cursor, limit) => pick(bucket).list(bucket, prefix, cursor, limit),
    put: (bucket, key, body) => pick(bucket).put(bucket, key, body),
  };
}

/** S3's error as the store's: NoSuchBucket as NoSuchBucketError, others an Error naming S3's code. */
function thrown(bucket: string, f: S3Fault): Error {
  if (f.code === "NoSuchBucket") return new NoSuchBucketError(bucket);
  return new Error(`${f.code}: ${f.message}${f.status ? ` (Status Code: ${f.status}, Request ID: ${f.requestId})` : ""}`);
}

const empty = (): ReadableStream<Uint8Array> => new ReadableStream({ start: (c) => c.close() });

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v) || 0);

export function awsS3Store(env: object): ObjectStore {
  return {
    async get(bucket, key, offset = 0): Promise<StoredObject | null> {
      const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
      const res = await s3Fetch(env, { method: "GET", bucket, key, headers });
      if (isS3Fault(res)) {
        if (res.code === "NoSuchKey") return null;
        // Past the end: nothing left to read (S3 refuses the range; R2 answers the empty rest).
        if (res.code === "InvalidRange") return emptyRest(env, bucket, key);
        throw thrown(bucket, res);
      }
      // A ranged answer's Content-Range ends with the whole object's size.
      const range = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "");
      const size = range ? Number(range[1]) : Number(res.headers.get("content-length") ?? 0);
      return {
        body: res.body ?? empty(),
        size,
        etag: res.headers.get("etag") ?? "",
        lastModified: Date.parse(res.headers.get("last-modified") ?? "") || 0,
      };
    },
    async list(bucket, prefix, cursor, limit) {
      const query: [string, string][] = [
        ["list-type", "2"],
        ["max-keys", String(limit)],
      ];
      if (prefix) query.push(["prefix", prefix]);
      if (cursor) query.push(["start-after", cursor]);
      const res = await s3Fetch(env, { method: "GET", bucket, query });
      if (isS3Fault(res)) throw thrown(bucket, res);
      const page = s3Xml(await res.text());
      const contents = Array.isArray(page.Contents) ? page.Contents : [];
      const objects: ListedObject[] = contents.map((c) => {
        const o = (typeof c === "object" && c !== null && !Array.isArray(c) ? c : {}) as Record<string, unknown>;
        return {
          key: String(o.Key ?? ""),
          size: num(o.Size),
          etag: String(o.ETag ?? ""),
          lastModified: Date.parse(String(o.LastModified ?? "")) || 0,
          storageClass: typeof o.StorageClass === "string" ? o.StorageClass : "STANDARD",
        };
      });
      const more = page.IsTruncated === true && objects.length > 0;
      return more ? { objects, cursor: objects[objects.length - 1].key } : { objects };
    },
    async put(bucket, key, body) {
      const bytes = new TextEncoder().encode(body);
      const res = await s3Fetch(env, { method: "PUT", bucket, key, headers: { "content-type": "application/json" }, body: bytes });
      if (isS3Fault(res)) throw thrown(bucket, res);
      await res.body?.cancel();
    },
  };
}

/** The object's size and ETag, with nothing left to read (an offset at or past its end). */
async function emptyRest(env: object, bucket: string, key: string): Promise<StoredObject | null> {
  const res = await s3Fetch(env, { method: "HEAD", bucket, key });
  if (isS3Fault(res)) {
    if (res.code === "NoSuchKey") return null;
    throw thrown(bucket, res);
  }
  return {
    body: empty(),
    size: Number(res.headers.get("content-length") ?? 0),
    etag: res.headers.get("etag") ?? "",
    lastModified: Date.parse(res.headers.get("last-modified") ?? "") || 0,
  };
}
