/**
 * One step of an execution, synchronous and storage-free: feed back finished tasks, fire due
 * timers, advance within a budget, and note the tasks the engine asks for. The object commits
 * what this returns before anything leaves it.
 */
import {
  advance,
  completeTask,
  fireTimer,
  recordSubmitted,
  takeEffects,
  type Execution,
  type HistoryEvent,
  type Host,
  type StateMachine,
} from "../../shared/asl/index.ts";
import { parseResource } from "../../shared/asl/index.ts";
import { MAP_RUN_RESOURCE } from "../../shared/asl/index.ts";
import type { JSONValue } from "../../shared/asl/types.ts";
import { childOf } from "../dispatch/integrations/start-execution.ts";
import { noteTimeouts } from "./token-registry.ts";
import type { TaskResult } from "./contract.ts";
import { listingOwed, type HostState, type TaskEffect } from "./host-state.ts";

/** Transitions per commit: small enough that no step nears the platform's CPU limit. */
export const BUDGET = 500;

/** While tasks are out, an alarm this far ahead re-dispatches them should the object die. */
export const WATCHDOG_MS = 60_000;

/** A D1 listing write owed and not known to have failed: the alarm that writes it should the object die first. */
export const LISTING_GRACE_MS = 10_000;

export interface Done {
  id: number;
  result: TaskResult;
}

export interface StepResult {
  /** The budget ran out with work left: continue in a fresh invocation. */
  cut: boolean;
  events: HistoryEvent[];
  /** Tasks no longer wanted: abort their dispatch. */
  cancelled: number[];
  /** Child executions no task waits on any more (the parent stopped, the task timed out, ...): stop them. */
  orphans?: string[];
}

export function step(m: StateMachine, state: HostState, host: Host, done: Done[], budget = BUDGET): StepResult {
  const exec = state.exec;
  for (const d of done) {
    const p = state.tasks[d.id];
    // Gone: cancelled, timed out, or already fed back (a repeat delivery).
    if (!p) continue;
    delete state.tasks[d.id];
    // A child that did not start (or a stub that answered at once) needs no stopping.
    if (!("submitted" in d.result) && state.children) delete state.children[d.id];
    // A callback task's dispatch only hands the token over; its result comes back later.
    if ("submitted" in d.result) {
      // a Map Run handed over is in the history as MapRunStarted already
      if (p.task.resource === MAP_RUN_RESOURCE) continue;
      if (parseResource(p.task.resource).kind !== "activity") recordSubmitted(exec, d.id, d.result.submitted, host);
    } else if (p.task.pattern === "waitForTaskToken" && "output" in d.result) recordSubmitted(exec, d.id, d.result.output, host);
    else completeTask(m, exec, d.id, d.result, host);
  }
  noteTimeouts(state, host.now);
  fireDue(m, exec, host);
  const cut = advance(m, exec, host, budget);
  const cancelled: number[] = [];
  for (const e of takeEffects(exec)) {
    if (e.kind === "task") {
      const key = idempotencyKey(exec, e);
      state.tasks[e.id] = { task: e, key };
      const child = childOf(parseResource(e.resource), e.input, key);
      if (child) (state.children ??= {})[e.id] = child;
    } else if (e.kind === "mapRun") {
      // dispatched like a callback task: the Map Run's object answers through the token when the run ends
      const task: TaskEffect = {
        kind: "task",
        id: e.id,
        stateName: e.stateName,
        resource: MAP_RUN_RESOURCE,
        pattern: "waitForTaskToken",
        input: e.spec as unknown as JSONValue,
        token: e.token,
        attempt: 0,
      };
      state.tasks[e.id] = { task, key: `${exec.executionArn}#${e.spec.mapRunId}` };
      (state.children ??= {})[e.id] = e.spec.mapRunArn;
    } else if (e.kind === "mapRunRedrive") {
      // a redriven Distributed Map: the same Map Run object redrives its unsuccessful children
      const task: TaskEffect = {
        kind: "task",
        id: e.id,
        stateName: e.stateName,
        resource: MAP_RUN_RESOURCE,
        pattern: "waitForTaskToken",
        input: { redriveMapRun: e.mapRunArn },
        token: e.token,
        attempt: 0,
      };
      state.tasks[e.id] = { task, key: `${exec.executionArn}#${e.mapRunArn}#redrive-${e.redriveCount}` };
      (state.children ??= {})[e.id] = e.mapRunArn;
    } else if (e.kind === "cancel" && state.tasks[e.id]) {
      delete state.tasks[e.id];
      cancelled.push(e.id);
    }
  }
  if (exec.status !== "RUNNING") {
    for (const id in state.tasks) cancelled.push(Number(id));
    state.tasks = {};
  }
  const orphans: string[] = [];
  for (const id in state.children) {
    if (exec.tasks[Number(id)]) continue;
    orphans.push(state.children[Number(id)]);
    delete state.children[Number(id)];
  }
  const events = exec.events;
  exec.events = [];
  return { cut: cut && exec.status === "RUNNING", events, cancelled, orphans };
}

/** Fires every timer due by `host.now`, earliest first (overdue ones included). */
function fireDue(m: StateMachine, exec: Execution, host: Host): void {
  const due: { id: number; at: number }[] = [];
  for (const id in exec.timers) {
    const timer = exec.timers[id];
    if (timer && timer.due <= host.now) due.push({ id: Number(id), at: timer.due });
  }
  due.sort((a, b) => a.at - b.at || a.id - b.id);
  for (const t of due) fireTimer(m, exec, t.id, host);
}

/**
 * Execution, state entry and attempt: the same for every delivery of one attempt (it is derived from
 * stored data), different for a retry or for another Map iteration of the same state.
 */
function idempotencyKey(exec: Execution, t: TaskEffect): string {
  const task = exec.tasks[t.id];
  const frame = task && exec.frames[task.frame];
  return `${exec.executionArn}#${frame ? frame.enteredEventId : `task${t.id}`}#${t.attempt}`;
}

/**
 * When the alarm should next fire: the earliest timer, now for ready work or tasks still to send,
 * a watchdog for tasks out, a listing write owed (or its retry; `listing` false leaves it out); null
 * when nothing is left.
 */
export function nextWake(
  state: HostState,
  now: number,
  inFlight: (id: number) => boolean,
  armed?: number | null,
  listing = true,
): number | null {
  const exec = state.exec;
  let at = Infinity;
  if (exec.status === "RUNNING") {
    for (const id in exec.timers) at = Math.min(at, exec.timers[id]?.due ?? Infinity);
    if (exec.ready.length) at = now;
    // A watchdog armed by an earlier commit of this pump stays while at least half its time is left:
    // moving it on every task's result would write a row each (Cloudflare bills every alarm set).
    const watchdog = armed != null && armed >= now + WATCHDOG_MS / 2 && armed <= now + WATCHDOG_MS ? armed : now + WATCHDOG_MS;
    for (const id in state.tasks) at = Math.min(at, inFlight(Number(id)) ? watchdog : now);
  }
  // A listing write owed (the commit holds a status D1 may not): the alarm covers a crash before it lands,
  // so it is set in the same commit; one already set within a minute (a watchdog) covers it as it is (a
  // row written for each alarm set). Once the write lands, the alarm is set back to what the execution
  // needs (ExecutionObject.syncListing).
  if (listing && listingOwed(state)) {
    const cover = armed != null && armed <= now + WATCHDOG_MS ? armed : now + LISTING_GRACE_MS;
    at = Math.min(at, state.listing.failures > 0 ? state.listing.retryAt : cover);
  }
  // Not told yet: the first try follows the commit at once; the alarm covers a crash before it, and retries.
  for (const link of [state.parent, state.mapRun])
    if (link && !link.notified && exec.status !== "RUNNING") at = Math.min(at, link.failures > 0 ? link.retryAt : now);
  return at === Infinity ? null : Math.max(at, 0);
}
