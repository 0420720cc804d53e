/**
 * Resource names this runtime resolves, parsed once into a target:
 *
 *   worker:<BINDING>[/<method>]                      a service binding (RPC method, default `run`; or fetch)
 *   https://... | http://...                          POST the input as JSON
 *   arn:<partition>:lambda:<region>:<acct>:function:<name>[:<qualifier>]   via LAMBDA_FUNCTIONS
 *   arn:<partition>:states:::lambda:invoke            FunctionName in the input, via LAMBDA_FUNCTIONS
 *
 * The service integrations (Queues, KV, R2, D1, http:invoke) are parsed in integrations/resources.ts.
 *
 * Each may end in `.waitForTaskToken` (the call carries the token; the execution waits for it).
 */
export type Target =
  | { kind: "worker"; binding: string; method?: string }
  | { kind: "url"; url: string }
  | { kind: "lambda"; function: string }
  | { kind: "lambda-invoke" };

export type Parsed = { target: Target } | { problem: string };

const TOKEN_SUFFIX = ".waitForTaskToken";
const BINDING = /^[A-Za-z_][A-Za-z0-9_]*$/;
const METHOD = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Names a Workers RPC stub or the platform gives a meaning of their own.
const RESERVED = new Set(["fetch", "connect", "constructor", "then", "dup", "queue", "scheduled", "tail"]);
const LAMBDA_ARN = /^arn:aws(?:-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9$_-]+)?)$/;
const LAMBDA_INVOKE = /^arn:aws(?:-[a-z]+)*:states:::lambda:invoke$/;

export function parseResource(resource: string): Parsed {
  const base = resource.endsWith(TOKEN_SUFFIX) ? resource.slice(0, -TOKEN_SUFFIX.length) : resource;
  if (base.startsWith("worker:")) return parseWorker(base.slice("worker:".length), resource);
  if (base.startsWith("https://") || base.startsWith("http://")) {
    return URL.canParse(base) ? { target: { kind: "url", url: base } } : { problem: `'${resource}' is not a valid URL` };
  }
  if (LAMBDA_INVOKE.test(base)) return { target: { kind: "lambda-invoke" } };
  const m = LAMBDA_ARN.exec(base);
  if (m) return { target: { kind: "lambda", function: m[1] } };
  if (base.endsWith(".sync") || base.endsWith(".sync:2")) {
    return { problem: `'${resource}': the .sync pattern is not supported for this resource` };
  }
  return {
    problem:
      `No dispatcher for resource '${resource}': use worker:<BINDING>[/<method>], an http(s) URL, ` +
      "a Lambda function ARN, arn:aws:states:::lambda:invoke, queue:|kv:|r2:|d1:<BINDING>:<operation>, " +
      "or an integration of README \"Service integrations\" (sqs, dynamodb, aws-sdk:s3, http:invoke)",
  };
}

function parseWorker(rest: string, resource: string): Parsed {
  const slash = rest.indexOf("/");
  const binding = slash < 0 ? rest : rest.slice(0, slash);
  const method = slash < 0 ? undefined : rest.slice(slash + 1);
  if (!BINDING.test(binding)) return { problem: `'${resource}': '${binding}' is not a binding name` };
  if (method !== undefined) {
    if (!METHOD.test(method)) return { problem: `'${resource}': '${method}' is not a method name` };
    if (RESERVED.has(method)) return { problem: `'${resource}': '${method}' cannot be called as a task` };
  }
  return { target: { kind: "worker", binding, method } };
}
