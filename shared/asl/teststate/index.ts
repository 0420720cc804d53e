/**
 * The TestState API: runs one state once, with its task answered by a mock (or by the host), and
 * says what the state did: its output and the next state, or the error and whether a retrier
 * would retry it (RETRIABLE) or a catcher catch it (CAUGHT_ERROR). Pure: nothing is called here
 * unless the host passes `resolveTask`.
 */
import { copyJson } from "../jsonata/result.ts";
import { errorMatches } from "../runtime/errors.ts";
import type { JSONObject, JSONValue, TaskOutcome } from "../index.ts";
import { drive, type Answer, type DriveOptions, type Driven, type RunIdentity, type TaskRequest } from "./drive.ts";
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
  const value = ctx?.[name];
  return isObject(value) ? value : {};
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
  return list.findIndex((entry) => isObject(entry) && selects(entry.ErrorEquals, name));
}

function num(v: JSONValue | undefined, fallback: number): number {
  return typeof v === "number" ? v : fallback;
}

function identity(prepared: Prepared, options: TestStateOptions, uuid: () => string): RunIdentity {
  const account = options.accountId ?? "000000000000";
  const region = options.region ?? "us-east-1";
  const execution = section(prepared.context, "Execution");
  const machine = section(prepared.context, "StateMachine");
  const machineName = str(machine.Name) ?? `TestStateMachine-${uuid()}`;
  const name = str(execution.Name) ?? uuid();
  return {
    stateMachineName: machineName,
    stateMachineArn: str(machine.Id) ?? `arn:aws:states:${region}:${account}:stateMachine:${machineName}`,
    name,
    executionArn: str(execution.Id) ?? `arn:aws:states:${region}:${account}:express:${machineName}:${name}`,
    roleArn: str(execution.RoleArn) ?? prepared.roleArn ?? `arn:aws:iam::${account}:role/TestStateRole`,
  };
}

type Failure = { error: string | null; cause: string | null };
type Tolerated = { count?: number; percentage?: number };

/** One TestState call: the request, the test machine's state names, and how its task is answered. */
interface Session {
  prepared: Prepared;
  state: JSONObject;
  type: string;
  /** The state the test machine runs: a mocked Map or Parallel is a Task standing in for it. */
  runState: JSONObject;
  name: string;
  endName: string;
  answer: Answer;
  /** What every run of the test machine is given besides its answer. */
  common: Omit<DriveOptions, "answer">;
  data: InspectionData;
  details: InspectionErrorDetails;
  /** The task's result, once the mock or the host answered it. */
  result: JSONValue | undefined;
}

/** Runs TestState. Throws TestStateError (AWS's code and message) when the request is refused. */
export async function testState(req: TestStateRequest, options: TestStateOptions = {}): Promise<TestStateResponse> {
  const session = openSession(prepare(req), options);
  const { prepared, type } = session;
  let failure: Failure | undefined;
  let items: number | undefined;
  let tolerated: Tolerated = {};
  if (type === "Map") ({ failure, items, tolerated } = await mapFacts(session));
  let first: Driven | undefined;
  if (!failure) {
    const machine = testMachine(session.runState, session.name, session.endName);
    first = await drive(machine, prepared.input, { ...session.common, answer: session.answer });
    if (first.kind === "failed") failure = { error: first.error, cause: first.cause };
    else if (type === "Map" && exceeds(prepared.config.mapIterationFailureCount ?? 0, items ?? 0, tolerated)) failure = THRESHOLD;
    else {
      const output = first.kind === "next" ? first.output : first.kind === "succeeded" ? first.output : null;
      const response: TestStateResponse = { status: "SUCCEEDED", output: JSON.stringify(output) };
      if (first.kind === "next" && first.state !== session.endName) response.nextState = first.state;
      return finish(session, response, first);
    }
  }
  return failedResponse(session, failure, first);
}

function openSession(prepared: Prepared, options: TestStateOptions): Session {
  const random = options.random ?? Math.random;
  const uuid = () => Array.from({ length: 8 }, () => ((random() * 16) | 0).toString(16)).join("");
  const state = prepared.state;
  const type = state.Type as string;
  const taken = targets(state);
  const name = freeName(str(section(prepared.context, "State").Name) ?? "StateName", taken);
  const session: Session = {
    prepared,
    state,
    type,
    runState: type === "Map" || type === "Parallel" ? mockStandIn(state) : state,
    name,
    endName: freeName("TestStateEnd", [...taken, name]),
    answer: async (task) => {
      const outcome = answerOf(session, options, task);
      const answered = "then" in outcome ? await outcome : outcome;
      if ("output" in answered && type === "Task") session.result = answered.output;
      return answered;
    },
    common: {
      identity: identity(prepared, options, uuid),
      variables: prepared.variables,
      context: prepared.context,
      now: options.now ?? Date.now(),
      random,
    },
    data: {},
    details: {},
    result: undefined,
  };
  return session;
}

/** The task's outcome: the mock's, else the host's, else a failure (this runtime calls no resource). */
function answerOf(session: Session, options: TestStateOptions, task: TaskRequest): TaskOutcome | Promise<TaskOutcome> {
  const mock = session.prepared.mock;
  if (mock) return "result" in mock ? { output: copyJson(mock.result) } : { error: mock.error, cause: mock.cause };
  if (options.resolveTask) return options.resolveTask(task);
  const cause = `The state '${session.prepared.name ?? session.name}' has no mock, and this runtime calls no resource for it`;
  return { error: "States.TaskFailed", cause };
}

/** A Map's items, MaxConcurrency and tolerated failures, read the way the state would read them. */
async function mapFacts(session: Session): Promise<{ failure?: Failure; items?: number; tolerated: Tolerated }> {
  const { prepared, state, data } = session;
  let failure: Failure | undefined;
  let items: number | undefined;
  let tolerated: Tolerated = {};
  if (state.ItemReader !== undefined) {
    const readerData = prepared.config.mapItemReaderData;
    const parsed = typeof readerData === "string" ? safeParse(readerData) : undefined;
    items = Array.isArray(parsed) ? parsed.length : undefined;
    tolerated = { count: numOrUndef(state.ToleratedFailureCount), percentage: numOrUndef(state.ToleratedFailurePercentage) };
    data.maxConcurrency = num(state.MaxConcurrency, 0);
  } else {
    const probe = await drive(itemsProbe(state, session.name), prepared.input, { ...session.common, answer: session.answer });
    if (probe.kind === "failed") failure = { error: probe.error, cause: itemsCause(state, probe.error, probe.cause) };
    else if (probe.kind === "items") {
      items = probe.total;
      tolerated = { count: probe.toleratedCount, percentage: probe.toleratedPercentage };
      data.maxConcurrency = probe.max;
    } else items = 0;
  }
  if (tolerated.count !== undefined) data.toleratedFailureCount = tolerated.count;
  if (tolerated.percentage !== undefined) data.toleratedFailurePercentage = tolerated.percentage;
  const failed = prepared.config.mapIterationFailureCount;
  if (failed !== undefined && items !== undefined && failed > items) {
    const message = "Map iteration failure count must be less than or equal to the number of Map iterations";
    throw new TestStateError("ValidationException", message);
  }
  return { failure, items, tolerated };
}

/** The state failed: would a retrier retry it, or a catcher catch it? */
async function failedResponse(session: Session, failure: Failure, first: Driven | undefined): Promise<TestStateResponse> {
  const { prepared, state, details } = session;
  const response: TestStateResponse = { status: "FAILED" };
  if (failure.error !== null) response.error = failure.error;
  if (failure.cause !== null) response.cause = failure.cause;
  const retryIndex = firstMatch(state.Retry, failure.error);
  if (retryIndex >= 0) {
    details.retryIndex = retryIndex;
    const retrier = (state.Retry as JSONObject[])[retryIndex];
    const count = prepared.config.retrierRetryCount ?? 0;
    if (count < num(retrier.MaxAttempts, 3)) {
      let seconds = num(retrier.IntervalSeconds, 1) * Math.pow(num(retrier.BackoffRate, 2), count);
      if (typeof retrier.MaxDelaySeconds === "number") seconds = Math.min(seconds, retrier.MaxDelaySeconds);
      details.retryBackoffIntervalSeconds = seconds;
      response.status = "RETRIABLE";
      return finish(session, response, first);
    }
  }
  const catchIndex = firstMatch(state.Catch, failure.error);
  if (catchIndex >= 0) {
    details.catchIndex = catchIndex;
    const fromRun = first?.kind === "failed";
    const machine = testMachine(session.runState, session.name, session.endName, (state.Catch as JSONValue[])[catchIndex]);
    const answer: Answer = fromRun ? session.answer : () => ({ error: failure.error, cause: failure.cause });
    const caught = await drive(machine, prepared.input, { ...session.common, answer });
    if (caught.kind === "next") {
      response.status = "CAUGHT_ERROR";
      response.output = JSON.stringify(caught.output);
      response.nextState = caught.state;
      return finish(session, response, caught);
    }
  }
  return finish(session, response, first);
}

/** The response, with its inspection data unless the request asked for INFO only. */
async function finish(session: Session, response: TestStateResponse, run: Driven | undefined): Promise<TestStateResponse> {
  const { prepared, type } = session;
  if (prepared.level === "INFO") return response;
  const succeeded = response.status === "SUCCEEDED";
  const mocked = prepared.mock && "result" in prepared.mock ? prepared.mock.result : undefined;
  const result = type === "Task" ? session.result : mocked;
  response.inspectionData = await inspect(prepared, { run, result, succeeded, opts: session.common }, session.data, session.details);
  return response;
}

function exceeds(failed: number, total: number, tolerated: Tolerated): boolean {
  if (tolerated.count !== undefined && failed > tolerated.count) return true;
  return tolerated.percentage !== undefined && total > 0 && (failed * 100) / total > tolerated.percentage;
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
