/**
 * What an execution's history says about each state of the graph (the console's colours and its state
 * panel), and the timeline's spans. The history is the truth; this only reads it (entries.ts).
 */
import type { ExecutionStatus, Graph, GraphNode, HistoryEventLike, IterationRun, Span, StateRun, StateStatus } from "./model.ts";
import { analyse, type Entry } from "./entries.ts";

const iso = (ms: number | undefined): string | undefined => (ms === undefined || Number.isNaN(ms) ? undefined : new Date(ms).toISOString());

/** Several entries of one state (a Map's iterations, a loop): the most telling status wins. */
const PRECEDENCE: StateStatus[] = ["running", "failed", "caught", "cancelled", "succeeded"];

function aggregate(statuses: StateStatus[]): StateStatus {
  return PRECEDENCE.find((s) => statuses.includes(s)) ?? "not-run";
}

/** The node an entry ran: by name, and where names repeat (an invalid machine) the one in its parent's group. */
function nodeFinder(graph: Graph): (entry: Entry, parent: GraphNode | undefined) => GraphNode | undefined {
  const byName = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) byName.set(n.state, [...(byName.get(n.state) ?? []), n]);
  return (entry, parent) => {
    const nodes = byName.get(entry.name);
    if (!nodes || nodes.length < 2) return nodes?.[0];
    return nodes.find((n) => (parent ? n.group !== undefined && parent.groups.includes(n.group) : n.group === undefined)) ?? nodes[0];
  };
}

/**
 * Each node's run in one execution, keyed by node id (every node of the graph, `not-run` ones too),
 * from its history in GetExecutionHistory's shape. `executionStatus` overrides what the history's last
 * event says (a history read while the execution runs has none).
 */
export function runsOf(
  graph: Graph,
  events: HistoryEventLike[],
  executionStatus?: ExecutionStatus,
  focus?: IterationFocus,
): Map<string, StateRun> {
  const analysed = analyse(events, executionStatus).entries;
  const find = nodeFinder(graph);
  const nodeOf = new Map<Entry, GraphNode | undefined>();
  for (const e of analysed) nodeOf.set(e, find(e, e.parent && nodeOf.get(e.parent)));
  const entries = focus ? analysed.filter((e) => inFocus(e, focus, nodeOf)) : analysed;
  const catchTargets = new Map<string, Set<string>>();
  const nextTargets = new Map<string, Set<string>>();
  for (const edge of graph.edges) {
    const targets = edge.kind === "catch" ? catchTargets : nextTargets;
    targets.set(edge.from, (targets.get(edge.from) ?? new Set()).add(edge.to));
  }
  // A state whose error its Catch handled after the result was in (ResultSelector or ResultPath failing):
  // no failure event, but the next state is a catch target that no Next or Choice leads to.
  for (const e of entries) {
    const from = nodeOf.get(e)?.id,
      to = e.next && nodeOf.get(e.next)?.id;
    if (e.status === "succeeded" && from && to && catchTargets.get(from)?.has(to) && !nextTargets.get(from)?.has(to)) e.status = "caught";
  }

  const byNode = new Map<string, Entry[]>();
  for (const e of entries) {
    const id = nodeOf.get(e)?.id;
    if (!id) continue;
    const list = byNode.get(id);
    if (list) list.push(e);
    else byNode.set(id, [e]);
  }
  const runs = new Map<string, StateRun>();
  for (const node of graph.nodes) {
    const list = byNode.get(node.id) ?? [];
    const run: StateRun = {
      id: node.id,
      state: node.state,
      status: aggregate(list.map((e) => e.status)),
      entered: list.length,
      events: [],
    };
    runs.set(node.id, run);
    const latest = list.at(-1);
    if (!latest) continue;
    run.events = list.flatMap((e) => e.events).sort((a, b) => a - b);
    Object.assign(
      run,
      defined({ enteredAt: iso(latest.start), exitedAt: iso(latest.exitedAt), input: latest.input, output: latest.output }),
    );
    const failed = list.findLast((e) => e.error !== undefined || e.cause !== undefined);
    if (failed) Object.assign(run, defined({ error: failed.error, cause: failed.cause }));
    if (latest.attempts > 0) run.attempts = latest.attempts;
    const waiting = list.findLast((e) => e.status === "running" && e.waitingOn !== undefined);
    if (waiting) run.waitingSince = waiting.waitingOn;
    if (node.type === "Map") run.iterations = mapIterations(latest);
    if (node.type === "Parallel") run.iterations = branchRuns(node, latest, entries, nodeOf);
  }
  return runs;
}

/** Show one iteration of a Map: the states inside it as that iteration ran them (Map node id, iteration index). */
export interface IterationFocus {
  map: string;
  index: number;
}

/** False for an entry inside the focused Map that ran in another of its iterations. */
function inFocus(e: Entry, focus: IterationFocus, nodeOf: Map<Entry, GraphNode | undefined>): boolean {
  for (let x: Entry | undefined = e; x?.parent; x = x.parent) {
    if (nodeOf.get(x.parent)?.id === focus.map) return x.iteration?.index === focus.index;
  }
  return true;
}

function mapIterations(entry: Entry): IterationRun[] {
  return [...entry.iterations.values()].sort((a, b) => a.index - b.index).map((it) => iteration(it.index, it.status, it.start, it.end));
}

/** One run per branch, from the states that ran in it: running while any runs, else how its last state ended. */
function branchRuns(node: GraphNode, parallel: Entry, entries: Entry[], nodeOf: Map<Entry, GraphNode | undefined>): IterationRun[] {
  return node.groups.map((group, index) => {
    const ran = entries.filter((e) => e.parent === parallel && nodeOf.get(e)?.group === group);
    const last = ran.at(-1);
    if (!last) return { index, status: "not-run" as StateStatus };
    const status = ran.some((e) => e.status === "running") ? "running" : last.status;
    return iteration(index, status, ran[0].start, status === "running" ? undefined : (last.exitedAt ?? last.last));
  });
}

function iteration(index: number, status: StateStatus, start: number, end: number | undefined): IterationRun {
  return { index, status, ...defined({ startedAt: iso(start), endedAt: iso(end) }) };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The timeline: one span per state entry, in the order entered, times in epoch ms. A span ends when the
 * state exited, or at its last event when it failed or was cancelled; a running one has no end.
 */
export function spansOf(events: HistoryEventLike[], executionStatus?: ExecutionStatus): Span[] {
  return analyse(events, executionStatus).entries.map((e) => {
    const span: Span = { state: e.name, enteredEventId: e.enteredId, start: e.start, status: e.status };
    if (e.status !== "running") span.end = e.exitedAt ?? e.last;
    if (e.parent) span.parent = e.parent.enteredId;
    if (e.iteration) span.iteration = e.iteration.index;
    return span;
  });
}
