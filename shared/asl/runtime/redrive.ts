/**
 * Redrive (AWS's RedriveExecution): a Standard execution that ended FAILED, TIMED_OUT or ABORTED keeps
 * where it stood, as plain data (`exec.redrive`): the state each branch was in with that state's input
 * and variables, and for a Map or Parallel state the results of the iterations and branches that had
 * succeeded and where the others stood. A redrive runs the unsuccessful states again from there: only
 * the failed or aborted iterations and branches (and a Map's iterations that had not started), after an
 * `ExecutionRedriven` event; the successful steps are not run again and their results stand.
 */
import type { MapState, StateMachine } from "../compile/index.ts";
import { failHistoryFull, historyFull } from "./execution.ts";
import { mapFan, parallelFan } from "./fan-make.ts";
import { newFrame, succeeded } from "./frames.ts";
import { emit, enteredEvent, iterationEvent } from "./history.ts";
import { queueIteration } from "./iteration.ts";
import { redriveMapRun } from "./states/distributed.ts";
import { addTimer, queueFrame } from "./timers.ts";
import type { Execution, Frame, Host, MapFan, RedrivePoint } from "./types.ts";

/** Why `exec` cannot be redriven by the engine, or undefined when it can. */
export function notRedrivable(exec: Execution): string | undefined {
  if (exec.type !== "STANDARD") return "Execution is EXPRESS and cannot be redriven";
  if (exec.status === "RUNNING" || exec.status === "SUCCEEDED") return `Execution is ${exec.status} and cannot be redriven`;
  if (!exec.redrive) return "Execution has no unsuccessful step to redrive";
  return undefined;
}

/**
 * Runs the execution again from its unsuccessful steps: `ExecutionRedriven`, then each branch where it
 * stood (a Map or Parallel entered again, with only its unsuccessful iterations or branches). The
 * execution's TimeoutSeconds starts again. False when it cannot be redriven (see notRedrivable).
 */
export function redriveExecution(machine: StateMachine, exec: Execution, host: Host): boolean {
  const point = exec.redrive;
  if (!point || notRedrivable(exec)) return false;
  exec.redrive = undefined;
  exec.status = "RUNNING";
  exec.stopTime = undefined;
  exec.output = undefined;
  exec.error = undefined;
  exec.cause = undefined;
  exec.redriveCount = (exec.redriveCount ?? 0) + 1;
  exec.redriveTime = host.now;
  const redriven = emit(exec, null, host.now, "ExecutionRedriven", { redriveCount: exec.redriveCount });
  const root = restore(machine, exec, host, point, -1, redriven);
  if (machine.timeoutSeconds !== undefined) addTimer(exec, root, "execution-timeout", host.now + machine.timeoutSeconds * 1000);
  return true;
}

/** A branch where `p` stood, under `parent`; queued, or for a Map or Parallel entered with its fan rebuilt. */
function restore(machine: StateMachine, exec: Execution, host: Host, p: RedrivePoint, parent: number, prev: number): Frame {
  const frame = newFrame(exec, parent, p.slot, p.scope, p.state, p.input);
  frame.lastEventId = prev;
  if (p.vars) frame.vars = p.vars;
  if (p.mapItem) frame.mapItem = p.mapItem;
  const fp = p.fan;
  if (!fp && !p.mapRun) {
    queueFrame(exec, frame.id);
    return frame;
  }
  const state = machine.scopes[p.scope].states[p.state];
  frame.entered = true;
  frame.enteredTime = host.now;
  exec.transitions++;
  frame.enteredEventId = enteredEvent(exec, frame, host.now, state.entered, state.name, frame.input);
  if (!fp) {
    redriveMapRun(exec, frame, state.name, p.mapRun!, host);
    return frame;
  }
  frame.effective = fp.effective;
  const again = fp.redo.length;
  if (again === 0) {
    // nothing left to run again: the state takes its results as they stand
    frame.resume = succeeded(fp.results.slice());
    queueFrame(exec, frame.id);
    return frame;
  }
  if (fp.kind === "map") {
    emit(exec, frame, host.now, "MapStateStarted", { length: fp.total });
    const fan = mapFan(fp.items ?? [], fp.max, fp.toleratedCount, fp.toleratedPercentage, fp.effective);
    fan.results = fp.results.slice();
    fan.started = fan.total;
    fan.finished = fan.total - again;
    fan.redo = fp.redo.slice();
    frame.fan = fan;
    restartIterations(machine, exec, frame, state as MapState, host, frame.lastEventId, fan);
  } else {
    emit(exec, frame, host.now, "ParallelStateStarted");
    const fan = parallelFan(fp.total, fp.effective);
    fan.results = fp.results.slice();
    fan.running = again;
    fan.finished = fan.total - again;
    frame.fan = fan;
    for (const b of fp.redo) restore(machine, exec, host, b, frame.id, frame.lastEventId);
  }
  return frame;
}

/** A redriven Map's iterations to run again, up to MaxConcurrency; fan.ts calls it as iterations end. */
export function restartIterations(
  machine: StateMachine,
  exec: Execution,
  owner: Frame,
  state: MapState,
  host: Host,
  prev: number,
  fan: MapFan,
) {
  const redo = fan.redo!;
  while (redo.length && (fan.max === 0 || fan.running < fan.max)) {
    if (historyFull(exec)) return failHistoryFull(exec, host);
    const p = redo.shift()!;
    fan.running++;
    const started = iterationEvent(exec, prev, host.now, "MapIterationStarted", state.name, p.slot);
    if (!p.fresh) {
      restore(machine, exec, host, p, owner.id, started);
      continue;
    }
    queueIteration(machine, exec, owner, state, host, fan.effective, p.mapItem!, started);
  }
  if (!redo.length) fan.redo = undefined;
}
