/**
 * The ASL engine's public surface. Pure TypeScript: nothing of Cloudflare, nothing of Node.
 *
 * Laid out by phase, then by state type: validate/ (the definition as AWS checks it), compile/
 * (closures built once) and runtime/ (the resumable interpreter) each hold one file per state
 * type beside the machinery that phase shares. Phases first, because they differ in what they
 * import and how they fail (diagnostics, compile errors, the hot path that must stay pure data);
 * a module per state would mix all three. See API.md, "Layout".
 */
export * from "./types.ts";
export { compile, validate, DefinitionError, type StateMachine, type CompileOptions } from "./compile/index.ts";
export { runLocal, runMapRun, seededRandom, uuidFrom, type RunOptions, type RunResult, type TaskHandler } from "./runner.ts";
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
  notRedrivable,
  redriveExecution,
  type StartOptions,
} from "./runtime/index.ts";
export type { Effect, Execution, HistoryEvent, Host, TaskOutcome, TaskRefusal } from "./runtime/types.ts";
export { MAX_PAYLOAD_BYTES } from "./runtime/io.ts";
export { awsEvent, detailsKey, eventDetails, MAP_RUN_RESOURCE } from "./runtime/history.ts";
export { parseResource, resourceInfo, type Pattern, type Resource, type ResourceInfo } from "./resource.ts";
