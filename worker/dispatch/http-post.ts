/**
 * A task over HTTP: POST the input as JSON with the idempotency key, read the answer. Used for URLs
 * and for service bindings that only speak fetch. A 2xx body is the result (JSON, else its text);
 * any other status is a failure named by its JSON body, else `States.Http.StatusCode.<code>`.
 */
import type { JSONValue } from "../../shared/asl/types.ts";
import type { TaskCall } from "../execution/contract.ts";
import { clip, failed, namedError, type Outcome } from "./outcome.ts";

/** fetch's own signature: a URL and its init, so that no Request object is made (one costs a few µs in workerd). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export async function postTask(fetcher: FetchLike, url: string, call: TaskCall, signal?: AbortSignal): Promise<Outcome> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json",
    "Idempotency-Key": call.idempotencyKey,
    "X-Execution-Arn": call.executionArn,
    "X-State-Name": encodeURIComponent(call.stateName),
  };
  if (call.token !== undefined) headers["X-Task-Token"] = call.token;
  // The token's callback URLs share this base: <base>/success, /failure, /heartbeat, /approve, /reject.
  if (call.callbackUrls !== undefined) headers["X-Task-Callback-Url"] = call.callbackUrls.success.replace(/\/success$/, "");
  let res: Response;
  try {
    const init: RequestInit = { method: "POST", headers, body: JSON.stringify(call.input) };
    if (signal !== undefined) init.signal = signal;
    res = await fetcher(url, init);
  } catch (e) {
    return failed("States.TaskFailed", `Request to ${url} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  let body: string;
  try {
    body = await res.text();
  } catch (e) {
    return failed("States.TaskFailed", `Reading the response of ${url} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parse(body);
  if (res.ok) return { ok: true, value: parsed === undefined ? body : parsed };
  const named = namedError(parsed);
  if (named) return failed(named.error, named.cause, true, res.status);
  return failed(`States.Http.StatusCode.${res.status}`, clip(body), false, res.status);
}

/** The JSON value of a body; null for an empty body; undefined when it is not JSON. */
function parse(body: string): JSONValue | undefined {
  try {
    return JSON.parse(body) as JSONValue;
  } catch {
    // only then look for an empty (or all-whitespace) body: a JSON answer is not copied by trim()
    return body.trim() === "" ? null : undefined;
  }
}
