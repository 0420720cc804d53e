/** How long an Express execution may run: shared by StartSyncExecution, HTTP triggers and a Map Run's EXPRESS children. */
import type { Env } from "../env.ts";

/** AWS Express: an execution may run for at most 5 minutes. */
export const EXPRESS_LIMIT_SECONDS = 300;

/**
 * The limit in ms: EXPRESS_LIMIT_SECONDS (a var, for tests and local experiments; fractions allowed),
 * else AWS's 5 minutes. A value above 5 minutes is capped: Express never runs longer.
 */
export function expressLimitMs(env: Env): number {
  const v = Number(env.EXPRESS_LIMIT_SECONDS);
  return (Number.isFinite(v) && v > 0 ? Math.min(v, EXPRESS_LIMIT_SECONDS) : EXPRESS_LIMIT_SECONDS) * 1000;
}
