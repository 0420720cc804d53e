/**
 * The factory of compiled states. Every state, whatever its type, is made here with every field of
 * every state type present, in one order. All compiled states then share one object shape, so the
 * interpreter's property reads (`state.type`, `state.next`, `state.j`, ...) stay monomorphic across
 * state types and across the state machines that share a process. The TypeScript type (a union by
 * `type`) says which fields mean something for which state; this factory, not the type, decides the
 * shape of the object.
 */
import type { Ref } from "../eval/ref.ts";
import type { Getter, TemplateBound } from "../eval/template.ts";
import type { Seg } from "../jsonpath/index.ts";
import type { Assigner, JsonataFields, QueryLanguage } from "./query-language.ts";
import type { Catcher, CState, Retrier, StateOf, StateType } from "./types.ts";

/** The fields the compiler works out for every state before its type's own (undefined where absent). */
export interface CommonFields {
  name: string;
  ql: QueryLanguage;
  j: JsonataFields | undefined;
  assign: Assigner | undefined;
  next: string | undefined;
  inputPath: Ref | null | undefined;
  outputPath: Ref | null | undefined;
  resultPath: Seg[] | null | undefined;
  resultPathSrc: string | undefined;
  parameters: Getter | undefined;
  /** A bound of what `parameters` makes from an input of a given bound, for a JSONPath state (TemplateBound). */
  parametersBound: TemplateBound | undefined;
  resultSelector: Getter | undefined;
  retry: Retrier[];
  catch: Catcher[];
}

/** A state type's own fields: what its compile step adds to the common ones. */
export type OwnFields<T extends StateType> = Omit<StateOf<T>, keyof CommonFields | keyof ShapeFields>;

/** The fields makeState and linkStates fill in themselves. */
interface ShapeFields {
  type: StateType;
  entered: string;
  exited: string;
  nextState: CState | undefined;
}

/** Every state type's own fields. */
type AllOwnFields = OwnFields<"Pass"> &
  OwnFields<"Task"> &
  OwnFields<"Choice"> &
  OwnFields<"Wait"> &
  OwnFields<"Fail"> &
  OwnFields<"Parallel"> &
  OwnFields<"Map">;
/** Every state type's own fields, each possibly undefined. */
type AnyOwnFields = { [K in keyof AllOwnFields]: AllOwnFields[K] | undefined };

/** The one runtime shape: every field of every state type (the compiler checks that none is left out). */
type StateShape = CommonFields & ShapeFields & AnyOwnFields;

/** Event types by state type, written out (literals: the same strings everywhere, compared by identity first). */
const EVENT_TYPES: Record<StateType, readonly [entered: string, exited: string]> = {
  Pass: ["PassStateEntered", "PassStateExited"],
  Task: ["TaskStateEntered", "TaskStateExited"],
  Choice: ["ChoiceStateEntered", "ChoiceStateExited"],
  Wait: ["WaitStateEntered", "WaitStateExited"],
  Succeed: ["SucceedStateEntered", "SucceedStateExited"],
  Fail: ["FailStateEntered", "FailStateExited"],
  Parallel: ["ParallelStateEntered", "ParallelStateExited"],
  Map: ["MapStateEntered", "MapStateExited"],
};

/**
 * Point each state of a scope at the states it can go to: its Next, its Choice rules' and Default, its
 * catchers' (after all of them are made), so that a transition needs no lookup by name.
 */
export function linkStates(states: Record<string, CState>): void {
  for (const name in states) {
    const state = states[name];
    const next = (state as { next?: string }).next;
    state.nextState = next === undefined ? undefined : states[next];
    if (state.type === "Choice") {
      for (const rule of state.choices) rule.target = states[rule.next];
      state.defaultState = state.default === undefined ? undefined : states[state.default];
    }
    for (const catcher of state.catch) catcher.target = states[catcher.next];
  }
}

/** Make a compiled state of type `type` from the common fields and the type's own. */
export function makeState<T extends StateType>(type: T, common: CommonFields, own: OwnFields<T>): StateOf<T> {
  const typed: Partial<AllOwnFields> = own;
  const state: StateShape = {
    name: common.name,
    type,
    entered: EVENT_TYPES[type][0],
    exited: EVENT_TYPES[type][1],
    nextState: undefined,
    ql: common.ql,
    j: common.j,
    assign: common.assign,
    next: common.next,
    inputPath: common.inputPath,
    outputPath: common.outputPath,
    resultPath: common.resultPath,
    resultPathSrc: common.resultPathSrc,
    parameters: common.parameters,
    parametersBound: common.parametersBound,
    resultSelector: common.resultSelector,
    retry: common.retry,
    catch: common.catch,
    result: typed.result,
    choices: typed.choices,
    default: typed.default,
    defaultState: typed.defaultState,
    seconds: typed.seconds,
    secondsPath: typed.secondsPath,
    timestamp: typed.timestamp,
    timestampPath: typed.timestampPath,
    error: typed.error,
    errorPath: typed.errorPath,
    cause: typed.cause,
    causePath: typed.causePath,
    resource: typed.resource,
    pattern: typed.pattern,
    info: typed.info,
    timeoutSeconds: typed.timeoutSeconds,
    timeoutSecondsPath: typed.timeoutSecondsPath,
    heartbeatSeconds: typed.heartbeatSeconds,
    heartbeatSecondsPath: typed.heartbeatSecondsPath,
    branches: typed.branches,
    processor: typed.processor,
    itemsPath: typed.itemsPath,
    itemSelector: typed.itemSelector,
    maxConcurrency: typed.maxConcurrency,
    maxConcurrencyPath: typed.maxConcurrencyPath,
    toleratedFailureCount: typed.toleratedFailureCount,
    toleratedFailureCountPath: typed.toleratedFailureCountPath,
    toleratedFailurePercentage: typed.toleratedFailurePercentage,
    toleratedFailurePercentagePath: typed.toleratedFailurePercentagePath,
    distributed: typed.distributed,
  };
  // The shape is decided above; the type says which of its fields this state's type uses.
  return state as unknown as StateOf<T>;
}
