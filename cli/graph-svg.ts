/**
 * A definition's graph as a standalone SVG, laid out with dagre as the console does: each Parallel
 * branch and Map item processor laid out on its own, its owner grown into a box holding its groups
 * side by side, then the level above laid out with that box's size. Text widths are estimated.
 */
import dagre from "@dagrejs/dagre";
import type { Graph, GraphEdge, GraphNode } from "../shared/graph/index.ts";

interface Point {
  x: number;
  y: number;
}
interface Placed {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  groups: { label: string; x: number; y: number; width: number; height: number; level: Level }[];
}
interface Level {
  width: number;
  height: number;
  nodes: Placed[];
  edges: {
    edge: GraphEdge | { kind: "start" | "end"; label?: string };
    points: Point[];
    at?: Point;
    key: { v: string; w: string; name: string };
  }[];
  markers: { kind: "start" | "end"; x: number; y: number }[];
}

const FONT = 12;
const charWidth = (s: string, size = FONT) => s.length * size * 0.6;
const FILL: Record<string, string> = { Choice: "#fff3cd", Succeed: "#d9f2d9", Fail: "#f8d7da", Parallel: "#f4f4f4", Map: "#f4f4f4" };
const START = "(start)";
const END = "(end)";

function layoutLevel(graph: Graph, group: string | undefined): Level {
  const members = graph.nodes.filter((n) => n.group === group);
  const ids = new Set(members.map((n) => n.id));
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 36, ranksep: 44, marginx: 0, marginy: 0 });
  const placed = new Map<string, Placed>();
  for (const n of members) {
    const p = sizeOf(graph, n);
    placed.set(n.id, p);
    g.setNode(n.id, { width: p.width, height: p.height });
  }
  const top = group === undefined;
  const edges: Level["edges"] = [];
  const add = (edge: Level["edges"][number]["edge"], v: string, w: string, label?: string): void => {
    const name = `e${edges.length}`;
    edges.push({ edge: { ...edge, label }, points: [], key: { v, w, name } });
    g.setEdge(v, w, label ? { width: charWidth(label, 10) + 8, height: 14, labelpos: "c" } : {}, name);
  };
  if (top && graph.startAt && ids.has(graph.startAt)) {
    g.setNode(START, { width: 16, height: 16 });
    add({ kind: "start" }, START, graph.startAt);
  }
  const ends = top ? members.filter((n) => n.end) : [];
  if (ends.length) g.setNode(END, { width: 16, height: 16 });
  for (const n of ends) add({ kind: "end" }, n.id, END);
  for (const e of graph.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    add(e, e.from, e.to, e.kind === "next" ? undefined : (e.label ?? (e.kind === "default" ? "Default" : undefined)));
  }
  dagre.layout(g);
  for (const n of members) {
    const at = g.node(n.id);
    const p = placed.get(n.id)!;
    p.x = at.x! - p.width / 2;
    p.y = at.y! - p.height / 2;
  }
  for (const l of edges) {
    const at = g.edge(l.key);
    l.points = (at?.points ?? []).map((p: Point) => ({ x: p.x, y: p.y }));
    if (l.edge.label && at?.x !== undefined && at.y !== undefined) l.at = { x: at.x, y: at.y };
  }
  const markers: Level["markers"] = [];
  for (const [id, kind] of [
    [START, "start"],
    [END, "end"],
  ] as const)
    if (g.hasNode(id)) markers.push({ kind, x: g.node(id).x!, y: g.node(id).y! });
  const { width = 0, height = 0 } = g.graph();
  return { width, height, nodes: [...placed.values()], edges, markers };
}

function sizeOf(graph: Graph, n: GraphNode): Placed {
  const text = Math.max(charWidth(n.state) + 8, n.detail ? charWidth(`${n.type} · ${n.detail}`, 10) : charWidth(n.type, 10));
  const header = 44;
  const p: Placed = { node: n, x: 0, y: 0, width: Math.max(140, Math.min(320, text + 24)), height: header, groups: [] };
  let x = 12;
  for (const id of n.groups) {
    const info = graph.groups.find((g) => g.id === id);
    const level = layoutLevel(graph, id);
    const label = info?.label ?? "";
    const width = Math.max(level.width, charWidth(label, 10), 100) + 24;
    p.groups.push({ label, x, y: header, width, height: level.height + 44, level });
    x += width + 12;
  }
  if (p.groups.length) {
    const h = Math.max(...p.groups.map((g) => g.height));
    for (const g of p.groups) g.height = h;
    p.width = Math.max(p.width, x);
    p.height = header + h + 12;
  }
  return p;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const clip = (s: string, width: number, size: number): string => {
  const max = Math.floor(width / (size * 0.6));
  return s.length > max ? `${s.slice(0, Math.max(1, max - 1))}…` : s;
};

const num = (v: number): string => String(Math.round(v * 10) / 10);

/** One SVG element: numbers rounded, strings escaped, undefined attributes left out. */
function el(tag: string, attrs: Record<string, string | number | undefined>, text?: string): string {
  const list = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}="${typeof v === "number" ? num(v) : esc(v!)}"`)
    .join(" ");
  return text === undefined ? `<${tag} ${list}/>` : `<${tag} ${list}>${esc(text)}</${tag}>`;
}

function drawLevel(level: Level, dx: number, dy: number, out: string[]): void {
  for (const l of level.edges) {
    if (!l.points.length) continue;
    const d = l.points.map((p, i) => `${i ? "L" : "M"}${num(p.x + dx)},${num(p.y + dy)}`).join(" ");
    const caught = l.edge.kind === "catch";
    const stroke = caught ? "#b02a37" : "#555";
    out.push(
      el("path", {
        class: `edge ${l.edge.kind}`,
        d,
        fill: "none",
        stroke,
        "stroke-dasharray": caught ? "5 3" : undefined,
        "marker-end": "url(#arrow)",
      }),
    );
    if (l.edge.label && l.at)
      out.push(el("text", { x: l.at.x + dx, y: l.at.y + dy + 3, "font-size": 10, "text-anchor": "middle", fill: "#333" }, l.edge.label));
  }
  for (const m of level.markers) {
    const fill = m.kind === "start" ? "#333" : "#fff";
    out.push(
      el("circle", { class: m.kind, cx: m.x + dx, cy: m.y + dy, r: 8, fill, stroke: "#333", "stroke-width": m.kind === "end" ? 3 : 1 }),
    );
  }
  for (const p of level.nodes) {
    const x = p.x + dx;
    const y = p.y + dy;
    const n = p.node;
    out.push(`<g class="node" data-state="${esc(n.state)}" data-type="${n.type}">`);
    out.push(el("rect", { x, y, width: p.width, height: p.height, rx: 6, fill: FILL[n.type] ?? "#eef3fb", stroke: "#4a6fa5" }));
    out.push(el("text", { x: x + 12, y: y + 19, "font-size": FONT, "font-weight": "bold" }, clip(n.state, p.width - 24, FONT)));
    const sub = n.detail ? `${n.type} · ${n.detail}` : n.type;
    out.push(el("text", { x: x + 12, y: y + 35, "font-size": 10, fill: "#555" }, clip(sub, p.width - 24, 10)));
    for (const g of p.groups) {
      const box = { x: x + g.x, y: y + g.y, width: g.width, height: g.height };
      out.push(el("rect", { class: "group", ...box, rx: 4, fill: "#fff", stroke: "#999", "stroke-dasharray": "4 3" }));
      out.push(el("text", { x: box.x + 8, y: box.y + 14, "font-size": 10, fill: "#555" }, g.label));
      drawLevel(g.level, box.x + (g.width - g.level.width) / 2, box.y + 26, out);
    }
    out.push("</g>");
  }
}

export function toSvg(graph: Graph, title = "State machine"): string {
  const level = layoutLevel(graph, undefined);
  const margin = 20;
  const width = Math.ceil(level.width + 2 * margin);
  const height = Math.ceil(level.height + 2 * margin);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
      ` font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  ];
  drawLevel(level, margin, margin, out);
  out.push("</svg>");
  return out.join("\n") + "\n";
}
