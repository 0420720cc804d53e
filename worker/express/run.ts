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
  type TaskRefusal,
} from "../../shared/asl/index.ts";
import type { Dispatcher, TaskResult } from "../execution/contract.ts";
import { logEvents, type ExecutionLogging } from "../execution-log.ts";

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
  /**
   * The machine's loggingConfiguration when its level is not OFF: only then does the engine make
   * history events (AWS keeps an Express execution's history in its logs alone), written as log lines.
   */
  logging?: ExecutionLogging;
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
export const limitCause = (ms: number) => `The execution ran longer than the Express limit of ${ms / 1000} seconds.`;

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
function outcomeOf(r: TaskResult): TaskOutcome | TaskRefusal {
  if ("submitted" in r)
    return { error: "States.Runtime", cause: "Express executions cannot wait for a callback (.sync, .waitForTaskToken, activities)." };
  return r;
}

type Effect = ReturnType<typeof takeEffects>[number];
type Arrival = { task: number; outcome: TaskOutcome | TaskRefusal } | { timer: number };

/** One run: the engine's execution, the tasks and timers it has out, and what came back while it slept. */
class ExpressRun {
  readonly host = new ExpressHost();
  readonly exec: Execution;
  private readonly tasks = new Map<number, AbortController>();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** What happened while we slept: task results and due timers, applied in arrival order. */
  private readonly arrived: Arrival[] = [];
  private wake: (() => void) | undefined;

  private readonly machine: StateMachine;
  private readonly options: ExpressRunOptions;

  constructor(machine: StateMachine, input: JSONValue, options: ExpressRunOptions) {
    this.machine = machine;
    this.options = options;
    const { executionArn, name, stateMachineArn, stateMachineName, roleArn, sync } = options;
    const start = { executionArn, name, stateMachineArn, stateMachineName, roleArn, sync, history: options.logging !== undefined };
    this.exec = startExecution(machine, input, this.host, start);
  }

  /** Wakes the run (a task came back, a timer or the limit is due). */
  readonly notify = (): void => {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  };

  /** Feeds back what arrived, advances, and hands out what the engine asks; false once the execution ended. */
  step(): boolean {
    const { machine, exec, host } = this;
    host.now = Date.now();
    for (const arrival of this.arrived.splice(0)) {
      if ("task" in arrival) {
        this.tasks.delete(arrival.task);
        completeTask(machine, exec, arrival.task, arrival.outcome, host);
      } else {
        this.timers.delete(arrival.timer);
        fireTimer(machine, exec, arrival.timer, host);
      }
    }
    advance(machine, exec, host);
    if (this.options.logging) this.log();
    for (const effect of takeEffects(exec)) this.apply(effect);
    return exec.status === "RUNNING";
  }

  /** The events made since the last step, as log lines (logging on only: else the engine keeps none). */
  log(): void {
    const events = this.exec.events;
    this.exec.events = [];
    if (events.length) logEvents(this.options.logging!, this.exec.executionArn, events);
  }

  /** The run went past its limit: the ExecutionTimedOut event the engine did not make, as a log line. */
  logTimeout(out: ExpressResult): void {
    const seq = this.exec.eventSeq;
    this.exec.events.push({
      id: seq + 1,
      previousEventId: seq,
      timestamp: out.stopTime,
      type: "ExecutionTimedOut",
      error: out.error,
      cause: out.cause,
    });
    this.log();
  }

  /** Whether there is work to do without waiting. */
  get busy(): boolean {
    return this.arrived.length > 0 || this.exec.ready.length > 0;
  }

  sleep(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  private apply(effect: Effect): void {
    if (effect.kind === "task") this.dispatch(effect);
    else if (effect.kind === "timer") {
      const id = effect.id;
      const fire = () => {
        this.arrived.push({ timer: id });
        this.notify();
      };
      this.timers.set(id, setTimeout(fire, Math.max(0, effect.due - Date.now())));
    } else this.cancel(effect.id);
  }

  private dispatch(task: Extract<Effect, { kind: "task" }>): void {
    const control = new AbortController();
    this.tasks.set(task.id, control);
    const executionArn = this.exec.executionArn;
    const call = {
      resource: task.resource,
      input: task.input,
      stateName: task.stateName,
      executionArn,
      idempotencyKey: `${executionArn}#${task.id}#${task.attempt}`,
      ...(task.timeoutSeconds !== undefined ? { timeoutSeconds: task.timeoutSeconds } : {}),
    };
    void this.options.dispatcher
      .dispatch(call, control.signal)
      .then(
        (result) => this.arrived.push({ task: task.id, outcome: outcomeOf(result) }),
        (err) => this.arrived.push({ task: task.id, outcome: { error: "States.TaskFailed", cause: String(err) } }),
      )
      .then(this.notify);
  }

  private cancel(id: number): void {
    this.tasks.get(id)?.abort();
    this.tasks.delete(id);
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
  }

  /** Everything still out is let go: the run is over. */
  close(): void {
    for (const control of this.tasks.values()) control.abort();
    for (const timer of this.timers.values()) clearTimeout(timer);
  }
}

/** Drive the engine until the execution ends or the limit passes (TIMED_OUT, States.Timeout). */
export async function runExpress(machine: StateMachine, input: JSONValue, options: ExpressRunOptions): Promise<ExpressResult> {
  const run = new ExpressRun(machine, input, options);
  const startTime = run.host.now;
  let timedOut = false;
  // Armed when the run first waits (a task, a timer): a run that ends without waiting needs no timer.
  let limit: ReturnType<typeof setTimeout> | undefined;
  try {
    while (run.step()) {
      if (timedOut) {
        const out: ExpressResult = {
          status: "TIMED_OUT",
          error: "States.Timeout",
          cause: limitCause(options.limitMs),
          startTime,
          stopTime: Date.now(),
        };
        // The engine does not end the execution itself: its ExecutionTimedOut event is made here.
        if (options.logging) run.logTimeout(out);
        return out;
      }
      if (run.busy) continue;
      limit ??= setTimeout(
        () => {
          timedOut = true;
          run.notify();
        },
        Math.max(0, startTime + options.limitMs - Date.now()),
      );
      await run.sleep();
    }
  } finally {
    if (limit !== undefined) clearTimeout(limit);
    run.close();
  }
  const exec = run.exec;
  const out: ExpressResult = { status: exec.status as ExpressResult["status"], startTime, stopTime: run.host.now };
  if (exec.status === "SUCCEEDED") out.output = exec.output;
  else {
    out.error = exec.error;
    out.cause = exec.cause;
  }
  return out;
}
