/** The ASL engine's public surface. Pure TypeScript: nothing of Cloudflare, nothing of Node. */
export * from "./types.ts";
export { compile, validate, DefinitionError, type StateMachine, type CompileOptions } from "./compile/index.ts";
export { runLocal, seededRandom, uuidFrom, type RunOptions, type RunResult, type TaskHandler } from "./runner.ts";
export {
  startExecution,
  advance,
  completeTask,
  fireTimer,
  recordHeartbeat,
  recordSubmitted,
  recordStarted,
  stopExecution,
  takeEffects,
  MAX_HISTORY_EVENTS,
  inputProblem,
  ensureExecutionIds,
  type StartOptions,
} from "./runtime/index.ts";
export type { Effect, Execution, HistoryEvent, Host, TaskOutcome } from "./runtime/types.ts";
export { MAX_PAYLOAD_BYTES } from "./runtime/io.ts";
export { awsEvent, detailsKey, eventDetails, resourceInfo } from "./runtime/history.ts";
