/** An execution's life: its names and ARNs, its start, its end (succeeded, failed, timed out, stopped). */
import { StatesError, type JSONValue } from "../types.ts";
import type { StateMachine } from "../compile/index.ts";
import { newFrame } from "./frames.ts";
import { emit, executionStartedEvent, executionSucceededEvent, MAP_RUN_RESOURCE } from "./history.ts";
import { boundWithin, MAX_PAYLOAD_BYTES } from "./io.ts";
import { pointOf } from "./redrive-point.ts";
import { addTimer, NO_EFFECTS, NO_ENTRIES, NO_READY, pushEffect, queueFrame } from "./timers.ts";
import type { Effect, Execution, Host } from "./types.ts";

export interface StartOptions {
  executionArn?: string;
  name?: string;
  stateMachineArn?: string;
  stateMachineName?: string;
  roleArn?: string;
  /** Keep history events in `exec.events` (default true). */
  history?: boolean;
  /** Fail the execution when its history would pass this many events (AWS: 25,000). */
  maxEvents?: number;
  /** A synchronous Express execution (StartSyncExecution): its context has no RedriveCount. */
  sync?: boolean;
}

export const MAX_HISTORY_EVENTS = 25000;

const MACHINE_ARNS = new Map<string, string>();
const EXECUTION_PREFIXES = { ":execution:": new Map<string, string>(), ":express:": new Map<string, string>() };

function defaultMachineArn(name: string): string {
  return cached(MACHINE_ARNS, name, () => `arn:aws:states:local:000000000000:stateMachine:${name}`);
}

/** The execution ARN prefix of a state machine ARN (`...:execution:Name` or `...:express:Name`). */
function executionPrefix(machineArn: string, kind: ":execution:" | ":express:"): string {
  return cached(EXECUTION_PREFIXES[kind], machineArn, () => machineArn.replace(":stateMachine:", kind));
}

function cached(cache: Map<string, string>, key: string, make: () => string): string {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    if (cache.size < 1000) cache.set(key, v);
  }
  return v;
}

function executionArnOf(type: Execution["type"], machineArn: string, name: string, host: Host): string {
  if (type === "EXPRESS") return `${executionPrefix(machineArn, ":express:")}:${name}:${host.uuid()}`;
  return `${executionPrefix(machineArn, ":execution:")}:${name}`;
}

/** Give an execution started without a name its UUID name and ARN (once). */
export function ensureExecutionIds(exec: Execution, host: Host): void {
  if (exec.name) return;
  exec.name = host.uuid();
  if (!exec.executionArn) exec.executionArn = executionArnOf(exec.type, exec.stateMachineArn, exec.name, host);
}

/** Create an execution and queue its first state. Call `advance` to run it. */
export function startExecution(machine: StateMachine, input: JSONValue, host: Host, options: StartOptions = {}): Execution {
  const exec = newExecution(machine, input, host, options);
  executionStartedEvent(exec, host.now, input);
  const root = newFrame(exec, -1, 0, 0, machine.scopes[0].startAt, input);
  // AWS: the first state's previous event is 0, not ExecutionStarted
  root.lastEventId = 0;
  // States skip checking an output they pass on unchanged, so the first input is checked here.
  const bound = inputBound(input);
  if (typeof bound !== "number") {
    failExecution(exec, host, bound.error, bound.cause);
    return exec;
  }
  root.bound = bound;
  queueFrame(exec, root.id);
  if (machine.timeoutSeconds !== undefined) addTimer(exec, root, "execution-timeout", host.now + machine.timeoutSeconds * 1000);
  return exec;
}

function newExecution(machine: StateMachine, input: JSONValue, host: Host, options: StartOptions): Execution {
  // A name the caller did not give is made when first needed (most local runs never read it).
  const name = options.name ?? "";
  const machineName = options.stateMachineName ?? "StateMachine";
  const machineArn = options.stateMachineArn ?? defaultMachineArn(machineName);
  return {
    status: "RUNNING",
    type: machine.type,
    input,
    startTime: host.now,
    executionArn: options.executionArn ?? (name ? executionArnOf(machine.type, machineArn, name, host) : ""),
    sync: options.sync === true,
    name,
    stateMachineArn: machineArn,
    stateMachineName: machineName,
    roleArn: options.roleArn ?? "arn:aws:iam::000000000000:role/StepFunctionsRole",
    frames: NO_ENTRIES,
    ready: NO_READY,
    nextId: 1,
    eventSeq: 0,
    maxEvents: options.maxEvents ?? MAX_HISTORY_EVENTS,
    open: 0,
    dropped: 0,
    keepHistory: options.history !== false,
    events: [],
    transitions: 0,
    tasks: NO_ENTRIES,
    timers: NO_ENTRIES,
    outbox: NO_EFFECTS,
  };
}

/** Why an execution input cannot be accepted (too large, nested too deeply), or undefined. */
export function inputProblem(input: JSONValue): { error: string; cause: string } | undefined {
  const bound = inputBound(input);
  return typeof bound === "number" ? undefined : bound;
}

/** A bound of the input's size (see boundWithin), or why it cannot be accepted. */
export function inputBound(input: JSONValue): number | { error: string; cause: string } {
  try {
    const bound = boundWithin(input);
    if (bound < 0)
      return { error: "States.DataLimitExceeded", cause: `The execution input exceeds the maximum size of ${MAX_PAYLOAD_BYTES} bytes.` };
    return bound;
  } catch (e) {
    if (e instanceof StatesError) return { error: e.error, cause: e.cause };
    throw e;
  }
}

/** True when one more event would leave no room for ExecutionFailed within the history limit. */
export function historyFull(exec: Execution): boolean {
  return exec.eventSeq + 2 > exec.maxEvents;
}

/** The execution fails at the history limit (AWS: 25,000 events), with ExecutionFailed its last event. */
export function failHistoryFull(exec: Execution, host: Host): void {
  failExecution(exec, host, "States.Runtime", `The execution reached the maximum number of history events (${exec.maxEvents}).`);
}

/** Hand over the effects produced since the last call (NO_EFFECTS when there are none). */
export function takeEffects(exec: Execution): Effect[] {
  const out = exec.outbox;
  exec.outbox = NO_EFFECTS;
  return out;
}

/** StopExecution: the execution ends ABORTED and everything it waits on is cancelled. */
export function stopExecution(exec: Execution, host: Host, error?: string, cause?: string): boolean {
  if (exec.status !== "RUNNING") return false;
  const details: Record<string, unknown> = {};
  if (error !== undefined) details.error = error;
  if (cause !== undefined) details.cause = cause;
  endExecution(exec, host, "ABORTED", "ExecutionAborted", details);
  return true;
}

/** The execution fails: ExecutionFailed with whichever of error and cause there are. */
export function failExecution(exec: Execution, host: Host, error: string | null | undefined, cause: string | null | undefined) {
  exec.error = error;
  exec.cause = cause;
  const details: Record<string, unknown> = {};
  if (error != null) details.error = error;
  if (cause != null) details.cause = cause;
  endExecution(exec, host, "FAILED", "ExecutionFailed", details);
}

/** The execution ends with `status`: its last event, and everything it waited on cancelled. */
export function endExecution(exec: Execution, host: Host, status: Execution["status"], type: string, details: Record<string, unknown>) {
  exec.status = status;
  exec.stopTime = host.now;
  // AWS's DescribeExecution shows the error and cause of an ABORTED execution, but not of a
  // TIMED_OUT one: there the States.Timeout is only in the ExecutionTimedOut event
  if (status === "ABORTED") {
    exec.error = details.error as string | undefined;
    exec.cause = details.cause as string | undefined;
  }
  if (exec.open > 0) abortMapRuns(exec, host);
  if (status !== "SUCCEEDED" && exec.type === "STANDARD") keepRedrivePoint(exec);
  // the commonest end, in one object (emit copies the details into the event)
  if (status === "SUCCEEDED") executionSucceededEvent(exec, host.now, exec.output as JSONValue);
  else emit(exec, null, host.now, type, details);
  if (exec.open > 0) {
    for (const id in exec.tasks) if (exec.tasks[id]) pushEffect(exec, { kind: "cancel", id: Number(id) });
    for (const id in exec.timers) if (exec.timers[id]) pushEffect(exec, { kind: "cancel", id: Number(id) });
    exec.open = 0;
  }
  // nothing is open now: whatever the tables still hold is an entry left undefined
  exec.tasks = NO_ENTRIES;
  exec.timers = NO_ENTRIES;
  exec.frames = NO_ENTRIES;
  exec.dropped = 0;
  // the shared empty queue: setting an array's length costs ~80 ns
  if (exec.ready.length) exec.ready = NO_READY;
}

/** MapRunAborted for each Map Run still going when the execution ends (the host stops it on the cancel). */
function abortMapRuns(exec: Execution, host: Host) {
  for (const id in exec.tasks) {
    const task = exec.tasks[id];
    if (task?.resource === MAP_RUN_RESOURCE) emit(exec, exec.frames[task.frame] ?? null, host.now, "MapRunAborted");
  }
}

/** Where the top level stood as it ended unsuccessfully, for RedriveExecution (redrive.ts). */
function keepRedrivePoint(exec: Execution) {
  for (const id in exec.frames) {
    const frame = exec.frames[id];
    if (frame?.parent === -1) {
      exec.redrive = pointOf(exec, frame);
      return;
    }
  }
}
