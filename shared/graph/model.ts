/**
 * The graph model of a state machine, shared by the console (browser), the worker and a CLI: what a
 * definition draws as (nodes, edges, nested groups) and what an execution's history says about each
 * state. Pure data; no layout, no DOM. Layout and drawing are the console's (worker/console/client).
 */

export type StateType = "Task" | "Choice" | "Wait" | "Pass" | "Parallel" | "Map" | "Succeed" | "Fail";

/** One state of the definition, nested states included. */
export interface GraphNode {
  /** Unique: the state's JSON pointer in the definition, e.g. `/States/Fan out/Branches/0/States/Validate`. */
  id: string;
  /** The state's name (the SVG node's `data-state`). */
  state: string;
  /** `Unknown` types (while editing) draw as Pass. */
  type: StateType;
  /**
   * A short second line: the resource (`lambda: charge-card`, `sqs: sendMessage (wait for token)`), `10 s`,
   * `Until $.at`, a Fail's error, a Map's `MaxConcurrency 5`.
   */
  detail?: string;
  /** One short line per retrier: `States.TaskFailed: 3× from 2 s, ×2`. Empty: no Retry. */
  retry: string[];
  /** The definition's StartAt (of its own level: the machine, a branch or an item processor). */
  start: boolean;
  /** `End: true`, Succeed and Fail. */
  end: boolean;
  /** The group (branch or item processor) this state is in; undefined at the machine's top level. */
  group?: string;
  /** Parallel: its branches; Map: its one item processor (ids of groups). */
  groups: string[];
}

export type EdgeKind = "next" | "default" | "choice" | "catch";

export interface GraphEdge {
  /** Node ids. */
  from: string;
  to: string;
  kind: EdgeKind;
  /** choice: the rule's condition shortened (`$.amount > 100`, `{% $x %}`); catch: the errors (`States.ALL`); default: `Default`. */
  label?: string;
}

/** A Parallel branch or a Map item processor: a graph of its own drawn inside its owner's box. */
export interface GraphGroup {
  id: string;
  kind: "branch" | "processor";
  /** The Parallel or Map node that holds it. */
  owner: string;
  /** `Branch 1`, `Item processor` (with `(DISTRIBUTED)` or the Label where there is one). */
  label: string;
  /** Node id of the group's StartAt; undefined when it names no state. */
  startAt?: string;
}

export interface Graph {
  nodes: GraphNode[];
  /** Edges only between nodes of the same level (same group or both top level). */
  edges: GraphEdge[];
  groups: GraphGroup[];
  /** Node id of the machine's StartAt; undefined when it names no state. */
  startAt?: string;
}

/** A state's status as the console colours it (`data-status`). */
export type StateStatus = "not-run" | "running" | "succeeded" | "failed" | "caught" | "cancelled";

/** What happened to one state in one execution, from its history (AWS GetExecutionHistory shape). */
export interface StateRun {
  /** Node id. */
  id: string;
  state: string;
  status: StateStatus;
  /** Times the state was entered (a state in a Map or a loop may be entered many times). */
  entered: number;
  /** ISO timestamps of the latest entry and exit. */
  enteredAt?: string;
  exitedAt?: string;
  /** JSON text as in the history (latest entry). */
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Task attempts (1 + retries) of the latest entry. */
  attempts?: number;
  /** A Task waiting on `.waitForTaskToken` or an activity right now: its TaskScheduled/ActivityScheduled event id. */
  waitingSince?: number;
  /** Ids of every event that belongs to this state. */
  events: number[];
  /** Map: one per iteration; Parallel: one per branch (index, status, times). */
  iterations?: IterationRun[];
}

export interface IterationRun {
  index: number;
  status: StateStatus;
  startedAt?: string;
  endedAt?: string;
}

/** A history event as GetExecutionHistory gives it. */
export interface HistoryEventLike {
  id: number;
  previousEventId?: number;
  timestamp: string | number | Date;
  type: string;
  [details: string]: unknown;
}

/** AWS's execution statuses. */
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";

/** One state entry on an execution's timeline (spansOf). */
export interface Span {
  /** The state's name. */
  state: string;
  /** Id of its `<Type>StateEntered` event: unique per span. */
  enteredEventId: number;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; undefined while the state runs. */
  end?: number;
  status: StateStatus;
  /** The enclosing Map's or Parallel's span (its enteredEventId); undefined at the top level. */
  parent?: number;
  /** The Map iteration it ran in. */
  iteration?: number;
}
