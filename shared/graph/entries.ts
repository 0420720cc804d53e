/**
 * An execution's history cut into state entries: one per StateEntered, with the events that belong to
 * it and how it ended. Needs no definition (the timeline uses it alone); runs.ts maps entries to nodes.
 *
 * Events are not in one line: the branches of a Parallel and the iterations of a Map interleave. Each
 * event's previousEventId points at the event before it in its own branch, so an event belongs to the
 * entry its predecessor belongs to, and an event after a StateExited belongs to the exited entry's
 * parent (the Map or Parallel that runs its branch, or none at the top level).
 */
import type { ExecutionStatus, HistoryEventLike, StateStatus } from "./model.ts";

export interface Iteration {
  index: number;
  status: StateStatus;
  start: number;
  end?: number;
}

export interface Entry {
  name: string;
  /** The state type, from the event type: `Task` of `TaskStateEntered`. */
  type: string;
  enteredId: number;
  start: number;
  /** Time of the entry's last event. */
  last: number;
  parent?: Entry;
  /** The Map iteration this entry runs in (directly, not through a nested Parallel). */
  iteration?: Iteration;
  /** Ids of the entry's events. */
  events: number[];
  input?: string;
  output?: string;
  exitedId?: number;
  exitedAt?: number;
  aborted: boolean;
  /** The last result the entry had was a failure (a Task's *Failed, a Map's MapStateFailed, ...). */
  failedLast: boolean;
  error?: string;
  cause?: string;
  /** Task attempts: how many times it was scheduled. */
  attempts: number;
  /** The open TaskScheduled (.waitForTaskToken) or ActivityScheduled event, if still unanswered. */
  waitingOn?: number;
  /** The entry entered right after this one exited (its successor in the same branch). */
  next?: Entry;
  /** Map: its iterations by index. */
  iterations: Map<number, Iteration>;
  status: StateStatus;
}

export interface Analysis {
  entries: Entry[];
  status: ExecutionStatus;
}

const ENTERED = /^(\w+)StateEntered$/;
const EXITED = /^(\w+)StateExited$/;
const ABORTED = /^(\w+)StateAborted$/;
/** A result: a Task's, a Lambda's, an activity's, or a Map's or Parallel's as a whole. */
const FAILURE = /^(Task|LambdaFunction|Activity|MapState|ParallelState|MapRun)\w*(Failed|TimedOut)$/;
const SUCCESS = /^(Task|LambdaFunction|Activity|MapState|ParallelState|MapRun)Succeeded$/;
const SCHEDULED = /^(Task|LambdaFunction|Activity)Scheduled$/;
const END_OF_EXECUTION: Record<string, ExecutionStatus> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionAborted: "ABORTED",
  ExecutionTimedOut: "TIMED_OUT",
};

/** An event's details: under `<lowerCamelType>EventDetails` (AWS), or beside the base fields (the engine). */
export function detailsOf(ev: HistoryEventLike): Record<string, unknown> {
  const base = ENTERED.test(ev.type) ? "StateEntered" : EXITED.test(ev.type) ? "StateExited" : ev.type;
  const d = ev[base[0].toLowerCase() + base.slice(1) + "EventDetails"];
  return typeof d === "object" && d !== null ? (d as Record<string, unknown>) : ev;
}

/** Epoch ms of a timestamp given as a number, a Date or an ISO string. */
export function millis(t: HistoryEventLike["timestamp"]): number {
  return typeof t === "number" ? t : t instanceof Date ? t.getTime() : Date.parse(t);
}

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The nearest of `entry` and its ancestors whose type is `type`. */
function nearest(entry: Entry | undefined, type: string): Entry | undefined {
  for (let e = entry; e; e = e.parent) if (e.type === type) return e;
  return undefined;
}

/** Cut a history into state entries and work out each one's status. */
export function analyse(history: HistoryEventLike[], executionStatus?: ExecutionStatus): Analysis {
  const events = [...history].sort((a, b) => a.id - b.id);
  const byId = new Map(events.map((e) => [e.id, e]));
  const entries: Entry[] = [];
  /** Entries neither exited nor aborted, in the order entered: few at a time, whatever the history's length. */
  const open = new Set<Entry>();
  /** Per event id: the entry it belongs to, and the entry it closed (StateExited). */
  const owner = new Map<number, Entry | undefined>();
  const exits = new Map<number, Entry>();
  let ended: ExecutionStatus | undefined;
  let failedAt: Entry | undefined;
  let failure: { error?: string; cause?: string } = {};

  // The entry an event continues: its predecessor's, or the exited entry's parent after an exit.
  const context = (ev: HistoryEventLike): Entry | undefined => {
    const prev = ev.previousEventId;
    if (prev === undefined || !owner.has(prev)) return [...open].pop();
    const exited = exits.get(prev);
    return exited ? exited.parent : owner.get(prev);
  };

  for (const ev of events) {
    const d = detailsOf(ev);
    const at = millis(ev.timestamp);
    let entry: Entry | undefined;
    let m: RegExpExecArray | null;
    if ((m = ENTERED.exec(ev.type))) {
      const parent = context(ev);
      entry = newEntry(text(d.name) ?? "", m[1], ev.id, at, parent, text(d.input));
      const prev = ev.previousEventId === undefined ? undefined : byId.get(ev.previousEventId);
      const before = prev && exits.get(prev.id);
      if (before) {
        before.next = entry;
        entry.iteration = before.iteration;
      } else if (prev?.type === "MapIterationStarted" && parent) entry.iteration = parent.iterations.get(Number(detailsOf(prev).index));
      entries.push(entry);
      open.add(entry);
    } else if ((m = EXITED.exec(ev.type))) {
      const name = text(d.name);
      const ctx = context(ev);
      entry = ctx && ctx.name === name && open.has(ctx) ? ctx : [...open].findLast((e) => e.name === name);
      if (entry) {
        open.delete(entry);
        entry.exitedId = ev.id;
        entry.exitedAt = at;
        entry.output = text(d.output);
        exits.set(ev.id, entry);
      }
    } else if ((m = ABORTED.exec(ev.type))) {
      entry = abortedEntry(open, context(ev), m[1]);
      if (entry) {
        entry.aborted = true;
        open.delete(entry);
      }
    } else if (ev.type in END_OF_EXECUTION) {
      ended = END_OF_EXECUTION[ev.type];
      failedAt = context(ev);
      failure = { error: text(d.error), cause: text(d.cause) };
    } else {
      const ctx = context(ev);
      // The bookkeeping of a Map or Parallel may follow any event of its branches.
      entry = /^(MapIteration|MapState|MapRun)/.test(ev.type)
        ? nearest(ctx, "Map")
        : ev.type.startsWith("ParallelState")
          ? nearest(ctx, "Parallel")
          : ctx;
      if (entry) record(entry, ev, d, at);
    }
    owner.set(ev.id, entry);
    if (entry) {
      if (entry.enteredId !== ev.id) entry.events.push(ev.id);
      entry.last = Math.max(entry.last, at);
    }
  }

  const status = executionStatus ?? ended ?? "RUNNING";
  if (failedAt && status === "FAILED" && failedAt.error === undefined) Object.assign(failedAt, dropUndefined(failure));
  for (const e of entries) e.status = statusOf(e, status);
  for (const e of entries)
    for (const it of e.iterations.values())
      if (it.status === "running" && (status === "ABORTED" || status === "TIMED_OUT" || e.status !== "running")) it.status = "cancelled";
  return { entries, status };
}

function newEntry(name: string, type: string, id: number, at: number, parent: Entry | undefined, input: string | undefined): Entry {
  const entry: Entry = {
    name,
    type,
    enteredId: id,
    start: at,
    last: at,
    events: [id],
    aborted: false,
    failedLast: false,
    attempts: 0,
    iterations: new Map(),
    status: "running",
  };
  if (parent) entry.parent = parent;
  if (input !== undefined) entry.input = input;
  return entry;
}

/** What an event inside an entry says about it: results, attempts, a wait on a token, iterations. */
function record(entry: Entry, ev: HistoryEventLike, d: Record<string, unknown>, at: number): void {
  const type = ev.type;
  if (SCHEDULED.test(type)) {
    entry.attempts++;
    const resource = text(d.resource) ?? "";
    entry.waitingOn = type === "ActivityScheduled" || resource.endsWith(".waitForTaskToken") ? ev.id : undefined;
  } else if (FAILURE.test(type)) {
    entry.failedLast = true;
    entry.waitingOn = undefined;
    if (d.error !== undefined || d.cause !== undefined) {
      entry.error = text(d.error);
      entry.cause = text(d.cause);
    }
  } else if (SUCCESS.test(type)) {
    entry.failedLast = false;
    entry.waitingOn = undefined;
  } else if (type.startsWith("MapIteration")) {
    const index = Number(d.index);
    if (!Number.isInteger(index)) return;
    const it = entry.iterations.get(index) ?? { index, status: "running" as StateStatus, start: at };
    entry.iterations.set(index, it);
    const result = ITERATION_RESULT[type.slice("MapIteration".length)];
    if (result) {
      it.status = result;
      it.end = at;
    }
  }
}

const ITERATION_RESULT: Record<string, StateStatus> = { Succeeded: "succeeded", Failed: "failed", Aborted: "cancelled" };

/**
 * The entry a `<Type>StateAborted` closes. It names no state, and its previous event is the failure
 * that cancelled it (in a sibling branch), so: an open entry of that type under the same Map or
 * Parallel, one still running before the one that failed; the failing entry itself last of all.
 */
function abortedEntry(open: Set<Entry>, ctx: Entry | undefined, type: string): Entry | undefined {
  const candidates = [...open].filter((e) => e.type === type);
  for (let scope = ctx; scope; scope = scope.parent) {
    const inside = candidates.find((e) => e !== ctx && !e.failedLast && descends(e, scope));
    if (inside) return inside;
  }
  return candidates.find((e) => e !== ctx && !e.failedLast) ?? (ctx && candidates.includes(ctx) ? ctx : candidates[0]);
}

function descends(e: Entry, ancestor: Entry): boolean {
  for (let p = e.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

function dropUndefined(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** How one entry ended, given how the execution did (see model.ts's StateStatus). */
function statusOf(e: Entry, execution: ExecutionStatus): StateStatus {
  if (e.exitedId !== undefined) return e.failedLast ? "caught" : "succeeded";
  // Open: it failed (a Task's failure, a Fail state, its iteration failed) or something stopped it.
  const failed = e.failedLast || e.type === "Fail" || e.iteration?.status === "failed";
  if (e.aborted && !e.failedLast) return "cancelled";
  for (let p = e.parent; p; p = p.parent) {
    // An ancestor went on: the failure was caught (or tolerated) above.
    if (p.exitedId !== undefined) return failed ? "caught" : "cancelled";
    if (p.aborted && !failed) return "cancelled";
  }
  switch (execution) {
    case "RUNNING":
      // A failed Task may be waiting to retry; only a finished iteration says it is over.
      return failed && e.iteration?.status === "failed" ? "failed" : "running";
    case "FAILED":
    case "PENDING_REDRIVE":
      return "failed";
    case "ABORTED":
    case "TIMED_OUT":
      return "cancelled";
    default:
      return "succeeded";
  }
}
