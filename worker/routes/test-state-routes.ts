/** REST route for TestState: POST /test-state with AWS's TestState fields; the logic lives in service/. */
import { Hono } from "hono";
import { inputProblem, type JSONValue } from "../../shared/asl/index.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { jsonBody } from "./body.ts";
import { testState } from "../service/teststate.ts";

// A definition may be up to 1 MiB, and input, variables and context come beside it as JSON texts.
const BODY_MAX = 4 * 1024 * 1024;

/**
 * JSON texts may also be sent as JSON values here: they are turned into text, as AWS takes them. A value
 * nested too deeply to serialise (JSON.stringify recurses) is refused as the engine would refuse it.
 */
function asText(v: unknown, field: string): unknown {
  if (v === undefined || v === null || typeof v === "string") return v;
  const problem = inputProblem(v as JSONValue);
  if (problem) throw new ApiError(400, field === "input" ? "InvalidExecutionInput" : "ValidationException", `${field}: ${problem.cause}`);
  return JSON.stringify(v);
}

export const testStateRoutes = new Hono<{ Bindings: Env }>().post("/", async (c) => {
  const body = await jsonBody(c, BODY_MAX);
  const mock =
    body.mock !== null && typeof body.mock === "object" && !Array.isArray(body.mock) ? (body.mock as Record<string, unknown>) : undefined;
  const req = {
    ...body,
    definition: asText(body.definition, "definition"),
    input: asText(body.input, "input"),
    variables: asText(body.variables, "variables"),
    context: asText(body.context, "context"),
    ...(mock ? { mock: { ...mock, result: asText(mock.result, "mock.result") } } : {}),
  };
  return c.json(await testState(c.env, req));
});
