/**
 * `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>`: AWS's JSON 1.0 protocol, signed with
 * Signature Version 4, so the AWS SDKs and CLI work with `--endpoint-url`. The Host may be anything
 * (the SDKs prepend `sync-` for StartSyncExecution and TestState): routing is by path and target.
 */
import type { Context } from "hono";
import type { Env } from "../env.ts";
import { backgroundOf } from "../service/express-records.ts";
import { AwsError, toAwsError } from "./errors.ts";
import { runOperation } from "./operations.ts";
import { accessKeys, verifySigV4 } from "./sigv4.ts";
import type { Body } from "./wire.ts";

// A definition (1 MiB) as JSON text inside a JSON body: escaping can nearly double it.
const BODY_MAX = 4 * 1024 * 1024;
const CONTENT_TYPE = "application/x-amz-json-1.0";
const PREFIX = "AWSStepFunctions.";

async function readBody(req: Request): Promise<Uint8Array> {
  const tooLarge = () => new AwsError(413, "ValidationException", `The request body is larger than ${BODY_MAX} bytes.`);
  if (Number(req.headers.get("content-length") ?? 0) > BODY_MAX) throw tooLarge();
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > BODY_MAX) throw tooLarge();
  return bytes;
}

function parseBody(bytes: Uint8Array): Body {
  if (bytes.byteLength === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch (e) {
    throw new AwsError(400, "SerializationException", `The request body is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new AwsError(400, "SerializationException", "The request body must be a JSON object.");
  return v as Body;
}

function reply(body: unknown, status: number, requestId: string, type?: string): Response {
  const headers: Record<string, string> = { "Content-Type": CONTENT_TYPE, "x-amzn-RequestId": requestId };
  if (type) headers["x-amzn-ErrorType"] = type;
  return new Response(JSON.stringify(body), { status, headers });
}

export async function awsProtocol(c: Context<{ Bindings: Env }>): Promise<Response> {
  const requestId = crypto.randomUUID();
  try {
    const req = c.req.raw;
    const body = await readBody(req);
    const keys = accessKeys(c.env.AWS_ACCESS_KEYS);
    if (Object.keys(keys).length === 0 && req.headers.has("authorization")) {
      throw new AwsError(
        403,
        "UnrecognizedClientException",
        'No AWS access keys are configured: set the AWS_ACCESS_KEYS secret ({"<access key id>": "<secret>"}).',
      );
    }
    await verifySigV4({ method: req.method, url: req.url, headers: req.headers, body }, keys);
    const target = req.headers.get("x-amz-target") ?? "";
    if (!target.startsWith(PREFIX)) {
      throw new AwsError(400, "UnknownOperationException", `X-Amz-Target must be ${PREFIX}<Operation>, not ${JSON.stringify(target)}.`);
    }
    const info = { origin: new URL(req.url).origin, background: backgroundOf(() => c.executionCtx) };
    const out = await runOperation(c.env, target.slice(PREFIX.length), parseBody(body), info);
    return reply(out, 200, requestId);
  } catch (e) {
    const err = toAwsError(e);
    return reply({ __type: err.type, message: err.message, ...err.members }, err.status, requestId, err.type);
  }
}
