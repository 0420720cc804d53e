/**
 * What the routes ask of an execution's Durable Object (native RPC, typed), and what the object asks of
 * the dispatcher. Kept in one small file so the layers can be built apart.
 */
import type { JSONValue } from "../../shared/asl/types.ts";
import type { ExecutionDescription, HistoryPage, StateMachineType } from "../../shared/api/types.ts";
import type { ExecutionLogging } from "../execution-log.ts";

/** Everything an execution needs to start; the object keeps its own copy of the definition. */
export interface StartArgs {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  /** The state machine's revision at start (`<stateMachineArn>:<revision>` is the version ARN). */
  revision: number;
  type: StateMachineType;
  /** The definition as JSON text, as stored in D1. */
  definition: string;
  /** The machine's updateDate at start (ISO): when this revision was made. Absent for a Map Run's child. */
  updateDate?: string;
  roleArn: string;
  /** The input as the client sent it (JSON text, at most 256 KiB, already checked to parse). */
  input: string;
  /** Started by a parent's `startExecution.sync[:2]` task: its token, told how this execution ends. */
  parent?: { token: string; sync2: boolean };
  /** A Distributed Map's child: the Map Run told how it ends, and the ARN its listing row is filed under. */
  mapRun?: { arn: string; index: number };
  /** The origin the start came through (`http://localhost:8788`): its tasks' callback URLs use it unless PUBLIC_URL is set. */
  publicUrl?: string;
  /** Started with a version's ARN, or through an alias (which chose this version): DescribeExecution reports them. */
  versionArn?: string;
  aliasArn?: string;
  /** The machine's loggingConfiguration at start, when its level is not OFF (worker/execution-log.ts). */
  logging?: ExecutionLogging;
}

/** What an execution keeps of its machine from its start (DescribeStateMachineForExecution). */
export interface RecordedMachine {
  stateMachineArn: string;
  stateMachineName: string;
  definition: string;
  roleArn: string;
  /** 0 for a Map Run's child (its parent's is the revision). */
  revision: number;
  /** Absent in executions started before it was recorded, and in Map Run children. */
  updateDate?: string;
  startDate: string;
  mapRunArn?: string;
}

export type StartOutcome =
  /** Started now, or the same name with the same input while it runs: the same execution. */
  | { ok: true; executionArn: string; startDate: string }
  /** The name is taken by an execution with another input, or one that has ended. */
  | { ok: false; error: "ExecutionAlreadyExists"; message: string };

export interface HistoryQuery {
  reverseOrder?: boolean;
  includeExecutionData?: boolean;
  /** 1..1000, default 100 */
  maxResults?: number;
  nextToken?: string;
}

/** The RPC surface of ExecutionObject (worker/execution/object.ts implements it). */
export interface ExecutionRpc {
  start(args: StartArgs): Promise<StartOutcome>;
  /** null when no execution was ever started in this object. */
  describe(): Promise<ExecutionDescription | null>;
  /** Ends a RUNNING execution ABORTED; returns the stop date, or null when it was not running. */
  stop(error?: string, cause?: string): Promise<{ stopDate: string } | null>;
  history(q: HistoryQuery): Promise<HistoryPage | null>;
  /** SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat for a token this execution made (already verified). */
  answerTask(token: string, outcome: TaskAnswer): Promise<AnswerOutcome>;
  /** The machine as this execution started it (not the machine's current one); null when no execution is here. */
  definition(): Promise<RecordedMachine | null>;
  /** Tasks waiting for a token now (the console's Approve/Reject); null when no execution is here. */
  waitingTasks(): Promise<WaitingTask[] | null>;
  /** A WebSocket that receives the execution's events as they are committed (worker/execution/live.ts). */
  fetch(request: Request): Promise<Response>;
  /** RedriveExecution (worker/execution/redrive.ts); null when no execution is here. */
  redrive(args: RedriveArgs): Promise<RedriveOutcome | null>;
}

export interface RedriveArgs {
  /** AWS's idempotency token: the same one again (15 minutes, last 10) answers the same redriveDate. */
  clientToken?: string;
  /** Asked by its Map Run (a redriven Distributed Map): a Map Run's child is refused otherwise. */
  byMapRun?: boolean;
}

export type RedriveOutcome = { ok: true; redriveDate: string } | { ok: false; error: "ExecutionNotRedrivable"; message: string };

/** A task that SendTaskSuccess/SendTaskFailure can answer now. */
export interface WaitingTask {
  state: string;
  taskToken: string;
  resource: string;
  /** Its TaskStateEntered event. */
  enteredEventId: number;
  since: string;
  /** Inside a Map: the iteration. */
  mapIndex?: number;
}

export type TaskAnswer =
  | { output: JSONValue }
  | { error: string | null; cause: string | null }
  | { heartbeat: true }
  /** A worker took an activity task (GetActivityTask): ActivityStarted, and the heartbeat clock starts. */
  | { started: true; workerName?: string };

/** ok; or why not: no such task (`answered`: it was, before), or it timed out. */
export type AnswerOutcome = "ok" | "unknown" | "answered" | "timed-out";

/** One task handed to the outside world. */
export interface TaskCall {
  resource: string;
  /** The effective input (after InputPath and Parameters). */
  input: JSONValue;
  stateName: string;
  executionArn: string;
  /** Unique per execution, state entry and attempt: a task delivered twice can tell. */
  idempotencyKey: string;
  timeoutSeconds?: number;
  /** `.waitForTaskToken` only */
  token?: string;
  /** With a token: URLs that answer it without credentials (GET or POST), see worker/routes/task-token-routes.ts. */
  callbackUrls?: CallbackUrls;
  /** The origin the execution was started through (a child execution this task starts inherits it). */
  publicUrl?: string;
}

export interface CallbackUrls {
  success: string;
  failure: string;
  heartbeat: string;
  /** SendTaskSuccess with {"approved": true} / {"approved": false}: links for an email. */
  approve: string;
  reject: string;
}

export type TaskResult =
  | { output: JSONValue }
  | { error: string; cause: string }
  /**
   * Accepted: the result comes back later through the task's token (SendTaskSuccess/Failure), as for
   * `.waitForTaskToken`, `.sync` child executions and activities. `submitted` is what the service
   * answered on hand-over (recorded as TaskSubmitted; null for activities, which record nothing).
   */
  | { submitted: JSONValue }
  /** Refused before it reached its resource (an activity that does not exist): the state fails with States.Runtime. */
  | { runtime: string };

export interface Dispatcher {
  /**
   * null when some configuration resolves this resource, else why not (shown at creation). With the
   * state's Parameters/Arguments, a table, queue, topic or function they write out must resolve too.
   */
  problem(resource: string, params?: JSONValue): string | null;
  /** Run the task; never throws: failures come back as `{ error, cause }`. */
  dispatch(call: TaskCall, signal?: AbortSignal): Promise<TaskResult>;
}
