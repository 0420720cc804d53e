/** Which Retrier or Catcher an error name selects, and how long a retry waits. */
import type { Catcher, Retrier } from "../compile.ts";
import type { Host } from "./types.ts";

/** Errors that `States.ALL` (and `States.TaskFailed`) do not catch: only their own name does. */
const TERMINAL = new Set(["States.Runtime", "States.DataLimitExceeded"]);

/** True when an ErrorEquals list selects the error `name`. */
export function errorMatches(errors: string[], name: string): boolean {
  for (const e of errors) {
    if (e === name) return true;
    if (TERMINAL.has(name)) continue;
    if (e === "States.ALL") return true;
    if (e === "States.TaskFailed" && name !== "States.Timeout" && name !== "States.HeartbeatTimeout") return true;
  }
  return false;
}

export function findRetrier(retry: Retrier[], name: string): number {
  if (name === "States.Runtime") return -1;
  for (let i = 0; i < retry.length; i++) if (errorMatches(retry[i].errors, name)) return i;
  return -1;
}

export function findCatcher(catchers: Catcher[], name: string): Catcher | undefined {
  for (const c of catchers) if (errorMatches(c.errors, name)) return c;
  return undefined;
}

/** IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter if asked. */
export function retryDelayMs(r: Retrier, attempt: number, host: Host, stateName: string): number {
  let s = r.interval * Math.pow(r.backoff, attempt);
  if (r.maxDelay !== undefined) s = Math.min(s, r.maxDelay);
  let ms = s * 1000;
  if (r.jitter) ms = host.random() * ms;
  ms = Math.round(ms);
  return host.retryDelayMs ? host.retryDelayMs(stateName, ms) : ms;
}
