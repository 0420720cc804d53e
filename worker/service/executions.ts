/**
 * Execution operations, shared by every front end (REST, the AWS protocol) and by the parts below
 * (a parent's startExecution task starts its child here, through the dispatcher it was given).
 * Everything a client sent is checked here, before the execution's Durable Object is asked anything.
 */
import type { ExecutionDescription, HistoryPage, StartExecutionResponse, StateMachineForExecution } from "../../shared/api/types.ts";
import { pageSize } from "../db/paging.ts";
import { getStateMachine, startArgsFor } from "../db/state-machines.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import type { ExecutionRpc, HistoryQuery, RecordedMachine, StartArgs, WaitingTask } from "../execution/contract.ts";
import { readHistoryToken } from "../history-token.ts";
import { enqueueExpressStart } from "./express-queue.ts";
import { describeExpressRecord } from "./express-records.ts";
import { checkInput } from "./input.ts";
import { executionNotFound } from "./lookups.ts";
import { checkName, executionArn, isExpressExecutionArn, machineRef, parseExecutionArn } from "./names.ts";
import { executionObject, mapRunObject } from "./stubs.ts";
import { resolveTarget } from "./versions.ts";

export interface StartRequest {
  /** The state machine: its name or ARN. */
  machine: string;
  /** The execution's name; a UUID when absent. */
  name?: unknown;
  /** JSON text; `{}` when absent. */
  input?: string;
  /** Started by a parent's `startExecution.sync[:2]` task: told how this execution ends. */
  parent?: StartArgs["parent"];
  /** The origin the request came through: its tasks' callback URLs use it unless PUBLIC_URL is set. */
  publicUrl?: string;
}

/**
 * StartExecution, the one way an execution starts: STANDARD in its own Durable Object; EXPRESS through
 * the queue (at least once, no history), unless a parent waits on it (`.sync`): then in an object too,
 * so that it can tell the parent how it ended.
 */
export async function startExecution(env: Env, req: StartRequest): Promise<StartExecutionResponse> {
  machineRef(env, req.machine);
  const name = req.name === undefined || req.name === null ? crypto.randomUUID() : checkName("execution", req.name);
  const input = checkInput(req.input ?? "{}");
  const target = await resolveTarget(env, req.machine);
  const { sm } = target;
  if (sm.type === "EXPRESS" && !req.parent) return enqueueExpressStart(env, target, name, input);
  const arn = executionArn(env, sm.name, name);
  const args = startArgsFor(sm, arn, name, input);
  if (target.versionArn) args.versionArn = target.versionArn;
  if (target.aliasArn) args.aliasArn = target.aliasArn;
  if (req.parent) args.parent = req.parent;
  if (req.publicUrl) args.publicUrl = req.publicUrl;
  const outcome = await executionObject(env, arn).start(args);
  if (!outcome.ok) throw new ApiError(409, outcome.error, outcome.message);
  return { executionArn: outcome.executionArn, startDate: outcome.startDate };
}

/** AWS's refusal of an Express execution's ARN where only Standard executions are kept. */
const expressRefused = (arn: string) =>
  new ApiError(400, "InvalidArn", `Invalid Arn: 'Resource type not valid in this context: express' (${arn})`);

/** The object for an execution ARN; ARNs of another region or account exist nowhere here. */
function objectFor(env: Env, arn: string): ExecutionRpc {
  // Express executions keep nothing to stop or page through; AWS refuses their ARNs so.
  if (isExpressExecutionArn(arn)) throw expressRefused(arn);
  if (!parseExecutionArn(env, arn)) throw executionNotFound(arn);
  return executionObject(env, arn);
}

/**
 * DescribeExecution. An Express execution (which AWS refuses, InvalidArn) answers from its record when
 * one is kept (./express-records.ts; not in AWS), else AWS's InvalidArn.
 */
export async function describeExecution(env: Env, arn: string): Promise<ExecutionDescription> {
  if (isExpressExecutionArn(arn)) {
    const record = await describeExpressRecord(env, arn);
    if (!record) throw expressRefused(arn);
    return record;
  }
  const found = await objectFor(env, arn).describe();
  if (!found) throw executionNotFound(arn);
  return found;
}

export async function stopExecution(env: Env, arn: string, req: { error?: unknown; cause?: unknown }): Promise<{ stopDate: string }> {
  for (const [field, max] of [
    ["error", 256],
    ["cause", 32768],
  ] as const) {
    const v = req[field];
    if (v !== undefined && v !== null && (typeof v !== "string" || v.length > max)) {
      throw new ApiError(400, "ValidationException", `${field} must be a string of at most ${max} characters.`);
    }
  }
  const execution = objectFor(env, arn);
  const stopped = await execution.stop((req.error as string | undefined) ?? undefined, (req.cause as string | undefined) ?? undefined);
  if (stopped) return stopped;
  const found = await execution.describe();
  if (!found) throw executionNotFound(arn);
  throw new ApiError(
    409,
    "ExecutionNotRunning",
    `Execution ${arn} is not running: it ended ${found.status}${found.stopDate ? ` at ${found.stopDate}` : ""}.`,
  );
}

/**
 * RedriveExecution: a Standard execution that ended FAILED, TIMED_OUT or ABORTED in the last 14 days runs
 * again from its unsuccessful steps (worker/execution/redrive.ts); AWS's ExecutionNotRedrivable otherwise.
 */
export async function redriveExecution(env: Env, arn: string, req: { clientToken?: unknown }): Promise<{ redriveDate: string }> {
  const token = req.clientToken;
  if (token !== undefined && token !== null && (typeof token !== "string" || !/^[\x21-\x7e]{1,64}$/.test(token))) {
    throw new ApiError(400, "ValidationException", "clientToken must be 1 to 64 printable ASCII characters without spaces.");
  }
  if (isExpressExecutionArn(arn)) {
    throw new ApiError(400, "ExecutionNotRedrivable", `Execution is EXPRESS and cannot be redriven: ${arn}`);
  }
  const outcome = await objectFor(env, arn).redrive(typeof token === "string" ? { clientToken: token } : {});
  if (!outcome) throw executionNotFound(arn);
  if (!outcome.ok) throw new ApiError(400, outcome.error, outcome.message);
  return { redriveDate: outcome.redriveDate };
}

function flag(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  throw new ApiError(400, "ValidationException", `${name} must be true or false, not ${JSON.stringify(v)}.`);
}

export async function getExecutionHistory(
  env: Env,
  arn: string,
  q: { reverseOrder?: unknown; includeExecutionData?: unknown; maxResults?: unknown; nextToken?: string },
): Promise<HistoryPage> {
  const query: HistoryQuery = { maxResults: pageSize(q.maxResults) };
  const reverse = flag(q.reverseOrder, "reverseOrder");
  const data = flag(q.includeExecutionData, "includeExecutionData");
  if (reverse !== undefined) query.reverseOrder = reverse;
  if (data !== undefined) query.includeExecutionData = data;
  if (q.nextToken) {
    // refuse a token we never gave here, before asking the object (its refusal would be an RPC error)
    if (readHistoryToken(q.nextToken) === undefined)
      throw new ApiError(400, "InvalidToken", "The nextToken is not one this execution's history gave.");
    query.nextToken = q.nextToken;
  }
  const page = await objectFor(env, arn).history(query);
  if (!page) throw executionNotFound(arn);
  return page;
}

/**
 * DescribeStateMachineForExecution (and the console's graph): the machine as the execution started it,
 * from the execution's own record, so an update or a delete of the machine since changes nothing. A Map
 * Run's child answers its ItemProcessor, its Map Run and label, and the revision its parent started with.
 */
export async function stateMachineForExecution(env: Env, arn: string): Promise<StateMachineForExecution> {
  const own = await objectFor(env, arn).definition();
  if (!own) throw executionNotFound(arn);
  // Whose revision and date: the execution's own, or a Map Run child's parent's.
  let made = own;
  if (own.mapRunArn) {
    const run = await mapRunObject(env, own.mapRunArn).describe();
    const parent = run && (await executionObject(env, run.executionArn).definition());
    if (parent) made = parent;
  }
  const answer: StateMachineForExecution = {
    stateMachineArn: own.stateMachineArn,
    name: own.stateMachineName,
    definition: own.definition,
    roleArn: made.roleArn,
    updateDate: made.updateDate ?? (await revisionDate(env, made)),
    revisionId: String(made.revision),
  };
  if (own.mapRunArn) {
    answer.mapRunArn = own.mapRunArn;
    answer.label = own.stateMachineName.slice(own.stateMachineName.indexOf("/") + 1);
  }
  return answer;
}

/**
 * When an execution's revision was made, for one started before the date was kept: the machine's while
 * it still has that revision, else the execution's start (the revision existed by then).
 */
async function revisionDate(env: Env, made: RecordedMachine): Promise<string> {
  const sm = await getStateMachine(env.DB, made.stateMachineName);
  return sm && sm.revision === made.revision ? sm.updateDate : made.startDate;
}

/** Tasks of a RUNNING execution that wait for SendTaskSuccess/SendTaskFailure now, with their tokens. */
export async function waitingTasks(env: Env, arn: string): Promise<{ tasks: WaitingTask[] }> {
  const tasks = await objectFor(env, arn).waitingTasks();
  if (!tasks) throw executionNotFound(arn);
  return { tasks };
}

/** A WebSocket that receives the execution's history events as they happen (`after`: the last event id the client has). */
export async function watchExecution(env: Env, arn: string, request: Request): Promise<Response> {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
    throw new ApiError(426, "UpgradeRequired", "Connect with a WebSocket (Upgrade: websocket) to watch an execution.");
  const response = await objectFor(env, arn).fetch(request);
  if (response.status === 404) throw executionNotFound(arn);
  return response;
}

/** Stops a child execution that no task waits on any more (its parent stopped, its task timed out, ...). */
export async function stopChildExecution(env: Env, arn: string, cause: string): Promise<void> {
  // a Distributed Map's Map Run is the parent's child too: stopping it stops its children
  if (arn.includes(":mapRun:")) await mapRunObject(env, arn).stop(cause);
  else await executionObject(env, arn).stop(undefined, cause);
}
