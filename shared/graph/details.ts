/**
 * A node's second line and its retry lines: what a state does, in the few words a box has room for.
 * Reads a state object that may be half typed; a field of the wrong type is left out, never thrown on.
 */
import { truncate } from "./conditions.ts";

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** ` (wait for token)` / ` (sync)` for an integration pattern suffix; the rest of the resource without it. */
function pattern(resource: string): [string, string] {
  const m = /\.(waitForTaskToken|sync(?::\d+)?)$/.exec(resource);
  if (!m) return [resource, ""];
  return [resource.slice(0, m.index), m[1] === "waitForTaskToken" ? " (wait for token)" : " (sync)"];
}

/** `arn:aws:lambda:...:function:charge:prod` → `charge:prod`; a bare name stays as it is. */
function functionName(v: string): string {
  const m = /:function:(.+)$/.exec(v);
  return m ? m[1] : v;
}

/** A Task's resource, shortened: `lambda: charge`, `sqs: sendMessage (wait for token)`, `worker: TASKS/validate`. */
export function taskDetail(state: Obj): string | undefined {
  const full = str(state.Resource);
  if (!full) return undefined;
  const [resource, suffix] = pattern(full);
  // Service integrations: arn:aws:states:::<service>:<action> (aws-sdk adds a service in between)
  const service = /^arn:[^:]+:states:[^:]*:[^:]*:(.+)$/.exec(resource);
  if (service) {
    const parts = service[1].split(":");
    if (parts[0] === "activity") return `activity: ${parts.slice(1).join(":")}${suffix}`;
    if (parts[0] === "lambda" && parts[1] === "invoke") {
      const args = isObject(state.Parameters) ? state.Parameters : isObject(state.Arguments) ? state.Arguments : {};
      const fn = str(args.FunctionName);
      // A FunctionName computed at run time (FunctionName.$, JSONata) has no name to show
      if (fn && !fn.startsWith("{%")) return `lambda: ${functionName(fn)}${suffix}`;
    }
    if (parts[0] === "aws-sdk" && parts.length >= 3) return `${parts[1]}: ${parts.slice(2).join(":")}${suffix}`;
    if (parts.length >= 2) return `${parts[0]}: ${parts.slice(1).join(":")}${suffix}`;
    return parts[0] + suffix;
  }
  const lambda = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:(.+)$/.exec(resource);
  if (lambda) return `lambda: ${lambda[1]}${suffix}`;
  if (!resource.startsWith("arn:")) {
    // The project's own bindings and the like: worker:TASKS/validate
    const colon = resource.indexOf(":");
    if (colon > 0) return `${resource.slice(0, colon)}: ${resource.slice(colon + 1)}${suffix}`;
    return resource + suffix;
  }
  const last = resource
    .split(/[:/]/)
    .filter((p) => p !== "")
    .pop();
  return (last ?? resource) + suffix;
}

/** `10 s`, `Until 2026-01-01T00:00:00Z`, `SecondsPath $.delay`, `Until $.at`, or a JSONata expression as written. */
export function waitDetail(state: Obj): string | undefined {
  const { Seconds, Timestamp, SecondsPath, TimestampPath } = state;
  if (typeof Seconds === "number") return `${Seconds} s`;
  if (typeof Seconds === "string") return Seconds.startsWith("{%") ? Seconds : `${Seconds} s`;
  if (typeof Timestamp === "string") return Timestamp.startsWith("{%") ? Timestamp : `Until ${Timestamp}`;
  if (typeof SecondsPath === "string") return `SecondsPath ${SecondsPath}`;
  if (typeof TimestampPath === "string") return `Until ${TimestampPath}`;
  return undefined;
}

/** A Fail's error: `Error` as written, or `ErrorPath` when the error is read at run time. */
export function failDetail(state: Obj): string | undefined {
  return str(state.Error) ?? (str(state.ErrorPath) ? `ErrorPath ${state.ErrorPath}` : undefined);
}

/** `MaxConcurrency 5` when the Map limits its concurrency (0 is no limit). */
export function mapDetail(state: Obj): string | undefined {
  const n = state.MaxConcurrency;
  if ((typeof n === "number" && n > 0) || typeof n === "string") return `MaxConcurrency ${n}`;
  if (typeof state.MaxConcurrencyPath === "string") return `MaxConcurrency ${state.MaxConcurrencyPath}`;
  return undefined;
}

/** A number or a JSONata expression as written; anything else as the ASL default. */
const num = (v: unknown, fallback: number): string => (typeof v === "number" || typeof v === "string" ? String(v) : String(fallback));

/** One line per retrier: `States.TaskFailed: 3× from 2 s, ×2` (ASL defaults: 3 attempts, 1 s, ×2). */
export function retryLines(retry: unknown): string[] {
  if (!Array.isArray(retry)) return [];
  return retry.filter(isObject).map((r) => {
    const list = Array.isArray(r.ErrorEquals) ? r.ErrorEquals.filter((e) => typeof e === "string") : [];
    // A long list keeps its first error and a count, so the numbers (what a retrier does) stay in view
    const joined = list.join(", ");
    const errors = joined.length > 30 && list.length > 1 ? `${list[0]} +${list.length - 1}` : truncate(joined, 40);
    let line = `${errors || "?"}: ${num(r.MaxAttempts, 3)}× from ${num(r.IntervalSeconds, 1)} s, ×${num(r.BackoffRate, 2)}`;
    if (typeof r.MaxDelaySeconds === "number") line += `, max ${r.MaxDelaySeconds} s`;
    if (r.JitterStrategy === "FULL") line += ", jitter";
    return line;
  });
}
