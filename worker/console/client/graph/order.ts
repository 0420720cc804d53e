/**
 * The order of nodes within each rank, for dagre's `customOrder`: dagre's own ordering builds a graph per
 * rank from every node of the graph, which is quadratic and takes most of a second on a 200-state machine
 * whose Catch edges run a long way (each a chain of hundreds of dummy nodes). This one does the same kind
 * of work in linear time per sweep: a depth-first initial order, then barycentre sweeps down and up
 * (alternating the side ties lean to), keeping the order with the fewest crossings.
 */

interface Layered {
  nodes(): string[];
  node(v: string): { rank?: number; order?: number };
  successors(v: string): string[] | undefined;
  inEdges(v: string): { v: string; w: string; name?: string }[] | undefined;
  outEdges(v: string): { v: string; w: string; name?: string }[] | undefined;
  edge(e: { v: string; w: string; name?: string }): { weight?: number } | undefined;
}

interface Link {
  to: number;
  weight: number;
}

const SWEEPS = 8;

export function orderRanks(g: Layered): void {
  const ids = g.nodes();
  const index = new Map(ids.map((v, i) => [v, i]));
  const rank = ids.map((v) => g.node(v).rank ?? 0);
  const links = (v: string, edges: { v: string; w: string; name?: string }[] | undefined, far: "v" | "w"): Link[] =>
    (edges ?? []).map((e) => ({ to: index.get(e[far])!, weight: g.edge(e)?.weight ?? 1 }));
  const up = ids.map((v) => links(v, g.inEdges(v), "v"));
  const down = ids.map((v) => links(v, g.outEdges(v), "w"));

  // Depth first from the nodes in rank order, as dagre's initOrder.
  const layers: number[][] = [];
  const seen = new Uint8Array(ids.length);
  const starts = ids.map((_, i) => i).sort((a, b) => rank[a] - rank[b]);
  for (const s of starts) {
    const stack = [s];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen[v]) continue;
      seen[v] = 1;
      (layers[rank[v]] ??= []).push(v);
      const next = down[v];
      for (let i = next.length - 1; i >= 0; i--) if (!seen[next[i].to]) stack.push(next[i].to);
    }
  }
  const all = layers.filter((l) => l !== undefined);
  const pos = new Float64Array(ids.length);
  const place = () => all.forEach((l) => l.forEach((v, i) => (pos[v] = i)));
  place();

  let best = all.map((l) => l.slice());
  let fewest = crossings(all, down, pos);
  for (let sweep = 0; sweep < SWEEPS && fewest > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const right = sweep % 4 >= 2;
    const order = downward ? all.map((_, i) => i).slice(1) : all.map((_, i) => all.length - 2 - i).filter((i) => i >= 0);
    for (const r of order) {
      const layer = all[r];
      const bary = new Map<number, number>();
      for (const v of layer) {
        let sum = 0,
          weight = 0;
        for (const l of downward ? up[v] : down[v]) ((sum += pos[l.to] * l.weight), (weight += l.weight));
        bary.set(v, weight ? sum / weight : pos[v]);
      }
      layer.sort((a, b) => bary.get(a)! - bary.get(b)! || (right ? pos[b] - pos[a] : pos[a] - pos[b]));
      layer.forEach((v, i) => (pos[v] = i));
    }
    const count = crossings(all, down, pos);
    if (count < fewest) ((fewest = count), (best = all.map((l) => l.slice())));
  }
  best.forEach((l) => l.forEach((v, i) => (g.node(ids[v]).order = i)));
}

/** Weighted edge crossings between adjacent layers (counted with a Fenwick tree). */
function crossings(layers: number[][], down: Link[][], pos: Float64Array): number {
  let total = 0;
  for (let r = 0; r + 1 < layers.length; r++) {
    const south = layers[r + 1].length;
    const tree = new Float64Array(south + 1);
    let seen = 0;
    for (const v of layers[r]) {
      const ends = down[v].filter((l) => pos[l.to] < south).sort((a, b) => pos[a.to] - pos[b.to]);
      for (const l of ends) {
        const p = pos[l.to] + 1;
        let before = 0;
        for (let i = p; i > 0; i -= i & -i) before += tree[i];
        total += (seen - before) * l.weight;
        for (let i = p; i <= south; i += i & -i) tree[i] += l.weight;
        seen += l.weight;
      }
    }
  }
  return total;
}
