/** Compile-once cache: objects of the same state machine in one isolate share the compiled form. */
import { compile, type StateMachine } from "../../shared/asl/index.ts";
import type { StateMachineType } from "../../shared/api/types.ts";

// One map per type, keyed by the definition text itself: a key made by concatenation would be a new
// string on every call, hashed in full each time (a definition's own string keeps its hash once made).
const CACHE: Record<StateMachineType, Map<string, StateMachine>> = { STANDARD: new Map(), EXPRESS: new Map() };
const MAX = 100;

export function compiled(definition: string, type: StateMachineType): StateMachine {
  const cache = CACHE[type];
  let m = cache.get(definition);
  if (!m) {
    // The routes validated this definition when it was stored; failing here is our bug, not the user's.
    m = compile(definition, { type });
    if (cache.size >= MAX) cache.delete(cache.keys().next().value!);
    cache.set(definition, m);
  }
  return m;
}
