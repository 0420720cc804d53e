/** Compile-once cache: objects of the same state machine in one isolate share the compiled form. */
import { compile, type StateMachine } from "../../shared/asl/index.ts";
import type { StateMachineType } from "../../shared/api/types.ts";

const CACHE = new Map<string, StateMachine>();
const MAX = 100;

export function compiled(definition: string, type: StateMachineType): StateMachine {
  const key = `${type}\n${definition}`;
  let m = CACHE.get(key);
  if (!m) {
    // The routes validated this definition when it was stored; failing here is our bug, not the user's.
    m = compile(definition, { type });
    if (CACHE.size >= MAX) CACHE.delete(CACHE.keys().next().value!);
    CACHE.set(key, m);
  }
  return m;
}
