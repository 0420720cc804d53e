/** REST route for TestState: POST /test-state with AWS's TestState fields; the logic lives in service/. */
import { Hono } from "hono";
import type { Env } from "../env.ts";
import { jsonBody } from "./body.ts";
import { testState } from "../service/teststate.ts";

// A definition may be up to 1 MiB, and input, variables and context come beside it as JSON texts.
const BODY_MAX = 4 * 1024 * 1024;

/** JSON texts may also be sent as JSON values here: they are turned into text, as AWS takes them. */
function asText(v: unknown): unknown {
  return v === undefined || v === null || typeof v === "string" ? v : JSON.stringify(v);
}

export const testStateRoutes = new Hono<{ Bindings: Env }>().post("/", async (c) => {
  const body = await jsonBody(c, BODY_MAX);
  const mock =
    body.mock !== null && typeof body.mock === "object" && !Array.isArray(body.mock) ? (body.mock as Record<string, unknown>) : undefined;
  const req = {
    ...body,
    definition: asText(body.definition),
    input: asText(body.input),
    variables: asText(body.variables),
    context: asText(body.context),
    ...(mock ? { mock: { ...mock, result: asText(mock.result) } } : {}),
  };
  return c.json(await testState(c.env, req));
});
