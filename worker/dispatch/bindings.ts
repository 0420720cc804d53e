/**
 * The vars that map AWS names onto Cloudflare bindings (README "Service integrations"):
 *
 *   SQS_QUEUES       queue name or QueueUrl        -> Queue producer binding
 *   DYNAMODB_TABLES  table name                    -> "d1:<D1 binding>:<pk>[,<sk>]", or "<KV binding>[:<key attr>[,<key attr>]]" (key: id)
 *   S3_BUCKETS       bucket name                   -> R2 bucket binding
 *   HTTP_CONNECTIONS connection ARN or its name    -> name of a secret holding the credentials (http-auth.ts)
 *   SNS_TOPICS       topic name or ARN             -> subscribers (a list; integrations/sns-topics.ts reads it)
 *
 * A TOML table arrives as an object, a `--var` or secret as JSON text; both are accepted.
 */
import { lambdaMap, type LambdaMap } from "./lambda-config.ts";

export type NameMap = LambdaMap;
export type MapVar = "SQS_QUEUES" | "DYNAMODB_TABLES" | "S3_BUCKETS" | "HTTP_CONNECTIONS";

export const mapOf = (env: object, name: MapVar): NameMap | null => lambdaMap((env as Record<string, unknown>)[name]);

export type BindingKind = "kv" | "r2" | "queue" | "d1";

const METHODS: Record<BindingKind, string[]> = {
  kv: ["get", "put", "delete", "list", "getWithMetadata"],
  r2: ["get", "put", "delete", "list", "head", "createMultipartUpload"],
  queue: ["send", "sendBatch"],
  d1: ["prepare", "batch", "exec"],
};

const WHERE: Record<BindingKind, string> = {
  kv: "[[kv_namespaces]]",
  r2: "[[r2_buckets]]",
  queue: "[[queues.producers]]",
  d1: "[[d1_databases]]",
};

/** The binding when it is of this kind, else why not. */
export function bindingOfKind<T>(env: object, name: string, kind: BindingKind): T | string {
  const b = (env as Record<string, unknown>)[name];
  if (typeof b !== "object" || b === null) return `No binding '${name}' (add it to ${WHERE[kind]} in wrangler.toml)`;
  const o = b as Record<string, unknown>;
  if (!METHODS[kind].every((m) => typeof o[m] === "function")) return `Binding '${name}' is not a ${WHERE[kind]} binding`;
  return b as T;
}

/** Why a mapping var cannot serve, or null: it must exist and each binding it names must be of the kind. */
export function mapProblem(env: object, name: MapVar, kind: BindingKind): string | null {
  const map = mapOf(env, name);
  if (!map) return `${name} is not configured (a JSON object or [vars.${name}] table: name -> binding)`;
  for (const [k, v] of Object.entries(map)) {
    const b = bindingOfKind(env, v.split(":")[0], kind);
    if (typeof b === "string") return `${name} maps '${k}': ${b}`;
  }
  return null;
}
