/**
 * Frames (one per running branch: the top level, each Parallel branch, each Map iteration) and the
 * resumes they wake with. Each is made in one place with every field present, in one order, so that
 * all frames share one object shape, and all resumes another (monomorphic reads in the interpreter).
 */
import type { JSONValue } from "../types.ts";
import { cancel, clearTaskTimers, idRecord, NO_ENTRIES } from "./timers.ts";
import type { Execution, Frame, Resume } from "./types.ts";

/** A branch that starts at `state` of `scope` with `input`; registered in the execution. */
export function newFrame(exec: Execution, parent: number, slot: number, scope: number, state: string, input: JSONValue): Frame {
  const frame: Frame = {
    id: exec.nextId++,
    parent,
    slot,
    scope,
    state,
    input,
    bound: -1,
    outBound: -1,
    entered: false,
    enteredEventId: 0,
    enteredTime: 0,
    lastEventId: 0,
    retryCount: 0,
    vars: undefined,
    retries: undefined,
    effective: undefined,
    waitingOn: undefined,
    timeoutTimer: undefined,
    heartbeatTimer: undefined,
    token: undefined,
    resume: undefined,
    mapItem: undefined,
    fan: undefined,
    redriveFan: undefined,
    mapRun: undefined,
  };
  const frames = exec.frames;
  if (frames !== NO_ENTRIES) frames[frame.id] = frame;
  // the top level's frame (id 1) makes the table as a literal, ~10x cheaper than a first store by index
  else if (frame.id === 1) exec.frames = { 1: frame };
  else (exec.frames = idRecord())[frame.id] = frame;
  return frame;
}

/** Work (a task, branches, iterations) came back with a result; `bound`: its size bound, when measured (see boundWithin). */
export function succeeded(value: JSONValue, bound = -1): Resume {
  return { kind: "result", value, error: null, cause: null, heartbeat: false, bound };
}

/** Work came back with an error; `heartbeat`: the error is a missed heartbeat. */
export function failed(error: string | null, cause: string | null, heartbeat = false): Resume {
  return { kind: "error", value: null, error, cause, heartbeat, bound: -1 };
}

/** A Wait's timer fired. */
export function timerFired(): Resume {
  return { kind: "timer", value: null, error: null, cause: null, heartbeat: false, bound: -1 };
}

/** The effective input a state stored before it waited (a Wait's is always there when its timer fires). */
export function pendingInput(frame: Frame): JSONValue {
  const effective = frame.effective;
  if (effective === undefined) throw new Error(`internal: state '${frame.state}' resumed without its effective input`);
  return effective;
}

/** The live branches under a frame (a scan: only failures and stops need it). */
export function childrenOf(exec: Execution, id: number): Frame[] {
  const out: Frame[] = [];
  for (const key in exec.frames) {
    const frame = exec.frames[key];
    if (frame?.parent === id) out.push(frame);
  }
  return out;
}

/** Remove a branch and everything under it, cancelling what it waits on. */
export function abortFrame(exec: Execution, frame: Frame) {
  if (frame.fan) for (const child of childrenOf(exec, frame.id)) abortFrame(exec, child);
  if (frame.waitingOn !== undefined) cancel(exec, frame.waitingOn);
  clearTaskTimers(exec, frame);
  dropFrame(exec, frame);
}

/** The branch is over: `undefined` under its id (see Execution.frames; an ended execution's table is frozen). */
export function dropFrame(exec: Execution, frame: Frame) {
  if (exec.frames === NO_ENTRIES) return;
  exec.frames[frame.id] = undefined;
  exec.dropped!++;
}
