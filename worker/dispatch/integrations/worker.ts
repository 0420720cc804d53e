/**
 * `worker:<BINDING>[/<method>]`: another worker through a service binding. RPC first:
 * `env[BINDING][method](input, {idempotencyKey, executionArn, stateName, token})`, default method
 * `run`. A binding that only speaks fetch (no such RPC method) gets `POST https://<binding>/<method>`.
 */
import type { Resource } from "../../../shared/asl/index.ts";
import type { JSONValue } from "../../../shared/asl/types.ts";
import type { TaskCall } from "../../execution/contract.ts";
import { postTask } from "../http-post.ts";
import { failed, fromThrown, isReturnedError, type Outcome } from "../outcome.ts";
import type { Integration } from "../types.ts";

export const DEFAULT_METHOD = "run";

// a binding that only speaks fetch is handed a Request, as a Fetcher takes one
type Binding = Record<string, unknown> & { fetch?: (request: Request) => Promise<Response> };
type Method = (input: JSONValue, ctx: TaskContext) => Promise<unknown>;

/** What the called method gets beside its input. */
export interface TaskContext {
  idempotencyKey: string;
  executionArn: string;
  stateName: string;
  token?: string;
  /** With a token: URLs that answer it (success, failure, heartbeat, approve, reject), no credentials needed. */
  callbackUrls?: TaskCall["callbackUrls"];
}

const METHOD = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Names a Workers RPC stub or the platform gives a meaning of their own.
const RESERVED = new Set(["fetch", "connect", "constructor", "then", "dup", "queue", "scheduled", "tail"]);

type WorkerResource = Extract<Resource, { kind: "worker" }>;

/** Why the method part of `worker:<BINDING>/<method>` cannot be called, or null. */
function methodProblem(r: WorkerResource): string | null {
  if (r.method === undefined) return null;
  if (!METHOD.test(r.method)) return `'${r.text}': '${r.method}' is not a method name`;
  if (RESERVED.has(r.method)) return `'${r.text}': '${r.method}' cannot be called as a task`;
  return null;
}

/** Why `worker:...` cannot run with these bindings, or null. */
export function workerProblem(env: object, r: WorkerResource): string | null {
  return methodProblem(r) ?? bindingProblem(env, r.binding);
}

export const worker: Integration = {
  keys: ["worker"],
  problem: ({ env }, r) => workerProblem(env, r as WorkerResource),
  async run({ env }, call, r, signal) {
    const w = r as WorkerResource;
    const problem = methodProblem(w);
    if (problem) return { error: "States.Runtime", cause: problem };
    const out = await callWorker(env, w.binding, w.method, call, signal);
    return out.ok ? { output: out.value } : { error: out.error, cause: out.cause };
  },
};

function bindingOf(env: object, name: string): Binding | null {
  const b = (env as Record<string, unknown>)[name];
  return (typeof b === "object" || typeof b === "function") && b !== null ? (b as Binding) : null;
}

function bindingProblem(env: object, name: string): string | null {
  const b = bindingOf(env, name);
  if (!b) return `No service binding '${name}' (add it to [[services]] in wrangler.toml)`;
  if (typeof b.fetch !== "function") return `Binding '${name}' is not a service binding`;
  return null;
}

export async function callWorker(
  env: object,
  name: string,
  method: string | undefined,
  call: TaskCall,
  signal?: AbortSignal,
): Promise<Outcome> {
  const b = bindingOf(env, name);
  if (!b) return failed("States.TaskFailed", `No service binding '${name}'`);
  const m = method ?? DEFAULT_METHOD;
  const viaFetch = () => postTask((u, init) => b.fetch!(new Request(u, init)), `https://${name}/${method ?? ""}`, call, signal);
  // A plain fetcher (a test double, an old-style binding) has no method at all.
  if (typeof b[m] !== "function")
    return typeof b.fetch === "function" ? viaFetch() : failed("States.TaskFailed", `Binding '${name}' has no method '${m}'`);
  const ctx: TaskContext = { idempotencyKey: call.idempotencyKey, executionArn: call.executionArn, stateName: call.stateName };
  if (call.token !== undefined) ctx.token = call.token;
  if (call.callbackUrls !== undefined) ctx.callbackUrls = call.callbackUrls;
  try {
    // A method call, not `.call(b, ...)`: on an RPC stub `.call` would be a remote property of its own.
    const value = (await abortable((b as Record<string, Method>)[m](call.input, ctx), signal)) as JSONValue;
    if (isReturnedError(value)) return fromThrown(value);
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    // An RPC stub has every method name; the far side says when it has no such method, or no RPC at all.
    if (notImplemented(e) && typeof b.fetch === "function") return viaFetch();
    if (signal?.aborted) return failed("States.TaskFailed", "The task was cancelled");
    return fromThrown(e);
  }
}

function notImplemented(e: unknown): boolean {
  if (!(e instanceof TypeError)) return false;
  return /RPC receiver does not implement|does not support RPC|subclass of `?WorkerEntrypoint`? for RPC|does not export an RPC/.test(
    e.message,
  );
}

function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
