/**
 * The TestState API: runs one state once, with its task answered by a mock (or by the host), and
 * says what the state did: its output and the next state, or the error and whether a retrier
 * would retry it (RETRIABLE) or a catcher catch it (CAUGHT_ERROR). Pure: nothing is called here
 * unless the host passes `resolveTask`.
 */
import { copyJson } from "../jsonata/result.ts";
import { errorMatches } from "../runtime/errors.ts";
import type { JSONObject, JSONValue } from "../index.ts";
import { drive, type Answer, type Driven, type RunIdentity } from "./drive.ts";
import { freeName, itemsProbe, mockStandIn, targets, testMachine } from "./machine.ts";
import { prepare, type Prepared } from "./prepare.ts";
import { inspect } from "./inspect.ts";
import {
  TestStateError,
  type InspectionData,
  type InspectionErrorDetails,
  type TestStateRequest,
  type TestStateResponse,
} from "./types.ts";

export * from "./types.ts";
export { validateMockResult } from "./mock-schemas.ts";

export interface TestStateOptions {
  /** Answers a Task state that has no mock (AWS calls the real resource). Default: the task fails. */
  resolveTask?: Answer;
  /** The clock (ms since the epoch); default now. */
  now?: number;
  random?: () => number;
  accountId?: string;
  region?: string;
}

const THRESHOLD = { error: "States.ExceedToleratedFailureThreshold", cause: "The specified tolerated failure threshold was exceeded" };

function isObject(v: unknown): v is JSONObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function section(ctx: JSONObject | undefined, name: string): JSONObject {
  const s = ctx?.[name];
  return isObject(s) ? s : {};
}

function str(v: JSONValue | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The engine's ErrorEquals rule; States.Runtime is selected by nothing. */
function selects(errors: JSONValue | undefined, name: string | null): boolean {
  return Array.isArray(errors) && name !== "States.Runtime" && errorMatches(errors as string[], name);
}

function firstMatch(list: JSONValue | undefined, name: string | null): number {
  if (!Array.isArray(list)) return -1;
  return list.findIndex((r) => isObject(r) && selects(r.ErrorEquals, name));
}

function num(v: JSONValue | undefined, fallback: number): number {
  return typeof v === "number" ? v : fallback;
}

function identity(p: Prepared, o: TestStateOptions, uuid: () => string): RunIdentity {
  const account = o.accountId ?? "000000000000";
  const region = o.region ?? "us-east-1";
  const ex = section(p.context, "Execution");
  const sm = section(p.context, "StateMachine");
  const smName = str(sm.Name) ?? `TestStateMachine-${uuid()}`;
  const name = str(ex.Name) ?? uuid();
  return {
    stateMachineName: smName,
    stateMachineArn: str(sm.Id) ?? `arn:aws:states:${region}:${account}:stateMachine:${smName}`,
    name,
    executionArn: str(ex.Id) ?? `arn:aws:states:${region}:${account}:express:${smName}:${name}`,
    roleArn: str(ex.RoleArn) ?? p.roleArn ?? `arn:aws:iam::${account}:role/TestStateRole`,
  };
}

/** Runs TestState. Throws TestStateError (AWS's code and message) when the request is refused. */
export async function testState(req: TestStateRequest, o: TestStateOptions = {}): Promise<TestStateResponse> {
  const p = prepare(req);
  const random = o.random ?? Math.random;
  const uuid = () => Array.from({ length: 8 }, () => ((random() * 16) | 0).toString(16)).join("");
  const state = p.state;
  const type = state.Type as string;
  const taken = targets(state);
  const name = freeName(str(section(p.context, "State").Name) ?? "StateName", taken);
  const endName = freeName("TestStateEnd", [...taken, name]);
  const mockOutcome = () => {
    const m = p.mock!;
    return "result" in m ? { output: copyJson(m.result) } : { error: m.error, cause: m.cause };
  };
  let result: JSONValue | undefined;
  const answer: Answer = async (t) => {
    const r = p.mock
      ? mockOutcome()
      : o.resolveTask
        ? await o.resolveTask(t)
        : { error: "States.TaskFailed", cause: `The state '${p.name ?? name}' has no mock, and this runtime calls no resource for it` };
    if ("output" in r && type === "Task") result = r.output;
    return r;
  };
  const common = { identity: identity(p, o, uuid), variables: p.variables, context: p.context, now: o.now ?? Date.now(), random };
  const finish = async (res: TestStateResponse, run: Driven | undefined): Promise<TestStateResponse> => {
    if (p.level === "INFO") return res;
    const succeeded = res.status === "SUCCEEDED";
    const mocked = p.mock && "result" in p.mock ? p.mock.result : undefined;
    res.inspectionData = await inspect(p, { run, result: type === "Task" ? result : mocked, succeeded, opts: common }, data, details);
    return res;
  };

  const data: InspectionData = {};
  const details: InspectionErrorDetails = {};
  let runState = state;
  let failure: { error: string | null; cause: string | null } | undefined;
  let items: number | undefined;
  let tolerated: { count?: number; percentage?: number } = {};

  if (type === "Map" || type === "Parallel") runState = mockStandIn(state);
  if (type === "Map") {
    if (state.ItemReader !== undefined) {
      const data0 = p.config.mapItemReaderData;
      const parsed = typeof data0 === "string" ? safeParse(data0) : undefined;
      items = Array.isArray(parsed) ? parsed.length : undefined;
      tolerated = { count: numOrUndef(state.ToleratedFailureCount), percentage: numOrUndef(state.ToleratedFailurePercentage) };
      data.maxConcurrency = num(state.MaxConcurrency, 0);
    } else {
      const probe = await drive(itemsProbe(state, name), p.input, { ...common, answer });
      if (probe.kind === "failed") failure = { error: probe.error, cause: itemsCause(state, probe.error, probe.cause) };
      else if (probe.kind === "items") {
        items = probe.total;
        tolerated = { count: probe.toleratedCount, percentage: probe.toleratedPercentage };
        data.maxConcurrency = probe.max;
      } else items = 0;
    }
    if (tolerated.count !== undefined) data.toleratedFailureCount = tolerated.count;
    if (tolerated.percentage !== undefined) data.toleratedFailurePercentage = tolerated.percentage;
    const failed = p.config.mapIterationFailureCount;
    if (failed !== undefined && items !== undefined && failed > items) {
      throw new TestStateError("ValidationException", "Map iteration failure count must be less than or equal to the number of Map iterations");
    }
  }

  let first: Driven | undefined;
  if (!failure) {
    first = await drive(testMachine(runState, name, endName), p.input, { ...common, answer });
    if (first.kind === "failed") failure = { error: first.error, cause: first.cause };
    else if (type === "Map" && exceeds(p.config.mapIterationFailureCount ?? 0, items ?? 0, tolerated)) failure = THRESHOLD;
    else {
      const out = first.kind === "next" ? first.output : first.kind === "succeeded" ? first.output : null;
      const res: TestStateResponse = { status: "SUCCEEDED", output: JSON.stringify(out) };
      if (first.kind === "next" && first.state !== endName) res.nextState = first.state;
      return finish(res, first);
    }
  }

  // The state failed: would a retrier retry it, or a catcher catch it?
  const res: TestStateResponse = { status: "FAILED" };
  if (failure.error !== null) res.error = failure.error;
  if (failure.cause !== null) res.cause = failure.cause;
  const ri = firstMatch(state.Retry, failure.error);
  if (ri >= 0) {
    details.retryIndex = ri;
    const r = (state.Retry as JSONObject[])[ri];
    const count = p.config.retrierRetryCount ?? 0;
    if (count < num(r.MaxAttempts, 3)) {
      let seconds = num(r.IntervalSeconds, 1) * Math.pow(num(r.BackoffRate, 2), count);
      if (typeof r.MaxDelaySeconds === "number") seconds = Math.min(seconds, r.MaxDelaySeconds);
      details.retryBackoffIntervalSeconds = seconds;
      res.status = "RETRIABLE";
      return finish(res, first);
    }
  }
  const ci = firstMatch(state.Catch, failure.error);
  if (ci >= 0) {
    details.catchIndex = ci;
    const fromRun = first?.kind === "failed";
    const err = failure;
    const caught = await drive(testMachine(runState, name, endName, (state.Catch as JSONValue[])[ci]), p.input, {
      ...common,
      answer: fromRun ? answer : () => ({ error: err.error, cause: err.cause }),
    });
    if (caught.kind === "next") {
      res.status = "CAUGHT_ERROR";
      res.output = JSON.stringify(caught.output);
      res.nextState = caught.state;
      return finish(res, caught);
    }
  }
  return finish(res, first);
}

function exceeds(failed: number, total: number, t: { count?: number; percentage?: number }): boolean {
  if (t.count !== undefined && failed > t.count) return true;
  return t.percentage !== undefined && total > 0 && (failed * 100) / total > t.percentage;
}

function numOrUndef(v: JSONValue | undefined): number | undefined {
  return typeof v === "number" ? v : undefined;
}

function safeParse(text: string): JSONValue | undefined {
  try {
    return JSON.parse(text) as JSONValue;
  } catch {
    return undefined;
  }
}

/** TestState names the ItemsPath that did not select an array (a context path without its first `$`). */
function itemsCause(state: JSONObject, error: string | null, cause: string | null): string | null {
  if (error !== "States.Runtime" || typeof state.ItemsPath !== "string" || !cause?.includes("must be an array")) return cause;
  return `Reference path "${state.ItemsPath.replace(/^\$\$/, "$")}" must point to array.`;
}
