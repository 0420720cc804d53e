/** A state's error: its Retry first, then its Catch, else the branch fails. */
import { StatesError, type JSONObject, type JSONValue } from "../types.ts";
import type { Catcher, CState, StateMachine } from "../compile/index.ts";
import { failFrame } from "./branches.ts";
import { Env } from "./env.ts";
import { findCatcher, findRetrier, retryDelayMs, stateErrorCause } from "./errors.ts";
import { emit, exitedEvent, STATE_FAILED } from "./history.ts";
import { applyResultPath, boundWithin, sizeCause, terminalError } from "./io.ts";
import { addTimer, queueFrame } from "./timers.ts";
import { assignOf, checkAssigned, setVars, type Step } from "./transition.ts";
import type { Execution, Frame, Host } from "./types.ts";

/** What went wrong: AWS's error name and cause; `terminal` and `heartbeat` narrow what selects it. */
export interface Failure {
  error: string | null;
  cause: string | null;
  /** Only its own name selects it (a state's own data over the size limit). */
  terminal: boolean;
  /** A missed heartbeat: States.Timeout that States.HeartbeatTimeout selects too. */
  heartbeat: boolean;
}

/** Retry, then Catch, then fail the branch. `env` is the state's, when it has one at hand. */
export function handleError(
  machine: StateMachine,
  exec: Execution,
  frame: Frame,
  state: CState,
  host: Host,
  failure: Failure,
  env?: Env,
): Step {
  const alias = failure.heartbeat ? "States.HeartbeatTimeout" : undefined;
  if (state.retry.length && retry(exec, frame, state, host, failure, alias)) return "wait";
  if (state.type === "Map" || state.type === "Parallel") emit(exec, frame, host.now, STATE_FAILED[state.type]);
  const catcher = findCatcher(state.catch, failure.error, failure.terminal, alias);
  if (catcher) {
    try {
      return caught(exec, frame, state, host, catcher, failure, env);
    } catch (e) {
      // the catcher's own Assign or Output failed: that error ends the branch (a Catch does not catch itself)
      if (!(e instanceof StatesError)) throw e;
      failFrame(machine, exec, frame, host, e.error, causeOf(e, state, frame));
      return "wait";
    }
  }
  failFrame(machine, exec, frame, host, failure.error, failure.cause);
  return "wait";
}

/** AWS names the state and its StateEntered event in the cause of an error it raised itself. */
export function causeOf(e: StatesError, state: CState, frame: Frame): string {
  if (e.error !== "States.Runtime" && e.error !== "States.QueryEvaluationError") return e.cause;
  return stateErrorCause(state.name, frame.enteredEventId, e.cause);
}

/** Arm the retry timer if a retrier takes the error and has attempts left. */
function retry(exec: Execution, frame: Frame, state: CState, host: Host, failure: Failure, alias: string | undefined): boolean {
  const index = findRetrier(state.retry, failure.error, failure.terminal, alias);
  if (index < 0) return false;
  const retrier = state.retry[index];
  // (one retrier, the usual case, as a literal: Array.prototype.fill is a call into the runtime)
  const attempts = (frame.retries ??= state.retry.length === 1 ? [0] : new Array(state.retry.length).fill(0));
  if (attempts[index] >= retrier.maxAttempts) return false;
  const delay = retryDelayMs(retrier, attempts[index], host, state.name);
  attempts[index]++;
  frame.retryCount++;
  // each attempt evaluates its input again ($$.State.RetryCount changes)
  frame.effective = undefined;
  exec.transitions++;
  // no delay left (a host that shortens backoff to nothing, a FULL jitter's 0) for the top level with nothing
  // else open: the attempt runs now, as the timer would fire at once, with no timer to arm, hand out and fire.
  // (A branch beside others waits for its timer: the host fires it once nothing is ready, which orders its
  // history after the other branches' work, however short the delay.)
  if (delay <= 0 && frame.parent === -1 && exec.open === 0) queueFrame(exec, frame.id);
  else frame.waitingOn = addTimer(exec, frame, "retry", host.now + delay);
  return true;
}

/** A catcher took the error: the state exits with the error output and goes to the catcher's Next. */
function caught(exec: Execution, frame: Frame, state: CState, host: Host, catcher: Catcher, failure: Failure, env?: Env): Step {
  frame.effective = undefined;
  frame.fan = undefined;
  frame.redriveFan = undefined;
  const errorOutput: JSONObject = { Error: failure.error, Cause: failure.cause };
  const jsonata = state.ql === "JSONata";
  let output: JSONValue;
  let assigned: JSONObject | undefined;
  if (catcher.output || catcher.assign) {
    const catchEnv = env ?? new Env(exec, frame, host, frame.input, state.type);
    catchEnv.errorOutput = errorOutput;
    catchEnv.result = undefined;
    // a Catch's Assign writes to the state's own scope; in JSONPath its `$` is the error output
    assigned = assignOf(catcher.assign, state, catchEnv, errorOutput);
    if (jsonata) output = catcher.output ? catcher.output(catchEnv) : errorOutput;
    else output = applyResultPath(catcher.resultPath, catcher.resultPathSrc, frame.input, errorOutput);
  } else output = jsonata ? errorOutput : applyResultPath(catcher.resultPath, catcher.resultPathSrc, frame.input, errorOutput);
  // the error output is measured (its cause can be of any length): over 256 KiB the branch fails, as any
  // state's output does, and a Catch does not catch that
  const bound = boundWithin(output);
  if (bound < 0) throw terminalError("States.DataLimitExceeded", sizeCause(state.name));
  // AWS records the state's exit, with the error output, before the Catch's Next
  if (assigned) checkAssigned(assigned);
  exitedEvent(exec, frame, host.now, state.exited, state.name, output, assigned);
  frame.outBound = bound;
  if (assigned) setVars(frame, assigned);
  return { next: catcher.next, to: catcher.target, output };
}
