/**
 * Real AWS, configured: the Worker secrets AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN
 * for temporary credentials), the var AWS_REGION, and the AWS SDKs' endpoint variables AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE ID> (LocalStack, a test server). Nothing here is ever written to a result,
 * a cause or a log: only the endpoint's origin is, never a credential.
 */
import { AwsClient } from "aws4fetch";
import type { AwsService } from "./catalog.ts";

export const CREDENTIAL_VARS = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as Worker secrets, AWS_REGION as a var";

export interface AwsTarget {
  client: AwsClient;
  /** The service's endpoint, without a trailing slash. */
  endpoint: string;
  region: string;
}

const read = (env: object, name: string): string | undefined => {
  const v = (env as Record<string, unknown>)[name];
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
};

/** Both keys are set: unmapped resources go to AWS. */
export const awsConfigured = (env: object): boolean =>
  read(env, "AWS_ACCESS_KEY_ID") !== undefined && read(env, "AWS_SECRET_ACCESS_KEY") !== undefined;

/** AWS_REGION, default us-east-1 (as the ARNs this runtime makes). */
export const awsRegion = (env: object): string => read(env, "AWS_REGION") ?? "us-east-1";

/** Where a service is called: AWS_ENDPOINT_URL_<ID>, else AWS_ENDPOINT_URL, else AWS's own endpoint for the region. */
export function endpointOf(env: object, service: AwsService, region: string): string | { problem: string } {
  const configured = endpointOverride(env, service);
  if (configured !== undefined) return configured;
  if (service.global) return service.global;
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://${service.host}.${region}.${domain}`;
}

/** The endpoint variable that redirects a service (AWS_ENDPOINT_URL_<ID>, else AWS_ENDPOINT_URL), if one is set. */
export function endpointOverride(env: object, service: AwsService): string | { problem: string } | undefined {
  const name = read(env, `AWS_ENDPOINT_URL_${service.envId}`) !== undefined ? `AWS_ENDPOINT_URL_${service.envId}` : "AWS_ENDPOINT_URL";
  const configured = read(env, name);
  if (configured === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    return { problem: `${name} is not a URL: '${configured}'` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: `${name} must be an http(s) URL: '${configured}'` };
  return configured.replace(/\/+$/, "");
}

/** A signer for one service in one region (region: AWS_REGION unless an ARN names another). */
export function awsTarget(env: object, service: AwsService, region = awsRegion(env)): AwsTarget | { problem: string } {
  const accessKeyId = read(env, "AWS_ACCESS_KEY_ID");
  const secretAccessKey = read(env, "AWS_SECRET_ACCESS_KEY");
  if (!accessKeyId || !secretAccessKey) return { problem: `AWS credentials are not configured (${CREDENTIAL_VARS})` };
  if (service.global) region = "us-east-1";
  const endpoint = endpointOf(env, service, region);
  if (typeof endpoint !== "string") return endpoint;
  // retries: 0: a Task's Retry decides about retrying, as it does on AWS.
  const client = new AwsClient({
    accessKeyId,
    secretAccessKey,
    sessionToken: read(env, "AWS_SESSION_TOKEN"),
    service: service.signing,
    region,
    retries: 0,
  });
  return { client, endpoint, region };
}

/** Text with the configured credentials blotted out (AWS's signature errors quote the canonical request). */
export function redact(env: object, text: string): string {
  let out = text;
  for (const name of ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"]) {
    const v = read(env, name);
    if (v !== undefined && v.length >= 4) out = out.split(v).join("****");
  }
  return out;
}
