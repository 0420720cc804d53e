/**
 * Fan-out bookkeeping for Map and Parallel: the fan on the owning frame counts branches or
 * iterations started, running and finished, and holds their results in order.
 */
import type { CState, MapState, StateMachine } from "../compile/index.ts";
import { failHistoryFull, historyFull } from "./execution.ts";
import { succeeded } from "./frames.ts";
import { iterationEvent } from "./history.ts";
import { queueIteration } from "./iteration.ts";
import { restartIterations } from "./redrive.ts";
import type { Execution, Fan, Frame, Host, MapFan } from "./types.ts";
import { queueFrame } from "./timers.ts";

/**
 * Start iterations up to MaxConcurrency; their MapIterationStarted events follow `prev`. Each start
 * is counted against the history limit, so a Map over many items fails there rather than past it.
 */
export function startIterations(
  machine: StateMachine,
  exec: Execution,
  owner: Frame,
  state: MapState,
  host: Host,
  prev: number,
  fan: MapFan,
) {
  if (fan.redo) return restartIterations(machine, exec, owner, state, host, prev, fan);
  while (fan.started < fan.total && (fan.max === 0 || fan.running < fan.max)) {
    if (historyFull(exec)) return failHistoryFull(exec, host);
    const index = fan.started++;
    fan.running++;
    const started = iterationEvent(exec, prev, host.now, "MapIterationStarted", state.name, index);
    queueIteration(machine, exec, owner, state, host, fan.effective, { index, value: fan.items[index] }, started);
  }
}

/** One branch or iteration is over (its result stored): start the next, or resume the owner. */
export function iterationDone(machine: StateMachine, exec: Execution, owner: Frame, state: CState, host: Host, fan: Fan, last: number) {
  fan.running--;
  fan.finished++;
  if (fan.kind === "map" && state.type === "Map") startIterations(machine, exec, owner, state, host, last, fan);
  if (fan.finished === fan.total) {
    owner.fan = undefined;
    owner.resume = succeeded(fan.results);
    queueFrame(exec, owner.id);
  }
}
