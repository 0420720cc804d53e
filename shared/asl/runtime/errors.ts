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

/** AWS's cause for an error it raised itself in a state: the state and its StateEntered event, then what went wrong. */
export function stateErrorCause(stateName: string, enteredEventId: number, cause: string): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${cause}`;
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
  for (const catcher of catchers) if (errorMatches(catcher.errors, name, terminal, alias)) return catcher;
  return undefined;
}

/** IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter if asked. */
export function retryDelayMs(retrier: Retrier, attempt: number, host: Host, stateName: string): number {
  let seconds = retrier.interval * Math.pow(retrier.backoff, attempt);
  if (retrier.maxDelay !== undefined) seconds = Math.min(seconds, retrier.maxDelay);
  let ms = seconds * 1000;
  if (retrier.jitter) ms = host.random() * ms;
  ms = Math.round(ms);
  return host.retryDelayMs ? host.retryDelayMs(stateName, ms) : ms;
}
