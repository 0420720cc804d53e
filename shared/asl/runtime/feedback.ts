/**
 * What the host feeds back into an execution: a task's outcome, a task submitted or taken by a worker,
 * a heartbeat, a timer that is due. Each is safe to deliver twice: unknown or stale ids are ignored.
 */
import type { JSONValue } from "../types.ts";
import type { StateMachine } from "../compile/index.ts";
import { stateErrorCause } from "./errors.ts";
import { endExecution, inputBound, inputProblem } from "./execution.ts";
import { failed, succeeded, timerFired } from "./frames.ts";
import {
  emit,
  resourceInfo,
  MAP_RUN_RESOURCE,
  taskEndEvent,
  taskSucceededEvent,
  NOT_TRUNCATED,
  TASK_EVENT,
  type ResourceInfo,
} from "./history.ts";
import { sizeCause } from "./io.ts";
import { addTimer, cancel, clearTaskTimers, forgetTask, forgetTimer, pushEffect, queueFrame } from "./timers.ts";
import type { Execution, Frame, Host, Resume, TaskOutcome, TaskRefusal } from "./types.ts";

/** Feed back a task's outcome. Unknown or stale task ids are ignored (safe to deliver twice). */
export function completeTask(
  machine: StateMachine,
  exec: Execution,
  taskId: number,
  outcome: TaskOutcome | TaskRefusal,
  host: Host,
): boolean {
  const task = exec.tasks[taskId];
  if (!task || exec.status !== "RUNNING") return false;
  const frame = exec.frames[task.frame];
  forgetTask(exec, taskId);
  if (!frame || frame.waitingOn !== taskId) return false;
  clearTaskTimers(exec, frame);
  frame.waitingOn = undefined;
  if ("runtime" in outcome) {
    // never handed over (an activity that does not exist): AWS records no task event for it
    const name = machine.scopes[frame.scope].states[frame.state].name;
    frame.resume = failed("States.Runtime", stateErrorCause(name, frame.enteredEventId, outcome.runtime));
    queueFrame(exec, frame.id);
    return true;
  }
  if (task.resource === MAP_RUN_RESOURCE) {
    frame.resume = mapRunResume(exec, frame, host, outcome);
    queueFrame(exec, frame.id);
    return true;
  }
  const info = resourceInfo(task.resource);
  // an activity answered without a recorded worker (the local runner, a worker that skipped it)
  if (task.waiting && !("timeout" in outcome)) emit(exec, frame, host.now, TASK_EVENT.Activity.Started);
  const resume = (frame.resume = taskResume(exec, frame, host, info, task.resource, outcome));
  // the host's own code runs before the branch takes the result (other answers, awaits) and could change an
  // object or array it shares: their bound taken now is not kept (a task answered at once, in runTask, keeps
  // it). A string, number, boolean or null cannot change: its bound is kept (a Map of tasks measures none twice).
  const value = resume.value;
  if (value !== null && typeof value === "object") resume.bound = -1;
  queueFrame(exec, frame.id);
  return true;
}

/** A Map Run ended: MapRunSucceeded or MapRunFailed, and the Map state resumes with its results or its error. */
function mapRunResume(exec: Execution, frame: Frame, host: Host, outcome: TaskOutcome): Resume {
  if ("output" in outcome) {
    const problem = inputProblem(outcome.output);
    if (!problem) {
      emit(exec, frame, host.now, "MapRunSucceeded");
      return succeeded(outcome.output);
    }
    emit(exec, frame, host.now, "MapRunFailed", { error: problem.error, cause: problem.cause });
    return failed(problem.error, problem.cause);
  }
  const error = "timeout" in outcome ? "States.Timeout" : outcome.error;
  const cause = "timeout" in outcome ? null : (outcome.cause ?? null);
  const details: Record<string, unknown> = {};
  if (error !== null) details.error = error;
  if (cause !== null) details.cause = cause;
  emit(exec, frame, host.now, "MapRunFailed", details);
  return failed(error, cause);
}

/** The task's end event, and what its branch resumes with. */
export function taskResume(exec: Execution, frame: Frame, host: Host, info: ResourceInfo, resource: string, outcome: TaskOutcome): Resume {
  if ("output" in outcome) {
    // measured once: the bound goes with the result to the state's output (takeResult)
    const bound = inputBound(outcome.output);
    if (typeof bound === "number") {
      taskSucceededEvent(exec, frame, host.now, info, outcome.output);
      return succeeded(outcome.output, bound);
    }
    // AWS names the service for integrations ('lambda') and the ARN for a Lambda function
    const cause = sizeCause(info.family === "Task" ? info.resourceType : resource);
    taskEndEvent(exec, frame, host.now, info, "Failed", "States.DataLimitExceeded", cause);
    return failed("States.DataLimitExceeded", cause);
  }
  if ("timeout" in outcome) {
    taskEndEvent(exec, frame, host.now, info, "TimedOut", "States.Timeout", undefined);
    return failed("States.Timeout", null);
  }
  const cause = outcome.cause === undefined ? "" : outcome.cause;
  taskEndEvent(exec, frame, host.now, info, "Failed", outcome.error, cause);
  return failed(outcome.error, cause);
}

/**
 * The host handed a `.waitForTaskToken` or `.sync` task to its service (an SQS message sent, a child
 * execution started): record AWS's TaskSubmitted with what the service answered.
 */
export function recordSubmitted(exec: Execution, taskId: number, output: JSONValue, host: Host): boolean {
  const task = exec.tasks[taskId];
  if (!task || exec.status !== "RUNNING") return false;
  const frame = exec.frames[task.frame];
  if (!frame) return false;
  const info = resourceInfo(task.resource);
  const details = { resourceType: info.resourceType, resource: info.resource, output, outputDetails: NOT_TRUNCATED };
  emit(exec, frame, host.now, "TaskSubmitted", details);
  return true;
}

/**
 * A worker took an activity task (GetActivityTask): record ActivityStarted with its name, and start
 * the heartbeat clock afresh. False for an unknown task or one already started.
 */
export function recordStarted(exec: Execution, taskId: number, workerName: string | undefined, host: Host): boolean {
  const task = exec.tasks[taskId];
  if (!task || !task.waiting || exec.status !== "RUNNING") return false;
  const frame = exec.frames[task.frame];
  if (!frame) return false;
  task.waiting = undefined;
  emit(exec, frame, host.now, TASK_EVENT.Activity.Started, workerName === undefined ? undefined : { workerName });
  recordHeartbeat(exec, taskId, host);
  return true;
}

/** A task's heartbeat: re-arm its heartbeat timer. Returns false for an unknown task. */
export function recordHeartbeat(exec: Execution, taskId: number, host: Host): boolean {
  const task = exec.tasks[taskId];
  if (!task || exec.status !== "RUNNING") return false;
  const frame = exec.frames[task.frame];
  if (frame?.heartbeatTimer !== undefined && task.heartbeatSeconds !== undefined) {
    cancel(exec, frame.heartbeatTimer);
    frame.heartbeatTimer = addTimer(exec, frame, "heartbeat", host.now + task.heartbeatSeconds * 1000, taskId);
  }
  return true;
}

/** A timer is due. Unknown ids (already fired, cancelled) are ignored: an alarm may fire twice. */
export function fireTimer(_machine: StateMachine, exec: Execution, timerId: number, host: Host): boolean {
  const timer = exec.timers[timerId];
  if (!timer || exec.status !== "RUNNING") return false;
  forgetTimer(exec, timerId);
  if (timer.purpose === "execution-timeout") {
    endExecution(exec, host, "TIMED_OUT", "ExecutionTimedOut", { error: "States.Timeout" });
    return true;
  }
  const frame = exec.frames[timer.frame];
  if (!frame) return false;
  if (timer.purpose === "task-timeout" || timer.purpose === "heartbeat") {
    if (timer.task === undefined || frame.waitingOn !== timer.task) return false;
    taskTimedOut(exec, frame, host, timer.task, timer.purpose === "heartbeat");
  } else {
    if (frame.waitingOn !== timerId) return false;
    frame.waitingOn = undefined;
    frame.resume = timer.purpose === "wait" ? timerFired() : undefined;
  }
  queueFrame(exec, frame.id);
  return true;
}

/** A task's timeout or heartbeat timer fired: the task is cancelled and its branch resumes with States.Timeout. */
function taskTimedOut(exec: Execution, frame: Frame, host: Host, taskId: number, heartbeat: boolean) {
  const resource = exec.tasks[taskId]?.resource ?? "";
  if (exec.tasks[taskId]) forgetTask(exec, taskId);
  pushEffect(exec, { kind: "cancel", id: taskId });
  clearTaskTimers(exec, frame);
  frame.waitingOn = undefined;
  // AWS reports a missed heartbeat as States.Timeout; a catcher or retrier naming
  // States.HeartbeatTimeout still selects it (see errorMatches)
  taskEndEvent(exec, frame, host.now, resourceInfo(resource), "TimedOut", "States.Timeout", undefined);
  frame.resume = failed("States.Timeout", null, heartbeat);
}
