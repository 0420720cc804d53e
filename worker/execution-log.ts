/**
 * A state machine's loggingConfiguration applied: each history event at or above the level is
 * written with console.log as one JSON line in the shape Step Functions gives CloudWatch Logs
 * (`id`, `type`, `details`, `previous_event_id`, `event_timestamp`, `execution_arn`), which Workers
 * Logs index and `wrangler tail` shows. Used by Standard executions (worker/execution/object.ts, where
 * events are committed) and Express ones (worker/express/run.ts); an execution whose level is OFF
 * carries no ExecutionLogging, so it pays nothing.
 */
import { awsEvent, detailsKey, type HistoryEvent } from "../shared/asl/index.ts";
import type { LoggingConfiguration } from "../shared/api/types.ts";

/** What an execution keeps of its machine's loggingConfiguration at its start; absent when OFF. */
export interface ExecutionLogging {
  level: "ALL" | "ERROR" | "FATAL";
  includeExecutionData: boolean;
}

/** AWS's FATAL level: the execution's own failures. */
const FATAL = new Set(["ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut"]);

/** AWS's ERROR level (its "Log levels" table): FATAL's and every failed, timed-out or aborted step. */
const ERROR = new Set([
  ...FATAL,
  "FailStateEntered",
  "LambdaFunctionFailed",
  "LambdaFunctionScheduleFailed",
  "LambdaFunctionStartFailed",
  "LambdaFunctionTimedOut",
  "MapIterationAborted",
  "MapIterationFailed",
  "MapRunAborted",
  "MapRunFailed",
  "MapStateAborted",
  "MapStateFailed",
  "ParallelStateAborted",
  "ParallelStateFailed",
  "TaskFailed",
  "TaskStartFailed",
  "TaskStateAborted",
  "TaskSubmitFailed",
  "TaskTimedOut",
  "WaitStateAborted",
]);

/** The execution's copy of a machine's configuration; undefined when nothing is to be logged (OFF). */
export function executionLogging(c: LoggingConfiguration | undefined): ExecutionLogging | undefined {
  if (!c || c.level === "OFF") return undefined;
  return { level: c.level, includeExecutionData: c.includeExecutionData };
}

/** Whether `level` logs events of `type`. */
export function logs(level: ExecutionLogging["level"], type: string): boolean {
  return level === "ALL" || (level === "ERROR" ? ERROR : FATAL).has(type);
}

/** One event as Step Functions writes it to CloudWatch Logs (ids and the time as text, as AWS does). */
export function logLine(
  log: ExecutionLogging,
  executionArn: string,
  ev: HistoryEvent,
  redriveCount: number | undefined,
): Record<string, unknown> {
  const details = awsEvent(ev, log.includeExecutionData)[detailsKey(ev.type)] ?? {};
  const line: Record<string, unknown> = {
    id: String(ev.id),
    type: ev.type,
    details,
    previous_event_id: String(ev.previousEventId),
    event_timestamp: String(ev.timestamp),
    execution_arn: executionArn,
  };
  // Standard executions' lines carry their redrive count; Express ones (undefined) none.
  if (redriveCount !== undefined) line.redrive_count = String(redriveCount);
  return line;
}

/** Writes the events `log` includes, one console.log line each; `redriveCount` undefined for an Express execution. */
export function logEvents(log: ExecutionLogging, executionArn: string, events: readonly HistoryEvent[], redriveCount?: number): void {
  for (const ev of events) if (logs(log.level, ev.type)) console.log(JSON.stringify(logLine(log, executionArn, ev, redriveCount)));
}
