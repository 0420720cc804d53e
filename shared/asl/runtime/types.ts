/** The execution's state as plain data, the effects it asks of its host, and its history events. */
import type { JSONValue, StateMachineType } from "../types.ts";
import type { Pattern } from "../compile/index.ts";
import type { MapRunSpec } from "../distributed/types.ts";

/** What the host gives the engine on every call: the time and sources of ids and randomness. */
export interface Host {
  /** Current time, ms since the epoch. */
  now: number;
  random(): number;
  uuid(): string;
  /** Make the task token for a `.waitForTaskToken` task (default: a UUID). */
  taskToken?(info: { taskId: number; stateName: string; enteredEventId: number }): string;
  /** Override a retry's delay (the local runner uses it to skip or shorten backoff). */
  retryDelayMs?(stateName: string, computedMs: number): number;
  /**
   * Answer a task at once when the host can (the local runner's synchronous handlers): its outcome, or
   * undefined to take the task as an effect. Asked only where the answer changes no history (runTask).
   */
  answerNow?(task: TaskEffect): TaskOutcome | undefined;
}

/** A task to run: the effect a Task state hands its host. */
export type TaskEffect = Extract<Effect, { kind: "task" }>;

export type Effect =
  | {
      kind: "task";
      id: number;
      stateName: string;
      resource: string;
      pattern: Pattern;
      input: JSONValue;
      token?: string;
      timeoutSeconds?: number;
      heartbeatSeconds?: number;
      /** 0 for the first attempt, 1 for the first retry, ... */
      attempt: number;
    }
  | { kind: "timer"; id: number; due: number }
  /** A Distributed Map's Map Run: the host runs it and answers with completeTask (the results, or an error). */
  | { kind: "mapRun"; id: number; stateName: string; spec: MapRunSpec; token?: string }
  /** A redriven Distributed Map: the host redrives its Map Run (its unsuccessful children) and answers likewise. */
  | { kind: "mapRunRedrive"; id: number; stateName: string; mapRunArn: string; redriveCount: number; token?: string }
  /** A task or timer the execution no longer waits for (its branch failed, it was stopped, ...). */
  | { kind: "cancel"; id: number };

export type TaskOutcome = { output: JSONValue } | { error: string | null; cause?: string | null } | { timeout: true };

/**
 * A task the host could not hand to its resource at all (an activity that does not exist): a States.Runtime
 * error of its state, which AWS records with no task event and nothing catches; `runtime` says why.
 */
export type TaskRefusal = { runtime: string };

/**
 * A history event as the engine keeps it: AWS's `<type>EventDetails` fields sit beside the four base
 * fields, with data as values rather than JSON text (one object per event). `awsEvent` gives AWS's
 * shape, `eventDetails` the details alone.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** ms since the epoch */
  timestamp: number;
  type: string;
  [detail: string]: unknown;
}

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/**
 * Map / Parallel bookkeeping on the frame that owns the state. Both kinds are made by one factory
 * (newFan) with one object shape; the union only says which fields a kind uses.
 */
interface FanBase {
  total: number;
  started: number;
  running: number;
  finished: number;
  failed: number;
  /** MaxConcurrency; 0: no limit. */
  max: number;
  /** Failed iterations tolerated before the Map fails (undefined: any failure fails it). */
  toleratedCount?: number;
  toleratedPercentage?: number;
  results: JSONValue[];
  /** The state's effective input, which ItemSelector reads as `$`. */
  effective: JSONValue;
  /** Standard executions: failed iterations a tolerance let pass, as they stood (a redrive runs them again). */
  lost?: RedrivePoint[];
}
export interface MapFan extends FanBase {
  kind: "map";
  /** The items the iterations run over. */
  items: JSONValue[];
  /** A redriven Map: the iterations still to run again (redrive.ts), before any new one. */
  redo?: RedrivePoint[];
}
export interface ParallelFan extends FanBase {
  kind: "parallel";
  items?: undefined;
  redo?: undefined;
}
export type Fan = MapFan | ParallelFan;

/** A branch as it stood when its execution ended: what a redrive runs again. */
export interface RedrivePoint {
  scope: number;
  /** Its index among its Map's iterations or its Parallel's branches (0 for the top level). */
  slot: number;
  state: string;
  input: JSONValue;
  vars?: Record<string, JSONValue>;
  mapItem?: { index: number; value: JSONValue };
  /** A Map iteration that had not started (MaxConcurrency): it starts from the beginning, its ItemSelector evaluated then. */
  fresh?: boolean;
  /** The Map or Parallel state it stood in, when that state's iterations or branches had started. */
  fan?: FanPoint;
  /** The Distributed Map state it stood in, once its Map Run had started: a redrive redrives that Map Run. */
  mapRun?: MapRunRef;
}

/** A Map's or Parallel's iterations or branches: the results that stand, and the ones to run again (by slot). */
export interface FanPoint {
  kind: Fan["kind"];
  total: number;
  max: number;
  toleratedCount?: number;
  toleratedPercentage?: number;
  effective: JSONValue;
  items?: JSONValue[];
  results: JSONValue[];
  redo: RedrivePoint[];
}

/** What a branch resumes with; one shape for every kind. */
export interface Resume {
  kind: "result" | "error" | "timer";
  value: JSONValue;
  error: string | null;
  cause: string | null;
  heartbeat: boolean;
  /** A bound of the result's size, measured as it came back (see boundWithin); -1, or absent (state stored before): not known. */
  bound?: number;
}

export interface Frame {
  id: number;
  /** The frame that owns the Map/Parallel state this one runs under; -1 for the top level. */
  parent: number;
  /** Index of this branch or iteration in the parent's results. */
  slot: number;
  scope: number;
  state: string;
  input: JSONValue;
  /**
   * At least the size of `input` as JSON, in bytes; -1 (or absent, in state stored before it was kept)
   * when not known. A state's output bound is worked out from it and its result's (see outputBound),
   * so that the size check walks the new part of the output, not the whole of it.
   */
  bound?: number;
  /** The output's bound as the state ends (set by `exited`); it becomes `bound` with the next state. */
  outBound?: number;
  entered: boolean;
  enteredEventId: number;
  enteredTime: number;
  lastEventId: number;
  retryCount: number;
  retries?: number[];
  /** The effective input (after InputPath/Parameters) while a task or wait is pending. */
  effective?: JSONValue;
  /** The task or timer this branch waits on (ids are numbers: they key `tasks` and `timers`). */
  waitingOn?: number;
  timeoutTimer?: number;
  heartbeatTimer?: number;
  token?: string;
  resume?: Resume;
  mapItem?: { index: number; value: JSONValue };
  fan?: Fan;
  /** The variables this branch's scope holds (the top level's for the root frame). */
  vars?: Record<string, JSONValue>;
  /** Its Map or Parallel state failed: where that state's iterations or branches stood (redrive.ts). */
  redriveFan?: FanPoint;
  /** The Map Run its Distributed Map state started (or last redrove) since the state was entered. */
  mapRun?: MapRunRef;
}

/** A Map Run and how many times a redrive has redriven it. */
export interface MapRunRef {
  arn: string;
  redrives: number;
}

/** A task handed out; `waiting` marks an activity no worker has taken yet (no ActivityStarted). */
export interface TaskEntry {
  frame: number;
  resource: string;
  heartbeatSeconds?: number;
  waiting?: boolean;
}

export interface TimerEntry {
  frame: number;
  purpose: Purpose;
  due: number;
  task?: number;
}

export type Purpose = "wait" | "retry" | "task-timeout" | "heartbeat" | "execution-timeout";

export interface Execution {
  status: ExecutionStatus;
  type: StateMachineType;
  output?: JSONValue;
  error?: string | null;
  cause?: string | null;
  input: JSONValue;
  startTime: number;
  stopTime?: number;
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  /** Started by StartSyncExecution. */
  sync: boolean;
  /**
   * Live branches by id. A branch that ends leaves `undefined` under its id (a store; `delete` by index takes
   * V8's slow path, ~0.1 µs, a Map over 1,000 items spent ~10% of its time there): read with a check, and
   * skip such entries when iterating. JSON drops them.
   */
  frames: Record<number, Frame | undefined>;
  ready: number[];
  nextId: number;
  /** Id of the last history event, whether or not events are kept. */
  eventSeq: number;
  maxEvents: number;
  keepHistory: boolean;
  events: HistoryEvent[];
  transitions: number;
  /** How many entries `tasks` and `timers` hold together. */
  open: number;
  /**
   * Entries left `undefined` in `frames`, `tasks` and `timers` since they were last compacted (advance
   * compacts them past a few hundred, so that what a host stores and iterates stays small). Absent in
   * state stored before it was kept: compacted at the next advance.
   */
  dropped?: number;
  /** Tasks handed out (as `frames`: one done or cancelled leaves `undefined`). */
  tasks: Record<number, TaskEntry | undefined>;
  /** As `tasks`: a fired or cancelled timer leaves `undefined`. */
  timers: Record<number, TimerEntry | undefined>;
  outbox: Effect[];
  /** Ended unsuccessfully (Standard): where it stood, what RedriveExecution runs again (redrive.ts). */
  redrive?: RedrivePoint;
  /** Times redriven, and when last ($$.Execution.RedriveCount, DescribeExecution). */
  redriveCount?: number;
  redriveTime?: number;
}
