// A client for the AWS protocol tests: requests signed with @smithy/signature-v4 (the AWS SDK's own
// signer, with a Web Crypto hash), sent to the worker in this isolate.
import { SignatureV4 } from "@smithy/signature-v4";
import { exports } from "cloudflare:workers";
import { app } from "../../worker/app.ts";

function bytes(d: string | ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (typeof d === "string") return new Uint8Array(new TextEncoder().encode(d));
  if (d instanceof ArrayBuffer) return new Uint8Array(d.slice(0));
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer);
}

/** The SDK's Checksum interface over crypto.subtle: SHA-256, or HMAC-SHA-256 with a secret. */
class WebSha256 {
  private chunks: Uint8Array<ArrayBuffer>[] = [];
  private readonly secret?: Uint8Array<ArrayBuffer>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (secret !== undefined) this.secret = bytes(secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.chunks.push(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    const all = new Uint8Array(this.chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    if (this.secret === undefined) return new Uint8Array(await crypto.subtle.digest("SHA-256", all));
    const key = await crypto.subtle.importKey("raw", this.secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await crypto.subtle.sign("HMAC", key, all));
  }
  reset(): void {
    this.chunks = [];
  }
}

export interface AwsReply {
  status: number;
  body: any;
  headers: Headers;
}

export interface SignOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  service?: string;
  host?: string;
  signingDate?: Date;
  /** Change the body after signing (a tampered request). */
  tamper?: (body: string) => string;
  /** No Authorization header at all. */
  unsigned?: boolean;
  target?: string;
  /** Query parameters (signed). */
  query?: Record<string, string>;
  /** Headers sent and signed, besides host, content-type and x-amz-target. */
  before?: Record<string, string>;
  /** Headers sent but left out of SignedHeaders. */
  unsignable?: readonly string[];
  /** Headers changed after signing: a value, or null to remove one. */
  after?: Record<string, string | null>;
  /** The body as sent and signed, instead of JSON.stringify(body). */
  raw?: string;
  /** Sent as the body instead of the signed text (the headers as signed). */
  stream?: ReadableStream<Uint8Array>;
  /** Sent to the app with these bindings instead of the worker's own (a fake binding, say). */
  env?: Cloudflare.Env;
}

/** Calls AWSStepFunctions.<operation> with `body`, signed as the SDK would (test/test by default). */
export async function aws(operation: string, body: unknown = {}, o: SignOptions = {}): Promise<AwsReply> {
  const host = o.host ?? "states.us-east-1.asl.test";
  const text = o.raw ?? JSON.stringify(body);
  const request = {
    method: "POST",
    protocol: "https:",
    hostname: host,
    path: "/",
    query: o.query ?? {},
    headers: {
      host,
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": o.target ?? `AWSStepFunctions.${operation}`,
      ...o.before,
    } as Record<string, string>,
    body: text,
  };
  const signer = new SignatureV4({
    credentials: { accessKeyId: o.accessKeyId ?? "test", secretAccessKey: o.secretAccessKey ?? "test" },
    region: o.region ?? "us-east-1",
    service: o.service ?? "states",
    sha256: WebSha256,
  });
  const signed = o.unsigned
    ? request
    : await signer.sign(request, { signingDate: o.signingDate, unsignableHeaders: new Set(o.unsignable ?? []) });
  const headers = new Headers(signed.headers);
  for (const [k, v] of Object.entries(o.after ?? {})) {
    if (v === null) headers.delete(k);
    else headers.set(k, v);
  }
  const qs = new URLSearchParams(o.query ?? {}).toString();
  const init = { method: "POST", headers, body: o.stream ?? (o.tamper ? o.tamper(text) : text) };
  const url = `https://${host}/${qs ? `?${qs}` : ""}`;
  const res = o.env ? await app.request(url, init, o.env) : await exports.default.fetch(url, init);
  const out = await res.text();
  return { status: res.status, body: out ? JSON.parse(out) : undefined, headers: res.headers };
}

/** The answer's body when 200, else a failure naming the AWS error. */
export async function ok(operation: string, body: unknown = {}): Promise<any> {
  const r = await aws(operation, body);
  if (r.status !== 200) throw new Error(`${operation}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
