/** Map: its items, MaxConcurrency and tolerated failures; the fan starts iterations and collects their results. */
import type { JSONValue } from "../../types.ts";
import type { MapState, StateMachine } from "../../compile/index.ts";
import type { Env } from "../env.ts";
import { mapFan } from "../fan-make.ts";
import { startIterations } from "../fan.ts";
import { emit } from "../history.ts";
import type { Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";
import { startMapRun } from "./distributed.ts";
import { itemsOf, maxConcurrency, toleratedCount, toleratedPercentage } from "./map-fields.ts";
import { takeResult } from "./work.ts";

export function runMap(
  machine: StateMachine,
  exec: Execution,
  frame: Frame,
  state: MapState,
  host: Host,
  env: Env,
  input: JSONValue,
): Step {
  env.input = input;
  if (state.distributed) return startMapRun(exec, frame, state, state.distributed, host, env, input);
  const items = itemsOf(frame, state, env);
  const max = maxConcurrency(state, env);
  const count = toleratedCount(state, env);
  const percentage = toleratedPercentage(state, env);
  emit(exec, frame, host.now, "MapStateStarted", { length: items.length });
  if (items.length === 0) return takeResult(exec, frame, state, host, env, []);
  const fan = mapFan(items, max, count, percentage, input);
  frame.fan = fan;
  frame.redriveFan = undefined;
  startIterations(machine, exec, frame, state, host, frame.lastEventId, fan);
  return "wait";
}
