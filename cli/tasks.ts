/**
 * Who answers a Task in `asl run` and `asl test`: a mocked response of the test case first, then a
 * handler of the `--handlers` module (by state name, then by resource), then, for an http(s) Resource,
 * a POST to it as the worker does (worker/dispatch/http-post.ts: the same headers and answers).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseResource, type TaskHandler, type TaskOutcome } from "../shared/asl/index.ts";
import type { JSONValue } from "../shared/asl/types.ts";
import type { TaskInfo } from "../shared/asl/runner.ts";
import { UsageError } from "./errors.ts";
import type { MockAnswer } from "./mock-config.ts";

export type Handlers = Record<string, TaskHandler>;

let loads = 0;

/** A module's handlers: its default export's functions (an object keyed by state or resource) and its named function exports. */
export async function loadHandlers(path: string): Promise<Handlers> {
  let mod: Record<string, unknown>;
  try {
    // A query string per load: `asl run --watch` re-imports a changed module, not the cached one.
    mod = (await import(`${pathToFileURL(resolve(path)).href}?load=${++loads}`)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`${path}: cannot load the handlers module (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`);
  }
  const out: Handlers = {};
  const def = mod.default;
  if (def && typeof def === "object") for (const [k, v] of Object.entries(def)) if (typeof v === "function") out[k] = v as TaskHandler;
  for (const [k, v] of Object.entries(mod)) if (k !== "default" && typeof v === "function") out[k] = v as TaskHandler;
  if (!Object.keys(out).length) throw new UsageError(`${path}: the module exports no handler functions (by state name or resource)`);
  return out;
}

function thrown(e: unknown): TaskOutcome {
  if (e && typeof e === "object") {
    const o = e as Record<string, unknown>;
    const error =
      typeof o.errorType === "string" ? o.errorType : typeof o.error === "string" ? o.error : typeof o.name === "string" ? o.name : "Error";
    const cause = o.errorMessage ?? o.message ?? o.cause;
    return { error, cause: typeof cause === "string" ? cause : cause === undefined ? "" : JSON.stringify(cause) };
  }
  return { error: "Error", cause: String(e) };
}

/** POST the input to a URL; a 2xx body is the result, another status a failure named by its body. */
export async function postTask(url: string, task: TaskInfo, executionArn: string): Promise<TaskOutcome> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json",
    "Idempotency-Key": `${executionArn}#${task.id}#${task.attempt}`,
    "X-Execution-Arn": executionArn,
    "X-State-Name": encodeURIComponent(task.stateName),
  };
  if (task.token !== undefined) headers["X-Task-Token"] = task.token;
  let res: Response;
  let body: string;
  try {
    res = await fetch(url, { method: "POST", headers, body: JSON.stringify(task.input) });
    body = await res.text();
  } catch (e) {
    return { error: "States.TaskFailed", cause: `Request to ${url} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  let parsed: JSONValue | undefined;
  try {
    parsed = body.trim() === "" ? null : (JSON.parse(body) as JSONValue);
  } catch {
    parsed = undefined;
  }
  if (res.ok) return { output: parsed === undefined ? body : parsed };
  const named = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? thrown(parsed) : undefined;
  if (
    named &&
    (typeof (parsed as Record<string, unknown>).errorType === "string" || typeof (parsed as Record<string, unknown>).error === "string")
  )
    return named;
  return { error: `States.Http.StatusCode.${res.status}`, cause: body.slice(0, 32768) };
}

export interface Answerers {
  mock?: (state: string) => MockAnswer | undefined;
  handlers?: Handlers;
  executionArn: string;
}

/** The run's resolveTask: mock, handler, URL, else a named failure saying what is missing. */
export function taskResolver(a: Answerers): (task: TaskInfo) => TaskOutcome | Promise<TaskOutcome> {
  return (task) => {
    const mocked = a.mock?.(task.stateName);
    if (mocked) return mocked;
    const handler = a.handlers?.[task.stateName] ?? a.handlers?.[task.resource];
    if (handler)
      return Promise.resolve()
        .then(() => handler(task.input, task))
        .then((output): TaskOutcome => ({ output: output === undefined ? null : output }), thrown);
    const parsed = parseResource(task.resource);
    if (parsed.kind === "url") return postTask(parsed.url, task, a.executionArn);
    return {
      error: "States.TaskFailed",
      cause: `No mock, handler or HTTP endpoint answers the state '${task.stateName}' (resource '${task.resource}')`,
    };
  };
}
