// layoutGraph in plain Node (it needs no DOM): positions, nesting, edges, markers, side-routed Catches;
// the time of a 200-state machine is printed, not asserted (the browser's is in graph-view.test.ts).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { END, layoutGraph, START, type Box, type LaidEdge, type LaidNode } from "../../worker/console/client/graph/layout.ts";
import type { Graph } from "../../shared/graph/model.ts";
import { bigGraph, orderGraph } from "./fixtures/graphs.ts";

function all(nodes: LaidNode[]): LaidNode[] {
  return nodes.flatMap((n) => [n, ...all(n.groups.flatMap((g) => g.nodes))]);
}

function edges(nodes: LaidNode[], top: LaidEdge[]): LaidEdge[] {
  return [...top, ...nodes.flatMap((n) => n.groups.flatMap((g) => edges(g.nodes, g.edges)))];
}

const inside = (a: Box, b: Box) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("layoutGraph", () => {
  const graph = orderGraph();
  const laid = layoutGraph(graph);
  const nodes = all(laid.nodes);

  it("places every state once, inside the drawing", () => {
    assert.deepEqual(nodes.map((n) => n.node.id).sort(), graph.nodes.map((n) => n.id).sort());
    for (const n of nodes) assert.ok(inside(n, { x: 0, y: 0, width: laid.width, height: laid.height }), n.node.id);
  });

  it("sizes nodes from their labels, a second line taller", () => {
    const n = (state: string) => nodes.find((x) => x.node.state === state)!;
    assert.ok(n("Validate order").height > n("Is it big?").height);
    assert.ok(n("Reserve stock").width > n("Pack").width);
  });

  it("puts a group's states inside their group, and the groups inside their owner, side by side", () => {
    for (const owner of nodes.filter((n) => n.groups.length)) {
      for (const g of owner.groups) {
        assert.ok(inside(g, owner), g.group.id);
        for (const n of g.nodes) assert.ok(inside(n, g), n.node.id);
      }
      for (let i = 1; i < owner.groups.length; i++) assert.ok(owner.groups[i].x >= owner.groups[i - 1].x + owner.groups[i - 1].width);
    }
    assert.equal(nodes.find((n) => n.node.state === "Fan out")!.groups.length, 2);
  });

  it("overlaps no two states of a level", () => {
    const levels = [laid.nodes, ...nodes.flatMap((n) => n.groups.map((g) => g.nodes))];
    for (const level of levels)
      for (const a of level) for (const b of level) if (a !== b) assert.ok(!overlap(a, b), `${a.node.id} / ${b.node.id}`);
  });

  it("draws every edge with points, labels where the model has them, and Start and End at the top level", () => {
    const laidEdges = edges(laid.nodes, laid.edges);
    const ends = graph.nodes.filter((n) => n.end && !n.group).length;
    assert.equal(laidEdges.length, graph.edges.length + 1 + ends);
    for (const e of laidEdges) assert.ok(e.points.length >= 2, `${e.from} -> ${e.to}`);
    for (const e of laidEdges.filter((x) => x.kind === "choice" || x.kind === "catch" || x.kind === "default"))
      assert.ok(e.labelBox && e.text);
    assert.deepEqual(laid.markers.map((m) => m.kind).sort(), ["end", "start"]);
    assert.equal(laid.edges.filter((e) => e.from === START).length, 1);
    assert.equal(laid.edges.filter((e) => e.to === END).length, ends);
    const start = laid.markers.find((m) => m.kind === "start")!;
    assert.ok(nodes.every((n) => n.y > start.y));
  });

  it("survives a graph being edited: dangling edges, missing groups, no StartAt, nothing at all", () => {
    const broken: Graph = {
      nodes: [{ id: "/States/A", state: "A", type: "Task", retry: [], start: false, end: false, group: "/nowhere", groups: ["/gone"] }],
      edges: [{ from: "/States/A", to: "/States/B", kind: "next" }],
      groups: [],
    };
    const out = layoutGraph(broken);
    assert.equal(out.nodes.length, 1);
    assert.equal(out.edges.length, 0);
    assert.equal(layoutGraph({ nodes: [], edges: [], groups: [] }).nodes.length, 0);
  });

  it("routes long Catch edges along the side and times a 200-state machine", () => {
    const big = bigGraph(200, 7);
    assert.equal(big.nodes.length, 200);
    const times: number[] = [];
    let out = layoutGraph(big);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      out = layoutGraph(big);
      times.push(performance.now() - t);
    }
    console.log(`layoutGraph, 200 states, ${big.edges.length} edges (Node): ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
    assert.equal(all(out.nodes).length, 200);
    const side = out.edges.filter((e) => e.side);
    assert.ok(side.length > 10);
    assert.ok(side.every((e) => e.kind === "catch" && e.points.length === 4));
  });
});
