/**
 * What an ActivityObject takes from its surroundings without importing it (DESIGN.md: arrows point
 * down): asking a task's execution whether it still wants the task, as a worker takes it.
 * worker/wiring.ts provides it once per isolate.
 */
import type { Env } from "../env.ts";

export interface ActivitySurroundings {
  /** A worker takes the task of `token`: true when its execution still waits on it (ActivityStarted is recorded). */
  takeTask: (env: Env, token: string, workerName: string | undefined) => Promise<boolean>;
}

export const activitySurroundings: ActivitySurroundings = {
  takeTask: () => {
    throw new Error("ActivityObject: 'takeTask' was not provided (worker/wiring.ts provides it; import worker/index.ts)");
  },
};

export function provideToActivities(given: ActivitySurroundings): void {
  Object.assign(activitySurroundings, given);
}
