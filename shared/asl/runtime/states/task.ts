/** Task: hand the task to the host (with its timeouts and token); its outcome comes back through completeTask. */
import { StatesError, type JSONValue } from "../../types.ts";
import type { TaskState } from "../../compile/index.ts";
import type { Env } from "../env.ts";
import { taskStartEvents } from "../history.ts";
import { applyPath, exceedsSize, picksPart, sizeCause, terminalError } from "../io.ts";
import { addTimer, ownTasks, pushEffect } from "../timers.ts";
import type { Step } from "../transition.ts";
import { taskResume } from "../feedback.ts";
import type { Execution, Frame, Host, TaskEffect } from "../types.ts";

/**
 * Dispatch the task with `input` (its effective input) and wait for its outcome. "wait" with `frame.resume`
 * set: the host answered at once, and the branch goes on with the answer (runWork).
 */
export function runTask(exec: Execution, frame: Frame, state: TaskState, host: Host, env: Env, input: JSONValue): Step {
  env.input = frame.input;
  env.input = applyPath(state.inputPath, env);
  const timeout = positiveInt(state, env, "TimeoutSeconds");
  const heartbeat = positiveInt(state, env, "HeartbeatSeconds");
  // a task's input is a part of the state's input (checked when it was produced) unless Parameters or
  // Arguments built a new value, or InputPath read something else or gathered a list (picksPart), or the
  // state's input was never checked (a Map iteration's from an ItemSelector: its bound is not known)
  const checked = frame.bound !== undefined && frame.bound >= 0;
  if ((state.parameters || state.j?.args || !picksPart(state.inputPath) || !checked) && exceedsSize(input))
    throw terminalError("States.DataLimitExceeded", sizeCause(state.name));
  const id = exec.nextId++;
  const info = state.info;
  taskStartEvents(exec, frame, host.now, info, input, timeout, heartbeat);
  const task: TaskEffect = {
    kind: "task",
    id,
    stateName: state.name,
    resource: state.resource,
    pattern: state.pattern,
    input,
    token: frame.token,
    timeoutSeconds: timeout,
    heartbeatSeconds: heartbeat,
    attempt: frame.retryCount,
  };
  // A host that can answer at once (runLocal's handlers) does, where nothing else could run before the
  // answer is taken: the top level with nothing open and no effect waiting to go out (a failed Parallel's
  // cancelled task is still in the outbox: the host runs it first), a request-response task with no timers.
  // The history is the one the effect path gives; the task is never registered, handed out and forgotten.
  const quiet = exec.open === 0 && exec.outbox.length === 0;
  if (host.answerNow !== undefined && frame.parent === -1 && quiet && timeout === undefined && heartbeat === undefined) {
    if (state.pattern === "request-response" && info.family !== "Activity") {
      const answer = host.answerNow(task);
      if (answer !== undefined) {
        frame.resume = taskResume(exec, frame, host, info, state.resource, answer);
        return "wait";
      }
    }
  }
  const waiting = info.family === "Activity" ? true : undefined;
  ownTasks(exec)[id] = { frame: frame.id, resource: state.resource, heartbeatSeconds: heartbeat, waiting };
  exec.open++;
  frame.waitingOn = id;
  if (timeout !== undefined) frame.timeoutTimer = addTimer(exec, frame, "task-timeout", host.now + timeout * 1000, id);
  if (heartbeat !== undefined) frame.heartbeatTimer = addTimer(exec, frame, "heartbeat", host.now + heartbeat * 1000, id);
  pushEffect(exec, task);
  return "wait";
}

/** TimeoutSeconds or HeartbeatSeconds: a literal, a `...Path`, or a JSONata expression. */
function positiveInt(state: TaskState, env: Env, field: "TimeoutSeconds" | "HeartbeatSeconds"): number | undefined {
  const timeout = field === "TimeoutSeconds";
  const expression = timeout ? state.j?.timeoutSeconds : state.j?.heartbeatSeconds;
  if (expression) {
    const v = expression(env);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
      throw new StatesError("States.QueryEvaluationError", `The ${field} field must be a positive integer, but was: ${JSON.stringify(v)}`);
    return v;
  }
  const literal = timeout ? state.timeoutSeconds : state.heartbeatSeconds;
  if (literal !== undefined) return literal;
  const ref = timeout ? state.timeoutSecondsPath : state.heartbeatSecondsPath;
  if (!ref) return undefined;
  const v = applyPath(ref, env);
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new StatesError(
      "States.Runtime",
      `The ${field}Path parameter does not reference a positive integer: ${ref.src} == ${JSON.stringify(v)}`,
    );
  return v;
}
