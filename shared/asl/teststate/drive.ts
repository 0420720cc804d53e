/**
 * Runs a small test machine on the engine's public API (startExecution / advance / takeEffects /
 * completeTask / fireTimer) and stops as soon as it reaches one of the placeholder Task states
 * that stand for "the state under test went to X", so the next state's name, the output handed
 * to it and the variables in scope can be read off the task request.
 */
import type { JSONObject, JSONValue } from "../types.ts";
import { advance, completeTask, fireTimer, startExecution, takeEffects } from "../index.ts";
import type { Effect, Execution, Host, StateMachine, TaskOutcome } from "../index.ts";
import type { Frame } from "../runtime/types.ts";

/** Resource of the placeholder states that stand in for the state under test's successors. */
export const NEXT_STUB = "arn:aws:lambda:us-east-1:000000000000:function:TestStateNext";
/** Resource of the one state of a Map's stand-in item processor (counts the items). */
export const ITEM_STUB = "arn:aws:lambda:us-east-1:000000000000:function:TestStateItem";
/** Resource of the Task that stands in for a mocked Map or Parallel state. */
export const MOCK_STUB = "arn:aws:lambda:us-east-1:000000000000:function:TestStateMock";

export type TaskRequest = Extract<Effect, { kind: "task" }>;
export type Answer = (task: TaskRequest) => TaskOutcome | Promise<TaskOutcome>;

export interface RunIdentity {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
}

export interface DriveOptions {
  identity: RunIdentity;
  variables?: Record<string, JSONValue>;
  /** A Context object supplied by the caller: its Execution.Input and Task.Token are used. */
  context?: JSONObject;
  now: number;
  random: () => number;
  answer: Answer;
}

export type Driven =
  | { kind: "next"; state: string; output: JSONValue; vars: Record<string, JSONValue>; taskInput?: JSONValue }
  | { kind: "items"; total: number; max: number; toleratedCount?: number; toleratedPercentage?: number }
  | { kind: "succeeded"; output: JSONValue; taskInput?: JSONValue }
  | { kind: "failed"; error: string | null; cause: string | null; taskInput?: JSONValue };

class TestHost implements Host {
  now: number;
  private readonly rnd: () => number;
  private readonly token?: string;
  constructor(now: number, random: () => number, token?: string) {
    this.now = now;
    this.rnd = random;
    this.token = token;
  }
  random(): number {
    return this.rnd();
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => ((this.rnd() * 16) | 0).toString(16)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
  taskToken(): string {
    return this.token ?? this.uuid();
  }
  retryDelayMs(): number {
    return 0;
  }
}

function visibleVars(exec: Execution, frameId: number): Record<string, JSONValue> {
  const chain = [];
  for (let frame: Frame | undefined = exec.frames[frameId]; frame; frame = frame.parent === -1 ? undefined : exec.frames[frame.parent])
    chain.push(frame);
  const out: Record<string, JSONValue> = {};
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].vars) Object.assign(out, chain[i].vars);
  return out;
}

function section(ctx: JSONObject | undefined, name: string): JSONObject | undefined {
  const value = ctx?.[name];
  return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}

/** Runs `machine` until it ends or reaches a placeholder state. */
export async function drive(machine: StateMachine, input: JSONValue, options: DriveOptions): Promise<Driven> {
  const token = section(options.context, "Task")?.Token;
  const host = new TestHost(options.now, options.random, typeof token === "string" ? token : undefined);
  const exec = startExecution(machine, input, host, { ...options.identity, sync: true, history: false });
  const execCtx = section(options.context, "Execution");
  if (execCtx && "Input" in execCtx) exec.input = execCtx.Input;
  const root = exec.frames[exec.ready[0]];
  if (options.variables && root) root.vars = { ...options.variables };
  const timers: { id: number; due: number }[] = [];
  let taskInput: JSONValue | undefined;
  for (;;) {
    advance(machine, exec, host);
    if (exec.status === "SUCCEEDED") return { kind: "succeeded", output: exec.output ?? null, taskInput };
    if (exec.status !== "RUNNING") return { kind: "failed", error: exec.error ?? null, cause: exec.cause ?? null, taskInput };
    for (const effect of takeEffects(exec)) {
      if (effect.kind === "timer") timers.push({ id: effect.id, due: effect.due });
      else if (effect.kind === "cancel") {
        const index = timers.findIndex((timer) => timer.id === effect.id);
        if (index >= 0) timers.splice(index, 1);
      } else if (effect.kind === "mapRun" || effect.kind === "mapRunRedrive") {
        const cause = "TestState does not run a Distributed Map's child workflows";
        completeTask(machine, exec, effect.id, { error: "States.Runtime", cause }, host);
      } else if (effect.resource === NEXT_STUB) {
        const vars = visibleVars(exec, exec.tasks[effect.id]!.frame);
        return { kind: "next", state: effect.stateName, output: effect.input, vars, taskInput };
      } else if (effect.resource === ITEM_STUB) {
        return itemsOf(exec, effect.id);
      } else {
        taskInput = effect.input;
        completeTask(machine, exec, effect.id, await options.answer(effect), host);
      }
    }
    if (exec.ready.length) continue;
    timers.sort((a, b) => a.due - b.due);
    const timer = timers.shift();
    if (!timer) return { kind: "failed", error: "States.Runtime", cause: "The state waits on nothing" };
    if (timer.due > host.now) host.now = timer.due;
    fireTimer(machine, exec, timer.id, host);
  }
}

/** What the Map's fan says once its first iteration asks for an item. */
function itemsOf(exec: Execution, taskId: number): Driven {
  const frame = exec.frames[exec.tasks[taskId]!.frame]!;
  const fan = exec.frames[frame.parent]?.fan;
  return {
    kind: "items",
    total: fan?.total ?? 0,
    max: fan?.max ?? 0,
    toleratedCount: fan?.toleratedCount,
    toleratedPercentage: fan?.toleratedPercentage,
  };
}
