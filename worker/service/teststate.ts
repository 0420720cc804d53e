/**
 * TestState, shared by every front end (the REST route POST /test-state and the AWS JSON protocol):
 * the request has AWS's fields (JSON texts for definition, input, variables, context and the mock
 * result); the answer is AWS's TestState response. A Task without a mock calls its resource through
 * the dispatcher, as AWS calls the real resource.
 */
import {
  testState as runTestState,
  isTestStateError,
  type TestStateRequest,
  type TestStateResponse,
} from "../../shared/asl/teststate/index.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { dispatcherFor } from "./dispatcher.ts";

const LEVELS = ["INFO", "DEBUG", "TRACE"];
const MODES = ["STRICT", "PRESENT", "NONE"];

function refuse(message: string): never {
  throw new ApiError(400, "ValidationException", message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function optString(body: Record<string, unknown>, field: string, max = 1024 * 1024): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") refuse(`${field} must be a string.`);
  if (v.length > max) refuse(`${field} is longer than ${max} characters.`);
  return v;
}

function optCount(o: Record<string, unknown>, field: string): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) refuse(`stateConfiguration.${field} must be a whole number, 0 or more.`);
  return v;
}

/** Checks the request's fields and types (AWS: ValidationException), leaving the rest to the engine. */
export function checkTestStateRequest(body: unknown): TestStateRequest {
  if (!isObject(body)) refuse("The request must be a JSON object.");
  const definition = optString(body, "definition");
  if (definition === undefined)
    refuse("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
  const req: TestStateRequest = { definition };
  const roleArn = optString(body, "roleArn", 256);
  if (roleArn !== undefined) {
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(roleArn)) throw new ApiError(400, "InvalidArn", `Invalid Arn: '${roleArn}'`);
    req.roleArn = roleArn;
  }
  for (const f of ["input", "variables", "context", "stateName"] as const) {
    const v = optString(body, f);
    if (v !== undefined) req[f] = v;
  }
  const level = body.inspectionLevel;
  if (level !== undefined && level !== null) {
    if (typeof level !== "string" || !LEVELS.includes(level)) refuse(`inspectionLevel must be one of ${LEVELS.join(", ")}.`);
    req.inspectionLevel = level as TestStateRequest["inspectionLevel"];
  }
  if (body.revealSecrets !== undefined && body.revealSecrets !== null) {
    if (typeof body.revealSecrets !== "boolean") refuse("revealSecrets must be true or false.");
    req.revealSecrets = body.revealSecrets;
  }
  if (body.mock !== undefined && body.mock !== null) {
    const m = body.mock;
    if (!isObject(m)) refuse("mock must be an object.");
    req.mock = {};
    const result = optString(m, "result");
    if (result !== undefined) req.mock.result = result;
    if (m.errorOutput !== undefined && m.errorOutput !== null) {
      const e = m.errorOutput;
      if (!isObject(e)) refuse("mock.errorOutput must be an object.");
      const error = optString(e, "error", 256);
      const cause = optString(e, "cause", 32768);
      req.mock.errorOutput = { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
    }
    const mode = m.fieldValidationMode;
    if (mode !== undefined && mode !== null) {
      if (typeof mode !== "string" || !MODES.includes(mode)) refuse(`mock.fieldValidationMode must be one of ${MODES.join(", ")}.`);
      req.mock.fieldValidationMode = mode as "STRICT" | "PRESENT" | "NONE";
    }
  }
  if (body.stateConfiguration !== undefined && body.stateConfiguration !== null) {
    const c = body.stateConfiguration;
    if (!isObject(c)) refuse("stateConfiguration must be an object.");
    const errorCausedByState = optString(c, "errorCausedByState", 80);
    const mapItemReaderData = optString(c, "mapItemReaderData");
    req.stateConfiguration = {
      ...(optCount(c, "retrierRetryCount") === undefined ? {} : { retrierRetryCount: optCount(c, "retrierRetryCount") }),
      ...(optCount(c, "mapIterationFailureCount") === undefined
        ? {}
        : { mapIterationFailureCount: optCount(c, "mapIterationFailureCount") }),
      ...(errorCausedByState === undefined ? {} : { errorCausedByState }),
      ...(mapItemReaderData === undefined ? {} : { mapItemReaderData }),
    };
  }
  return req;
}

/** TestState: AWS's request in, AWS's response out; refusals are ApiErrors with AWS's codes. */
export async function testState(env: Env, req: unknown): Promise<TestStateResponse> {
  const request = checkTestStateRequest(req);
  const dispatcher = dispatcherFor(env);
  try {
    return await runTestState(request, {
      accountId: env.AWS_ACCOUNT_ID || "123456789012",
      region: env.AWS_REGION || "us-east-1",
      resolveTask: async (t) => {
        const r = await dispatcher.dispatch({
          resource: t.resource,
          input: t.input,
          stateName: t.stateName,
          executionArn: "",
          idempotencyKey: `teststate-${crypto.randomUUID()}`,
          ...(t.timeoutSeconds === undefined ? {} : { timeoutSeconds: t.timeoutSeconds }),
        });
        // A task answered later (a task token, an activity): TestState has only what it handed over.
        if ("runtime" in r) return { error: "States.Runtime", cause: r.runtime };
        return "submitted" in r ? { output: r.submitted } : r;
      },
    });
  } catch (e) {
    if (isTestStateError(e)) throw new ApiError(400, e.code, e.message);
    throw e;
  }
}
