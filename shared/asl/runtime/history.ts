/** History events in AWS's shape. Event ids are counted even when the events are not kept. */
import type { ResourceInfo } from "../resource.ts";
import type { JSONObject, JSONValue } from "../types.ts";
import type { Execution, Frame, HistoryEvent } from "./types.ts";

/** Append an event; returns its id. `frame` threads previousEventId through a branch. */
export function emit(exec: Execution, frame: Frame | null, now: number, type: string, details?: Record<string, unknown>): number {
  const id = ++exec.eventSeq;
  if (exec.keepHistory) exec.events.push(flat(id, frame ? frame.lastEventId : id - 1, now, type, details));
  if (frame) frame.lastEventId = id;
  return id;
}

// `<Type>StateEntered` and `<Type>StateExited` are the commonest events: each is built in one object,
// by a function of its own kept small (both sit on the interpreter's hot path, where V8 inlines them).

/** ExecutionStarted, the first event. */
export function executionStartedEvent(exec: Execution, now: number, input: JSONValue): void {
  const id = ++exec.eventSeq;
  if (exec.keepHistory)
    exec.events.push({
      id,
      previousEventId: id - 1,
      timestamp: now,
      type: "ExecutionStarted",
      input,
      inputDetails: NOT_TRUNCATED,
      roleArn: exec.roleArn,
    });
}

/** ExecutionSucceeded with the execution's output. */
export function executionSucceededEvent(exec: Execution, now: number, output: JSONValue): void {
  const id = ++exec.eventSeq;
  if (exec.keepHistory)
    exec.events.push({ id, previousEventId: id - 1, timestamp: now, type: "ExecutionSucceeded", output, outputDetails: NOT_TRUNCATED });
}

/** `<Type>StateEntered`; returns its id. */
export function enteredEvent(exec: Execution, frame: Frame, now: number, type: string, name: string, input: JSONValue): number {
  const id = ++exec.eventSeq;
  if (exec.keepHistory)
    exec.events.push({ id, previousEventId: frame.lastEventId, timestamp: now, type, name, input, inputDetails: NOT_TRUNCATED });
  frame.lastEventId = id;
  return id;
}

/** `<Type>StateExited`, with the variables the state assigned, if any. */
export function exitedEvent(
  exec: Execution,
  frame: Frame,
  now: number,
  type: string,
  name: string,
  output: JSONValue,
  assigned?: JSONObject,
): void {
  const id = ++exec.eventSeq;
  if (exec.keepHistory) {
    const ev: HistoryEvent = { id, previousEventId: frame.lastEventId, timestamp: now, type, name, output, outputDetails: NOT_TRUNCATED };
    if (assigned) {
      ev.assignedVariables = assigned;
      ev.assignedVariablesDetails = NOT_TRUNCATED;
    }
    exec.events.push(ev);
  }
  frame.lastEventId = id;
}

/** MapIterationStarted / MapIterationSucceeded, built in one object; they follow `prev`. */
export function iterationEvent(exec: Execution, prev: number, now: number, type: string, name: string, index: number): number {
  const id = ++exec.eventSeq;
  if (exec.keepHistory) exec.events.push({ id, previousEventId: prev, timestamp: now, type, name, index });
  return id;
}

/** `<Family>Scheduled` and `<Family>Started` for a task handed out, each one object. */
export function taskStartEvents(
  exec: Execution,
  frame: Frame,
  now: number,
  info: ResourceInfo,
  input: JSONValue,
  timeout: number | undefined,
  heartbeat: number | undefined,
): void {
  // An activity is only Scheduled here: it starts when a worker takes it (recordStarted).
  const startsNow = info.family !== "Activity";
  if (!exec.keepHistory) {
    frame.lastEventId = exec.eventSeq += startsNow ? 2 : 1;
    return;
  }
  const names = TASK_EVENT[info.family];
  const { resourceType, resource, region } = info;
  let id = ++exec.eventSeq;
  let previousEventId = frame.lastEventId;
  const scheduled: HistoryEvent =
    info.family === "Task"
      ? { id, previousEventId, timestamp: now, type: names.Scheduled, resourceType, resource, region, parameters: input }
      : { id, previousEventId, timestamp: now, type: names.Scheduled, resource, input, inputDetails: NOT_TRUNCATED };
  if (timeout !== undefined) scheduled.timeoutInSeconds = timeout;
  if (heartbeat !== undefined) scheduled.heartbeatInSeconds = heartbeat;
  exec.events.push(scheduled);
  frame.lastEventId = id;
  if (!startsNow) return;
  id = ++exec.eventSeq;
  previousEventId = frame.lastEventId;
  exec.events.push(
    info.family === "Task"
      ? { id, previousEventId, timestamp: now, type: names.Started, resourceType, resource }
      : { id, previousEventId, timestamp: now, type: names.Started },
  );
  frame.lastEventId = id;
}

/** `<Family>Failed` or `<Family>TimedOut`, one object, with the error and the cause when not null. */
export function taskEndEvent(
  exec: Execution,
  frame: Frame,
  now: number,
  info: ResourceInfo,
  outcome: "Failed" | "TimedOut",
  error: string | null,
  cause: string | null | undefined,
): void {
  const id = ++exec.eventSeq;
  const previousEventId = frame.lastEventId;
  frame.lastEventId = id;
  if (!exec.keepHistory) return;
  const type = TASK_EVENT[info.family][outcome];
  const task = info.family === "Task";
  if (error !== null && cause != null) {
    exec.events.push(
      task
        ? { id, previousEventId, timestamp: now, type, resourceType: info.resourceType, resource: info.resource, error, cause }
        : { id, previousEventId, timestamp: now, type, error, cause },
    );
    return;
  }
  const ev: HistoryEvent = task
    ? { id, previousEventId, timestamp: now, type, resourceType: info.resourceType, resource: info.resource }
    : { id, previousEventId, timestamp: now, type };
  if (error !== null) ev.error = error;
  if (cause != null) ev.cause = cause;
  exec.events.push(ev);
}

/** `<Family>Succeeded` with the task's result, one object. */
export function taskSucceededEvent(exec: Execution, frame: Frame, now: number, info: ResourceInfo, output: JSONValue): void {
  const id = ++exec.eventSeq;
  const previousEventId = frame.lastEventId;
  const type = info.family === "Task" ? TASK_EVENT.Task.Succeeded : TASK_EVENT[info.family].Succeeded;
  if (exec.keepHistory)
    exec.events.push(
      info.family === "Task"
        ? {
            id,
            previousEventId,
            timestamp: now,
            type,
            resourceType: info.resourceType,
            resource: info.resource,
            output,
            outputDetails: NOT_TRUNCATED,
          }
        : { id, previousEventId, timestamp: now, type, output, outputDetails: NOT_TRUNCATED },
    );
  frame.lastEventId = id;
}

/** Shared by every event: history values are never truncated here. */
export const NOT_TRUNCATED = Object.freeze({ truncated: false });

/** The `resource` a Map Run is registered under among an execution's tasks (no Task state has it). */
export const MAP_RUN_RESOURCE = "states:::mapRun";

/** Events keep their details beside id, previousEventId, timestamp and type (one object each). */
function flat(id: number, previousEventId: number, timestamp: number, type: string, details?: Record<string, unknown>): HistoryEvent {
  const ev: HistoryEvent = { id, previousEventId, timestamp, type };
  if (details) for (const k in details) ev[k] = details[k];
  return ev;
}

/**
 * Append an event whose previous event is given (Map and Parallel bookkeeping events point at the
 * last event of the iteration or branch, not at their owner's). Does not move any frame's cursor.
 */
export function emitAfter(exec: Execution, prev: number, now: number, type: string, details?: Record<string, unknown>): number {
  const id = ++exec.eventSeq;
  if (exec.keepHistory) exec.events.push(flat(id, prev, now, type, details));
  return id;
}

const KEY_CACHE = new Map<string, string>();

const TYPES = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];
const table = (suffix: string): Record<string, string> => Object.fromEntries(TYPES.map((t) => [t, t + suffix]));
/** Event type names built once, so hot paths never concatenate strings (StateEntered/Exited: compile/shape.ts). */
export const STATE_SUCCEEDED = table("StateSucceeded");
export const STATE_FAILED = table("StateFailed");
export const STATE_ABORTED = table("StateAborted");
const FAMILIES = ["LambdaFunction", "Activity", "Task"];
const OUTCOMES = ["Scheduled", "Started", "Succeeded", "Failed", "TimedOut"];
export const TASK_EVENT: Record<string, Record<string, string>> = Object.fromEntries(
  FAMILIES.map((frame) => [frame, Object.fromEntries(OUTCOMES.map((outcome) => [outcome, frame + outcome]))]),
);

/** `PassStateEntered` → `stateEnteredEventDetails`, `TaskScheduled` → `taskScheduledEventDetails`. */
export function detailsKey(type: string): string {
  let k = KEY_CACHE.get(type);
  if (!k) {
    const m = /^(?:Pass|Task|Choice|Wait|Succeed|Fail|Parallel|Map)State(Entered|Exited)$/.exec(type);
    const base = m ? "State" + m[1] : type;
    k = base[0].toLowerCase() + base.slice(1) + "EventDetails";
    KEY_CACHE.set(type, k);
  }
  return k;
}

/** JSON text of a value for an event's `input`/`output` field. */
export const text = (v: JSONValue | undefined): string => (v === undefined ? "null" : JSON.stringify(v));

const TEXT_FIELDS = new Set(["input", "output", "parameters"]);

/**
 * An event as AWS's GetExecutionHistory shows it: details under `<type>EventDetails`, data fields
 * as JSON text, the time as a Date. The engine keeps them flat and as values, which is cheaper.
 */
export function awsEvent(ev: HistoryEvent, includeData = true): Record<string, unknown> {
  const out: Record<string, unknown> = { id: ev.id, previousEventId: ev.previousEventId, timestamp: new Date(ev.timestamp), type: ev.type };
  const d: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(ev)) {
    if (BASE_FIELDS.has(k)) continue;
    any = true;
    if (TEXT_FIELDS.has(k)) {
      if (includeData) d[k] = text(v as JSONValue);
    } else if (k === "assignedVariables") {
      // AWS shows each variable's value as JSON text
      if (includeData) d[k] = Object.fromEntries(Object.entries(v as JSONObject).map(([n, x]) => [n, text(x)]));
    } else d[k] = v;
  }
  if (any) out[detailsKey(ev.type)] = d;
  return out;
}

const BASE_FIELDS = new Set(["id", "previousEventId", "timestamp", "type"]);

/** An event's details, as AWS nests them under `<type>EventDetails` (values, not JSON text). */
export function eventDetails(ev: HistoryEvent): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  for (const k in ev) if (!BASE_FIELDS.has(k)) d[k] = ev[k];
  return d;
}

// Which event family a Task's resource records, and what it names: the one Resource parser says.
export { resourceInfo, type ResourceInfo } from "../resource.ts";
