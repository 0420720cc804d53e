/**
 * What a MapRunObject takes from its surroundings: the clock, the object store, and the application
 * layer's operations it calls without importing them (worker/wiring.ts provides them; tests replace them).
 */
import type { JSONValue } from "../../shared/asl/index.ts";
import type { MapRunSpec, ObjectStore } from "../../shared/asl/distributed/types.ts";
import type { Env } from "../env.ts";
import type { TaskAnswer } from "../execution/contract.ts";
import type { ChildEnd, MapRunRow } from "./contract.ts";
import { bucketStore } from "./aws-s3-store.ts";

export interface ChildStart {
  spec: MapRunSpec;
  index: number;
  name: string;
  executionArn: string;
  /** JSON text */
  input: string;
  publicUrl?: string;
  /** It ended unsuccessfully before its Map Run was redriven: STANDARD, redrive its execution. */
  redrive?: boolean;
}

export interface ExpressEnd {
  status: ChildEnd["status"];
  output?: JSONValue;
  error?: string | null;
  cause?: string | null;
  startTime: number;
  stopTime: number;
}

export interface MapRunSurroundings {
  clock: () => number;
  store: (env: Env) => ObjectStore;
  /** Start a STANDARD child (idempotent by name); its end when it had ended already, else null (it will tell). */
  startChild: (env: Env, start: ChildStart) => Promise<ChildEnd | null>;
  stopChild: (env: Env, executionArn: string, cause: string) => Promise<void>;
  /** Run an EXPRESS child here, to its end. */
  runExpressChild: (env: Env, start: ChildStart) => Promise<ExpressEnd>;
  /** The parent's Map state: SendTaskSuccess/Failure with its token; throws an ApiError when it refuses for good. */
  answerParent: (env: Env, token: string, answer: TaskAnswer) => Promise<void>;
  /** ListMapRuns' D1 row. */
  listMapRun: (env: Env, row: MapRunRow) => Promise<void>;
}

const unwired = (name: string) => (): never => {
  throw new Error(`MapRunObject: '${name}' was not provided (worker/wiring.ts provides it; import worker/index.ts)`);
};

export const mapRunDefaults: MapRunSurroundings = {
  clock: () => Date.now(),
  store: (env) => bucketStore(env),
  startChild: unwired("startChild"),
  stopChild: unwired("stopChild"),
  runExpressChild: unwired("runExpressChild"),
  answerParent: unwired("answerParent"),
  listMapRun: unwired("listMapRun"),
};

export const mapRunSurroundings: MapRunSurroundings = { ...mapRunDefaults };

export function provideToMapRuns(given: Partial<MapRunSurroundings>): void {
  Object.assign(mapRunDefaults, given);
  Object.assign(mapRunSurroundings, given);
}
