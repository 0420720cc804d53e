/**
 * The console's graph view: a state machine's graph drawn as SVG in a container, with a toolbar (zoom
 * in, zoom out, fit), a legend of statuses, pan and zoom, selection by click or keyboard, and execution
 * statuses painted on the nodes. Styles: graph.css.
 */
import type { Graph, StateStatus } from "../../../../shared/graph/model.ts";
import { ariaLabel, drawDefs, drawGraph, STATUS_TEXT, svg, type Drawn } from "./draw.ts";
import { layoutGraph } from "./layout.ts";
import { Viewport } from "./viewport.ts";

export interface GraphView {
  /** By node id; a node not in the map is `not-run`. */
  setStatuses(statuses: Map<string, StateStatus>): void;
  /** Highlight one node (null: none). Does not call onSelect. */
  select(nodeId: string | null): void;
  /** Fit the whole graph in view. */
  fit(): void;
  /** Redraw for a new graph, keeping the zoom unless the view was fitted (then it fits again). */
  update(graph: Graph): void;
  destroy(): void;
}

export interface GraphViewOptions {
  onSelect?(nodeId: string): void;
}

let views = 0;

export function renderGraph(container: HTMLElement, graph: Graph, opts: GraphViewOptions = {}): GraphView {
  const prefix = `sfn-graph-${++views}`;
  const root = document.createElement("div");
  root.className = "sfn-graph";
  const canvas = svg("svg", { class: "sfn-graph__canvas", role: "group", "aria-label": "State machine graph" });
  canvas.style.setProperty("--sfn-stripes", `url(#${prefix}-stripes)`);
  drawDefs(prefix, canvas);
  const layer = svg("g", { class: "sfn-graph__viewport" }, canvas);
  const stage = document.createElement("div");
  stage.className = "sfn-graph__stage";
  stage.append(canvas, toolbar());
  root.append(stage, legend());
  container.appendChild(root);

  const viewport = new Viewport(canvas, layer);
  let drawn: Drawn | undefined;
  let statuses = new Map<string, StateStatus>();
  let selected: string | null = null;

  function draw(g: Graph): void {
    const focused = (document.activeElement as Element | null)?.closest?.("g.node")?.getAttribute("data-id");
    const laid = layoutGraph(g);
    drawn?.root.remove();
    drawn = drawGraph(laid, prefix);
    layer.appendChild(drawn.root);
    viewport.size = { width: laid.width, height: laid.height };
    paint();
    if (selected && !drawn.nodes.has(selected)) selected = null;
    mark();
    if (focused) drawn.nodes.get(focused)?.focus({ preventScroll: true });
    if (viewport.fitted) viewport.fit();
  }

  function paint(): void {
    for (const [id, el] of drawn!.nodes) {
      const status = statuses.get(id) ?? "not-run";
      if (el.getAttribute("data-status") === status) continue;
      el.setAttribute("data-status", status);
      el.setAttribute("aria-label", ariaLabel(el.getAttribute("data-state")!, el.getAttribute("data-type")!, status));
    }
  }

  function mark(): void {
    for (const el of layer.querySelectorAll("g.node.is-selected")) {
      el.classList.remove("is-selected");
      el.removeAttribute("aria-current");
    }
    const el = selected ? drawn?.nodes.get(selected) : undefined;
    el?.classList.add("is-selected");
    el?.setAttribute("aria-current", "true");
  }

  function choose(el: Element | null): void {
    const node = el?.closest("g.node");
    const id = node?.getAttribute("data-id");
    if (!id) return;
    view.select(id);
    opts.onSelect?.(id);
  }

  canvas.addEventListener("click", (e) => choose(e.target as Element));
  canvas.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    const node = (e.target as Element).closest("g.node");
    if (!node) return;
    e.preventDefault();
    choose(node);
  });
  canvas.addEventListener("focusin", (e) => {
    const id = (e.target as Element).closest?.("g.node")?.getAttribute("data-id");
    const box = id ? drawn?.boxes.get(id) : undefined;
    if (box) viewport.reveal(box);
  });
  stage.addEventListener("click", (e) => {
    const action = (e.target as Element).closest("button")?.dataset.action;
    if (action === "in") viewport.zoomBy(1.25);
    else if (action === "out") viewport.zoomBy(0.8);
    else if (action === "fit") viewport.fit();
  });
  const resize = new ResizeObserver(() => viewport.fitted && viewport.fit());
  resize.observe(canvas);

  const view: GraphView = {
    setStatuses(next) {
      statuses = new Map(next);
      paint();
    },
    select(nodeId) {
      selected = nodeId && drawn?.nodes.has(nodeId) ? nodeId : null;
      mark();
    },
    fit() {
      viewport.fit();
    },
    update(g) {
      draw(g);
    },
    destroy() {
      resize.disconnect();
      viewport.destroy();
      root.remove();
    },
  };
  draw(graph);
  return view;
}

function toolbar(): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "sfn-graph__toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Zoom");
  for (const [action, label, glyph] of [
    ["in", "Zoom in", "+"],
    ["out", "Zoom out", "−"],
    ["fit", "Fit to screen", "Fit"],
  ]) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.action = action;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = glyph;
    bar.appendChild(b);
  }
  return bar;
}

function legend(): HTMLElement {
  const list = document.createElement("ul");
  list.className = "sfn-graph__legend";
  list.setAttribute("aria-label", "Status legend");
  for (const status of Object.keys(STATUS_TEXT) as StateStatus[]) {
    const item = document.createElement("li");
    item.dataset.status = status;
    const swatch = document.createElement("span");
    swatch.className = "sfn-graph__swatch";
    swatch.setAttribute("aria-hidden", "true");
    const label = STATUS_TEXT[status];
    item.append(swatch, label[0].toUpperCase() + label.slice(1));
    list.appendChild(item);
  }
  return list;
}
