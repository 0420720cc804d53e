/**
 * REST routes for Express workflows: sync executions and HTTP triggers under /state-machines (the
 * bearer token, as every management route), and the triggered routes themselves under /run.
 */
import { Hono, type Context } from "hono";
import type { JSONValue } from "../../shared/asl/index.ts";
import { requireToken } from "../auth.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { expressExecutionArn, runStoredExpress } from "../express/execute.ts";
import { shapeResponse } from "../express/response.ts";
import { checkTrigger, deleteTrigger, getTrigger, matchTrigger, putTrigger, type Trigger } from "../express/triggers.ts";
import { jsonBody, readText } from "./body.ts";
import { checkInput } from "./service/executions.ts";
import { expressMachine, startSyncExecution } from "./service/express.ts";
import { checkName } from "./service/names.ts";

const START_BODY_MAX = 1024 * 1024;
const RUN_BODY_MAX = 256 * 1024;

const noTrigger = (name: string) => new ApiError(404, "ResourceNotFound", `The state machine ${name} has no trigger.`);

const describe = (c: Context<{ Bindings: Env }>, t: Trigger) => ({ ...t, url: `${new URL(c.req.url).origin}/run${t.path}` });

export const expressMachineRoutes = new Hono<{ Bindings: Env }>()
  .post("/:name/sync-executions", async (c) => {
    const body = await jsonBody(c, START_BODY_MAX);
    const input = body.input === undefined ? undefined : JSON.stringify(body.input);
    const name = checkName("state machine", c.req.param("name"));
    // HTTP 200 whatever the status, as AWS answers StartSyncExecution.
    return c.json(await startSyncExecution(c.env, { stateMachineArn: name, name: body.name, input, traceHeader: body.traceHeader }));
  })
  .put("/:name/trigger", async (c) => {
    const body = await jsonBody(c, 4096);
    const sm = await expressMachine(c.env, checkName("state machine", c.req.param("name")));
    const t = await putTrigger(c.env.DB, checkTrigger(sm.name, body));
    return c.json(describe(c, t));
  })
  .get("/:name/trigger", async (c) => {
    const name = checkName("state machine", c.req.param("name"));
    const t = await getTrigger(c.env.DB, name);
    if (!t) throw noTrigger(name);
    return c.json(describe(c, t));
  })
  .delete("/:name/trigger", async (c) => {
    const name = checkName("state machine", c.req.param("name"));
    if (!(await deleteTrigger(c.env.DB, name))) throw noTrigger(name);
    return c.json({});
  });

/** The request as the execution's input: body (JSON when it parses as JSON, else text, else null), query, params, headers, method, path. */
async function triggerInput(c: Context<{ Bindings: Env }>, path: string, params: Record<string, string>): Promise<string> {
  const text = await readText(c, RUN_BODY_MAX);
  let body: JSONValue = null;
  if (text !== "") {
    const json = /json/i.test(c.req.header("Content-Type") ?? "");
    try {
      body = JSON.parse(text) as JSONValue;
    } catch (e) {
      if (json) throw new ApiError(400, "SerializationException", `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      body = text;
    }
  }
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((v, k) => {
    if (k !== "authorization") headers[k] = v;
  });
  return checkInput(JSON.stringify({ body, query: c.req.query(), params, headers, method: c.req.method, path }));
}

export const runRoutes = new Hono<{ Bindings: Env }>().all("/*", async (c) => {
  const path = c.req.path.slice("/run".length) || "/";
  const found = await matchTrigger(c.env.DB, c.req.method, path);
  if (!found) throw new ApiError(404, "NotFound", `No trigger for ${c.req.method} /run${path}`);
  if (found.trigger.auth === "token") await requireToken(c, async () => {});
  const input = await triggerInput(c, path, found.params);
  const sm = await expressMachine(c.env, found.trigger.stateMachine);
  const name = crypto.randomUUID();
  const arn = expressExecutionArn(c.env, sm.name, name);
  const r = await runStoredExpress(c.env, sm, arn, name, input, true);
  return shapeResponse(r, arn);
});
