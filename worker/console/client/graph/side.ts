/**
 * Long Catch edges routed along the right-hand side instead of through dagre. A Catch into a shared
 * handler (a Fail many states catch into) spans the whole machine; in dagre each rank it crosses is a
 * dummy node, and two dozen such edges on a 200-state machine make layout several times slower and draw
 * as long lines weaving between the states. Routed here, they leave their state to the right, run down
 * (or up) a lane beside the graph shared by every edge into the same handler, and enter it from the right.
 */
import type { Box, LaidEdge, Point } from "./layout.ts";

/** A Catch is long when it skips more than this many states (estimated ranks). */
const LONG = 4;
const LANE = 14;

interface Link {
  from: string;
  to: string;
  kind: string;
}

/** Indices of the edges to route along the side. */
export function sideEdges(ids: string[], edges: Link[], first?: string): Set<number> {
  const rank = ranks(ids, edges, first);
  const side = new Set<number>();
  edges.forEach((e, i) => {
    if (e.kind === "catch" && e.from !== e.to && rank.get(e.to)! - rank.get(e.from)! > LONG) side.add(i);
  });
  // A handler only long Catches reach keeps its nearest one in dagre, which places it.
  const kept = new Map<string, number>();
  edges.forEach((e, i) => {
    if (!side.has(i)) kept.set(e.to, -1);
    else if (kept.get(e.to) !== -1 && (kept.get(e.to) === undefined || rank.get(e.from)! > rank.get(edges[kept.get(e.to)!].from)!))
      kept.set(e.to, i);
  });
  for (const i of kept.values()) side.delete(i);
  return side;
}

/** Longest-path ranks of the graph with its back edges (found depth first from `first`) left out. */
function ranks(ids: string[], edges: Link[], first?: string): Map<string, number> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) if (out.has(e.to)) out.get(e.from)?.push(e.to);
  const state = new Map<string, 1 | 2>();
  const post: string[] = [];
  const back = new Set<string>();
  for (const root of first ? [first, ...ids] : ids) {
    if (state.has(root)) continue;
    const stack: [string, number][] = [[root, 0]];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = out.get(top[0])![top[1]++];
      if (next === undefined) {
        stack.pop();
        state.set(top[0], 2);
        post.push(top[0]);
      } else if (state.get(next) === 1) back.add(`${top[0]}\n${next}`);
      else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  }
  const rank = new Map(ids.map((id) => [id, 0]));
  for (let i = post.length - 1; i >= 0; i--) {
    const v = post[i];
    for (const w of out.get(v)!) if (!back.has(`${v}\n${w}`)) rank.set(w, Math.max(rank.get(w)!, rank.get(v)! + 1));
  }
  return rank;
}

/** Points and label boxes of the side edges; returns the width the lanes need. */
export function routeSide(edges: LaidEdge[], boxes: Map<string, Box>, width: number): number {
  if (!edges.length) return width;
  let right = width;
  for (const e of edges) {
    const b = boxes.get(e.from)!;
    right = Math.max(right, b.x + b.width + 16 + (e.labelBox?.width ?? 0) + 12);
  }
  const targets = [...new Set(edges.map((e) => e.to))];
  const lane = new Map(targets.map((t, i) => [t, right + i * LANE]));
  for (const e of edges) {
    const from = boxes.get(e.from)!,
      to = boxes.get(e.to)!;
    const x = lane.get(e.to)!;
    const start: Point = { x: from.x + from.width, y: from.y + Math.min(from.height / 2, 27) };
    const end: Point = { x: to.x + to.width, y: to.y + Math.min(to.height / 2, 27) };
    e.points = [start, { x, y: start.y }, { x, y: end.y }, end];
    e.side = true;
    if (e.labelBox) Object.assign(e.labelBox, { x: start.x + 8, y: start.y - e.labelBox.height - 2 });
  }
  return right + (targets.length - 1) * LANE + 4;
}
