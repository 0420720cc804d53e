/** REST routes for activities and their workers' long poll; the logic lives in service/activities.ts. */
import { Hono } from "hono";
import type { Env } from "../env.ts";
import { jsonBody } from "./body.ts";
import * as activities from "../service/activities.ts";

const BODY_MAX = 64 * 1024;

export const activityRoutes = new Hono<{ Bindings: Env }>()
  .post("/", async (c) => {
    const body = await jsonBody(c, BODY_MAX);
    const { created, activity } = await activities.createActivity(c.env, body.name, body.tags);
    return c.json(activity, created ? 201 : 200);
  })
  .get("/", async (c) => c.json(await activities.listActivities(c.env, c.req.query())))
  .get("/:ref", async (c) => c.json(await activities.describeActivity(c.env, c.req.param("ref"))))
  .delete("/:ref", async (c) => {
    await activities.deleteActivity(c.env, c.req.param("ref"));
    return c.json({});
  })
  // GetActivityTask, two ways: POST with {workerName, waitSeconds}, or GET with the same as query.
  .post("/:ref/poll", async (c) => {
    const body = await jsonBody(c, BODY_MAX);
    return c.json(await activities.getActivityTask(c.env, c.req.param("ref"), body));
  })
  .get("/:ref/task", async (c) => c.json(await activities.getActivityTask(c.env, c.req.param("ref"), c.req.query())));
