/**
 * Fan-out bookkeeping for Map and Parallel: the fan on the owning frame counts branches or
 * iterations started, running and finished, and holds their results in order.
 */
import type { JSONValue } from "../types.ts";
import type { CState, MapState, StateMachine } from "../compile/index.ts";
import { Env } from "./env.ts";
import { newFrame, succeeded } from "./frames.ts";
import { iterationEvent } from "./history.ts";
import { restartIterations } from "./redrive.ts";
import type { Execution, Fan, Frame, Host, MapFan, ParallelFan } from "./types.ts";

/** Start iterations up to MaxConcurrency; their MapIterationStarted events follow `prev`. */
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
  const selector = state.j ? state.j.itemSelector : state.itemSelector;
  const scope = state.processor;
  while (fan.started < fan.total && (fan.max === 0 || fan.running < fan.max)) {
    const index = fan.started++;
    fan.running++;
    const value = fan.items[index];
    const input = selector ? selector(new Env(exec, owner, host, fan.effective, "Map", { index, value })) : value;
    const iteration = newFrame(exec, owner.id, index, scope, machine.scopes[scope].startAt, input);
    iteration.mapItem = { index, value };
    iteration.lastEventId = iterationEvent(exec, prev, host.now, "MapIterationStarted", state.name, index);
    exec.ready.push(iteration.id);
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
    exec.ready.push(owner.id);
  }
}
