/** billingDetails of a StartSyncExecution answer, computed the way AWS bills Express. */

/**
 * What we report as billedMemoryUsedInMB. A Worker isolate cannot measure one request's memory, so
 * this is a documented constant: AWS's smallest Express memory tier (64 MB).
 */
export const BILLED_MEMORY_MB = 64;

/** AWS bills Express duration in 100 ms steps, rounded up, at least one step. */
export function billingDetails(
  startTime: number,
  stopTime: number,
): { billedMemoryUsedInMB: number; billedDurationInMilliseconds: number } {
  const ms = Math.max(0, stopTime - startTime);
  return { billedMemoryUsedInMB: BILLED_MEMORY_MB, billedDurationInMilliseconds: Math.max(100, Math.ceil(ms / 100) * 100) };
}
