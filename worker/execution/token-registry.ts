/**
 * Which task waits on a token, and what became of tokens no task waits on any more: SendTask* answers
 * TaskTimedOut for a task that timed out and TaskDoesNotExist for one already answered or never known.
 */
import type { Execution } from "../../shared/asl/index.ts";
import type { HostState } from "./host-state.ts";

/** Tokens remembered per execution: enough for every task of a wide Map to be told apart for a while. */
export const MAX_CLOSED = 500;

export function closeToken(state: HostState, token: string, why: "answered" | "timed-out"): void {
  const c = (state.closed ??= {});
  delete c[token];
  c[token] = why;
  const keys = Object.keys(c);
  for (let i = 0; i < keys.length - MAX_CLOSED; i++) delete c[keys[i]];
}

/** The engine's id of the task waiting on `token`, if one does. */
export function taskOfToken(exec: Execution, token: string): number | undefined {
  for (const id in exec.tasks) {
    const task = exec.tasks[id];
    if (task && exec.frames[task.frame]?.token === token) return Number(id);
  }
  return undefined;
}

/** Call before due timers fire: a task whose TimeoutSeconds or HeartbeatSeconds timer is due times out now. */
export function noteTimeouts(state: HostState, now: number): void {
  const exec = state.exec;
  for (const id in exec.timers) {
    const t = exec.timers[id];
    if (!t || t.due > now || t.task === undefined || !exec.tasks[t.task]) continue;
    if (t.purpose !== "task-timeout" && t.purpose !== "heartbeat") continue;
    const token = exec.frames[t.frame]?.token;
    if (token) closeToken(state, token, "timed-out");
  }
}
