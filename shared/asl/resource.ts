/**
 * A Task's `Resource`, parsed once into what every layer needs: the validator (is it an ARN AWS would
 * accept), the compiler (its integration pattern), history (which event family and what it names) and
 * the worker's dispatch table (which dispatcher runs it, on which binding). Nothing else splits
 * resource strings.
 *
 *   arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]   kind "lambda"
 *   arn:<partition>:states:<region>:<account>:activity:<name>               kind "activity"
 *   arn:<partition>:states:::<service>:<action>[<suffix>]                   kind "aws"  (an optimized integration)
 *   arn:<partition>:states:::aws-sdk:<service>:<action>[<suffix>]           kind "aws"  (sdk: true)
 *   worker:<BINDING>[/<method>][<suffix>]                                   kind "worker" (another worker, by binding)
 *   http://... | https://...[<suffix>]                                      kind "url"
 *   <type>:<BINDING>:<operation>[<suffix>]  (queue:, kv:, r2:, d1:)          kind "binding"
 *
 * `<suffix>` is the integration pattern: `.sync`, `.sync:2` or `.waitForTaskToken`. Anything else is
 * kind "unknown": the validator refuses an unknown `arn:`, and the host decides about other names.
 */

export type Pattern = "request-response" | "sync" | "sync2" | "waitForTaskToken";

interface Common {
  /** As written in the definition. */
  text: string;
  /** The text without its pattern suffix. */
  base: string;
  pattern: Pattern;
  /**
   * What a dispatcher registers for (see worker/dispatch/table.ts): `lambda`, `activity`,
   * `aws:<service>:<action>`, `aws-sdk:<service>:<action>`, `worker`, `url`, `<binding type>:<operation>`;
   * "" for an unknown resource.
   */
  key: string;
  /** From an ARN; "" when it has none (or leaves it empty, as integration ARNs do). */
  region: string;
  account: string;
}

export type Resource = Common &
  (
    | { kind: "lambda"; partition: string; function: string }
    | { kind: "activity"; partition: string; activity: string }
    | { kind: "aws"; partition: string; service: string; action: string; sdk: boolean }
    | { kind: "worker"; binding: string; method: string | undefined }
    | { kind: "url"; url: string }
    | { kind: "binding"; type: string; binding: string; operation: string }
    | { kind: "unknown" }
  );

export type ResourceKind = Resource["kind"];

const SUFFIXES: [string, Pattern][] = [
  [".sync:2", "sync2"],
  [".sync", "sync"],
  [".waitForTaskToken", "waitForTaskToken"],
];

// `<type>:<BINDING>:<operation>`: any lowercase type parses; the dispatch table says which types exist
// (queue, kv, r2, d1 today), so a new kind of binding needs no change here.
const BINDING_TYPE = /^[a-z][a-z0-9-]*$/;

const CACHE = new Map<string, Resource>();
const CACHE_MAX = 10_000;

/** Parse a Resource string (cached: the same string always gives the same object; treat it as read-only). */
export function parseResource(text: string): Resource {
  let parsed = CACHE.get(text);
  if (!parsed) {
    parsed = parse(text);
    if (CACHE.size < CACHE_MAX) CACHE.set(text, parsed);
  }
  return parsed;
}

function splitPattern(text: string): [string, Pattern] {
  for (const [suffix, pattern] of SUFFIXES) if (text.endsWith(suffix)) return [text.slice(0, -suffix.length), pattern];
  return [text, "request-response"];
}

function parse(text: string): Resource {
  if (text.startsWith("arn:")) return parseArn(text);
  const [base, pattern] = splitPattern(text);
  const common = { text, base, pattern, region: "", account: "" };
  if (base.startsWith("worker:")) {
    const rest = base.slice("worker:".length);
    const slash = rest.indexOf("/");
    const binding = slash < 0 ? rest : rest.slice(0, slash);
    const method = slash < 0 ? undefined : rest.slice(slash + 1);
    return { ...common, kind: "worker", key: "worker", binding, method };
  }
  if (base.startsWith("https://") || base.startsWith("http://")) return { ...common, kind: "url", key: "url", url: base };
  const parts = base.split(":");
  if (parts.length === 3 && BINDING_TYPE.test(parts[0])) {
    const [type, binding, operation] = parts;
    return { ...common, kind: "binding", key: `${type}:${operation}`, type, binding, operation };
  }
  return { ...common, kind: "unknown", key: "" };
}

/** `arn:<partition>:<service>:<region>:<account>:<rest>`. */
function parseArn(text: string): Resource {
  const parts = text.split(":");
  const unknown: Resource = { text, base: text, pattern: "request-response", key: "", region: "", account: "", kind: "unknown" };
  if (parts.length < 6) return unknown;
  const [, partition, service, region, account] = parts;
  const rest = parts.slice(5).join(":");
  if (service === "lambda" && rest.startsWith("function:")) {
    return { ...unknown, kind: "lambda", key: "lambda", region, account, partition, function: rest.slice("function:".length) };
  }
  if (service !== "states") return unknown;
  // An activity's name may end like a suffix: activities have no integration pattern.
  if (rest.startsWith("activity:")) {
    return { ...unknown, kind: "activity", key: "activity", region, account, partition, activity: rest.slice("activity:".length) };
  }
  const [base, pattern] = splitPattern(text);
  const integration = base.split(":").slice(5).join(":");
  const sdk = integration.startsWith("aws-sdk:");
  const segments = (sdk ? integration.slice("aws-sdk:".length) : integration).split(":");
  if (segments.length !== 2 || segments[0] === "" || segments[1] === "") return { ...unknown, region, account };
  const [awsService, action] = segments;
  const key = `${sdk ? "aws-sdk" : "aws"}:${awsService}:${action}`;
  return { text, base, pattern, key, region, account, kind: "aws", partition, service: awsService, action, sdk };
}

/** How a Task's resource shows in history: which event family and what it names. */
export interface ResourceInfo {
  family: "LambdaFunction" | "Activity" | "Task";
  resourceType: string;
  resource: string;
  region: string;
}

const INFO_CACHE = new Map<string, ResourceInfo>();
/** The resource asked last, and its info. */
let lastText: string | undefined;
let lastInfo: ResourceInfo | undefined;

/**
 * AWS's history fields for a resource: a Lambda function ARN and an activity have event families of
 * their own; an integration is a `Task` whose resourceType is the service (`lambda`, `sqs`, `aws-sdk`)
 * and whose resource is the rest (`invoke.waitForTaskToken`, `s3:getObject`); other resources are
 * named likewise by their first `:` (`worker`, `kv`, `https`).
 */
export function resourceInfo(text: string): ResourceInfo {
  // the last one asked first: a Map's iterations ask for the same resource a thousand times in a row
  if (text === lastText && lastInfo !== undefined) return lastInfo;
  let info = INFO_CACHE.get(text);
  if (!info) {
    info = historyInfo(parseResource(text));
    if (INFO_CACHE.size < CACHE_MAX) INFO_CACHE.set(text, info);
  }
  lastText = text;
  lastInfo = info;
  return info;
}

function historyInfo(r: Resource): ResourceInfo {
  switch (r.kind) {
    case "lambda":
      return { family: "LambdaFunction", resourceType: "lambda", resource: r.text, region: r.region };
    case "activity":
      return { family: "Activity", resourceType: "activity", resource: r.text, region: r.region };
    case "aws": {
      const rest = r.text.split(":").slice(5).join(":");
      const colon = rest.indexOf(":");
      return { family: "Task", resourceType: rest.slice(0, colon), resource: rest.slice(colon + 1), region: r.region || "us-east-1" };
    }
    default: {
      const colon = r.text.indexOf(":");
      return {
        family: "Task",
        resourceType: colon > 0 ? r.text.slice(0, colon) : "worker",
        resource: colon > 0 ? r.text.slice(colon + 1) : r.text,
        region: "local",
      };
    }
  }
}
