/**
 * The resumable interpreter. An execution is plain data (see types.ts); these functions advance it
 * until every branch waits on its host (a task, a timer) and leave what they need in `outbox`.
 * They never sleep, never read the clock and never make ids: the Host gives time and randomness.
 */
import { StatesError, type JSONObject, type JSONValue } from "../types.ts";
import type { ChoiceRule, CState, FlowState, MapState, ParallelState, StateMachine, TaskState, WorkState } from "../compile/index.ts";
import { jsonType, type JsonataEnv } from "../jsonata/index.ts";
import type { Ref } from "../eval/ref.ts";
import { emit, emitAfter, iterationEvent, skip, stateEvent, taskStartEvents, taskSucceededEvent, NOT_TRUNCATED, resourceInfo, ENTERED, EXITED, STATE_ABORTED, STATE_FAILED, STATE_SUCCEEDED, TASK_EVENT } from "./history.ts";
import { applyPath, applyResultPath, exceedsSize, finishOutput, MAX_PAYLOAD_BYTES } from "./io.ts";
import { isoTime } from "../eval/timestamp.ts";
import { retryDelayMs, findCatcher, findRetrier } from "./errors.ts";
import { waitDue } from "./wait.ts";
import type { Effect, Execution, Fan, Frame, Host, MapFan, ParallelFan, Purpose, Resume, TaskOutcome } from "./types.ts";

export interface StartOptions {
  executionArn?: string;
  name?: string;
  stateMachineArn?: string;
  stateMachineName?: string;
  roleArn?: string;
  /** Keep history events in `exec.events` (default true). */
  history?: boolean;
  /** Fail the execution when its history would pass this many events (AWS: 25,000). */
  maxEvents?: number;
  /** A synchronous Express execution (StartSyncExecution): its context has no RedriveCount. */
  sync?: boolean;
}

export const MAX_HISTORY_EVENTS = 25000;

const MACHINE_ARNS = new Map<string, string>();
const EXECUTION_PREFIXES = { ":execution:": new Map<string, string>(), ":express:": new Map<string, string>() };

function defaultMachineArn(name: string): string {
  return cached(MACHINE_ARNS, name, () => `arn:aws:states:local:000000000000:stateMachine:${name}`);
}

/** The execution ARN prefix of a state machine ARN (`...:execution:Name` or `...:express:Name`). */
function executionPrefix(smArn: string, kind: ":execution:" | ":express:"): string {
  return cached(EXECUTION_PREFIXES[kind], smArn, () => smArn.replace(":stateMachine:", kind));
}

function cached(cache: Map<string, string>, key: string, make: () => string): string {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    if (cache.size < 1000) cache.set(key, v);
  }
  return v;
}

function executionArnOf(type: Execution["type"], smArn: string, name: string, host: Host): string {
  return type === "EXPRESS" ? `${executionPrefix(smArn, ":express:")}:${name}:${host.uuid()}` : `${executionPrefix(smArn, ":execution:")}:${name}`;
}

/** Give an execution started without a name its UUID name and ARN (once). */
export function ensureExecutionIds(exec: Execution, host: Host): void {
  if (exec.name) return;
  exec.name = host.uuid();
  if (!exec.executionArn) exec.executionArn = executionArnOf(exec.type, exec.stateMachineArn, exec.name, host);
}

/** Create an execution and queue its first state. Call `advance` to run it. */
export function startExecution(m: StateMachine, input: JSONValue, host: Host, o: StartOptions = {}): Execution {
  // A name the caller did not give is made when first needed (most local runs never read it).
  const name = o.name ?? "";
  const smName = o.stateMachineName ?? "StateMachine";
  const smArn = o.stateMachineArn ?? defaultMachineArn(smName);
  const exec: Execution = {
    status: "RUNNING",
    type: m.type,
    input,
    startTime: host.now,
    executionArn: o.executionArn ?? (name ? executionArnOf(m.type, smArn, name, host) : ""),
    sync: o.sync === true,
    name,
    stateMachineArn: smArn,
    stateMachineName: smName,
    roleArn: o.roleArn ?? "arn:aws:iam::000000000000:role/StepFunctionsRole",
    frames: {},
    ready: [],
    nextId: 1,
    eventSeq: 0,
    maxEvents: o.maxEvents ?? MAX_HISTORY_EVENTS,
    open: 0,
    keepHistory: o.history !== false,
    events: [],
    transitions: 0,
    tasks: {},
    timers: {},
    outbox: [],
  };
  if (exec.keepHistory) emit(exec, null, host.now, "ExecutionStarted", { input, inputDetails: NOT_TRUNCATED, roleArn: exec.roleArn });
  else skip(exec, null);
  const root = newFrame(exec, -1, 0, 0, m.scopes[0].startAt, input);
  // AWS: the first state's previous event is 0, not ExecutionStarted
  root.lastEventId = 0;
  // States skip checking an output they pass on unchanged, so the first input is checked here.
  const bad = inputProblem(input);
  if (bad) {
    failExecution(exec, host, bad.error, bad.cause);
    return exec;
  }
  exec.ready.push(root.id);
  if (m.timeoutSeconds !== undefined) addTimer(exec, root, "execution-timeout", host.now + m.timeoutSeconds * 1000);
  return exec;
}

/** Resumes of one shape, whatever their kind (monomorphic reads in execWork). */
function succeeded(value: JSONValue): Resume {
  return { kind: "result", value, error: null, cause: null, heartbeat: false };
}
function failed(error: string | null, cause: string | null, heartbeat = false): Resume {
  return { kind: "error", value: null, error, cause, heartbeat };
}

/** Why an execution input cannot be accepted (too large, nested too deeply), or undefined. */
export function inputProblem(input: JSONValue): { error: string; cause: string } | undefined {
  try {
    if (exceedsSize(input))
      return { error: "States.DataLimitExceeded", cause: `The execution input exceeds the maximum size of ${MAX_PAYLOAD_BYTES} bytes.` };
  } catch (e) {
    if (e instanceof StatesError) return { error: e.error, cause: e.cause };
    throw e;
  }
  return undefined;
}

/** Hand over the effects produced since the last call. */
export function takeEffects(exec: Execution): Effect[] {
  const out = exec.outbox;
  exec.outbox = [];
  return out;
}

/**
 * Run ready branches until all wait on the host or the execution ends. With a budget, stop after
 * that many transitions and return true: the caller commits and calls again.
 */
export function advance(m: StateMachine, exec: Execution, host: Host, budget = Infinity): boolean {
  const start = exec.transitions;
  while (exec.ready.length && exec.status === "RUNNING") {
    const batch = exec.ready;
    exec.ready = [];
    for (let i = 0; i < batch.length; i++) {
      const f = exec.frames[batch[i]];
      if (!f || exec.status !== "RUNNING") continue;
      if (exec.transitions - start >= budget) {
        exec.ready = batch.slice(i).concat(exec.ready);
        return true;
      }
      run(m, exec, f, host, start + budget);
    }
  }
  return false;
}

/** Feed back a task's outcome. Unknown or stale task ids are ignored (safe to deliver twice). */
export function completeTask(m: StateMachine, exec: Execution, taskId: number, outcome: TaskOutcome, host: Host): boolean {
  const t = exec.tasks[taskId];
  if (!t || exec.status !== "RUNNING") return false;
  const f = exec.frames[t.frame];
  delete exec.tasks[taskId];
  exec.open--;
  if (!f || f.waitingOn !== taskId) return false;
  clearTaskTimers(exec, f);
  f.waitingOn = undefined;
  const info = resourceInfo(t.resource);
  // an activity answered without a recorded worker (the local runner, a worker that skipped it)
  if (t.waiting && !("timeout" in outcome)) emit(exec, f, host.now, TASK_EVENT.Activity.Started);
  if ("output" in outcome) {
    if (inputProblem(outcome.output)) {
      // AWS names the service for integrations ('lambda') and the ARN for a Lambda function
      const cause = sizeCause(info.family === "Task" ? info.resourceType : t.resource);
      emitTaskEnd(exec, f, host, info, "Failed", { error: "States.DataLimitExceeded", cause });
      f.resume = failed("States.DataLimitExceeded", cause);
    } else {
      taskSucceededEvent(exec, f, host.now, info, outcome.output);
      f.resume = succeeded(outcome.output);
    }
  } else if ("timeout" in outcome) {
    emitTaskEnd(exec, f, host, info, "TimedOut", { error: "States.Timeout" });
    f.resume = failed("States.Timeout", null);
  } else {
    const cause = outcome.cause === undefined ? "" : outcome.cause;
    const d: Record<string, unknown> = {};
    if (outcome.error !== null) d.error = outcome.error;
    if (cause !== null) d.cause = cause;
    emitTaskEnd(exec, f, host, info, "Failed", d);
    f.resume = failed(outcome.error, cause);
  }
  exec.ready.push(f.id);
  return true;
}

/**
 * The host handed a `.waitForTaskToken` or `.sync` task to its service (an SQS message sent, a child
 * execution started): record AWS's TaskSubmitted with what the service answered.
 */
export function recordSubmitted(exec: Execution, taskId: number, output: JSONValue, host: Host): boolean {
  const t = exec.tasks[taskId];
  if (!t || exec.status !== "RUNNING") return false;
  const f = exec.frames[t.frame];
  if (!f) return false;
  const info = resourceInfo(t.resource);
  emit(exec, f, host.now, "TaskSubmitted", { resourceType: info.resourceType, resource: info.resource, output, outputDetails: NOT_TRUNCATED });
  return true;
}

/**
 * A worker took an activity task (GetActivityTask): record ActivityStarted with its name, and start
 * the heartbeat clock afresh. False for an unknown task or one already started.
 */
export function recordStarted(exec: Execution, taskId: number, workerName: string | undefined, host: Host): boolean {
  const t = exec.tasks[taskId];
  if (!t || !t.waiting || exec.status !== "RUNNING") return false;
  const f = exec.frames[t.frame];
  if (!f) return false;
  t.waiting = undefined;
  emit(exec, f, host.now, TASK_EVENT.Activity.Started, workerName === undefined ? undefined : { workerName });
  recordHeartbeat(exec, taskId, host);
  return true;
}

/** A task's heartbeat: re-arm its heartbeat timer. Returns false for an unknown task. */
export function recordHeartbeat(exec: Execution, taskId: number, host: Host): boolean {
  const t = exec.tasks[taskId];
  if (!t || exec.status !== "RUNNING") return false;
  const f = exec.frames[t.frame];
  if (f?.heartbeatTimer !== undefined && t.heartbeatSeconds !== undefined) {
    cancel(exec, f.heartbeatTimer);
    f.heartbeatTimer = addTimer(exec, f, "heartbeat", host.now + t.heartbeatSeconds * 1000, taskId);
  }
  return true;
}

/** A timer is due. Unknown ids (already fired, cancelled) are ignored: an alarm may fire twice. */
export function fireTimer(m: StateMachine, exec: Execution, timerId: number, host: Host): boolean {
  const t = exec.timers[timerId];
  if (!t || exec.status !== "RUNNING") return false;
  delete exec.timers[timerId];
  exec.open--;
  if (t.purpose === "execution-timeout") {
    endExecution(exec, host, "TIMED_OUT", "ExecutionTimedOut", { error: "States.Timeout" });
    return true;
  }
  const f = exec.frames[t.frame];
  if (!f) return false;
  if (t.purpose === "task-timeout" || t.purpose === "heartbeat") {
    if (t.task === undefined || f.waitingOn !== t.task) return false;
    const taskId = t.task;
    const res = exec.tasks[taskId]?.resource ?? "";
    if (exec.tasks[taskId]) {
      delete exec.tasks[taskId];
      exec.open--;
    }
    exec.outbox.push({ kind: "cancel", id: taskId });
    clearTaskTimers(exec, f);
    f.waitingOn = undefined;
    // AWS reports a missed heartbeat as States.Timeout; a catcher or retrier naming
    // States.HeartbeatTimeout still selects it (see errorMatches)
    emitTaskEnd(exec, f, host, resourceInfo(res), "TimedOut", { error: "States.Timeout" });
    f.resume = failed("States.Timeout", null, t.purpose === "heartbeat");
  } else {
    if (f.waitingOn !== timerId) return false;
    f.waitingOn = undefined;
    f.resume = t.purpose === "wait" ? { kind: "timer", value: null, error: null, cause: null, heartbeat: false } : undefined;
  }
  exec.ready.push(f.id);
  return true;
}

/** StopExecution: the execution ends ABORTED and everything it waits on is cancelled. */
export function stopExecution(exec: Execution, host: Host, error?: string, cause?: string): boolean {
  if (exec.status !== "RUNNING") return false;
  const details: Record<string, unknown> = {};
  if (error !== undefined) details.error = error;
  if (cause !== undefined) details.cause = cause;
  endExecution(exec, host, "ABORTED", "ExecutionAborted", details);
  return true;
}

// ---------------------------------------------------------------------------------------------

function newFrame(exec: Execution, parent: number, slot: number, scope: number, state: string, input: JSONValue): Frame {
  const f: Frame = {
    id: exec.nextId++,
    parent,
    slot,
    scope,
    state,
    input,
    entered: false,
    enteredEventId: 0,
    enteredTime: 0,
    lastEventId: 0,
    retryCount: 0,
    // every field present from the start: one object shape for all frames
    vars: undefined,
    retries: undefined,
    effective: undefined,
    waitingOn: undefined,
    timeoutTimer: undefined,
    heartbeatTimer: undefined,
    token: undefined,
    resume: undefined,
    mapItem: undefined,
    fan: undefined,
  };
  exec.frames[f.id] = f;
  return f;
}

// A Map's and a Parallel's bookkeeping: the same fields in the same order, one object shape for both.
function mapFan(items: JSONValue[], max: number, toleratedCount: number | undefined, toleratedPercentage: number | undefined, effective: JSONValue): MapFan {
  const total = items.length;
  const results = new Array<JSONValue>(total).fill(null);
  return { kind: "map", total, started: 0, running: 0, finished: 0, failed: 0, max, results, items, effective, toleratedCount, toleratedPercentage };
}
function parallelFan(branches: number, effective: JSONValue): ParallelFan {
  const results = new Array<JSONValue>(branches).fill(null);
  return {
    kind: "parallel", total: branches, started: branches, running: branches, finished: 0, failed: 0, max: 0, results, items: undefined, effective,
    toleratedCount: undefined, toleratedPercentage: undefined,
  };
}

/** The effective input a Wait stored before it waited (always there when its timer fires). */
function pendingInput(f: Frame): JSONValue {
  const effective = f.effective;
  if (effective === undefined) throw new Error(`internal: state '${f.state}' resumed without its effective input`);
  return effective;
}

function addTimer(exec: Execution, f: Frame, purpose: Purpose, due: number, task?: number): number {
  const id = exec.nextId++;
  exec.timers[id] = { frame: f.id, purpose, due, task };
  exec.open++;
  exec.outbox.push({ kind: "timer", id, due });
  return id;
}

function cancel(exec: Execution, id: number) {
  if (exec.timers[id]) delete exec.timers[id];
  else if (exec.tasks[id]) delete exec.tasks[id];
  else return;
  exec.open--;
  exec.outbox.push({ kind: "cancel", id });
}

function clearTaskTimers(exec: Execution, f: Frame) {
  if (f.timeoutTimer !== undefined) cancel(exec, f.timeoutTimer);
  if (f.heartbeatTimer !== undefined) cancel(exec, f.heartbeatTimer);
  f.timeoutTimer = f.heartbeatTimer = undefined;
}

function emitTaskEnd(exec: Execution, f: Frame, host: Host, info: ReturnType<typeof resourceInfo>, what: string, d: Record<string, unknown>) {
  if (!exec.keepHistory) {
    skip(exec, f);
    return;
  }
  if (info.family === "Task") emit(exec, f, host.now, TASK_EVENT.Task[what], { resourceType: info.resourceType, resource: info.resource, ...d });
  else emit(exec, f, host.now, TASK_EVENT[info.family][what], d);
}

const sizeCause = (who: string) =>
  `The state/task '${who}' returned a result with a size exceeding the maximum number of bytes service limit.`;

/** The environment expressions see: `$`, a lazily built `$$`, variables, randomness. */
class Env implements JsonataEnv {
  input: JSONValue;
  ctx?: JSONValue;
  private merged?: Record<string, JSONValue>;
  readonly exec: Execution;
  f: Frame;
  readonly host: Host;
  mapItem?: { index: number; value: JSONValue };
  type: string;
  /** `$states.result` and `$states.errorOutput`, where the field being evaluated may see them. */
  result: JSONValue | undefined = undefined;
  errorOutput: JSONValue | undefined = undefined;
  constructor(exec: Execution, f: Frame, host: Host, input: JSONValue, type: string, mapItem?: { index: number; value: JSONValue }) {
    this.type = type;
    this.exec = exec;
    this.f = f;
    this.host = host;
    this.input = input;
    this.mapItem = mapItem;
    this.ctx = undefined;
    this.merged = undefined;
  }
  /** Point the environment at the next state of the same branch. */
  reset(f: Frame, type: string): this {
    this.f = f;
    this.type = type;
    this.input = f.input;
    this.ctx = undefined;
    this.merged = undefined;
    this.result = undefined;
    this.errorOutput = undefined;
    return this;
  }
  get context(): JSONValue {
    if (this.ctx === undefined) {
      ensureExecutionIds(this.exec, this.host);
      this.ctx = contextObject(this.exec, this.f, this.mapItem, this.type);
    }
    return this.ctx;
  }
  /** Every variable in scope: this branch's own over its owners', up to the top level. */
  get vars(): Record<string, JSONValue> {
    return (this.merged ??= visibleVars(this.exec, this.f));
  }
  /** JSONata's `$states`: the state's input, the context, and the result or error output when there is one. */
  get states(): JSONObject {
    const s: JSONObject = { input: this.f.input, context: this.context };
    if (this.result !== undefined) s.result = this.result;
    if (this.errorOutput !== undefined) s.errorOutput = this.errorOutput;
    return s;
  }
  random() {
    return this.host.random();
  }
  uuid() {
    return this.host.uuid();
  }
  get now(): number {
    return this.host.now;
  }
}

/** Variables visible from a branch: each scope's own, innermost last so it wins. */
function visibleVars(exec: Execution, f: Frame): Record<string, JSONValue> {
  if (f.parent === -1) return f.vars ?? NO_VARS;
  const chain: Frame[] = [];
  for (let c: Frame | undefined = f; c; c = c.parent === -1 ? undefined : exec.frames[c.parent]) chain.push(c);
  const out: Record<string, JSONValue> = {};
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].vars) Object.assign(out, chain[i].vars);
  return out;
}

const NO_VARS: Record<string, JSONValue> = Object.freeze({}) as Record<string, JSONValue>;

function contextObject(exec: Execution, f: Frame, mapItem?: { index: number; value: JSONValue }, type?: string): JSONObject {
  const state: JSONObject = { EnteredTime: isoTime(f.enteredTime), Name: f.state };
  if (type === "Task" || type === "Map" || type === "Parallel") state.RetryCount = f.retryCount;
  const c: JSONObject = {
    Execution: {
      Id: exec.executionArn,
      Input: exec.input,
      StartTime: isoTime(exec.startTime),
      Name: exec.name,
      RoleArn: exec.roleArn,
      ...(exec.sync ? {} : { RedriveCount: 0 }),
    },
    State: state,
    StateMachine: { Id: exec.stateMachineArn, Name: exec.stateMachineName },
  };
  if (f.token !== undefined) c.Task = { Token: f.token };
  if (mapItem) c.Map = { Item: { Index: mapItem.index, Value: mapItem.value } };
  return c;
}

/** An error only its own name catches (a state's own input or output over the size limit). */
function terminalError(error: string, cause: string): StatesError {
  const e = new StatesError(error, cause);
  e.terminal = true;
  return e;
}

type Step = { next: string; output: JSONValue } | { end: JSONValue } | "wait";

/** Run one branch until it waits, ends, or the budget is spent. */
function run(m: StateMachine, exec: Execution, f: Frame, host: Host, stopAt: number) {
  const states = m.scopes[f.scope].states;
  const env = new Env(exec, f, host, f.input, "");
  for (;;) {
    const st = states[f.state];
    if (!f.entered) {
      if (exec.transitions >= stopAt) {
        exec.ready.push(f.id);
        return;
      }
      if (exec.eventSeq + 2 > exec.maxEvents) {
        failExecution(exec, host, "States.Runtime", `The execution reached the maximum number of history events (${exec.maxEvents}).`);
        return;
      }
      f.entered = true;
      f.enteredTime = host.now;
      f.retryCount = 0;
      f.retries = undefined;
      f.effective = undefined;
      f.token = undefined;
      exec.transitions++;
      f.enteredEventId = stateEvent(exec, f, host.now, ENTERED[st.type], st.name, f.input, true);
    }
    let step: Step;
    try {
      step = execState(m, exec, f, st, host, env.reset(f, st.type));
    } catch (e) {
      if (!(e instanceof StatesError)) throw e;
      const error = e.error;
      const cause = error === "States.Runtime" || error === "States.QueryEvaluationError" ? `An error occurred while executing the state '${st.name}' (entered at the event id #${f.enteredEventId}). ${e.cause}` : e.cause;
      step = handleError(m, exec, f, st, host, error, cause, e.terminal, false, env);
    }
    if (step === "wait") return;
    if (exec.status !== "RUNNING") return;
    if ("end" in step) {
      finishFrame(m, exec, f, host, step.end);
      return;
    }
    f.state = step.next;
    f.input = step.output;
    f.entered = false;
  }
}

/**
 * The state is done: check its output's size and record StateExited. A state that only selects
 * part of its input (Choice, Wait, Succeed) cannot grow it, and the input was checked when it was
 * the previous state's output.
 */
function exited(exec: Execution, f: Frame, st: CState, host: Host, output: JSONValue, assigned?: JSONObject) {
  if (output !== f.input && (st.type === "Pass" || st.type === "Task" || st.type === "Map" || st.type === "Parallel") && exceedsSize(output))
    throw terminalError("States.DataLimitExceeded", sizeCause(st.name));
  if (assigned) checkAssigned(assigned);
  stateEvent(exec, f, host.now, EXITED[st.type], st.name, output, false, assigned);
}

/** The state is done. Its output and its variables were evaluated together; both take effect now. */
function go(exec: Execution, f: Frame, st: FlowState, host: Host, output: JSONValue, assigned?: JSONObject): Step {
  exited(exec, f, st, host, output, assigned);
  if (assigned) setVars(f, assigned);
  const next = st.next;
  return next === undefined ? { end: output } : { next, output };
}

/** New values replace the scope's object (never mutated: stored copies and events stay as they were). */
function setVars(f: Frame, assigned: JSONObject) {
  f.vars = f.vars ? { ...f.vars, ...assigned } : { ...assigned };
}

/** AWS: 256 KiB for one variable, and for the values of one Assign together. */
function checkAssigned(assigned: JSONObject) {
  if (exceedsSize(assigned)) {
    for (const k in assigned)
      if (exceedsSize(assigned[k]))
        throw terminalError("States.DataLimitExceeded", `The variable '${k}' exceeds the maximum size of ${MAX_PAYLOAD_BYTES} bytes.`);
    throw terminalError("States.DataLimitExceeded", `The variables of one Assign exceed the maximum total size of ${MAX_PAYLOAD_BYTES} bytes.`);
  }
}

/** Evaluate Assign. In JSONPath, `$` is the state's result (or its effective input when it has none). */
function assignOf(
  assign: ((env: JsonataEnv) => JSONObject) | undefined,
  st: CState,
  env: Env,
  jsonPathBase: JSONValue,
): JSONObject | undefined {
  if (!assign) return undefined;
  if (st.ql === "JSONPath") env.input = jsonPathBase;
  return assign(env);
}

function merge(a: JSONObject | undefined, b: JSONObject | undefined): JSONObject | undefined {
  return a && b ? { ...a, ...b } : (a ?? b);
}

function execState(m: StateMachine, exec: Execution, f: Frame, st: CState, host: Host, env: Env): Step {
  const j = st.j;
  switch (st.type) {
    case "Pass": {
      if (j) return go(exec, f, st, host, j.output ? j.output(env) : f.input, st.assign?.(env));
      const eff = applyPath(st.inputPath, env);
      env.input = eff;
      const result = st.result !== undefined ? st.result : st.parameters ? st.parameters(env) : eff;
      const assigned = assignOf(st.assign, st, env, result);
      env.input = eff;
      return go(exec, f, st, host, finishOutput(st, f.input, result, env), assigned);
    }
    case "Choice": {
      const eff = j ? f.input : applyPath(st.inputPath, env);
      env.input = eff;
      let next = st.default;
      let rule: ChoiceRule | undefined;
      for (const c of st.choices)
        if (c.test(env)) {
          next = c.next;
          rule = c;
          break;
        }
      if (next === undefined) throw new StatesError("States.NoChoiceMatched", "No Matches!");
      // the state's Assign applies whichever rule matched; a matching rule's own Assign wins over it
      const assigned = merge(assignOf(st.assign, st, env, eff), assignOf(rule?.assign, st, env, eff));
      env.input = eff;
      // JSONata: the matching rule's Output, else the state's (Default), else the input
      const jOut = rule?.output ?? j?.output;
      const out = j ? (jOut ? jOut(env) : f.input) : st.outputPath === undefined ? eff : applyPath(st.outputPath, env);
      exited(exec, f, st, host, out, assigned);
      if (assigned) setVars(f, assigned);
      return { next, output: out };
    }
    case "Succeed": {
      if (j) {
        const out = j.output ? j.output(env) : f.input;
        exited(exec, f, st, host, out);
        return { end: out };
      }
      env.input = applyPath(st.inputPath, env);
      const out = st.outputPath === undefined ? env.input : applyPath(st.outputPath, env);
      exited(exec, f, st, host, out);
      return { end: out };
    }
    case "Fail": {
      const error = j ? j.error?.(env) : st.errorPath ? st.errorPath(env) : st.error;
      const cause = j ? j.cause?.(env) : st.causePath ? st.causePath(env) : st.cause;
      failFrame(m, exec, f, host, error === undefined ? undefined : String(error), cause === undefined ? undefined : String(cause));
      return "wait";
    }
    case "Wait": {
      if (f.resume?.kind === "timer") {
        f.resume = undefined;
        if (j) return go(exec, f, st, host, j.output ? j.output(env) : f.input, st.assign?.(env));
        const eff = pendingInput(f);
        env.input = eff;
        const assigned = assignOf(st.assign, st, env, eff);
        env.input = eff;
        const out = st.outputPath === undefined ? env.input : applyPath(st.outputPath, env);
        return go(exec, f, st, host, out, assigned);
      }
      const eff = j ? f.input : applyPath(st.inputPath, env);
      env.input = eff;
      f.effective = eff;
      const due = waitDue(st, env, host.now);
      f.waitingOn = addTimer(exec, f, "wait", due);
      return "wait";
    }
    case "Task":
    case "Parallel":
    case "Map":
      return execWork(m, exec, f, st, host, env);
  }
}

/** Task, Parallel and Map: start the work, or take its result or error when it comes back. */
function execWork(m: StateMachine, exec: Execution, f: Frame, st: WorkState, host: Host, env: Env): Step {
  const r = f.resume;
  const j = st.j;
  if (r) {
    f.resume = undefined;
    if (r.kind === "error") return handleError(m, exec, f, st, host, r.error, r.cause, false, r.heartbeat === true, env);
    if (r.kind === "result") {
      let result = r.value;
      // AWS: <Map|Parallel>StateSucceeded and the StateExited after it both follow the last branch event
      if (st.type !== "Task") emitAfter(exec, f.lastEventId, host.now, STATE_SUCCEEDED[st.type]);
      f.effective = undefined;
      if (j) {
        env.result = result;
        return go(exec, f, st, host, j.output ? j.output(env) : result, st.assign?.(env));
      }
      if (st.resultSelector) {
        env.input = result;
        result = st.resultSelector(env);
      }
      const assigned = assignOf(st.assign, st, env, result);
      env.input = f.input;
      return go(exec, f, st, host, finishOutput(st, f.input, result, env), assigned);
    }
  }
  let effective = f.effective;
  if (effective === undefined) {
    const eff = j ? f.input : applyPath(st.inputPath, env);
    env.input = eff;
    // a token for every task whose result comes back later: callbacks, .sync, activities
    if (st.type === "Task" && (st.pattern !== "request-response" || resourceInfo(st.resource).family === "Activity"))
      f.token = host.taskToken ? host.taskToken({ taskId: 0, stateName: st.name, enteredEventId: f.enteredEventId }) : host.uuid();
    if (j) effective = st.type !== "Map" && j.args ? j.args(env) : eff;
    else effective = st.type === "Map" ? eff : st.parameters ? st.parameters(env) : eff;
    f.effective = effective;
  }
  if (st.type === "Task") return dispatchTask(exec, f, st, host, env, effective);
  if (st.type === "Parallel") return startParallel(m, exec, f, st, host, effective);
  return startMap(m, exec, f, st, host, env, effective);
}

function positiveInt(st: TaskState, env: Env, field: "TimeoutSeconds" | "HeartbeatSeconds"): number | undefined {
  const expr = field === "TimeoutSeconds" ? st.j?.timeoutSeconds : st.j?.heartbeatSeconds;
  if (expr) {
    const v = expr(env);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
      throw new StatesError("States.QueryEvaluationError", `The ${field} field must be a positive integer, but was: ${JSON.stringify(v)}`);
    return v;
  }
  const lit = field === "TimeoutSeconds" ? st.timeoutSeconds : st.heartbeatSeconds;
  if (lit !== undefined) return lit;
  const ref = field === "TimeoutSeconds" ? st.timeoutSecondsPath : st.heartbeatSecondsPath;
  if (!ref) return undefined;
  const v = applyPath(ref, env);
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new StatesError("States.Runtime", `The ${field}Path parameter does not reference a positive integer: ${ref.src} == ${JSON.stringify(v)}`);
  return v;
}

function dispatchTask(exec: Execution, f: Frame, st: TaskState, host: Host, env: Env, input: JSONValue): Step {
  env.input = f.input;
  const eff = applyPath(st.inputPath, env);
  env.input = eff;
  const timeout = positiveInt(st, env, "TimeoutSeconds");
  const heartbeat = positiveInt(st, env, "HeartbeatSeconds");
  // a task's input is a part of the state's input (checked when it was produced) unless Parameters or
  // Arguments built a new value
  if ((st.parameters || st.j?.args) && exceedsSize(input)) throw terminalError("States.DataLimitExceeded", sizeCause(st.name));
  const id = exec.nextId++;
  const info = resourceInfo(st.resource);
  taskStartEvents(exec, f, host.now, info, input, timeout, heartbeat);
  exec.tasks[id] = { frame: f.id, resource: st.resource, heartbeatSeconds: heartbeat, waiting: info.family === "Activity" ? true : undefined };
  exec.open++;
  f.waitingOn = id;
  if (timeout !== undefined) f.timeoutTimer = addTimer(exec, f, "task-timeout", host.now + timeout * 1000, id);
  if (heartbeat !== undefined) f.heartbeatTimer = addTimer(exec, f, "heartbeat", host.now + heartbeat * 1000, id);
  exec.outbox.push({
    kind: "task",
    id,
    stateName: st.name,
    resource: st.resource,
    pattern: st.pattern,
    input,
    token: f.token,
    timeoutSeconds: timeout,
    heartbeatSeconds: heartbeat,
    attempt: f.retryCount,
  });
  return "wait";
}

function startParallel(m: StateMachine, exec: Execution, f: Frame, st: ParallelState, host: Host, effective: JSONValue): Step {
  emit(exec, f, host.now, "ParallelStateStarted");
  const n = st.branches.length;
  f.fan = parallelFan(n, effective);
  for (let i = 0; i < n; i++) {
    const scope = st.branches[i];
    const c = newFrame(exec, f.id, i, scope, m.scopes[scope].startAt, effective);
    c.lastEventId = f.lastEventId;
    exec.ready.push(c.id);
  }
  return "wait";
}

function startMap(m: StateMachine, exec: Execution, f: Frame, st: MapState, host: Host, env: Env, effective: JSONValue): Step {
  env.input = effective;
  const j = st.j;
  const items = j ? (j.items ? j.items(env) : f.input) : st.itemsPath ? applyPath(st.itemsPath, env) : env.input;
  if (!Array.isArray(items))
    throw new StatesError(
      j ? "States.QueryEvaluationError" : "States.Runtime",
      j?.items && j.itemsSrc
        ? `The JSONata expression '${j.itemsSrc}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${jsonType(items)}' for value: ${JSON.stringify(items)}`
        : `Map state input must be an array but was: ${JSON.stringify(items)}`,
    );
  let max = st.maxConcurrency;
  if (j?.maxConcurrency) max = jsonataNumber(j.maxConcurrency(env), "MaxConcurrency", true);
  if (st.maxConcurrencyPath) {
    const v = pathNumber(st.maxConcurrencyPath, env, "MaxConcurrencyPath", true);
    if (v < 0) throw new StatesError("States.Runtime", `MaxConcurrency cannot be negative.`);
    max = v;
  }
  let count = st.toleratedFailureCount;
  if (j?.toleratedFailureCount) count = jsonataNumber(j.toleratedFailureCount(env), "ToleratedFailureCount", true);
  if (st.toleratedFailureCountPath) count = pathNumber(st.toleratedFailureCountPath, env, "ToleratedFailureCountPath", true);
  if (count !== undefined && count < 0) throw new StatesError("States.Runtime", "ToleratedFailureCount cannot be negative.");
  let pct = st.toleratedFailurePercentage;
  if (j?.toleratedFailurePercentage) pct = jsonataNumber(j.toleratedFailurePercentage(env), "ToleratedFailurePercentage", false);
  if (st.toleratedFailurePercentagePath) pct = pathNumber(st.toleratedFailurePercentagePath, env, "ToleratedFailurePercentagePath", false);
  if (pct !== undefined && (pct < 0 || pct > 100))
    throw new StatesError("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.");
  emit(exec, f, host.now, "MapStateStarted", { length: items.length });
  if (items.length === 0) {
    f.resume = succeeded([]);
    return execWork(m, exec, f, st, host, env);
  }
  const fan = mapFan(items, max, count, pct, effective);
  f.fan = fan;
  startIterations(m, exec, f, st, host, f.lastEventId, fan);
  return "wait";
}

/** A number a JSONata field gave, or States.QueryEvaluationError. */
function jsonataNumber(v: JSONValue, field: string, integer: boolean): number {
  if (typeof v !== "number" || (integer && !Number.isInteger(v)) || v < 0)
    throw new StatesError("States.QueryEvaluationError", `The ${field} field must be a ${integer ? "non-negative integer" : "non-negative number"}, but was: ${JSON.stringify(v)}`);
  return v;
}

/** A number read through a `...Path` field, with AWS's message when it is not one. */
function pathNumber(ref: Ref, env: Env, field: string, integer: boolean): number {
  let v = applyPath(ref, env);
  // AWS takes a number written as a string too ("1"), not other text
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) v = Number(v);
  if (typeof v !== "number" || (integer && !Number.isInteger(v)))
    throw new StatesError(
      "States.Runtime",
      `The ${field} field refers to value "${typeof v === "string" ? v : JSON.stringify(v)}" which is not a valid ${integer ? "integer" : "float"}: ${ref.src}`,
    );
  return v;
}

/** Start iterations up to MaxConcurrency; their MapIterationStarted events follow `prev`. */
function startIterations(m: StateMachine, exec: Execution, f: Frame, st: MapState, host: Host, prev: number, fan: MapFan) {
  while (fan.started < fan.total && (fan.max === 0 || fan.running < fan.max)) {
    const index = fan.started++;
    fan.running++;
    const value = fan.items[index];
    let input = value;
    const selector = st.j ? st.j.itemSelector : st.itemSelector;
    if (selector) input = selector(new Env(exec, f, host, fan.effective, "Map", { index, value }));
    const scope = st.processor;
    const c = newFrame(exec, f.id, index, scope, m.scopes[scope].startAt, input);
    c.mapItem = { index, value };
    c.lastEventId = iterationEvent(exec, prev, host.now, "MapIterationStarted", st.name, index);
    exec.ready.push(c.id);
  }
}

/** A branch reached the end of its scope. */
function finishFrame(m: StateMachine, exec: Execution, f: Frame, host: Host, output: JSONValue) {
  if (f.parent === -1) {
    exec.output = output;
    endExecution(exec, host, "SUCCEEDED", "ExecutionSucceeded", { output, outputDetails: NOT_TRUNCATED });
    return;
  }
  const p = exec.frames[f.parent];
  delete exec.frames[f.id];
  if (!p?.fan) return;
  const fan = p.fan;
  fan.results[f.slot] = output;
  const pst = m.scopes[p.scope].states[p.state];
  const last = f.lastEventId;
  if (fan.kind === "map")
    p.lastEventId = iterationEvent(exec, last, host.now, "MapIterationSucceeded", pst.name, f.slot);
  else p.lastEventId = last;
  iterationDone(m, exec, p, pst, host, fan, last);
}

/** One branch or iteration is over (its result stored): start the next, or resume the owner. */
function iterationDone(m: StateMachine, exec: Execution, p: Frame, pst: CState, host: Host, fan: Fan, last: number) {
  fan.running--;
  fan.finished++;
  if (fan.kind === "map" && pst.type === "Map") startIterations(m, exec, p, pst, host, last, fan);
  if (fan.finished === fan.total) {
    p.fan = undefined;
    p.resume = succeeded(fan.results);
    exec.ready.push(p.id);
  }
}

/** A branch failed with an error no state of it caught. */
function failFrame(m: StateMachine, exec: Execution, f: Frame, host: Host, error: string | null | undefined, cause: string | null | undefined) {
  if (f.parent === -1) {
    failExecution(exec, host, error, cause);
    return;
  }
  const p = exec.frames[f.parent];
  abortFrame(exec, f);
  if (!p?.fan) return;
  const fan = p.fan;
  const pst = m.scopes[p.scope].states[p.state];
  // AWS: the failure, the aborts and MapStateFailed all follow the failing branch's last event
  const last = f.lastEventId;
  if (fan.kind === "map") {
    emitAfter(exec, last, host.now, "MapIterationFailed", { name: pst.name, index: f.slot });
    if (fan.toleratedCount !== undefined || fan.toleratedPercentage !== undefined) {
      fan.failed++;
      const overCount = fan.toleratedCount !== undefined && fan.failed > fan.toleratedCount;
      const overPct = fan.toleratedPercentage !== undefined && (fan.failed * 100) / fan.total > fan.toleratedPercentage;
      if (!overCount && !overPct) {
        fan.results[f.slot] = { Error: error ?? null, Cause: cause ?? null };
        iterationDone(m, exec, p, pst, host, fan, last);
        return;
      }
      error = "States.ExceedToleratedFailureThreshold";
      cause = "The specified tolerated failure threshold was exceeded";
    }
  }
  for (const cf of childrenOf(exec, p.id)) {
    abortBranchEvents(m, exec, cf, last, host);
    if (fan.kind === "map") emitAfter(exec, last, host.now, "MapIterationAborted", { name: pst.name, index: cf.slot });
    abortFrame(exec, cf);
  }
  p.fan = undefined;
  // <Map|Parallel>StateFailed is recorded in handleError, once no retrier takes the error
  p.lastEventId = last;
  p.resume = failed(error ?? null, cause ?? null);
  exec.ready.push(p.id);
}

/** `<Type>StateAborted` for the entered state of a branch being abandoned, and of its own branches. */
function abortBranchEvents(m: StateMachine, exec: Execution, f: Frame, prev: number, host: Host) {
  for (const c of childrenOf(exec, f.id)) abortBranchEvents(m, exec, c, prev, host);
  if (f.entered) emitAfter(exec, prev, host.now, STATE_ABORTED[m.scopes[f.scope].states[f.state].type]);
}

/** The live branches under a frame (a scan: only failures and stops need it). */
function childrenOf(exec: Execution, id: number): Frame[] {
  const out: Frame[] = [];
  for (const k in exec.frames) if (exec.frames[k].parent === id) out.push(exec.frames[k]);
  return out;
}

/** Remove a branch and everything under it, cancelling what it waits on. */
function abortFrame(exec: Execution, f: Frame) {
  if (f.fan) for (const c of childrenOf(exec, f.id)) abortFrame(exec, c);
  if (f.waitingOn !== undefined) cancel(exec, f.waitingOn);
  clearTaskTimers(exec, f);
  delete exec.frames[f.id];
}

function failExecution(exec: Execution, host: Host, error: string | null | undefined, cause: string | null | undefined) {
  exec.error = error;
  exec.cause = cause;
  const d: Record<string, unknown> = {};
  if (error != null) d.error = error;
  if (cause != null) d.cause = cause;
  endExecution(exec, host, "FAILED", "ExecutionFailed", d);
}

function endExecution(exec: Execution, host: Host, status: Execution["status"], type: string, details: Record<string, unknown>) {
  exec.status = status;
  exec.stopTime = host.now;
  // AWS's DescribeExecution shows the error and cause of an ABORTED execution, but not of a
  // TIMED_OUT one: there the States.Timeout is only in the ExecutionTimedOut event
  if (status === "ABORTED") {
    exec.error = details.error as string | undefined;
    exec.cause = details.cause as string | undefined;
  }
  emit(exec, null, host.now, type, details);
  if (exec.open > 0) {
    for (const id in exec.tasks) exec.outbox.push({ kind: "cancel", id: Number(id) });
    for (const id in exec.timers) exec.outbox.push({ kind: "cancel", id: Number(id) });
    exec.tasks = {};
    exec.timers = {};
    exec.open = 0;
  }
  exec.frames = {};
  exec.ready.length = 0;
}

/** Retry, then Catch, then fail the branch. */
function handleError(
  m: StateMachine,
  exec: Execution,
  f: Frame,
  st: CState,
  host: Host,
  error: string | null,
  cause: string | null,
  terminal: boolean,
  heartbeat = false,
  env?: Env,
): Step {
  // a missed heartbeat is States.Timeout, and also answers to States.HeartbeatTimeout
  const alias = heartbeat ? "States.HeartbeatTimeout" : undefined;
  if (st.retry.length) {
    const i = findRetrier(st.retry, error, terminal, alias);
    if (i >= 0) {
      const r = st.retry[i];
      const tries = (f.retries ??= new Array(st.retry.length).fill(0));
      if (tries[i] < r.maxAttempts) {
        const delay = retryDelayMs(r, tries[i], host, st.name);
        tries[i]++;
        f.retryCount++;
        // each attempt evaluates its input again ($$.State.RetryCount changes)
        f.effective = undefined;
        exec.transitions++;
        f.waitingOn = addTimer(exec, f, "retry", host.now + delay);
        return "wait";
      }
    }
  }
  if (st.type === "Map" || st.type === "Parallel") emit(exec, f, host.now, STATE_FAILED[st.type]);
  const c = findCatcher(st.catch, error, terminal, alias);
  if (c) {
    f.effective = undefined;
    f.fan = undefined;
    const errorOutput: JSONObject = { Error: error, Cause: cause };
    let output: JSONValue;
    let assigned: JSONObject | undefined;
    if (c.output || c.assign) {
      const e = env ?? new Env(exec, f, host, f.input, st.type);
      e.errorOutput = errorOutput;
      e.result = undefined;
      // a Catch's Assign writes to the state's own scope; in JSONPath its `$` is the error output
      assigned = assignOf(c.assign, st, e, errorOutput);
      output = st.ql === "JSONata" ? (c.output ? c.output(e) : errorOutput) : applyResultPath(c.resultPath, c.resultPathSrc, f.input, errorOutput);
    } else output = st.ql === "JSONata" ? errorOutput : applyResultPath(c.resultPath, c.resultPathSrc, f.input, errorOutput);
    // AWS records the state's exit, with the error output, before the Catch's Next
    if (assigned) checkAssigned(assigned);
    stateEvent(exec, f, host.now, EXITED[st.type], st.name, output, false, assigned);
    if (assigned) setVars(f, assigned);
    return { next: c.next, output };
  }
  failFrame(m, exec, f, host, error, cause);
  return "wait";
}

