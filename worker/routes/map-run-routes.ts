/** REST routes for Distributed Map runs, addressed by their (URL-encoded) ARN; the logic lives in service/. */
import { Hono } from "hono";
import type { Env } from "../env.ts";
import { jsonBody } from "./body.ts";
import * as mapRuns from "../service/map-runs.ts";

// Three numbers are all an update carries.
const UPDATE_BODY_MAX = 16 * 1024;

export const mapRunRoutes = new Hono<{ Bindings: Env }>()
  .get("/:arn", async (c) => c.json(await mapRuns.describeMapRun(c.env, c.req.param("arn"))))
  // UpdateMapRun: {maxConcurrency?, toleratedFailurePercentage?, toleratedFailureCount?}; answers the description after it.
  .patch("/:arn", async (c) => c.json(await mapRuns.updateMapRun(c.env, c.req.param("arn"), await jsonBody(c, UPDATE_BODY_MAX))));
