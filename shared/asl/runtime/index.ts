/**
 * The resumable interpreter's public surface. An execution is plain data (see types.ts); these
 * functions advance it until every branch waits on its host (a task, a timer) and leave what they
 * need in `outbox`. They never sleep, never read the clock and never make ids: the Host gives time
 * and randomness.
 *
 * interpreter.ts runs branches and dispatches on the state type to states/<type>.ts; the machinery
 * they share is execution.ts (start, stop, end), feedback.ts (what the host feeds back), env.ts (what
 * expressions see), frames.ts and timers.ts, transition.ts (a state's exit), retry-catch.ts, fan.ts
 * and branches.ts (Map and Parallel), io.ts (input and output processing), history.ts (events).
 */
export { advance } from "./interpreter.ts";
export {
  ensureExecutionIds,
  inputProblem,
  startExecution,
  stopExecution,
  takeEffects,
  MAX_HISTORY_EVENTS,
  type StartOptions,
} from "./execution.ts";
export { completeTask, fireTimer, recordHeartbeat, recordStarted, recordSubmitted } from "./feedback.ts";
export { notRedrivable, redriveExecution } from "./redrive.ts";
