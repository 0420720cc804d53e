/**
 * The compiled form of a state machine: scopes (the top level, each Parallel branch, each Map
 * processor) of compiled states. A compiled state is one member of a union discriminated by `type`;
 * at run time every member has one object shape (see shape.ts), which the types do not show.
 */
import type { DistributedMap } from "./states/distributed.ts";
import type { JSONObject, JSONValue, StateMachineType } from "../types.ts";
import type { Ref } from "../eval/ref.ts";
import type { Getter, TemplateBound } from "../eval/template.ts";
import type { Predicate } from "../eval/choice.ts";
import type { Seg } from "../jsonpath/index.ts";
import type { Assigner, JGetter, JsonataFields, QueryLanguage } from "./query-language.ts";
import type { Pattern, ResourceInfo } from "../resource.ts";

export type { Pattern };

export type StateType = "Pass" | "Task" | "Choice" | "Wait" | "Succeed" | "Fail" | "Parallel" | "Map";

export interface Retrier {
  errors: string[];
  interval: number;
  maxAttempts: number;
  backoff: number;
  maxDelay: number | undefined;
  jitter: boolean;
}

export interface Catcher {
  errors: string[];
  next: string;
  /** The state `next` names, once the scope is compiled (linkStates). */
  target: CState | undefined;
  /** undefined: `$` (replace), null: discard, else a reference path. */
  resultPath: Seg[] | null | undefined;
  resultPathSrc: string | undefined;
  /** JSONata: the state's output when this catcher takes the error (default: the error output). */
  output: JGetter | undefined;
  assign: Assigner | undefined;
}

export interface ChoiceRule {
  test: Predicate;
  next: string;
  /** The state `next` names, once the scope is compiled (linkStates). */
  target: CState | undefined;
  assign: Assigner | undefined;
  /** JSONata: the state's output when this rule matches. */
  output: JGetter | undefined;
}

/** What every state has. */
interface StateBase<T extends StateType> {
  name: string;
  type: T;
  ql: QueryLanguage;
  /** The JSONata fields, for a JSONata state. */
  j: JsonataFields | undefined;
  /** Variables this state assigns when it ends (name → value); none for Succeed and Fail. */
  assign: Assigner | undefined;
  /** Empty for the states that cannot have them: any state's error passes through them on its way out. */
  retry: Retrier[];
  catch: Catcher[];
  /** Its `<Type>StateEntered` and `<Type>StateExited` event types (the interpreter reads them, not a table by type). */
  entered: string;
  exited: string;
  /** The state `next` names, once its scope is compiled (undefined without Next): no lookup by name per transition. */
  nextState: CState | undefined;
}

/** InputPath and OutputPath (JSONPath). undefined: `$`; null: `{}`. */
interface InputOutput {
  inputPath: Ref | null | undefined;
  outputPath: Ref | null | undefined;
}

/** A state that goes on to `Next`, or ends its branch (`End`). */
interface Transition {
  /** undefined: the state ends its branch. */
  next: string | undefined;
}

/** ResultPath (JSONPath): where a state's result goes in its input. */
interface ResultPath {
  /** undefined: `$` (replace), null: discard, else a reference path. */
  resultPath: Seg[] | null | undefined;
  resultPathSrc: string | undefined;
}

export interface PassState extends StateBase<"Pass">, InputOutput, Transition, ResultPath {
  parameters: Getter | undefined;
  /** A bound of the JSON size of what `parameters` makes, from its input's (undefined: measure it). */
  parametersBound: TemplateBound | undefined;
  /** `Result`, when the state has one. */
  result: JSONValue | undefined;
}

export interface TaskState extends StateBase<"Task">, InputOutput, Transition, ResultPath {
  parameters: Getter | undefined;
  /** As PassState's. */
  parametersBound: TemplateBound | undefined;
  resultSelector: Getter | undefined;
  resource: string;
  pattern: Pattern;
  /** How the resource shows in history (and whether it is an activity), worked out once. */
  info: ResourceInfo;
  timeoutSeconds: number | undefined;
  timeoutSecondsPath: Ref | undefined;
  heartbeatSeconds: number | undefined;
  heartbeatSecondsPath: Ref | undefined;
}

export interface ChoiceState extends StateBase<"Choice">, InputOutput {
  choices: ChoiceRule[];
  default: string | undefined;
  /** The state `default` names, once the scope is compiled (linkStates). */
  defaultState: CState | undefined;
}

export interface WaitState extends StateBase<"Wait">, InputOutput, Transition {
  seconds: number | undefined;
  secondsPath: Ref | undefined;
  timestamp: string | undefined;
  timestampPath: Ref | undefined;
}

export type SucceedState = StateBase<"Succeed"> & InputOutput;

export interface FailState extends StateBase<"Fail"> {
  error: string | undefined;
  errorPath: Getter | undefined;
  cause: string | undefined;
  causePath: Getter | undefined;
}

export interface ParallelState extends StateBase<"Parallel">, InputOutput, Transition, ResultPath {
  parameters: Getter | undefined;
  resultSelector: Getter | undefined;
  /** The scope of each branch. */
  branches: number[];
}

export interface MapState extends StateBase<"Map">, InputOutput, Transition, ResultPath {
  resultSelector: Getter | undefined;
  /** The scope each iteration runs. */
  processor: number;
  itemsPath: Ref | undefined;
  /** ItemSelector, or Parameters (its old name). */
  itemSelector: Getter | undefined;
  /** 0: no limit. */
  maxConcurrency: number;
  maxConcurrencyPath: Ref | undefined;
  toleratedFailureCount: number | undefined;
  toleratedFailureCountPath: Ref | undefined;
  toleratedFailurePercentage: number | undefined;
  toleratedFailurePercentagePath: Ref | undefined;
  /** Mode DISTRIBUTED: its reader, batcher, writer and child workflow; undefined for an inline Map. */
  distributed: DistributedMap | undefined;
}

/** A compiled state. */
export type CState = PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;
/** The member of the union for one state type. */
export type StateOf<T extends StateType> = Extract<CState, { type: T }>;
/** The states that hand work out and take its result back: a task, branches, iterations. */
export type WorkState = TaskState | ParallelState | MapState;
/** The states that go on to `Next` or end their branch. */
export type FlowState = PassState | WaitState | WorkState;

export interface Scope {
  id: number;
  startAt: string;
  states: Record<string, CState>;
}

/** A compiled state machine: plain data plus closures, built once and shared by executions. */
export interface StateMachine {
  definition: JSONObject;
  type: StateMachineType;
  timeoutSeconds?: number;
  scopes: Scope[];
}
