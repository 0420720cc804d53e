/**
 * The CLI's run loop: shared/asl's runLocal, with two things a terminal needs. Each step's new history
 * events are reported as they happen (live progress), and Wait states, retries' backoff and timeouts
 * may take real time (`--real-time`) instead of the virtual clock that jumps to the next timer.
 */
import {
  advance,
  completeTask,
  ensureExecutionIds,
  fireTimer,
  runMapRun,
  seededRandom,
  startExecution,
  takeEffects,
  uuidFrom,
  type Execution,
  type HistoryEvent,
  type Host,
  type RunOptions,
  type RunResult,
  type StateMachine,
  type TaskOutcome,
  type TaskRefusal,
} from "../shared/asl/index.ts";
import type { JSONValue } from "../shared/asl/types.ts";

export interface DriveOptions extends RunOptions {
  /** Sleep until each timer is due instead of jumping the clock. */
  realTime?: boolean;
  /** Called after each step with the events it added. */
  onEvents?(events: HistoryEvent[]): void;
}

class CliHost implements Host {
  private virtual: number;
  private readonly realTime: boolean;
  private readonly overrides?: Record<string, number>;
  readonly random: () => number;
  constructor(realTime: boolean, start: number, seed: number, overrides?: Record<string, number>) {
    this.realTime = realTime;
    this.virtual = start;
    this.random = seededRandom(seed);
    this.overrides = overrides;
  }
  get now(): number {
    return this.realTime ? Date.now() : this.virtual;
  }
  set now(ms: number) {
    this.virtual = ms;
  }
  uuid(): string {
    return uuidFrom(this.random);
  }
  retryDelayMs(stateName: string, computedMs: number): number {
    return this.overrides?.[stateName] ?? computedMs;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function outcomeOfError(e: unknown): TaskOutcome {
  const thrown = (e ?? {}) as { name?: unknown; errorType?: unknown; message?: unknown };
  const error = typeof thrown.errorType === "string" ? thrown.errorType : typeof thrown.name === "string" ? thrown.name : "Error";
  return { error, cause: typeof thrown.message === "string" ? thrown.message : String(e) };
}

/** Run an execution to its end; a resolveTask that throws a UsageError stops the run with it. */
export async function drive(machine: StateMachine, input: JSONValue, options: DriveOptions = {}): Promise<RunResult> {
  const realTime = options.realTime ?? false;
  const host = new CliHost(
    realTime,
    realTime ? Date.now() : (options.startTime ?? Date.now()),
    options.seed ?? 0x5eed,
    options.retryIntervalOverrideMs,
  );
  const startTime = host.now;
  const exec = startExecution(machine, input, host, options);
  let reported = 0;
  const report = (): void => {
    if (options.onEvents && exec.events.length > reported) options.onEvents(exec.events.slice(reported));
    reported = exec.events.length;
  };
  const timers: { id: number; due: number }[] = [];
  const answer = (task: Parameters<NonNullable<RunOptions["resolveTask"]>>[0]): Promise<TaskOutcome | TaskRefusal> => {
    if (options.resolveTask) return Promise.resolve(options.resolveTask(task));
    const handler = options.handlers?.[task.stateName] ?? options.handlers?.[task.resource];
    if (!handler) return Promise.resolve({ error: "States.TaskFailed", cause: `No handler for the resource '${task.resource}'` });
    return Promise.resolve()
      .then(() => handler(task.input, task))
      .then((output) => ({ output }), outcomeOfError);
  };
  for (;;) {
    advance(machine, exec, host);
    report();
    if (exec.status !== "RUNNING") break;
    const pending: Promise<void>[] = [];
    for (const effect of takeEffects(exec)) {
      if (effect.kind === "task")
        pending.push(answer(effect).then((outcome) => void completeTask(machine, exec, effect.id, outcome, host)));
      else if (effect.kind === "mapRun") {
        const run = options.mapRun ? options.mapRun(effect.spec) : runMapRun(effect.spec, options, host);
        pending.push(run.then((outcome) => void completeTask(machine, exec, effect.id, outcome, host)));
      } else if (effect.kind === "mapRunRedrive") {
        completeTask(machine, exec, effect.id, { error: "States.Runtime", cause: "asl run does not redrive Map Runs" }, host);
      } else if (effect.kind === "timer") timers.push({ id: effect.id, due: effect.due });
      else {
        const index = timers.findIndex((timer) => timer.id === effect.id);
        if (index >= 0) timers.splice(index, 1);
      }
    }
    if (pending.length) {
      await Promise.all(pending);
      continue;
    }
    if (exec.ready.length) continue;
    if (!timers.length) throw new Error("the execution is waiting on nothing (engine bug)");
    let earliest = 0;
    for (let i = 1; i < timers.length; i++) if (timers[i].due < timers[earliest].due) earliest = i;
    const timer = timers.splice(earliest, 1)[0];
    if (realTime) await sleep(timer.due - Date.now());
    else if (timer.due > host.now) host.now = timer.due;
    fireTimer(machine, exec, timer.id, host);
  }
  ensureExecutionIds(exec, host);
  return resultOf(exec, startTime, host.now);
}

function resultOf(exec: Execution, startTime: number, stopTime: number): RunResult {
  return {
    status: exec.status,
    output: exec.output,
    error: exec.error,
    cause: exec.cause,
    events: exec.events,
    transitions: exec.transitions,
    startTime,
    stopTime,
    execution: exec,
  };
}
