import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Env } from "./env.ts";
import { ApiError } from "./errors.ts";
import { health } from "./routes/health.ts";

export const app = new Hono<{ Bindings: Env }>();

app.route("/health", health);

app.notFound((c) =>
  c.json({ error: "NotFound", message: `No route for ${c.req.method} ${c.req.path}` }, 404),
);

// The one place errors become responses: always JSON {error, message}.
app.onError((err, c) => {
  if (err instanceof ApiError) {
    return c.json({ error: err.error, message: err.message }, err.status);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: "HTTPException", message: err.message }, err.status);
  }
  console.error(err);
  return c.json({ error: "InternalError", message: "Internal error" }, 500);
});
