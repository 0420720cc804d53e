/**
 * S3 for the fake AWS (fake-aws.ts), path-style, objects in memory: GetObject (with a `bytes=N-` Range),
 * HeadObject, PutObject, CopyObject, DeleteObject, ListObjectsV2 and GetObjectAttributes, answered in S3's
 * recorded shapes (XML, errors as `<Error><Code>`). The bucket `no-such-bucket` does not exist; every other
 * does. The caller has verified the signature and the body's x-amz-content-sha256.
 */
import type { ServerResponse } from "node:http";
import { createHash, randomUUID } from "node:crypto";

export interface FakeObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  meta: Record<string, string>;
}

const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

export function s3Service(objects: Map<string, FakeObject>) {
  const ids = () => ({ "x-amz-request-id": randomUUID().replaceAll("-", "").slice(0, 16).toUpperCase(), "x-amz-id-2": "fakeHostId=" });
  const xml = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": "application/xml", ...ids(), ...headers });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  };
  const error = (res: ServerResponse, status: number, code: string, message: string, head: boolean, extra = "") => {
    if (head) {
      res.writeHead(status, ids());
      return res.end();
    }
    const r = ids();
    xml(
      res,
      status,
      `<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>${r["x-amz-request-id"]}</RequestId>` +
        `<HostId>${r["x-amz-id-2"]}</HostId></Error>`,
    );
  };
  const objectHeaders = (o: FakeObject): Record<string, string> => ({
    "Content-Type": o.contentType,
    ETag: o.etag,
    "Last-Modified": o.lastModified.toUTCString(),
    "Accept-Ranges": "bytes",
    ...Object.fromEntries(Object.entries(o.meta).map(([k, v]) => [`x-amz-meta-${k}`, v])),
  });

  return function serve(res: ServerResponse, method: string, url: URL, headers: Record<string, string>, raw: Buffer): void {
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const head = method === "HEAD";
    if (bucket === "no-such-bucket") {
      return error(res, 404, "NoSuchBucket", "The specified bucket does not exist", head, `<BucketName>${bucket}</BucketName>`);
    }
    const id = `${decodeURIComponent(bucket)}/${key}`;
    if (method === "GET" && key === "" && url.searchParams.get("list-type") === "2") return list(res, decodeURIComponent(bucket), url);
    if (method === "PUT") {
      const source = headers["x-amz-copy-source"];
      let o: FakeObject;
      if (source !== undefined) {
        const from = objects.get(decodeURIComponent(source.replace(/^\//, "")));
        if (!from) return error(res, 404, "NoSuchKey", "The specified key does not exist.", false, `<Key>${esc(source)}</Key>`);
        const replace = headers["x-amz-metadata-directive"] === "REPLACE";
        o = { ...from, lastModified: new Date(), meta: replace ? metaOf(headers) : from.meta };
      } else {
        const etag = `"${createHash("md5").update(raw).digest("hex")}"`;
        o = {
          body: raw,
          contentType: headers["content-type"] ?? "binary/octet-stream",
          etag,
          lastModified: new Date(),
          meta: metaOf(headers),
        };
      }
      objects.set(id, o);
      if (source !== undefined) {
        return xml(
          res,
          200,
          `<CopyObjectResult xmlns="${XMLNS}"><LastModified>${o.lastModified.toISOString()}</LastModified>` +
            `<ETag>${esc(o.etag)}</ETag></CopyObjectResult>`,
        );
      }
      res.writeHead(200, { ETag: o.etag, "x-amz-server-side-encryption": "AES256", ...ids() });
      return res.end();
    }
    if (method === "DELETE") {
      objects.delete(id);
      res.writeHead(204, ids());
      return res.end();
    }
    const o = objects.get(id);
    if (!o) return error(res, 404, "NoSuchKey", "The specified key does not exist.", head, `<Key>${esc(key)}</Key>`);
    if (url.searchParams.has("attributes")) {
      const want = (headers["x-amz-object-attributes"] ?? "").split(",").map((s) => s.trim());
      const parts = [
        want.includes("ETag") ? `<ETag>${o.etag.replaceAll('"', "")}</ETag>` : "",
        want.includes("StorageClass") ? "<StorageClass>STANDARD</StorageClass>" : "",
        want.includes("ObjectSize") ? `<ObjectSize>${o.body.length}</ObjectSize>` : "",
      ];
      return xml(res, 200, `<GetObjectAttributesOutput xmlns="${XMLNS}">${parts.join("")}</GetObjectAttributesOutput>`, {
        "Last-Modified": o.lastModified.toUTCString(),
      });
    }
    const range = /^bytes=(\d+)-$/.exec(headers.range ?? "");
    if (range) {
      const from = Number(range[1]);
      if (from >= o.body.length) {
        return error(
          res,
          416,
          "InvalidRange",
          "The requested range is not satisfiable",
          false,
          `<ActualObjectSize>${o.body.length}</ActualObjectSize>`,
        );
      }
      const part = o.body.subarray(from);
      res.writeHead(206, {
        ...objectHeaders(o),
        "Content-Length": String(part.length),
        "Content-Range": `bytes ${from}-${o.body.length - 1}/${o.body.length}`,
        ...ids(),
      });
      return res.end(part);
    }
    res.writeHead(200, { ...objectHeaders(o), "Content-Length": String(o.body.length), ...ids() });
    res.end(head ? undefined : o.body);
  };

  function metaOf(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(headers)
        .filter(([k]) => k.startsWith("x-amz-meta-"))
        .map(([k, v]) => [k.slice(11), v]),
    );
  }

  function list(res: ServerResponse, bucket: string, url: URL) {
    const prefix = url.searchParams.get("prefix") ?? "";
    const after = url.searchParams.get("continuation-token") ?? url.searchParams.get("start-after") ?? "";
    const max = Number(url.searchParams.get("max-keys") ?? 1000);
    const keys = [...objects.keys()]
      .filter((k) => k.startsWith(`${bucket}/${prefix}`))
      .map((k) => k.slice(bucket.length + 1))
      .filter((k) => k > after)
      .sort();
    const page = keys.slice(0, max);
    const truncated = keys.length > page.length;
    const contents = page.map((k) => {
      const o = objects.get(`${bucket}/${k}`)!;
      return (
        `<Contents><Key>${esc(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${esc(o.etag)}</ETag>` +
        `<Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`
      );
    });
    const token = url.searchParams.get("continuation-token");
    xml(
      res,
      200,
      `<ListBucketResult xmlns="${XMLNS}"><Name>${esc(bucket)}</Name><Prefix>${esc(prefix)}</Prefix>` +
        `${token ? `<ContinuationToken>${esc(token)}</ContinuationToken>` : ""}` +
        `${truncated ? `<NextContinuationToken>${esc(page[page.length - 1])}</NextContinuationToken>` : ""}` +
        `<KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents.join("")}</ListBucketResult>`,
    );
  }
}
