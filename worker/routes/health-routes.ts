import { Hono } from "hono";
import type { Env } from "../env.ts";

/** Liveness probe: open, no credentials, touches no binding. */
export const health = new Hono<{ Bindings: Env }>().get("/", (c) => c.json({ status: "ok" }));
