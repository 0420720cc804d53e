/**
 * The SVG of a laid-out graph: markers, edges, nodes, nested group boxes. Only builds elements; colours
 * and status looks are graph.css's (by class and data-* attributes), behaviour is render.ts's.
 */
import type { StateStatus } from "../../../../shared/graph/model.ts";
import { curve, hexagon, iconOf, rounded } from "./icons.ts";
import { METRICS as M, type Laid, type Box, type LaidEdge, type LaidGroup, type LaidMarker, type LaidNode } from "./layout.ts";

const NS = "http://www.w3.org/2000/svg";

type Attrs = Record<string, string | number | undefined>;

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, parent?: Element): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

function text(content: string, attrs: Attrs, parent: Element): SVGTextElement {
  const el = svg("text", attrs, parent);
  el.textContent = content;
  return el;
}

function title(content: string, parent: Element): void {
  svg("title", {}, parent).textContent = content;
}

export const STATUS_TEXT: Record<StateStatus, string> = {
  "not-run": "not run",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  caught: "caught",
  cancelled: "cancelled",
};

export function ariaLabel(state: string, type: string, status: StateStatus): string {
  return `${state} (${type}), ${STATUS_TEXT[status] ?? status}`;
}

/** Arrowheads and the cancelled stripes, with ids under `prefix` (one set per graph on the page). */
export function drawDefs(prefix: string, parent: SVGSVGElement): void {
  const defs = svg("defs", {}, parent);
  for (const kind of ["arrow", "arrow-catch"]) {
    const marker = svg(
      "marker",
      { id: `${prefix}-${kind}`, class: kind, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto" },
      defs,
    );
    svg("path", { d: "M1 1.5 9 5 1 8.5z" }, marker);
  }
  const stripes = svg("pattern", { id: `${prefix}-stripes`, width: 8, height: 8, patternUnits: "userSpaceOnUse" }, defs);
  svg("rect", { width: 8, height: 8, class: "stripes-bg" }, stripes);
  svg("path", { d: "M-2 2 2 -2 M0 8 8 0 M6 10 10 6", class: "stripes-fg" }, stripes);
}

export interface Drawn {
  root: SVGGElement;
  /** Node id → its `g.node`. */
  nodes: Map<string, SVGGElement>;
  /** Node id → where it is (a Parallel or Map: its header), in content coordinates. */
  boxes: Map<string, Box>;
}

interface Index {
  nodes: Map<string, SVGGElement>;
  boxes: Map<string, Box>;
}

export function drawGraph(laid: Laid, prefix: string): Drawn {
  const root = svg("g", { class: "graph" });
  const index: Index = { nodes: new Map(), boxes: new Map() };
  const edges = svg("g", { class: "edges" }, root);
  for (const e of laid.edges) drawEdge(e, prefix, edges);
  const markers = svg("g", { class: "markers", "aria-hidden": "true" }, root);
  for (const m of laid.markers) drawMarker(m, markers);
  const layer = svg("g", { class: "nodes" }, root);
  for (const n of laid.nodes) drawNode(n, prefix, layer, index);
  return { root, ...index };
}

function drawMarker(m: LaidMarker, parent: Element): void {
  const g = svg("g", { class: `marker marker-${m.kind}` }, parent);
  svg("circle", { cx: m.x, cy: m.y, r: m.r, class: "marker-outer" }, g);
  if (m.kind === "end") svg("circle", { cx: m.x, cy: m.y, r: m.r - 4, class: "marker-inner" }, g);
  text(m.kind === "start" ? "Start" : "End", { x: m.x + m.r + 6, y: m.y + 4, class: "marker-label" }, g);
}

function drawEdge(e: LaidEdge, prefix: string, parent: Element): void {
  const g = svg("g", { class: "edge", "data-kind": e.kind, "data-from": e.from, "data-to": e.to }, parent);
  const arrow = e.kind === "catch" ? "arrow-catch" : "arrow";
  const d = e.side ? rounded(e.points) : curve(e.points);
  svg("path", { d, class: "edge-line", "marker-end": `url(#${prefix}-${arrow})` }, g);
  if (e.text && e.labelBox) {
    const b = e.labelBox;
    const label = svg("g", { class: "edge-label" }, g);
    if (e.label && e.label !== e.text) title(e.label, label);
    svg("rect", { x: b.x, y: b.y, width: b.width, height: b.height, rx: 4 }, label);
    text(e.text, { x: b.x + b.width / 2, y: b.y + b.height / 2 + 3.8, "text-anchor": "middle" }, label);
  }
}

function drawNode(n: LaidNode, prefix: string, parent: Element, index: Index): void {
  const { node } = n;
  const compound = n.groups.length > 0;
  // A Parallel or Map: a wrapper holds its own (focusable) box and, beside it, its groups, so that no
  // button holds other buttons.
  const holder = compound ? svg("g", { class: "compound", "data-compound": node.id }, parent) : parent;
  const g = svg(
    "g",
    {
      class: compound ? "node node-compound" : "node",
      "data-state": node.state,
      "data-status": "not-run",
      "data-type": node.type,
      "data-id": node.id,
      tabindex: 0,
      role: "button",
      "aria-label": ariaLabel(node.state, node.type, "not-run"),
      // The second line and the retry badge are read from here, not from the (hidden) text.
      "aria-description": [node.detail, node.retry.length ? `Retry: ${node.retry.join("; ")}` : ""].filter(Boolean).join(". ") || undefined,
      transform: `translate(${n.x} ${n.y})`,
    },
    holder,
  );
  index.nodes.set(node.id, g);
  index.boxes.set(node.id, { x: n.x, y: n.y, width: n.width, height: compound ? n.header : n.height });
  // Within the accessible name (axe: label-content-name-mismatch); the detail's tooltip is its own.
  title(`${node.state} (${node.type})`, g);
  const choice = node.type === "Choice";
  const inset = choice ? M.point : 0;
  svg("rect", { class: "ring", x: -4, y: -4, width: n.width + 8, height: n.height + 8, rx: compound ? 13 : 11 }, g);
  if (choice) svg("path", { class: "shape", d: hexagon(n.width, n.height, M.point) }, g);
  else {
    const terminal = node.type === "Succeed" || node.type === "Fail";
    const rx = compound ? 10 : terminal ? n.height / 2 : 8;
    svg("rect", { class: "shape", width: n.width, height: n.height, rx }, g);
  }
  const row = compound ? n.header : n.height;
  const icon = svg("g", { class: "icon", transform: `translate(${M.padX + inset} ${(row - M.icon) / 2})` }, g);
  svg("rect", { width: M.icon, height: M.icon, rx: 5 }, icon);
  svg("path", { d: iconOf(node.type), transform: "translate(2 2)" }, icon);
  const x = M.textX + inset;
  if (n.subtitle) {
    text(n.title, { class: "name", x, y: row / 2 - 3 }, g);
    // Beside the button, not in it: a button's visible text must be part of its name (axe's
    // label-content-name-mismatch), and the name is `<state> (<type>), <status>`; the detail is its description.
    const detail = text(n.subtitle, { class: "detail", x: n.x + x, y: n.y + row / 2 + 13, "aria-hidden": "true" }, holder);
    if (n.subtitle !== node.detail) title(node.detail!, detail);
  } else text(n.title, { class: "name", x, y: row / 2 + 4.5 }, g);
  if (node.retry.length) {
    const badge = svg("g", { class: "retry", transform: `translate(${n.width - inset - 18} ${row / 2})`, "aria-hidden": "true" }, g);
    title(`Retry\n${node.retry.join("\n")}`, badge);
    svg("circle", { r: 8 }, badge);
    text("↻", { y: 4, "text-anchor": "middle" }, badge);
  }
  if (compound) for (const group of n.groups) drawGroup(group, prefix, holder, index);
}

function drawGroup(group: LaidGroup, prefix: string, parent: Element, index: Index): void {
  const g = svg("g", { class: "group", "data-group": group.group.id, "data-kind": group.group.kind }, parent);
  svg("rect", { class: "group-box", x: group.x, y: group.y, width: group.width, height: group.height, rx: 8 }, g);
  text(group.title, { class: "group-label", x: group.x + 10, y: group.y + 16 }, g);
  const edges = svg("g", { class: "edges" }, g);
  for (const e of group.edges) drawEdge(e, prefix, edges);
  const nodes = svg("g", { class: "nodes" }, g);
  for (const n of group.nodes) drawNode(n, prefix, nodes, index);
}
