/**
 * What an ExecutionObject takes from its surroundings: the clock, the task dispatcher and the D1
 * listing database. Production uses the defaults; tests replace them (the worker under test shares
 * the test's module graph), and every new instance, after an eviction too, picks them up.
 */
import { makeDispatcher } from "../dispatch/index.ts";
import type { Env } from "../env.ts";
import type { Dispatcher } from "./contract.ts";
import type { ListingDb } from "./listing.ts";

export interface Hooks {
  clock: () => number;
  dispatcher: (env: Env) => Dispatcher;
  db: (env: Env) => ListingDb;
}

export const defaults: Hooks = {
  clock: () => Date.now(),
  dispatcher: makeDispatcher,
  db: (env) => env.DB,
};

export const hooks: Hooks = { ...defaults };
