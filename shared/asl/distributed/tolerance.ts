/** ToleratedFailureCount / ToleratedFailurePercentage of a Map Run: with neither, one failed child fails it. */
import type { TaskOutcome } from "../runtime/types.ts";
import type { MapRunSpec } from "./types.ts";

export const EXCEEDED: TaskOutcome = {
  error: "States.ExceedToleratedFailureThreshold",
  cause: "The specified tolerated failure threshold was exceeded",
};

type Thresholds = Pick<MapRunSpec, "toleratedFailureCount" | "toleratedFailurePercentage">;

/**
 * True when `failed` children are more than the Map Run tolerates. The percentage is of all the
 * children, so it is judged once `total` is known (undefined while items are still being read).
 */
export function exceedsTolerance(t: Thresholds, failed: number, total: number | undefined): boolean {
  const count = t.toleratedFailureCount;
  const percentage = t.toleratedFailurePercentage;
  if (count === undefined && percentage === undefined) return failed > 0;
  if (count !== undefined && failed > count) return true;
  if (percentage !== undefined && total !== undefined && total > 0 && (failed * 100) / total > percentage) {
    // both given: AWS fails the run when either is exceeded
    return true;
  }
  return false;
}
