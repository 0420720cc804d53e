/** What expressions see while a state runs: `$`, a lazily built context object `$$`, variables, randomness. */
import type { JSONObject, JSONValue } from "../types.ts";
import type { JsonataEnv } from "../jsonata/index.ts";
import { isoTime } from "../eval/timestamp.ts";
import { ensureExecutionIds } from "./execution.ts";
import type { Execution, Frame, Host } from "./types.ts";

type MapItem = { index: number; value: JSONValue };

/** One per branch run (reset for each state), so evaluating a state allocates little. */
export class Env implements JsonataEnv {
  input: JSONValue;
  ctx?: JSONValue;
  private merged?: Record<string, JSONValue>;
  readonly exec: Execution;
  frame: Frame;
  readonly host: Host;
  mapItem?: MapItem;
  type: string;
  /** `$states.result` and `$states.errorOutput`, where the field being evaluated may see them. */
  result: JSONValue | undefined = undefined;
  errorOutput: JSONValue | undefined = undefined;
  constructor(exec: Execution, frame: Frame, host: Host, input: JSONValue, type: string, mapItem?: MapItem) {
    this.type = type;
    this.exec = exec;
    this.frame = frame;
    this.host = host;
    this.input = input;
    this.mapItem = mapItem;
    this.ctx = undefined;
    this.merged = undefined;
  }
  /** Point the environment at the next state of the same branch. */
  reset(frame: Frame, type: string): this {
    this.frame = frame;
    this.type = type;
    this.input = frame.input;
    this.ctx = undefined;
    this.merged = undefined;
    this.result = undefined;
    this.errorOutput = undefined;
    return this;
  }
  get context(): JSONValue {
    if (this.ctx === undefined) {
      ensureExecutionIds(this.exec, this.host);
      this.ctx = contextObject(this.exec, this.frame, this.mapItem, this.type);
    }
    return this.ctx;
  }
  /** Every variable in scope: this branch's own over its owners', up to the top level. */
  get vars(): Record<string, JSONValue> {
    return (this.merged ??= visibleVars(this.exec, this.frame));
  }
  /** JSONata's `$states`: the state's input, the context, and the result or error output when there is one. */
  get states(): JSONObject {
    const states: JSONObject = { input: this.frame.input, context: this.context };
    if (this.result !== undefined) states.result = this.result;
    if (this.errorOutput !== undefined) states.errorOutput = this.errorOutput;
    return states;
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

const NO_VARS: Record<string, JSONValue> = Object.freeze({}) as Record<string, JSONValue>;

/** Variables visible from a branch: each scope's own, innermost last so it wins. */
function visibleVars(exec: Execution, frame: Frame): Record<string, JSONValue> {
  if (frame.parent === -1) return frame.vars ?? NO_VARS;
  const chain: Frame[] = [];
  for (let at: Frame | undefined = frame; at; at = at.parent === -1 ? undefined : exec.frames[at.parent]) chain.push(at);
  const out: Record<string, JSONValue> = {};
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].vars) Object.assign(out, chain[i].vars);
  return out;
}

/** The context object `$$` of a state: the execution, the state, the state machine, the task token, the Map item. */
function contextObject(exec: Execution, frame: Frame, mapItem?: MapItem, type?: string): JSONObject {
  const state: JSONObject = { EnteredTime: isoTime(frame.enteredTime), Name: frame.state };
  if (type === "Task" || type === "Map" || type === "Parallel") state.RetryCount = frame.retryCount;
  const context: JSONObject = {
    Execution: {
      Id: exec.executionArn,
      Input: exec.input,
      StartTime: isoTime(exec.startTime),
      Name: exec.name,
      RoleArn: exec.roleArn,
      ...(exec.sync ? {} : { RedriveCount: exec.redriveCount ?? 0 }),
    },
    State: state,
    StateMachine: { Id: exec.stateMachineArn, Name: exec.stateMachineName },
  };
  if (frame.token !== undefined) context.Task = { Token: frame.token };
  if (mapItem) context.Map = { Item: { Index: mapItem.index, Value: mapItem.value } };
  return context;
}
