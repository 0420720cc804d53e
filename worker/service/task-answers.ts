/**
 * Answering a task: SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat, shared by the REST routes,
 * the callback URLs, the AWS protocol and child executions telling their parent (given to the execution
 * object as `answerParent`); and an activity worker taking a task (given to the activity queue). The
 * token is checked (signature) before any Durable Object is asked.
 */
import { MAX_PAYLOAD_BYTES, type JSONValue } from "../../shared/asl/index.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import type { CallbackUrls, TaskAnswer } from "../execution/contract.ts";
import { executionOfToken, tokenKey, verifyTaskToken } from "../execution/token-signing.ts";
import { executionObject } from "./stubs.ts";

export type { TaskAnswer };

const MAX_TOKEN = 4096;

/** Delivers an answer to the task waiting on `token`; throws ApiError 400 InvalidToken, TaskDoesNotExist or TaskTimedOut. */
export async function sendTaskResult(env: Env, token: unknown, outcome: TaskAnswer): Promise<void> {
  if (typeof token !== "string" || token === "") throw new ApiError(400, "ValidationException", "taskToken (a string) is required.");
  const named = token.length <= MAX_TOKEN ? await verifyTaskToken(tokenKey(env), token) : null;
  if (!named) throw new ApiError(400, "InvalidToken", "The task token is not one this runtime made (garbled, cut short or forged).");
  const answered = await executionObject(env, named.executionArn).answerTask(token, outcome);
  if (answered === "ok") return;
  if (answered === "timed-out")
    throw new ApiError(
      400,
      "TaskTimedOut",
      "The task of this token timed out (TimeoutSeconds or HeartbeatSeconds) before the answer came.",
    );
  const why =
    answered === "answered" ? "it was already answered; this repeat changed nothing" : "no task of a running execution waits on it";
  throw new ApiError(400, "TaskDoesNotExist", `Task does not exist for this token: ${why}.`);
}

/** SendTaskSuccess's output: a JSON value, or JSON text (as AWS takes it); at most 256 KiB. */
export function outputOf(v: unknown, text: boolean): JSONValue {
  let value = v as JSONValue;
  if (text) {
    if (typeof v !== "string") throw new ApiError(400, "InvalidOutput", "output must be JSON text.");
    try {
      value = JSON.parse(v) as JSONValue;
    } catch (e) {
      throw new ApiError(400, "InvalidOutput", `output is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (value === undefined) throw new ApiError(400, "InvalidOutput", "output is required (any JSON value).");
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > MAX_PAYLOAD_BYTES)
    throw new ApiError(400, "InvalidOutput", `output is ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} (256 KiB) are allowed.`);
  return value;
}

/** SendTaskFailure's error (≤256) and cause (≤32768), both optional. */
export function failureOf(error: unknown, cause: unknown): { error: string | null; cause: string | null } {
  for (const [name, v, max] of [
    ["error", error, 256],
    ["cause", cause, 32768],
  ] as const) {
    if (v !== undefined && v !== null && (typeof v !== "string" || v.length > max))
      throw new ApiError(400, "ValidationException", `${name} must be a string of at most ${max} characters.`);
  }
  return { error: (error as string | undefined) ?? null, cause: (cause as string | undefined) ?? null };
}

/** Where this worker is reached from outside (PUBLIC_URL), without a trailing slash. */
/**
 * Where this worker is reached from outside, without a trailing slash: PUBLIC_URL when set (a proxy in
 * front, a custom domain), else the origin the execution was started through, else the local default.
 */
export const publicUrl = (env: { PUBLIC_URL?: string }, startedThrough?: string): string =>
  (env.PUBLIC_URL || startedThrough || "http://localhost:8787").replace(/\/+$/, "");

/** The callback URLs of a token: each answers it with a plain GET or POST, no credentials. */
export function callbackUrls(env: { PUBLIC_URL?: string }, token: string, startedThrough?: string): CallbackUrls {
  const base = `${publicUrl(env, startedThrough)}/callback/${encodeURIComponent(token)}`;
  return {
    success: `${base}/success`,
    failure: `${base}/failure`,
    heartbeat: `${base}/heartbeat`,
    approve: `${base}/approve`,
    reject: `${base}/reject`,
  };
}

/**
 * An activity worker takes the task of `token` (GetActivityTask): true when its execution still waits
 * on it (ActivityStarted is recorded, with the worker's name); false when it no longer does (stopped,
 * timed out, moved on), and the task is dropped instead of handed out. The token came from our own
 * queue, so it is not verified again.
 */
export async function takeActivityTask(env: Env, token: string, workerName: string | undefined): Promise<boolean> {
  const arn = executionOfToken(token);
  if (!arn) return false;
  try {
    const started = workerName === undefined ? { started: true as const } : { started: true as const, workerName };
    return (await executionObject(env, arn).answerTask(token, started)) === "ok";
  } catch (e) {
    // The execution could not be asked (a transient failure): hand the task out; the worker's
    // SendTask* says whether it still counts.
    console.warn(`activity: could not check the task of ${arn}: ${e instanceof Error ? e.message : String(e)}`);
    return true;
  }
}
