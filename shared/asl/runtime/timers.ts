/** Timers (Wait, retry backoff, task timeout, heartbeat, execution timeout) and cancelling what a branch waits on. */
import type { Execution, Frame, Purpose } from "./types.ts";

/** Arm a timer for `frame`; the host is asked to fire it at `due`. Returns its id. */
export function addTimer(exec: Execution, frame: Frame, purpose: Purpose, due: number, task?: number): number {
  const id = exec.nextId++;
  exec.timers[id] = { frame: frame.id, purpose, due, task };
  exec.open++;
  exec.outbox.push({ kind: "timer", id, due });
  return id;
}

/** Forget a timer or a task and tell the host (no effect for an id already gone). */
export function cancel(exec: Execution, id: number) {
  if (exec.timers[id]) delete exec.timers[id];
  else if (exec.tasks[id]) delete exec.tasks[id];
  else return;
  exec.open--;
  exec.outbox.push({ kind: "cancel", id });
}

/** Cancel a task's timeout and heartbeat timers. */
export function clearTaskTimers(exec: Execution, frame: Frame) {
  if (frame.timeoutTimer !== undefined) cancel(exec, frame.timeoutTimer);
  if (frame.heartbeatTimer !== undefined) cancel(exec, frame.heartbeatTimer);
  frame.timeoutTimer = frame.heartbeatTimer = undefined;
}
