/**
 * The local runner: runs an execution to its end in one process, with Task states answered by
 * functions and a virtual clock that jumps to the next timer instead of sleeping.
 */
import type { JSONValue } from "./types.ts";
import { compile, type StateMachine } from "./compile/index.ts";
import { runMapRunLocally, type ChildRun } from "./distributed/local.ts";
import { MemoryStore } from "./distributed/memory-store.ts";
import type { MapRunSpec, ObjectStore } from "./distributed/types.ts";
import { advance, completeTask, ensureExecutionIds, fireTimer, startExecution, takeEffects, type StartOptions } from "./runtime/index.ts";
import type { Effect, Execution, HistoryEvent, Host, TaskOutcome, TaskRefusal } from "./runtime/types.ts";

export type TaskHandler = (input: JSONValue, info: TaskInfo) => JSONValue | Promise<JSONValue>;
export type TaskInfo = Extract<Effect, { kind: "task" }>;

export interface RunOptions extends StartOptions {
  /** Handlers by state name first, then by resource. A thrown error's `name` is the task's error. */
  handlers?: Record<string, TaskHandler>;
  /**
   * Lower-level alternative to handlers: answer a task request with an outcome, or refuse it (`{ runtime }`,
   * as a host does for an activity that does not exist).
   */
  resolveTask?: (task: TaskInfo) => TaskOutcome | TaskRefusal | Promise<TaskOutcome | TaskRefusal>;
  /** Start of the virtual clock (ms since the epoch); default: now. */
  startTime?: number;
  /** Override retry delays, by state name, in ms. */
  retryIntervalOverrideMs?: Record<string, number>;
  /** Seed for `$$`-free randomness (States.MathRandom, States.UUID, jitter). */
  seed?: number;
  /** Where a Distributed Map's ItemReader reads and its ResultWriter writes (default: an empty in-memory store). */
  objectStore?: ObjectStore;
  /** Run a Distributed Map's Map Run yourself (default: its children in this process, with these options). */
  mapRun?: (spec: MapRunSpec) => Promise<TaskOutcome>;
}

export interface RunResult {
  status: Execution["status"];
  output?: JSONValue;
  /** null where AWS records the error or cause as absent (a task that failed without naming one). */
  error?: string | null;
  cause?: string | null;
  events: HistoryEvent[];
  transitions: number;
  startTime: number;
  stopTime: number;
  execution: Execution;
}

/** A small seeded PRNG (mulberry32): deterministic runs for tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const DASH = 45;
/** Reused buffer of character codes: one flat string per UUID, no chain of concatenations. */
const UUID_CODES: number[] = new Array(36).fill(DASH);

/** A UUID v4 from a source of randomness (a function, or an object with a `random()` method). */
export function uuidFrom(source: (() => number) | { random(): number }): string {
  const random = typeof source === "function" ? source : () => source.random();
  let j = 0;
  for (let i = 0; i < 16; i++) {
    let b = (random() * 256) | 0;
    if (i === 6) b = (b & 0x0f) | 0x40;
    else if (i === 8) b = (b & 0x3f) | 0x80;
    UUID_CODES[j++] = HEX_CODES[b >> 4];
    UUID_CODES[j++] = HEX_CODES[b & 15];
    if (i === 3 || i === 5 || i === 7 || i === 9) j++;
  }
  return String.fromCharCode.apply(null, UUID_CODES);
}

function outcomeOfError(e: unknown): TaskOutcome {
  if (e && typeof e === "object") {
    const thrown = e as { name?: unknown; errorType?: unknown; message?: unknown; cause?: unknown };
    const error = typeof thrown.errorType === "string" ? thrown.errorType : typeof thrown.name === "string" ? thrown.name : "Error";
    const cause = typeof thrown.cause === "string" ? thrown.cause : typeof thrown.message === "string" ? thrown.message : "";
    return { error, cause };
  }
  return { error: "Error", cause: String(e) };
}

/** Answer one task request from the run's handlers (sync when the handler is). */
function resolveTask(
  options: RunOptions,
  handlers: Record<string, TaskHandler>,
  task: TaskInfo,
): TaskOutcome | TaskRefusal | Promise<TaskOutcome | TaskRefusal> {
  if (options.resolveTask) return options.resolveTask(task);
  return handle(handlers, task);
}

/** Answer one task request with its handler: the outcome, or a promise of it when the handler is async. */
function handle(handlers: Record<string, TaskHandler>, task: TaskInfo): TaskOutcome | Promise<TaskOutcome> {
  const handler = handlers[task.stateName] ?? handlers[task.resource];
  if (!handler)
    return { error: "States.TaskFailed", cause: `No handler for the resource '${task.resource}' of the state '${task.stateName}'` };
  try {
    const result = handler(task.input, task);
    if (result !== null && typeof result === "object" && typeof (result as Promise<JSONValue>).then === "function")
      return (result as Promise<JSONValue>).then((output) => ({ output }), outcomeOfError);
    return { output: result as JSONValue };
  } catch (e) {
    return outcomeOfError(e);
  }
}

const NO_HANDLERS: Record<string, TaskHandler> = {};

/**
 * The runner's host: a virtual clock and seeded randomness, with no closures made per run. With handlers
 * (not resolveTask), it answers a task at once when the engine asks (answerNow); an async handler's
 * promise is kept for the task's effect, which follows at once, so that no handler is called twice.
 */
class LocalHost implements Host {
  now: number;
  private state: number;
  private readonly overrides?: Record<string, number>;
  private readonly handlers: Record<string, TaskHandler> | undefined;
  /** The promise an async handler gave answerNow, and its task's id. */
  early: Promise<TaskOutcome> | undefined = undefined;
  earlyId = -1;
  constructor(now: number, seed: number, overrides: Record<string, number> | undefined, handlers: Record<string, TaskHandler> | undefined) {
    this.now = now;
    this.state = seed >>> 0;
    this.overrides = overrides;
    this.handlers = handlers;
  }
  answerNow(task: TaskInfo): TaskOutcome | undefined {
    if (this.handlers === undefined) return undefined;
    const outcome = handle(this.handlers, task);
    if (!("then" in outcome)) return outcome;
    this.early = outcome;
    this.earlyId = task.id;
    return undefined;
  }
  /** The outcome answerNow already asked for the task `earlyId` names (once). */
  takeEarly(): Promise<TaskOutcome> {
    const early = this.early!;
    this.early = undefined;
    this.earlyId = -1;
    return early;
  }
  random(): number {
    // mulberry32, as seededRandom
    const a = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uuid(): string {
    return uuidFrom(this);
  }
  retryDelayMs(stateName: string, computedMs: number): number {
    return this.overrides?.[stateName] ?? computedMs;
  }
}

/** A finished run. The execution's ids are made when first read: most runs never need them. */
class LocalRunResult implements RunResult {
  readonly status: Execution["status"];
  readonly output?: JSONValue;
  readonly error?: string | null;
  readonly cause?: string | null;
  readonly events: HistoryEvent[];
  readonly transitions: number;
  readonly startTime: number;
  readonly stopTime: number;
  private readonly exec: Execution;
  private readonly host: Host;
  constructor(exec: Execution, host: Host, startTime: number) {
    this.exec = exec;
    this.host = host;
    this.status = exec.status;
    this.output = exec.output;
    this.error = exec.error;
    this.cause = exec.cause;
    this.events = exec.events;
    this.transitions = exec.transitions;
    this.startTime = startTime;
    this.stopTime = host.now;
  }
  get execution(): Execution {
    ensureExecutionIds(this.exec, this.host);
    return this.exec;
  }
}

/** Remove and return `list[index]`, keeping the order of the rest (no array made, as splice makes one). */
function removeAt<T>(list: T[], index: number): T {
  const item = list[index];
  for (let i = index + 1; i < list.length; i++) list[i - 1] = list[i];
  list.pop();
  return item;
}

/** Run an execution to its end. */
export async function runLocal(machine: StateMachine, input: JSONValue, options: RunOptions = {}): Promise<RunResult> {
  const handlers = options.handlers ?? NO_HANDLERS;
  const host = new LocalHost(
    options.startTime ?? Date.now(),
    options.seed ?? 0x5eed,
    options.retryIntervalOverrideMs,
    options.resolveTask ? undefined : handlers,
  );
  const startTime = host.now;
  const exec = startExecution(machine, input, host, options);
  let timers: { id: number; due: number }[] | undefined;

  for (;;) {
    advance(machine, exec, host);
    if (exec.status !== "RUNNING") break;
    let pending: Promise<void>[] | undefined;
    const effects = takeEffects(exec);
    for (let i = 0; i < effects.length; i++) {
      const effect = effects[i];
      if (effect.kind === "task") {
        const outcome = effect.id === host.earlyId ? host.takeEarly() : resolveTask(options, handlers, effect);
        if ("then" in outcome) (pending ??= []).push(outcome.then((answer) => void completeTask(machine, exec, effect.id, answer, host)));
        else completeTask(machine, exec, effect.id, outcome, host);
      } else if (effect.kind === "mapRun") {
        const run = options.mapRun ? options.mapRun(effect.spec) : runMapRun(effect.spec, options, host);
        (pending ??= []).push(run.then((answer) => void completeTask(machine, exec, effect.id, answer, host)));
      } else if (effect.kind === "mapRunRedrive") {
        // runLocal never redrives (a durable host does): no Map Run to take it
        completeTask(machine, exec, effect.id, { error: "States.Runtime", cause: "runLocal does not redrive Map Runs" }, host);
      } else if (effect.kind === "timer") (timers ??= []).push({ id: effect.id, due: effect.due });
      else if (timers) {
        for (let t = 0; t < timers.length; t++)
          if (timers[t].id === effect.id) {
            removeAt(timers, t);
            break;
          }
      }
    }
    if (pending) {
      await Promise.all(pending);
      continue;
    }
    if (exec.ready.length) continue;
    if (!timers?.length) throw new Error("the execution is waiting on nothing (engine bug)");
    // the virtual clock jumps to the earliest timer
    let earliest = 0;
    for (let i = 1; i < timers.length; i++) if (timers[i].due < timers[earliest].due) earliest = i;
    const timer = removeAt(timers, earliest);
    if (timer.due > host.now) host.now = timer.due;
    fireTimer(machine, exec, timer.id, host);
  }
  return new LocalRunResult(exec, host, startTime);
}

/**
 * A Distributed Map's children, each a run of its own in this process, with the parent's handlers (and
 * task resolver, and object store). Exported for hosts that answer a Map Run in process (tests).
 */
export function runMapRun(
  spec: MapRunSpec,
  options: RunOptions,
  host: { now: number; random(): number; uuid(): string },
): Promise<TaskOutcome> {
  const child = compile(spec.processor, { type: spec.executionType });
  const store = (options.objectStore ??= new MemoryStore());
  return runMapRunLocally(spec, {
    store,
    random: () => host.random(),
    uuid: () => host.uuid(),
    now: host.now,
    async runChild(input, name, executionArn): Promise<ChildRun> {
      const r = await runLocal(child, input, {
        ...options,
        name,
        executionArn,
        stateMachineArn: spec.childMachineArn,
        stateMachineName: spec.childMachineArn.slice(spec.childMachineArn.lastIndexOf(":") + 1),
        startTime: host.now,
        sync: false,
      });
      return {
        status: r.status === "RUNNING" ? "ABORTED" : r.status,
        output: r.output,
        error: r.error,
        cause: r.cause,
        startTime: r.startTime,
        stopTime: r.stopTime,
      };
    },
  });
}
