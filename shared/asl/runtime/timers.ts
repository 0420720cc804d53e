/** Timers (Wait, retry backoff, task timeout, heartbeat, execution timeout) and cancelling what a branch waits on. */
import type { Effect, Execution, Frame, Purpose } from "./types.ts";

/**
 * An empty record keyed by ids, made with a store by index in place (JSON and for-in see `{}`): V8
 * takes a slow path for the first store by index into a plain `{}` (about 0.15 µs, against 0.05 µs
 * here), but the `delete` costs ~0.07 µs itself: only a record that takes entries is made this way.
 */
export function idRecord<T>(): Record<number, T> {
  const record: Record<number, T | undefined> = { 0: undefined };
  delete record[0];
  return record as Record<number, T>;
}

/**
 * What `frames`, `tasks` and `timers` start as: one shared empty record, frozen (a write to it throws).
 * Most executions never arm a timer and many run no task, and a record of their own costs more to
 * make than the rest of a Succeed-only execution's start; `ownTasks`, `ownTimers` and `newFrame`
 * make it on the first entry.
 */
export const NO_ENTRIES: Record<number, never> = Object.freeze({});

/**
 * What `outbox` holds when it is empty: one shared frozen array (pushEffect makes a new one for a first effect). A
 * fresh `[]` starts as an array of small integers and takes its first effect by a transition, which
 * deoptimised the push in runTask (a Map's iterations then ran unoptimised for the next ~10,000 tasks).
 */
export const NO_EFFECTS: Effect[] = Object.freeze([]) as unknown as Effect[];

/** Queue an effect for the host. */
export function pushEffect(exec: Execution, effect: Effect): void {
  if (exec.outbox.length === 0) exec.outbox = [effect];
  else exec.outbox.push(effect);
}

/**
 * What `ready` holds when no branch is queued: one shared frozen array (queueFrame makes a new one for a
 * first id, one slot long, where a push into a fresh `[]` allocates seventeen).
 */
export const NO_READY: number[] = Object.freeze([]) as unknown as number[];

/** Queue branch `id` to run in the next pass of the interpreter's loop. */
export function queueFrame(exec: Execution, id: number): void {
  if (exec.ready.length === 0) exec.ready = [id];
  else exec.ready.push(id);
}

/** Past this many entries left `undefined`, advance compacts the tables (see Execution.dropped). */
const COMPACT_AT = 256;

/**
 * Rebuild `frames`, `tasks` and `timers` with their live entries alone when enough have been dropped:
 * JSON and for-in walk every key, `undefined` or not (20,000 of them cost ~1.3 ms per JSON.stringify).
 */
export function compactTables(exec: Execution): void {
  // absent in state stored before it was counted (or NaN, counted on from absent): compacted now
  const dropped = exec.dropped;
  if (dropped !== undefined && dropped < COMPACT_AT) return;
  exec.dropped = 0;
  exec.frames = compacted(exec.frames);
  exec.tasks = compacted(exec.tasks);
  exec.timers = compacted(exec.timers);
}

function compacted<T>(table: Record<number, T | undefined>): Record<number, T | undefined> {
  if (table === NO_ENTRIES) return table;
  let out: Record<number, T> | undefined;
  for (const id in table) {
    const entry = table[id];
    if (entry !== undefined) (out ??= idRecord())[id] = entry;
  }
  return out ?? NO_ENTRIES;
}

/** The execution's own `tasks`, to add an entry to. */
export function ownTasks(exec: Execution): Execution["tasks"] {
  return exec.tasks === NO_ENTRIES ? (exec.tasks = idRecord()) : exec.tasks;
}

function ownTimers(exec: Execution): Execution["timers"] {
  return exec.timers === NO_ENTRIES ? (exec.timers = idRecord()) : exec.timers;
}

/** Arm a timer for `frame`; the host is asked to fire it at `due`. Returns its id. */
export function addTimer(exec: Execution, frame: Frame, purpose: Purpose, due: number, task?: number): number {
  const id = exec.nextId++;
  ownTimers(exec)[id] = { frame: frame.id, purpose, due, task };
  exec.open++;
  pushEffect(exec, { kind: "timer", id, due });
  return id;
}

/**
 * Remove task `id` (present) from the execution's tasks: `undefined` under its id (see Execution.frames: a
 * delete by index takes V8's slow path), or, when it was the last thing open, the shared empty table again.
 */
export function forgetTask(exec: Execution, id: number) {
  if (exec.open === 1) exec.tasks = NO_ENTRIES;
  else {
    exec.tasks[id] = undefined;
    exec.dropped!++;
  }
  exec.open--;
}

/** Remove timer `id` (present) from the execution's timers, as forgetTask does a task. */
export function forgetTimer(exec: Execution, id: number) {
  if (exec.open === 1) exec.timers = NO_ENTRIES;
  else {
    exec.timers[id] = undefined;
    exec.dropped!++;
  }
  exec.open--;
}

/** Forget a timer or a task and tell the host (no effect for an id already gone). */
export function cancel(exec: Execution, id: number) {
  if (exec.timers[id]) forgetTimer(exec, id);
  else if (exec.tasks[id]) forgetTask(exec, id);
  else return;
  pushEffect(exec, { kind: "cancel", id });
}

/** Cancel a task's timeout and heartbeat timers. */
export function clearTaskTimers(exec: Execution, frame: Frame) {
  if (frame.timeoutTimer !== undefined) cancel(exec, frame.timeoutTimer);
  if (frame.heartbeatTimer !== undefined) cancel(exec, frame.heartbeatTimer);
  frame.timeoutTimer = frame.heartbeatTimer = undefined;
}
