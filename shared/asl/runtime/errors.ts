/** Which Retrier or Catcher an error name selects, and how long a retry waits. */
import type { Catcher, Retrier } from "../compile/index.ts";
import type { Host } from "./types.ts";

/**
 * True when an ErrorEquals list selects the error `name`. A `terminal` error (a state's own
 * input or output over the size limit) is selected only by its own name, never by `States.ALL`;
 * `States.Runtime` is selected by nothing (see findRetrier/findCatcher).
 */
export function errorMatches(errors: string[], name: string | null, terminal = false, alias?: string): boolean {
  for (const e of errors) {
    if (e === name || (alias !== undefined && e === alias)) return true;
    if (terminal) continue;
    if (e === "States.ALL") return true;
    if (e === "States.TaskFailed" && name !== "States.Timeout" && name !== "States.HeartbeatTimeout") return true;
  }
  return false;
}

/** AWS: "A States.Runtime error isn't retriable, and will always cause the execution to fail." */
const UNCATCHABLE = "States.Runtime";

export function findRetrier(retry: Retrier[], name: string | null, terminal = false, alias?: string): number {
  if (name === UNCATCHABLE) return -1;
  for (let i = 0; i < retry.length; i++) if (errorMatches(retry[i].errors, name, terminal, alias)) return i;
  return -1;
}

export function findCatcher(catchers: Catcher[], name: string | null, terminal = false, alias?: string): Catcher | undefined {
  if (name === UNCATCHABLE) return undefined;
  for (const c of catchers) if (errorMatches(c.errors, name, terminal, alias)) return c;
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
