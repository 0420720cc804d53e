/**
 * S3's REST-XML wire for the aws-sdk:s3 actions called on AWS (s3.ts): which parameters travel as
 * headers and which as query fields, the response headers read back into the answer's fields, and S3's
 * XML answers read to JSON in the AWS SDK for Java 2.x's shapes (the AWS SDK integrations' answers):
 * numbers and booleans typed, the lists (Contents, CommonPrefixes, Parts) lists even of one item.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import { parseXml, type XmlNode } from "./query.ts";

/** Parameters sent as request headers, by the SDK's member name. */
export const HEADER_PARAMS: Readonly<Record<string, string>> = {
  CacheControl: "cache-control",
  ContentDisposition: "content-disposition",
  ContentEncoding: "content-encoding",
  ContentLanguage: "content-language",
  ContentType: "content-type",
  ContentMD5: "content-md5",
  Expires: "expires",
  Range: "range",
  IfMatch: "if-match",
  IfNoneMatch: "if-none-match",
  IfModifiedSince: "if-modified-since",
  IfUnmodifiedSince: "if-unmodified-since",
  ACL: "x-amz-acl",
  GrantFullControl: "x-amz-grant-full-control",
  GrantRead: "x-amz-grant-read",
  GrantReadACP: "x-amz-grant-read-acp",
  GrantWriteACP: "x-amz-grant-write-acp",
  StorageClass: "x-amz-storage-class",
  ServerSideEncryption: "x-amz-server-side-encryption",
  SSEKMSKeyId: "x-amz-server-side-encryption-aws-kms-key-id",
  SSEKMSEncryptionContext: "x-amz-server-side-encryption-context",
  BucketKeyEnabled: "x-amz-server-side-encryption-bucket-key-enabled",
  Tagging: "x-amz-tagging",
  TaggingDirective: "x-amz-tagging-directive",
  MetadataDirective: "x-amz-metadata-directive",
  WebsiteRedirectLocation: "x-amz-website-redirect-location",
  ObjectLockMode: "x-amz-object-lock-mode",
  ObjectLockRetainUntilDate: "x-amz-object-lock-retain-until-date",
  ObjectLockLegalHoldStatus: "x-amz-object-lock-legal-hold",
  CopySource: "x-amz-copy-source",
  CopySourceIfMatch: "x-amz-copy-source-if-match",
  CopySourceIfNoneMatch: "x-amz-copy-source-if-none-match",
  CopySourceIfModifiedSince: "x-amz-copy-source-if-modified-since",
  CopySourceIfUnmodifiedSince: "x-amz-copy-source-if-unmodified-since",
  ExpectedBucketOwner: "x-amz-expected-bucket-owner",
  ExpectedSourceBucketOwner: "x-amz-source-expected-bucket-owner",
  RequestPayer: "x-amz-request-payer",
  ChecksumMode: "x-amz-checksum-mode",
  MaxParts: "x-amz-max-parts",
  PartNumberMarker: "x-amz-part-number-marker",
  ObjectAttributes: "x-amz-object-attributes",
};

/** Parameters sent as query fields. */
export const QUERY_PARAMS: Readonly<Record<string, string>> = {
  VersionId: "versionId",
  PartNumber: "partNumber",
  ResponseCacheControl: "response-cache-control",
  ResponseContentDisposition: "response-content-disposition",
  ResponseContentEncoding: "response-content-encoding",
  ResponseContentLanguage: "response-content-language",
  ResponseContentType: "response-content-type",
  ResponseExpires: "response-expires",
  Prefix: "prefix",
  Delimiter: "delimiter",
  MaxKeys: "max-keys",
  ContinuationToken: "continuation-token",
  StartAfter: "start-after",
  FetchOwner: "fetch-owner",
  EncodingType: "encoding-type",
};

type Kind = "text" | "number" | "boolean" | "date";

/** Response headers read into the answer, with their member names and types. */
const RESPONSE_HEADERS: ReadonlyArray<[header: string, member: string, kind: Kind]> = [
  ["accept-ranges", "AcceptRanges", "text"],
  ["cache-control", "CacheControl", "text"],
  ["content-disposition", "ContentDisposition", "text"],
  ["content-encoding", "ContentEncoding", "text"],
  ["content-language", "ContentLanguage", "text"],
  ["content-length", "ContentLength", "number"],
  ["content-range", "ContentRange", "text"],
  ["content-type", "ContentType", "text"],
  ["etag", "ETag", "text"],
  ["expires", "Expires", "date"],
  ["last-modified", "LastModified", "date"],
  ["x-amz-bucket-key-enabled", "BucketKeyEnabled", "boolean"],
  ["x-amz-server-side-encryption-bucket-key-enabled", "BucketKeyEnabled", "boolean"],
  ["x-amz-checksum-crc32", "ChecksumCRC32", "text"],
  ["x-amz-checksum-crc32c", "ChecksumCRC32C", "text"],
  ["x-amz-checksum-sha1", "ChecksumSHA1", "text"],
  ["x-amz-checksum-sha256", "ChecksumSHA256", "text"],
  ["x-amz-copy-source-version-id", "CopySourceVersionId", "text"],
  ["x-amz-delete-marker", "DeleteMarker", "boolean"],
  ["x-amz-expiration", "Expiration", "text"],
  ["x-amz-missing-meta", "MissingMeta", "number"],
  ["x-amz-mp-parts-count", "PartsCount", "number"],
  ["x-amz-object-lock-legal-hold", "ObjectLockLegalHoldStatus", "text"],
  ["x-amz-object-lock-mode", "ObjectLockMode", "text"],
  ["x-amz-object-lock-retain-until-date", "ObjectLockRetainUntilDate", "date"],
  ["x-amz-replication-status", "ReplicationStatus", "text"],
  ["x-amz-request-charged", "RequestCharged", "text"],
  ["x-amz-restore", "Restore", "text"],
  ["x-amz-server-side-encryption", "ServerSideEncryption", "text"],
  ["x-amz-server-side-encryption-aws-kms-key-id", "SSEKMSKeyId", "text"],
  ["x-amz-storage-class", "StorageClass", "text"],
  ["x-amz-tagging-count", "TagCount", "number"],
  ["x-amz-version-id", "VersionId", "text"],
  ["x-amz-website-redirect-location", "WebsiteRedirectLocation", "text"],
];

/** An HTTP date or ISO timestamp as ISO 8601 (as the R2 integration answers LastModified); else as it came. */
export const isoDate = (v: string): string => {
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t).toISOString();
};

function typed(v: string, kind: Kind): JSONValue {
  if (kind === "number") return Number.isFinite(Number(v)) ? Number(v) : v;
  if (kind === "boolean") return v === "true";
  return kind === "date" ? isoDate(v) : v;
}

/**
 * The answer's members read from response headers: those `only` names (all when absent), and Metadata
 * from the `x-amz-meta-*` headers (always, as the SDK's answer has it, when `metadata`).
 */
export function headerFields(h: Headers, metadata: boolean, only?: ReadonlySet<string>): JSONObject {
  const out: JSONObject = {};
  for (const [header, member, kind] of RESPONSE_HEADERS) {
    const v = h.get(header);
    if (v !== null && (!only || only.has(member))) out[member] = typed(v, kind);
  }
  if (metadata) {
    const meta: JSONObject = {};
    for (const [k, v] of h) if (k.startsWith("x-amz-meta-")) meta[k.slice("x-amz-meta-".length)] = v;
    out.Metadata = meta;
  }
  return out;
}

/** XML members that are numbers, booleans or timestamps in S3's answers, and the elements that are lists. */
const NUMBERS = new Set(["KeyCount", "MaxKeys", "Size", "ObjectSize", "TotalPartsCount", "PartNumberMarker", "NextPartNumberMarker"]);
const MORE_NUMBERS = new Set(["MaxParts", "PartNumber"]);
const BOOLEANS = new Set(["IsTruncated", "IsLatest"]);
const DATES = new Set(["LastModified", "Initiated"]);
const LISTS = new Set(["Contents", "CommonPrefixes", "Parts", "Part", "ChecksumAlgorithm"]);

function toJson(node: XmlNode): JSONValue {
  if (node.children.length === 0) {
    if (NUMBERS.has(node.name) || MORE_NUMBERS.has(node.name)) return typed(node.text, "number");
    if (BOOLEANS.has(node.name)) return typed(node.text, "boolean");
    return DATES.has(node.name) ? isoDate(node.text) : node.text;
  }
  const out: JSONObject = {};
  for (const c of node.children) {
    // GetObjectAttributes' <ObjectParts><Part>...</Part>...: the SDK's member is Parts.
    const name = c.name === "Part" ? "Parts" : c.name;
    const v = toJson(c);
    if (LISTS.has(c.name)) out[name] = [...((out[name] as JSONValue[] | undefined) ?? []), v];
    else out[name] = v;
  }
  return out;
}

/** An S3 XML answer's root element read to JSON (ListBucketResult, CopyObjectResult, GetObjectAttributesOutput). */
export function s3Xml(xml: string): JSONObject {
  const root = parseXml(xml).children[0];
  if (!root) return {};
  const v = toJson(root);
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
}

/** An S3 error document (`<Error><Code>..</Code><Message>..</Message><RequestId>..</RequestId><HostId>..</HostId>`). */
export function s3ErrorDoc(xml: string): { code?: string; message?: string; requestId?: string; hostId?: string } {
  try {
    const root = parseXml(xml).children[0];
    if (root?.name !== "Error") return {};
    const text = (name: string) => root.children.find((c) => c.name === name)?.text;
    return { code: text("Code"), message: text("Message"), requestId: text("RequestId"), hostId: text("HostId") };
  } catch {
    return {};
  }
}

/** A key in a path-style URL: each segment percent-encoded as SigV4 for S3 encodes it (RFC 3986 unreserved kept). */
export const encodeKey = (key: string): string =>
  key
    .split("/")
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");

/** A header value as HTTP can carry it: characters outside printable ASCII percent-encoded (CopySource's keys). */
export const headerSafe = (v: string): string => v.replace(/[^\x20-\x7e]+/g, (s) => encodeURIComponent(s));
