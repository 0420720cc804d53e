/**
 * AWS Signature Version 4 (header form, AWS4-HMAC-SHA256) verified against the configured access
 * keys: the canonical request rebuilt from what arrived, the credential scope (service `states`, any
 * region), the date within 15 minutes, and a constant-time comparison of the signatures. In two steps:
 * the headers (checkSignatureHead) before the body is read, then the signature over it (verifySignedBody).
 */
import { AwsError } from "./errors.ts";

/** AWS refuses a request signed more than 15 minutes before or after its own clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
const SERVICE = "states";

const enc = new TextEncoder();
const hex = (b: ArrayBuffer): string => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", typeof data === "string" ? enc.encode(data) : data));
}

async function hmac(key: Uint8Array | ArrayBuffer, data: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, enc.encode(data));
}

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const uriEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** The path as it arrived, each segment encoded once more (what every AWS service but S3 signs). */
function canonicalUri(rawPath: string): string {
  return rawPath.split("/").map(uriEncode).join("/") || "/";
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  return rawQuery
    .split("&")
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf("=");
      const k = i < 0 ? p : p.slice(0, i);
      const v = i < 0 ? "" : p.slice(i + 1);
      return [uriEncode(safeDecode(k)), uriEncode(safeDecode(v))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** Compares in time independent of where the strings differ. */
function sameText(a: string, b: string): boolean {
  const x = enc.encode(a);
  const y = enc.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i % x.length] ?? 0) ^ (y[i % y.length] ?? 0);
  return diff === 0;
}

/** `20261124T231100Z` -> epoch ms, or NaN. */
function amzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

const incomplete = (message: string) => new AwsError(403, "IncompleteSignatureException", message);
const invalid = (message: string) => new AwsError(403, "InvalidSignatureException", message);

/** What arrives before the body: enough to refuse a request before reading it. */
export interface RequestHead {
  method: string;
  url: string;
  headers: Headers;
}

export interface SignedRequest extends RequestHead {
  body: Uint8Array;
}

/** The Authorization header's Credential, SignedHeaders and Signature. */
function authorization(req: RequestHead): { credential: string; signedList: string; signature: string } {
  const auth = req.headers.get("authorization");
  if (!auth) {
    throw new AwsError(
      403,
      "MissingAuthenticationTokenException",
      "Missing Authentication Token: sign the request with AWS Signature Version 4.",
    );
  }
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(auth.trim());
  if (!m) throw incomplete("Only AWS4-HMAC-SHA256 (Signature Version 4) Authorization headers are accepted.");
  const parts: Record<string, string> = {};
  for (const part of m[1].split(",")) {
    const i = part.indexOf("=");
    if (i > 0) parts[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  const { Credential: credential, SignedHeaders: signedList, Signature: signature } = parts;
  if (!credential || !signedList || !signature) {
    throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  }
  return { credential, signedList, signature };
}

interface Scope {
  accessKey: string;
  secret: string;
  day: string;
  region: string;
  service: string;
}

/** `<access key>/<date>/<region>/states/aws4_request`, for a key we know. */
function scopeOf(credential: string, keys: Record<string, string>): Scope {
  const scope = credential.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request") {
    throw incomplete(`Credential should be <access key>/<date>/<region>/${SERVICE}/aws4_request, not ${JSON.stringify(credential)}.`);
  }
  const [accessKey, day, region, service] = scope;
  const secret = Object.hasOwn(keys, accessKey) ? keys[accessKey] : undefined;
  if (secret === undefined)
    throw new AwsError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  if (service !== SERVICE) throw invalid(`Credential should be scoped to correct service: '${SERVICE}'.`);
  return { accessKey, secret, day, region, service };
}

/** When the request was signed (X-Amz-Date, else Date): within 15 minutes of now, on the scope's day. */
function signingTime(req: RequestHead, day: string, now: number): { signedAt: number; dateText: string } {
  const dateText = req.headers.get("x-amz-date") ?? "";
  const signedAt = dateText ? amzDate(dateText) : Date.parse(req.headers.get("date") ?? "");
  if (!Number.isFinite(signedAt)) throw incomplete("The request must carry its signing time in X-Amz-Date (yyyyMMddTHHmmssZ).");
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    throw invalid(
      `Signature expired: ${new Date(signedAt).toISOString()} is more than 15 minutes from ` +
        `the server's time ${new Date(now).toISOString()}.`,
    );
  }
  if (day !== new Date(signedAt).toISOString().slice(0, 10).replace(/-/g, "")) {
    throw invalid(`Credential should be scoped to a valid date: ${day} is not the date of X-Amz-Date.`);
  }
  return { signedAt, dateText };
}

/**
 * The signed headers' names, `required` among them: the headers that choose what the request does.
 * AWS's SDKs sign every header they send but a few hop-by-hop ones.
 */
function signedHeaders(signedList: string, required: readonly string[]): string[] {
  const signed = signedList.split(";");
  for (const name of required) {
    if (!signed.includes(name))
      throw incomplete(`'${name}' must be a 'SignedHeader' in the AWS Authorization (SignedHeaders=${signedList}).`);
  }
  return signed;
}

/**
 * x-amz-content-sha256, when sent, must be the body's SHA-256: UNSIGNED-PAYLOAD (and S3's streaming
 * forms) would let the body change after signing, and this service always signs the payload.
 */
function claimedPayloadHash(req: RequestHead): string | null {
  const claimed = req.headers.get("x-amz-content-sha256");
  if (claimed !== null && !/^[0-9a-fA-F]{64}$/.test(claimed)) {
    throw incomplete(
      `x-amz-content-sha256 must be the hex SHA-256 of the body, not ${JSON.stringify(claimed.slice(0, 80))}: ` +
        "this service does not accept an unsigned or streamed payload.",
    );
  }
  return claimed === null ? null : claimed.toLowerCase();
}

/** SigV4's canonical request: method, path, query, the signed headers, and the body's hash. */
async function canonicalRequest(req: SignedRequest, signed: string[], signedList: string): Promise<string> {
  const url = new URL(req.url);
  const headerLines = signed.map((h) => {
    const v = h === "host" ? (req.headers.get("host") ?? url.host) : (req.headers.get(h) ?? "");
    return `${h}:${v.trim().replace(/\s+/g, " ")}\n`;
  });
  const bodyHash = await sha256Hex(req.body);
  const claimed = claimedPayloadHash(req);
  if (claimed !== null && claimed !== bodyHash) throw invalid("The x-amz-content-sha256 header does not match the body.");
  const rawPath = /^[^:]+:\/\/[^/]*([^?#]*)/.exec(req.url)?.[1] || "/";
  return [
    req.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(url.search.slice(1)),
    headerLines.join(""),
    signedList,
    bodyHash,
  ].join("\n");
}

/** A request whose Authorization header passed every check that needs no body. */
export interface PendingSignature {
  scope: Scope;
  signedAt: number;
  dateText: string;
  signed: string[];
  signedList: string;
  signature: string;
}

/**
 * Every check that needs no body, so a request can be refused before its body is read: the
 * Authorization header's form, `host` and each of `required` among the signed headers, a real payload
 * hash, a known access key, the signing time. Throws AwsError 403 (MissingAuthenticationTokenException,
 * IncompleteSignatureException, UnrecognizedClientException, InvalidSignatureException).
 */
export function checkSignatureHead(
  req: RequestHead,
  keys: Record<string, string>,
  required: readonly string[] = [],
  now = Date.now(),
): PendingSignature {
  const { credential, signedList, signature } = authorization(req);
  const scope = scopeOf(credential, keys);
  const signed = signedHeaders(signedList, ["host", ...required]);
  claimedPayloadHash(req);
  const { signedAt, dateText } = signingTime(req, scope.day, now);
  for (const h of signed) {
    if (h !== "host" && !req.headers.has(h)) throw invalid(`The signed header ${h} is not in the request.`);
  }
  return { scope, signedAt, dateText, signed, signedList, signature };
}

/** The signature itself, over the canonical request with the body's SHA-256. Answers the access key id. */
export async function verifySignedBody(req: SignedRequest, p: PendingSignature): Promise<string> {
  const { accessKey, secret, day, region, service } = p.scope;
  const canonical = await canonicalRequest(req, p.signed, p.signedList);
  const toSign = [
    "AWS4-HMAC-SHA256",
    p.dateText || new Date(p.signedAt).toISOString().replace(/[-:]|\.\d{3}/g, ""),
    `${day}/${region}/${service}/aws4_request`,
    await sha256Hex(canonical),
  ].join("\n");
  let key: ArrayBuffer = await hmac(enc.encode(`AWS4${secret}`), day);
  for (const step of [region, service, "aws4_request"]) key = await hmac(key, step);
  const expected = hex(await hmac(key, toSign));
  if (!sameText(expected, p.signature.toLowerCase())) {
    throw invalid(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    );
  }
  return accessKey;
}

/** AWS_ACCESS_KEYS: a JSON object (or its text) of access key id -> secret access key. */
export function accessKeys(raw: Record<string, string> | string | undefined): Record<string, string> {
  if (raw === undefined || raw === "") return {};
  let v: unknown = raw;
  if (typeof raw === "string") {
    try {
      v = JSON.parse(raw);
    } catch {
      throw new AwsError(500, "InternalFailure", 'AWS_ACCESS_KEYS is not JSON: set it to {"<access key id>": "<secret access key>"}.');
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v) || !Object.values(v).every((s) => typeof s === "string")) {
    throw new AwsError(500, "InternalFailure", "AWS_ACCESS_KEYS must map access key ids to secret access keys (strings).");
  }
  return v as Record<string, string>;
}
