/** A Map iteration's start: its input (the ItemSelector, or the item), its frame, and its place in the queue. */
import type { JSONValue } from "../types.ts";
import type { MapState, StateMachine } from "../compile/index.ts";
import { Env } from "./env.ts";
import { newFrame } from "./frames.ts";
import type { Execution, Frame, Host } from "./types.ts";
import { queueFrame } from "./timers.ts";

/** Queues the iteration over item `index` of `owner`'s Map, after its MapIterationStarted event `started`. */
export function queueIteration(
  machine: StateMachine,
  exec: Execution,
  owner: Frame,
  state: MapState,
  host: Host,
  effective: JSONValue,
  item: { index: number; value: JSONValue },
  started: number,
): void {
  const selector = state.j ? state.j.itemSelector : state.itemSelector;
  const input = selector ? selector(new Env(exec, owner, host, effective, "Map", item)) : item.value;
  const iteration = newFrame(exec, owner.id, item.index, state.processor, machine.scopes[state.processor].startAt, input);
  iteration.mapItem = item;
  iteration.lastEventId = started;
  queueFrame(exec, iteration.id);
}
