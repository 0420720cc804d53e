/**
 * The HTTP triggers' own routes, under /run: each runs its EXPRESS machine with the request as input
 * and answers with the execution's result (./trigger-response.ts). Each trigger says whether it needs
 * the bearer token (`auth: "token"`, the default) or is open (`"none"`).
 */
import { Hono, type Context } from "hono";
import type { JSONValue } from "../../shared/asl/index.ts";
import { requireToken } from "../auth.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { runTriggered } from "../service/express.ts";
import { inputText, type CheckedInput } from "../service/input.ts";
import { backgroundOf } from "../service/express-records.ts";
import { matchTrigger } from "../service/triggers.ts";
import { readText } from "./body.ts";
import { triggerResponse } from "./trigger-response.ts";

const RUN_BODY_MAX = 256 * 1024;

/**
 * The request as the execution's input (JSON text): `body` (JSON when it parses as JSON, else text,
 * else null), `query`, `params` (the path parameters), `headers` (without Authorization), `method`, `path`.
 */
async function triggerInput(c: Context<{ Bindings: Env }>, path: string, params: Record<string, string>): Promise<CheckedInput> {
  const text = await readText(c, RUN_BODY_MAX);
  let body: JSONValue = null;
  if (text !== "") {
    const json = /json/i.test(c.req.header("Content-Type") ?? "");
    try {
      body = JSON.parse(text) as JSONValue;
    } catch (e) {
      if (json)
        throw new ApiError(
          400,
          "SerializationException",
          `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
        );
      body = text;
    }
  }
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    if (name !== "authorization") headers[name] = value;
  });
  const value: JSONValue = { body, query: c.req.query(), params, headers, method: c.req.method, path };
  return { text: inputText(value), value };
}

export const runRoutes = new Hono<{ Bindings: Env }>().all("/*", async (c) => {
  const path = c.req.path.slice("/run".length) || "/";
  const found = await matchTrigger(c.env, c.req.method, path);
  if (!found) throw new ApiError(404, "NotFound", `No trigger for ${c.req.method} /run${path}`);
  if (found.trigger.auth === "token") await requireToken(c, async () => {});
  const input = await triggerInput(c, path, found.params);
  const { executionArn, result } = await runTriggered(
    c.env,
    found.trigger.stateMachine,
    input,
    backgroundOf(() => c.executionCtx),
  );
  return triggerResponse(result, executionArn);
});
