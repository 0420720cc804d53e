import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requireToken } from "./auth.ts";
import type { Env } from "./env.ts";
import { awsProtocol } from "./aws/protocol.ts";
import { ApiError } from "./errors.ts";
import { consoleRoutes } from "./console/routes.ts";
import { activityRoutes } from "./routes/activity-routes.ts";
import { executionRoutes } from "./routes/execution-routes.ts";
import { expressMachineRoutes } from "./routes/express-routes.ts";
import { health } from "./routes/health-routes.ts";
import { mapRunRoutes } from "./routes/map-run-routes.ts";
import { runRoutes } from "./routes/run-routes.ts";
import { stateMachines } from "./routes/state-machine-routes.ts";
import { activityTagRoutes, machineTagRoutes } from "./routes/tag-routes.ts";
import { callbackRoutes, taskRoutes } from "./routes/task-token-routes.ts";
import { testStateRoutes } from "./routes/test-state-routes.ts";
import { versionRoutes } from "./routes/version-routes.ts";

export const app = new Hono<{ Bindings: Env }>();

app.route("/health", health);
// The web console (worker/console): pages behind a session cookie, actions through the API below.
app.get("/", (c) => c.redirect("/console", 302));
app.route("/console", consoleRoutes);
// The AWS Step Functions JSON protocol (SigV4-signed, X-Amz-Target): worker/aws.
app.post("/", awsProtocol);

// Management routes: a bearer token first, before any body is read or binding touched.
for (const path of [
  "/state-machines",
  "/state-machines/*",
  "/executions",
  "/executions/*",
  "/activities",
  "/activities/*",
  "/map-runs",
  "/map-runs/*",
]) {
  app.use(path, requireToken);
}
app.route("/state-machines", stateMachines);
// Express: sync executions and HTTP triggers (bearer token above); /run/* checks each trigger's own auth.
app.route("/state-machines", expressMachineRoutes);
// Tags: /state-machines/:name/tags and /activities/:name-or-arn/tags.
app.route("/state-machines", machineTagRoutes);
app.route("/activities", activityTagRoutes);
// Versions and aliases (PublishStateMachineVersion, CreateStateMachineAlias, ...).
app.route("/state-machines", versionRoutes);
app.route("/run", runRoutes);
app.route("/executions", executionRoutes);
app.route("/map-runs", mapRunRoutes);
app.use("/tasks/*", requireToken);
app.route("/tasks", taskRoutes);
// Authenticated by the signed task token in the path, not the bearer token: links and webhooks.
app.route("/callback", callbackRoutes);
app.route("/activities", activityRoutes);
app.use("/test-state", requireToken);
app.route("/test-state", testStateRoutes);

app.notFound((c) => c.json({ error: "NotFound", message: `No route for ${c.req.method} ${c.req.path}` }, 404));

// The one place errors become responses: always JSON {error, message, ...details}.
app.onError((err, c) => {
  if (err instanceof ApiError) {
    return c.json({ error: err.error, message: err.message, ...err.details }, err.status);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: "HTTPException", message: err.message }, err.status);
  }
  console.error(err);
  return c.json({ error: "InternalError", message: "Internal error" }, 500);
});
