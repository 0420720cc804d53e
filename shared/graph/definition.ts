/**
 * A definition as a graph: every state a node (nested ones too), its transitions as edges, Parallel
 * branches and Map item processors as groups. The editor redraws on every keystroke, so the definition
 * may be anything: what cannot be drawn is skipped, an edge to a state that does not exist is dropped,
 * and nothing throws.
 */
import type { Graph, GraphEdge, GraphGroup, GraphNode, StateType } from "./model.ts";
import { shortCondition } from "./conditions.ts";
import { failDetail, mapDetail, retryLines, taskDetail, waitDetail } from "./details.ts";
import { pointerToken } from "../json/locate.ts";

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const TYPES = new Set<string>(["Task", "Choice", "Wait", "Pass", "Parallel", "Map", "Succeed", "Fail"]);

function detailOf(type: StateType, state: Obj): string | undefined {
  switch (type) {
    case "Task":
      return taskDetail(state);
    case "Wait":
      return waitDetail(state);
    case "Fail":
      return failDetail(state);
    case "Map":
      return mapDetail(state);
    default:
      return undefined;
  }
}

/** `Item processor`, with the Map's Label or `(DISTRIBUTED)` where it has one. */
function processorLabel(map: Obj, processor: Obj): string {
  if (typeof map.Label === "string" && map.Label !== "") return `Item processor (${map.Label})`;
  const config = isObject(processor.ProcessorConfig) ? processor.ProcessorConfig : {};
  return config.Mode === "DISTRIBUTED" ? "Item processor (DISTRIBUTED)" : "Item processor";
}

/** The graph of a raw parsed ASL definition (possibly partial or invalid). */
export function graphOf(definition: unknown): Graph {
  const graph: Graph = { nodes: [], edges: [], groups: [] };
  graph.startAt = addLevel(graph, definition, "", undefined);
  return graph;
}

/**
 * Add the states of one level (the machine, a branch or an item processor) found at `base`, the JSON
 * pointer of the object holding StartAt and States. Returns the node id of its StartAt, if it exists.
 */
function addLevel(graph: Graph, level: unknown, base: string, group: string | undefined): string | undefined {
  if (!isObject(level) || !isObject(level.States)) return undefined;
  const states = level.States;
  const idOf = (name: unknown): string | undefined =>
    typeof name === "string" && isObject(states[name]) ? `${base}/States/${pointerToken(name)}` : undefined;
  const edge = (from: string, to: unknown, kind: GraphEdge["kind"], label?: string): void => {
    const target = idOf(to);
    if (target) graph.edges.push(label === undefined ? { from, to: target, kind } : { from, to: target, kind, label });
  };

  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const id = `${base}/States/${pointerToken(name)}`;
    const type = (TYPES.has(state.Type as string) ? state.Type : "Pass") as StateType;
    const node: GraphNode = {
      id,
      state: name,
      type,
      retry: retryLines(state.Retry),
      start: level.StartAt === name,
      end: state.End === true || type === "Succeed" || type === "Fail",
      groups: [],
    };
    const detail = detailOf(type, state);
    if (detail !== undefined) node.detail = detail;
    if (group !== undefined) node.group = group;
    graph.nodes.push(node);

    edge(id, state.Next, "next");
    if (type === "Choice") {
      if (Array.isArray(state.Choices))
        for (const rule of state.Choices) if (isObject(rule)) edge(id, rule.Next, "choice", shortCondition(rule));
      edge(id, state.Default, "default", "Default");
    }
    if (Array.isArray(state.Catch))
      for (const c of state.Catch) {
        if (!isObject(c)) continue;
        const errors = Array.isArray(c.ErrorEquals) ? c.ErrorEquals.filter((e) => typeof e === "string") : [];
        edge(id, c.Next, "catch", errors.join(", "));
      }

    if (type === "Parallel" && Array.isArray(state.Branches))
      state.Branches.forEach((branch, i) => addGroup(graph, node, branch, `${id}/Branches/${i}`, "branch", `Branch ${i + 1}`));
    if (type === "Map") {
      // ItemProcessor, or the legacy Iterator of older definitions
      const key = isObject(state.ItemProcessor) ? "ItemProcessor" : isObject(state.Iterator) ? "Iterator" : undefined;
      if (key) addGroup(graph, node, state[key], `${id}/${key}`, "processor", processorLabel(state, state[key] as Obj));
    }
  }
  return idOf(level.StartAt);
}

function addGroup(graph: Graph, owner: GraphNode, level: unknown, id: string, kind: GraphGroup["kind"], label: string): void {
  if (!isObject(level)) return;
  const group: GraphGroup = { id, kind, owner: owner.id, label };
  graph.groups.push(group);
  owner.groups.push(id);
  const startAt = addLevel(graph, level, id, id);
  if (startAt !== undefined) group.startAt = startAt;
}
