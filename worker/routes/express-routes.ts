/**
 * REST routes for Express workflows under /state-machines (the bearer token, as every management
 * route): synchronous executions, and the machine's HTTP trigger (served by ./run-routes.ts).
 */
import { Hono, type Context } from "hono";
import type { JSONValue } from "../../shared/asl/index.ts";
import type { Env } from "../env.ts";
import { startSyncExecution } from "../service/express.ts";
import { backgroundOf } from "../service/express-records.ts";
import { inputText } from "../service/input.ts";
import { checkName, machineRef } from "../service/names.ts";
import { deleteTrigger, getTrigger, putTrigger, type Trigger } from "../service/triggers.ts";
import { jsonBody } from "./body.ts";

const START_BODY_MAX = 1024 * 1024;

const describe = (c: Context<{ Bindings: Env }>, t: Trigger) => ({ ...t, url: `${new URL(c.req.url).origin}/run${t.path}` });

export const expressMachineRoutes = new Hono<{ Bindings: Env }>()
  .post("/:name/sync-executions", async (c) => {
    const body = await jsonBody(c, START_BODY_MAX);
    // `name`, or `name:<version>` / `name:<alias>` to run a version (an alias routes each start)
    const name = c.req.param("name");
    machineRef(c.env, name);
    // The input as a JSON value here: checked and serialised once, and the run starts from the value itself.
    const checked = body.input === undefined ? undefined : { text: inputText(body.input), value: body.input as JSONValue };
    // HTTP 200 whatever the status, as AWS answers StartSyncExecution.
    const req = { stateMachineArn: name, name: body.name, checked, traceHeader: body.traceHeader };
    // The execution's record is written after the answer (the request's waitUntil).
    return c.json(
      await startSyncExecution(
        c.env,
        req,
        backgroundOf(() => c.executionCtx),
      ),
    );
  })
  .put("/:name/trigger", async (c) => c.json(describe(c, await putTrigger(c.env, c.req.param("name"), await jsonBody(c, 4096)))))
  .get("/:name/trigger", async (c) => c.json(describe(c, await getTrigger(c.env, c.req.param("name")))))
  .delete("/:name/trigger", async (c) => {
    await deleteTrigger(c.env, c.req.param("name"));
    return c.json({});
  });
