/**
 * Where everything of a state machine's graph goes: nodes, group boxes, edges and the Start/End markers,
 * in absolute SVG coordinates, top to bottom as in AWS's console. No DOM (text widths are estimated), so
 * it runs in tests. Laid out recursively: each group (a Parallel branch, a Map item processor) on its own,
 * then its owner becomes a box that holds its groups side by side under a header, and the level above is
 * laid out with that box's size. dagre places each level.
 */
import dagre from "@dagrejs/dagre";
import type { EdgeKind, Graph, GraphEdge, GraphGroup, GraphNode } from "../../../../shared/graph/model.ts";
import { orderRanks } from "./order.ts";
import { routeSide, sideEdges } from "./side.ts";
import { fitText, textWidth } from "./text.ts";

export interface Point {
  x: number;
  y: number;
}

/** Top-left corner and size. */
export interface Box extends Point {
  width: number;
  height: number;
}

export interface LaidNode extends Box {
  node: GraphNode;
  /** The name and the detail as drawn: cut with an ellipsis to fit. */
  title: string;
  subtitle?: string;
  /** Parallel and Map: their groups, side by side under a header `header` px high. */
  groups: LaidGroup[];
  header: number;
}

export interface LaidGroup extends Box {
  group: GraphGroup;
  title: string;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

export interface LaidEdge {
  /** Node ids, or START / END for the markers' edges. */
  from: string;
  to: string;
  kind: EdgeKind | "start" | "end";
  /** The full label and the one drawn (cut to fit) in `labelBox`. */
  label?: string;
  text?: string;
  labelBox?: Box;
  points: Point[];
  /** Routed along the side (side.ts): a polyline with right angles rather than dagre's curve. */
  side?: boolean;
}

/** The Start and End markers: circles, centre and radius. */
export interface LaidMarker extends Point {
  kind: "start" | "end";
  r: number;
}

export interface Laid {
  width: number;
  height: number;
  /** The top level's nodes; nested ones are in their owner's groups. */
  nodes: LaidNode[];
  edges: LaidEdge[];
  markers: LaidMarker[];
}

export const START = "(start)";
export const END = "(end)";

/** Sizes shared with the renderer. */
export const METRICS = {
  font: 13,
  detailFont: 11,
  labelFont: 11,
  padX: 14,
  /** The type icon's square, `padX` from the left. */
  icon: 20,
  /** Where a node's text starts: padding, icon, gap. */
  textX: 40,
  /** Room for the retry badge at the right. */
  badge: 20,
  /** A Choice's pointed ends. */
  point: 12,
  minWidth: 150,
  maxWidth: 300,
  height: 40,
  heightDetail: 54,
  markerR: 10,
  groupPad: 14,
  groupLabel: 22,
  groupGap: 16,
  margin: 24,
} as const;

const M = METRICS;

interface Context {
  byGroup: Map<string | undefined, GraphNode[]>;
  groups: Map<string, GraphGroup>;
  startAt?: string;
}

interface Level {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
  markers: LaidMarker[];
}

export function layoutGraph(graph: Graph): Laid {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const groups = new Map(graph.groups.map((g) => [g.id, g]));
  const byGroup = new Map<string | undefined, GraphNode[]>();
  for (const n of graph.nodes) {
    // A node of a group that does not exist (while editing) draws at the top level.
    const key = n.group !== undefined && groups.has(n.group) ? n.group : undefined;
    const list = byGroup.get(key);
    if (list) list.push(n);
    else byGroup.set(key, [n]);
  }
  const levelOf = new Map<string, string | undefined>();
  for (const [key, list] of byGroup) for (const n of list) levelOf.set(n.id, key);
  const edgesOf = new Map<string | undefined, GraphEdge[]>();
  for (const e of graph.edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || levelOf.get(e.from) !== levelOf.get(e.to)) continue;
    const key = levelOf.get(e.from);
    const list = edgesOf.get(key);
    if (list) list.push(e);
    else edgesOf.set(key, [e]);
  }
  const ctx: Context = { byGroup, groups, startAt: graph.startAt && ids.has(graph.startAt) ? graph.startAt : undefined };
  const level = layoutLevel(ctx, edgesOf, undefined);
  const laid: Laid = { ...level, width: level.width + 2 * M.margin, height: level.height + 2 * M.margin };
  for (const n of laid.nodes) shiftNode(n, M.margin, M.margin);
  for (const e of laid.edges) shiftEdge(e, M.margin, M.margin);
  for (const m of laid.markers) ((m.x += M.margin), (m.y += M.margin));
  return laid;
}

function layoutLevel(ctx: Context, edgesOf: Map<string | undefined, GraphEdge[]>, group: string | undefined): Level {
  const members = ctx.byGroup.get(group) ?? [];
  const edges = edgesOf.get(group) ?? [];
  const top = group === undefined;
  if (members.length === 0) return { width: 0, height: 0, nodes: [], edges: [], markers: [] };
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 48, edgesep: 20, marginx: 0, marginy: 0 });
  const laid = new Map<string, LaidNode>();
  for (const n of members) {
    const node = sizeNode(ctx, edgesOf, n);
    laid.set(n.id, node);
    g.setNode(n.id, { width: node.width, height: node.height });
  }
  const all: LaidEdge[] = edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: e.label, points: [] }));
  if (top) {
    const d = 2 * M.markerR;
    if (ctx.startAt) {
      g.setNode(START, { width: d, height: d });
      all.unshift({ from: START, to: ctx.startAt, kind: "start", points: [] });
    }
    const ends = members.filter((n) => n.end);
    if (ends.length) g.setNode(END, { width: d, height: d });
    for (const n of ends) all.push({ from: n.id, to: END, kind: "end", points: [] });
  }
  const side = sideEdges(
    members.map((n) => n.id),
    all,
    top ? ctx.startAt : members.find((n) => n.start)?.id,
  );
  all.forEach((e, i) => {
    const label = e.label && e.kind !== "next" ? e.label : undefined;
    const config: Record<string, unknown> = { minlen: 1, weight: e.kind === "next" || e.kind === "start" ? 3 : 1 };
    if (label) {
      e.text = fitText(label, M.labelFont, 200);
      config.width = textWidth(e.text, M.labelFont) + 12;
      config.height = 18;
      config.labelpos = "c";
      e.labelBox = { x: 0, y: 0, width: config.width as number, height: 18 };
    }
    if (!side.has(i)) g.setEdge(e.from, e.to, config, String(i));
  });
  dagre.layout(g, { customOrder: (graph) => orderRanks(graph) });
  const nodes: LaidNode[] = [];
  for (const n of members) {
    const at = g.node(n.id);
    const node = laid.get(n.id)!;
    shiftNode(node, at.x! - node.width / 2, at.y! - node.height / 2);
    nodes.push(node);
  }
  all.forEach((e, i) => {
    if (side.has(i)) return;
    const at = g.edge({ v: e.from, w: e.to, name: String(i) });
    e.points = (at.points ?? []).map((p: Point) => ({ x: p.x, y: p.y }));
    if (e.labelBox && at.x !== undefined && at.y !== undefined) Object.assign(e.labelBox, { x: at.x - e.labelBox.width / 2, y: at.y - 9 });
  });
  const markers: LaidMarker[] = [];
  for (const [id, kind] of [
    [START, "start"],
    [END, "end"],
  ] as const) {
    if (!g.hasNode(id)) continue;
    const at = g.node(id);
    markers.push({ kind, x: at.x!, y: at.y!, r: M.markerR });
  }
  for (const e of all) clipToMarkers(e, markers);
  const { width = 0, height = 0 } = g.graph();
  const routed = routeSide(
    all.filter((_, i) => side.has(i)),
    laid,
    width,
  );
  return { width: routed, height, nodes, edges: all, markers };
}

/** A node's size from its labels; a Parallel or Map holds its groups, laid out first. */
function sizeNode(ctx: Context, edgesOf: Map<string | undefined, GraphEdge[]>, n: GraphNode): LaidNode {
  const owned = n.groups.map((id) => ctx.groups.get(id)).filter((g): g is GraphGroup => g !== undefined);
  const extra = (n.retry.length ? M.badge : 0) + (n.type === "Choice" ? 2 * M.point : 0);
  const max = M.maxWidth - M.textX - M.padX - extra;
  const title = fitText(n.state, M.font, max, true);
  const subtitle = n.detail ? fitText(n.detail, M.detailFont, max) : undefined;
  const text = Math.max(textWidth(title, M.font, true), subtitle ? textWidth(subtitle, M.detailFont) : 0);
  const width = Math.max(M.minWidth, Math.ceil(M.textX + text + M.padX + extra));
  const header = subtitle ? M.heightDetail : M.height;
  const node: LaidNode = { node: n, title, subtitle, x: 0, y: 0, width, height: header, groups: [], header };
  if (!owned.length) return node;
  let x = M.groupPad;
  for (const group of owned) {
    const inner = layoutLevel(ctx, edgesOf, group.id);
    const title = fitText(group.label, M.labelFont, 260);
    const w = Math.max(inner.width, textWidth(title, M.labelFont, true), 120) + 2 * M.groupPad;
    const h = M.groupLabel + Math.max(inner.height, 24) + 2 * M.groupPad;
    const laid: LaidGroup = { group, title, x, y: header, width: w, height: h, nodes: inner.nodes, edges: inner.edges };
    const dx = x + (w - inner.width) / 2,
      dy = header + M.groupLabel + M.groupPad;
    for (const m of inner.nodes) shiftNode(m, dx, dy);
    for (const e of inner.edges) shiftEdge(e, dx, dy);
    node.groups.push(laid);
    x += w + M.groupGap;
  }
  const used = x - M.groupGap + M.groupPad;
  const height = Math.max(...node.groups.map((g) => g.height));
  for (const g of node.groups) g.height = height;
  node.width = Math.max(width, used);
  node.height = header + height + M.groupPad;
  if (used < node.width) for (const g of node.groups) shiftGroup(g, (node.width - used) / 2, 0);
  return node;
}

function shiftNode(n: LaidNode, dx: number, dy: number): void {
  n.x += dx;
  n.y += dy;
  for (const g of n.groups) shiftGroup(g, dx, dy);
}

function shiftGroup(g: LaidGroup, dx: number, dy: number): void {
  g.x += dx;
  g.y += dy;
  for (const n of g.nodes) shiftNode(n, dx, dy);
  for (const e of g.edges) shiftEdge(e, dx, dy);
}

function shiftEdge(e: LaidEdge, dx: number, dy: number): void {
  for (const p of e.points) ((p.x += dx), (p.y += dy));
  if (e.labelBox) ((e.labelBox.x += dx), (e.labelBox.y += dy));
}

/** dagre ends edges on a node's bounding box; the markers are circles. */
function clipToMarkers(e: LaidEdge, markers: LaidMarker[]): void {
  const clip = (end: Point, toward: Point, m: LaidMarker | undefined) => {
    if (!m) return;
    const dx = toward.x - m.x,
      dy = toward.y - m.y;
    const d = Math.hypot(dx, dy) || 1;
    end.x = m.x + (dx / d) * m.r;
    end.y = m.y + (dy / d) * m.r;
  };
  const p = e.points;
  if (p.length < 2) return;
  if (e.kind === "start")
    clip(
      p[0],
      p[1],
      markers.find((m) => m.kind === "start"),
    );
  if (e.kind === "end")
    clip(
      p[p.length - 1],
      p[p.length - 2],
      markers.find((m) => m.kind === "end"),
    );
}
