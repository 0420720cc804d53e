// Shared helpers for engine tests: build a machine from states and run it on the local runner.
import { compile, runLocal, type JSONValue, type RunOptions } from "../../shared/asl/index.ts";

export const T0 = Date.UTC(2024, 0, 1);

/** A one-scope machine: `states` with StartAt being the first key. */
export function machine(states: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return compile({ StartAt: Object.keys(states)[0], States: states, ...extra });
}

export async function run(states: Record<string, unknown>, input: JSONValue = {}, opts: RunOptions = {}, extra: Record<string, unknown> = {}) {
  return runLocal(machine(states, extra), input, { startTime: T0, ...opts });
}

/** A handler that throws an error with this name and message. */
export function failing(name: string, message = "boom") {
  return () => {
    const e = new Error(message);
    e.name = name;
    throw e;
  };
}
