/**
 * Runs an Express execution to its end inside the current request (or queue message): no Durable
 * Object, no history. The engine advances; tasks go to the real dispatcher, all at once; Wait states
 * and retry backoff sleep on real timers; the whole run is bounded by the Express limit (5 minutes).
 */
import {
  advance,
  completeTask,
  fireTimer,
  startExecution,
  takeEffects,
  type Execution,
  type Host,
  type JSONValue,
  type StateMachine,
  type TaskOutcome,
} from "../../shared/asl/index.ts";
import type { Dispatcher, TaskResult } from "../execution/contract.ts";

export interface ExpressRunOptions {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  dispatcher: Dispatcher;
  /** The run's time limit in ms (AWS Express: 5 minutes). */
  limitMs: number;
  /** StartSyncExecution (true) or an asynchronous start (false): only `$$` differs. */
  sync: boolean;
}

export interface ExpressResult {
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  output?: JSONValue;
  error?: string | null;
  cause?: string | null;
  /** ms since the epoch */
  startTime: number;
  stopTime: number;
}

/** The cause given when an Express execution runs past its limit. */
export const limitCause = (ms: number) =>
  `The execution ran longer than the Express limit of ${ms / 1000} seconds.`;

class ExpressHost implements Host {
  now = Date.now();
  random(): number {
    return Math.random();
  }
  uuid(): string {
    return crypto.randomUUID();
  }
}

// A task answered `submitted` waits for a callback that an Express execution can never receive; the
// validator refuses such resources at creation, so this only guards against a dispatcher surprise.
function outcomeOf(r: TaskResult): TaskOutcome {
  if ("submitted" in r) return { error: "States.Runtime", cause: "Express executions cannot wait for a callback (.sync, .waitForTaskToken, activities)." };
  return r;
}

/** Drive the engine until the execution ends or the limit passes (TIMED_OUT, States.Timeout). */
export async function runExpress(m: StateMachine, input: JSONValue, o: ExpressRunOptions): Promise<ExpressResult> {
  const host = new ExpressHost();
  const startTime = host.now;
  const exec: Execution = startExecution(m, input, host, {
    executionArn: o.executionArn,
    name: o.name,
    stateMachineArn: o.stateMachineArn,
    stateMachineName: o.stateMachineName,
    roleArn: o.roleArn,
    history: false,
    sync: o.sync,
  });
  const tasks = new Map<number, AbortController>();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  // What happened while we slept: task results and due timers, applied in arrival order.
  const arrived: ({ task: number; outcome: TaskOutcome } | { timer: number })[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    notify();
  }, o.limitMs);

  try {
    for (;;) {
      host.now = Date.now();
      for (const a of arrived.splice(0)) {
        if ("task" in a) {
          tasks.delete(a.task);
          completeTask(m, exec, a.task, a.outcome, host);
        } else {
          timers.delete(a.timer);
          fireTimer(m, exec, a.timer, host);
        }
      }
      advance(m, exec, host);
      for (const e of takeEffects(exec)) {
        if (e.kind === "task") {
          const ctl = new AbortController();
          tasks.set(e.id, ctl);
          const call = {
            resource: e.resource,
            input: e.input,
            stateName: e.stateName,
            executionArn: exec.executionArn,
            idempotencyKey: `${exec.executionArn}#${e.id}#${e.attempt}`,
            ...(e.timeoutSeconds !== undefined ? { timeoutSeconds: e.timeoutSeconds } : {}),
          };
          void o.dispatcher.dispatch(call, ctl.signal).then(
            (r) => arrived.push({ task: e.id, outcome: outcomeOf(r) }),
            (err) => arrived.push({ task: e.id, outcome: { error: "States.TaskFailed", cause: String(err) } }),
          ).then(notify);
        } else if (e.kind === "timer") {
          const id = e.id;
          timers.set(id, setTimeout(() => {
            arrived.push({ timer: id });
            notify();
          }, Math.max(0, e.due - Date.now())));
        } else {
          tasks.get(e.id)?.abort();
          tasks.delete(e.id);
          const t = timers.get(e.id);
          if (t !== undefined) clearTimeout(t);
          timers.delete(e.id);
        }
      }
      if (exec.status !== "RUNNING") break;
      if (timedOut) {
        return { status: "TIMED_OUT", error: "States.Timeout", cause: limitCause(o.limitMs), startTime, stopTime: Date.now() };
      }
      if (arrived.length || exec.ready.length) continue;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    clearTimeout(limit);
    for (const ctl of tasks.values()) ctl.abort();
    for (const t of timers.values()) clearTimeout(t);
  }
  const out: ExpressResult = { status: exec.status as ExpressResult["status"], startTime, stopTime: host.now };
  if (exec.status === "SUCCEEDED") out.output = exec.output;
  else {
    out.error = exec.error;
    out.cause = exec.cause;
  }
  return out;
}
