/**
 * `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>`: AWS's JSON 1.0 protocol, signed with
 * Signature Version 4, so the AWS SDKs and CLI work with `--endpoint-url`. The Host may be anything
 * (the SDKs prepend `sync-` for StartSyncExecution and TestState): routing is by path and target.
 */
import type { Context } from "hono";
import type { Env } from "../env.ts";
import { readCapped, utf8 } from "../read-capped.ts";
import { backgroundOf } from "../service/express-records.ts";
import { AwsError, toAwsError } from "./errors.ts";
import { runOperation } from "./operations.ts";
import { accessKeys, checkSignatureHead, verifySignedBody } from "./sigv4.ts";
import type { Body } from "./wire.ts";

/**
 * AWS's quota for a Step Functions API request is 1 MB ("Maximum request size", headers included);
 * the body alone is held to 1 MiB here. Larger is refused unread (../read-capped.ts).
 */
export const AWS_BODY_MAX = 1024 * 1024;
const CONTENT_TYPE = "application/x-amz-json-1.0";
const PREFIX = "AWSStepFunctions.";

const tooLarge = (max: number) =>
  new AwsError(
    413,
    "RequestEntityTooLargeException",
    `The request body is larger than the ${max} bytes a Step Functions request may have.`,
  );

function parseBody(bytes: Uint8Array): Body {
  if (bytes.byteLength === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(utf8(bytes, () => new Error("it is not UTF-8 text")));
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
    const keys = accessKeys(c.env.AWS_ACCESS_KEYS);
    if (Object.keys(keys).length === 0 && req.headers.has("authorization")) {
      throw new AwsError(
        403,
        "UnrecognizedClientException",
        'No AWS access keys are configured: set the AWS_ACCESS_KEYS secret ({"<access key id>": "<secret>"}).',
      );
    }
    // The operation is chosen by X-Amz-Target, so it must be signed; all of it is checked before the body is read.
    const pending = checkSignatureHead(req, keys, ["x-amz-target"]);
    const body = await readCapped(req, AWS_BODY_MAX, tooLarge);
    await verifySignedBody({ method: req.method, url: req.url, headers: req.headers, body }, pending);
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
