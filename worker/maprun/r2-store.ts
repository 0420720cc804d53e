/**
 * The object store a Map Run reads items from and writes results to: R2 buckets by their S3 names,
 * mapped to bindings by S3_BUCKETS as for the S3 task integrations. Objects are streamed from an
 * offset (R2's range reads), so a reader resumes where it stopped and never holds a whole object.
 */
import { NoSuchBucketError, type ObjectStore, type StoredObject } from "../../shared/asl/distributed/types.ts";
import { bindingOfKind, mapOf } from "../dispatch/bindings.ts";

export function r2Store(env: object): ObjectStore {
  const bucketOf = (name: string): R2Bucket => {
    const map = mapOf(env, "S3_BUCKETS") ?? {};
    if (!Object.hasOwn(map, name)) throw new NoSuchBucketError(name);
    const bucket = bindingOfKind<R2Bucket>(env, map[name], "r2");
    if (typeof bucket === "string") throw new NoSuchBucketError(`${name} (${bucket})`);
    return bucket;
  };
  return {
    async get(bucket, key, offset = 0): Promise<StoredObject | null> {
      const o = await bucketOf(bucket).get(key, offset > 0 ? { range: { offset } } : undefined);
      if (!o) return null;
      return { body: o.body, size: o.size, etag: o.httpEtag, lastModified: o.uploaded.getTime() };
    },
    async list(bucket, prefix, cursor, limit) {
      // The cursor is the last key read (a reader resumes from the key it stopped at, as with S3's start-after).
      const r = await bucketOf(bucket).list({ prefix, startAfter: cursor, limit });
      const objects = r.objects.map((o) => ({
        key: o.key,
        size: o.size,
        etag: o.httpEtag,
        lastModified: o.uploaded.getTime(),
        storageClass: o.storageClass === "InfrequentAccess" ? "STANDARD_IA" : "STANDARD",
      }));
      return { objects, cursor: r.truncated && objects.length ? objects[objects.length - 1].key : undefined };
    },
    async put(bucket, key, body) {
      await bucketOf(bucket).put(key, body, { httpMetadata: { contentType: "application/json" } });
    },
  };
}
