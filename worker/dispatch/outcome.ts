/**
 * What a target answered, before it is shaped for the resource kind. `raised` says the task itself
 * named the failure (a thrown error, an error body): Lambda-shaped resources turn only those into
 * Lambda's `{errorMessage, errorType}` cause; transport failures keep their own names.
 */
import type { JSONValue } from "../../shared/asl/types.ts";

export type Failure = { ok: false; raised: boolean; error: string; cause: string; status?: number; trace?: JSONValue };
export type Outcome = { ok: true; value: JSONValue } | Failure;

/** AWS keeps at most 32,768 characters of a cause. */
const MAX_CAUSE = 32768;

export const clip = (s: string): string => (s.length > MAX_CAUSE ? s.slice(0, MAX_CAUSE) : s);

export function failed(error: string, cause: string, raised = false, status?: number): Failure {
  return { ok: false, raised, error, cause: clip(cause), status };
}

const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));

/**
 * A thrown value as a failure: an Error's `name` (or a Lambda-style `errorType`) names it, its
 * message is the cause; a thrown `{errorType|error, errorMessage|message|cause}` object likewise.
 */
export function fromThrown(e: unknown): Failure {
  if (typeof e === "object" && e !== null) {
    const o = e as Record<string, unknown>;
    const name = typeof o.errorType === "string" ? o.errorType : typeof o.error === "string" ? o.error : o.name;
    const message = o.errorMessage ?? o.message ?? o.cause;
    return { ...failed(typeof name === "string" && name ? name : "Error", text(message), true), trace: trace(o) };
  }
  return failed("Error", text(e), true);
}

/** A body such as `{errorType, errorMessage}` or `{error, message}`: its name, or null when it names none. */
export function namedError(body: unknown): { error: string; cause: string } | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const o = body as Record<string, unknown>;
  const error = typeof o.errorType === "string" ? o.errorType : typeof o.error === "string" ? o.error : null;
  if (!error) return null;
  return { error, cause: text(o.errorMessage ?? o.message ?? o.cause) };
}

const LAMBDA_ERROR_KEYS = new Set(["errorType", "errorMessage", "stackTrace", "trace", "requestId"]);

/**
 * A *returned* value that is a Lambda error payload and nothing else (`{errorType, errorMessage}`,
 * optionally a stack trace): a worker may return its failure instead of throwing it.
 */
export function isReturnedError(v: unknown): boolean {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return typeof (v as { errorType?: unknown }).errorType === "string" && keys.every((k) => LAMBDA_ERROR_KEYS.has(k));
}

function trace(o: Record<string, unknown>): JSONValue | undefined {
  const t = o.stackTrace ?? o.trace;
  return Array.isArray(t) ? (t as JSONValue) : undefined;
}
