/**
 * What an ExecutionObject takes from its surroundings: the clock, the task dispatcher, the D1 listing
 * database, and the application layer's operations it calls without importing them (DESIGN.md: arrows
 * point down). worker/wiring.ts provides them once per isolate, before any object is made; tests replace
 * them (the worker under test shares the test's module graph), and every new instance, after an eviction
 * too, picks them up.
 */
import type { ListingDb } from "../db/execution-rows.ts";
import type { Env } from "../env.ts";
import type { ChildEnd } from "../maprun/contract.ts";
import type { CallbackUrls, Dispatcher, TaskAnswer } from "./contract.ts";

export interface Surroundings {
  clock: () => number;
  dispatcher: (env: Env) => Dispatcher;
  db: (env: Env) => ListingDb;
  /** SendTaskSuccess/SendTaskFailure to a parent's task; throws an ApiError when the parent refuses for good. */
  answerParent: (env: Env, token: string, answer: TaskAnswer) => Promise<void>;
  /** A Distributed Map's child ended: tell its Map Run (MapRunObject.childEnded). */
  tellMapRun: (env: Env, mapRunArn: string, end: ChildEnd) => Promise<void>;
  /** Stops a child execution no task waits on any more. */
  stopChild: (env: Env, executionArn: string, cause: string) => Promise<void>;
  /**
   * The URLs that answer a task token without credentials (given to tasks that carry one); `startedThrough`
   * is the origin the execution was started through, for when PUBLIC_URL is not set.
   */
  callbackUrls: (env: Env, token: string, startedThrough?: string) => CallbackUrls;
}

const unwired = (name: string) => (): never => {
  throw new Error(`ExecutionObject: '${name}' was not provided (worker/wiring.ts provides it; import worker/index.ts)`);
};

/** The production values, once worker/wiring.ts has run; tests restore these after replacing some. */
export const defaults: Surroundings = {
  clock: () => Date.now(),
  dispatcher: unwired("dispatcher"),
  db: (env) => env.DB,
  answerParent: unwired("answerParent"),
  stopChild: unwired("stopChild"),
  tellMapRun: unwired("tellMapRun"),
  callbackUrls: unwired("callbackUrls"),
};

export const surroundings: Surroundings = { ...defaults };

/** Called once by worker/wiring.ts. */
export function provide(given: Partial<Surroundings>): void {
  Object.assign(defaults, given);
  Object.assign(surroundings, given);
}
