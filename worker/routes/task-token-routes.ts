/**
 * Answering a task token. `/tasks/*` is the API (bearer token, AWS's SendTask* bodies); `/callback/<token>/*`
 * is for webhooks and emailed links: GET or POST, authenticated by the (signed) token alone.
 */
import { Hono, type Context } from "hono";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { jsonBody, readText } from "./body.ts";
import { failureOf, outputOf, sendTaskResult, type TaskAnswer } from "../service/task-answers.ts";

// The output is at most 256 KiB once parsed; as JSON text inside a JSON body, escaping can double it.
const BODY_MAX = 1024 * 1024;

type C = Context<{ Bindings: Env }>;

export const taskRoutes = new Hono<{ Bindings: Env }>()
  .post("/success", async (c) => {
    const b = await jsonBody(c, BODY_MAX);
    await sendTaskResult(c.env, b.taskToken, { output: outputOf(b.output, typeof b.output === "string") });
    return c.json({});
  })
  .post("/failure", async (c) => {
    const b = await jsonBody(c, BODY_MAX);
    await sendTaskResult(c.env, b.taskToken, failureOf(b.error, b.cause));
    return c.json({});
  })
  .post("/heartbeat", async (c) => {
    const b = await jsonBody(c, BODY_MAX);
    await sendTaskResult(c.env, b.taskToken, { heartbeat: true });
    return c.json({});
  });

/** What each callback action delivers: a request's JSON body, else its query string. */
const ACTIONS: Record<string, (c: C, body: string) => TaskAnswer> = {
  success: (c, body) => ({
    output: body.trim() ? outputOf(body, true) : c.req.query("output") !== undefined ? outputOf(c.req.query("output"), true) : {},
  }),
  failure: (c, body) => {
    const b = body.trim()
      ? (JSON.parse(body) as { error?: unknown; cause?: unknown })
      : { error: c.req.query("error"), cause: c.req.query("cause") };
    return failureOf(b.error, b.cause);
  },
  heartbeat: () => ({ heartbeat: true }),
  approve: () => ({ output: { approved: true } }),
  reject: () => ({ output: { approved: false } }),
};

async function answer(c: C): Promise<Response> {
  const action = c.req.param("action") ?? "";
  const make = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!make) throw new ApiError(404, "NotFound", `No callback action '${action}': use success, failure, heartbeat, approve or reject.`);
  const body = c.req.method === "POST" ? await readText(c, BODY_MAX) : "";
  let outcome: TaskAnswer;
  try {
    outcome = make(c, body);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(400, "SerializationException", `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  await sendTaskResult(c.env, c.req.param("token"), outcome);
  return c.json({ delivered: action });
}

export const callbackRoutes = new Hono<{ Bindings: Env }>().get("/:token/:action", answer).post("/:token/:action", answer);
