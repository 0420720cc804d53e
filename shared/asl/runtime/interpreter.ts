/**
 * The interpreter's loop: run ready branches state by state until each waits on its host or ends.
 * `runBranch` is the one place that dispatches on a state's type: a switch over the union, calling
 * one function per state type (states/<type>.ts). All compiled states share one object shape, so
 * the reads here and in the state functions stay monomorphic, and V8 can inline the calls.
 */
import { StatesError } from "../types.ts";
import type { CState, StateMachine, WorkState } from "../compile/index.ts";
import { finishFrame } from "./branches.ts";
import { Env } from "./env.ts";
import { failHistoryFull, historyFull } from "./execution.ts";
import { enteredEvent } from "./history.ts";
import { causeOf, handleError } from "./retry-catch.ts";
import { runChoice } from "./states/choice.ts";
import { runFail } from "./states/fail.ts";
import { runMap } from "./states/map.ts";
import { runParallel } from "./states/parallel.ts";
import { runPass } from "./states/pass.ts";
import { runSucceed } from "./states/succeed.ts";
import { runTask } from "./states/task.ts";
import { runWait } from "./states/wait.ts";
import { effectiveInput, takeResult } from "./states/work.ts";
import type { Step } from "./transition.ts";
import { compactTables, NO_READY, queueFrame } from "./timers.ts";
import type { Execution, Frame, Host, Resume } from "./types.ts";

/**
 * Run ready branches until all wait on the host or the execution ends. With a budget, stop after
 * that many transitions and return true: the caller commits and calls again.
 */
export function advance(machine: StateMachine, exec: Execution, host: Host, budget = Infinity): boolean {
  const more = run(machine, exec, host, budget);
  compactTables(exec);
  return more;
}

function run(machine: StateMachine, exec: Execution, host: Host, budget: number): boolean {
  const start = exec.transitions;
  // one environment for every branch run here (each state resets it): a Map's iterations make none each
  let env: Env | undefined;
  while (exec.ready.length && exec.status === "RUNNING") {
    const batch = exec.ready;
    exec.ready = NO_READY;
    for (let i = 0; i < batch.length; i++) {
      const frame = exec.frames[batch[i]];
      if (!frame || exec.status !== "RUNNING") continue;
      if (exec.transitions - start >= budget) {
        exec.ready = batch.slice(i).concat(exec.ready);
        return true;
      }
      runBranch(machine, exec, frame, host, start + budget, (env ??= new Env(exec, frame, host, frame.input, "")));
    }
  }
  return false;
}

/**
 * Run one branch until it waits, ends, or the budget is spent. The hot loop: entering a state and
 * the switch over its type are written here rather than in helpers, so that V8's inlining budget
 * for this function goes to the state functions and what they call.
 */
function runBranch(machine: StateMachine, exec: Execution, frame: Frame, host: Host, stopAt: number, env: Env) {
  const states = machine.scopes[frame.scope].states;
  let state = states[frame.state];
  for (;;) {
    if (!frame.entered) {
      if (exec.transitions >= stopAt) {
        queueFrame(exec, frame.id);
        return;
      }
      if (historyFull(exec)) return failHistoryFull(exec, host);
      frame.entered = true;
      frame.enteredTime = host.now;
      frame.retryCount = 0;
      frame.retries = undefined;
      frame.effective = undefined;
      frame.token = undefined;
      frame.mapRun = undefined;
      frame.redriveFan = undefined;
      exec.transitions++;
      frame.enteredEventId = enteredEvent(exec, frame, host.now, state.entered, state.name, frame.input);
    }
    env.reset(frame, state.type);
    frame.outBound = -1;
    let step: Step;
    try {
      switch (state.type) {
        case "Pass":
          step = runPass(exec, frame, state, host, env);
          break;
        case "Choice":
          step = runChoice(exec, frame, state, host, env);
          break;
        case "Succeed":
          step = runSucceed(exec, frame, state, host, env);
          break;
        case "Fail":
          step = runFail(machine, exec, frame, state, host, env);
          break;
        case "Wait":
          step = runWait(exec, frame, state, host, env);
          break;
        default:
          step = runWork(machine, exec, frame, state, host, env);
      }
    } catch (e) {
      step = stateFailed(machine, exec, frame, state, host, env, e);
    }
    if (typeof step === "string" || exec.status !== "RUNNING") return;
    const next = step.next;
    if (next === undefined) return finishFrame(machine, exec, frame, host, step.output);
    frame.state = next;
    // linked when the machine was compiled (a state named by a TestState's Next alone is not in its scope)
    state = step.to ?? states[next];
    frame.input = step.output;
    frame.bound = frame.outBound;
    frame.entered = false;
  }
}

/** A state threw: an AWS error goes to its Retry and Catch; anything else is a bug, and propagates. */
function stateFailed(machine: StateMachine, exec: Execution, frame: Frame, state: CState, host: Host, env: Env, e: unknown): Step {
  if (!(e instanceof StatesError)) throw e;
  const failure = { error: e.error, cause: causeOf(e, state, frame), terminal: e.terminal, heartbeat: false };
  return handleError(machine, exec, frame, state, host, failure, env);
}

/** Task, Parallel and Map: start the work, or take its result or error when it comes back. */
function runWork(machine: StateMachine, exec: Execution, frame: Frame, state: WorkState, host: Host, env: Env): Step {
  const resumed = frame.resume;
  if (resumed && resumed.kind !== "timer") return resumeWork(machine, exec, frame, state, host, env, resumed);
  frame.resume = undefined;
  const input = effectiveInput(frame, state, host, env);
  if (state.type === "Task") {
    const step = runTask(exec, frame, state, host, env, input);
    const answer = frame.resume;
    if (typeof step !== "string" || answer === undefined) return step;
    // the host answered at once: the branch takes the answer as it would have, woken with it
    env.reset(frame, state.type);
    frame.outBound = -1;
    return resumeWork(machine, exec, frame, state, host, env, answer);
  }
  if (state.type === "Parallel") return runParallel(machine, exec, frame, state, host, input);
  return runMap(machine, exec, frame, state, host, env, input);
}

/** The work came back: its result, or its error for Retry and Catch. */
function resumeWork(machine: StateMachine, exec: Execution, frame: Frame, state: WorkState, host: Host, env: Env, resumed: Resume): Step {
  frame.resume = undefined;
  if (resumed.kind === "result") return takeResult(exec, frame, state, host, env, resumed.value, resumed.bound ?? -1);
  const failure = { error: resumed.error, cause: resumed.cause, terminal: false, heartbeat: resumed.heartbeat === true };
  return handleError(machine, exec, frame, state, host, failure, env);
}
