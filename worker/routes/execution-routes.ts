/** REST routes for executions, addressed by their (URL-encoded) ARN; the logic lives in service/. */
import { Hono } from "hono";
import type { Env } from "../env.ts";
import { jsonBody } from "./body.ts";
import * as executions from "../service/executions.ts";
import { listExecutions } from "../service/listing.ts";
import { listMapRuns } from "../service/map-runs.ts";

// error (256) and cause (32768 characters) are all a stop request carries.
const STOP_BODY_MAX = 256 * 1024;

export const executionRoutes = new Hono<{ Bindings: Env }>()
  .get("/", async (c) => c.json(await listExecutions(c.env, c.req.query())))
  .get("/:arn", async (c) => c.json(await executions.describeExecution(c.env, c.req.param("arn"))))
  .post("/:arn/stop", async (c) => {
    const body = await jsonBody(c, STOP_BODY_MAX);
    return c.json(await executions.stopExecution(c.env, c.req.param("arn"), body));
  })
  // RedriveExecution: {clientToken?}; a Standard execution that ended unsuccessfully runs again from where it failed.
  .post("/:arn/redrive", async (c) => {
    const body = await jsonBody(c, STOP_BODY_MAX);
    return c.json(await executions.redriveExecution(c.env, c.req.param("arn"), body));
  })
  // DescribeStateMachineForExecution: the definition this execution runs, not the machine's current one.
  .get("/:arn/state-machine", async (c) => c.json(await executions.stateMachineForExecution(c.env, c.req.param("arn"))))
  .get("/:arn/waiting-tasks", async (c) => c.json(await executions.waitingTasks(c.env, c.req.param("arn"))))
  // ListMapRuns: the Distributed Map runs this execution started.
  .get("/:arn/map-runs", async (c) => c.json(await listMapRuns(c.env, { ...c.req.query(), executionArn: c.req.param("arn") })))
  .get("/:arn/live", (c) => executions.watchExecution(c.env, c.req.param("arn"), c.req.raw))
  .get("/:arn/history", async (c) => c.json(await executions.getExecutionHistory(c.env, c.req.param("arn"), c.req.query())));
