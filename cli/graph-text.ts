/** A definition's graph (shared/graph, the console's model) as Graphviz DOT or a Mermaid flowchart. */
import type { Graph, GraphEdge, GraphNode } from "../shared/graph/index.ts";

const label = (n: GraphNode): string => (n.detail ? `${n.state}\n${n.type} · ${n.detail}` : `${n.state}\n${n.type}`);
const dotText = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

const SHAPES: Record<string, string> = { Choice: "diamond", Succeed: "oval", Fail: "oval" };
const COLORS: Record<string, string> = { Succeed: "#d9f2d9", Fail: "#f8d7da", Choice: "#fff3cd" };

function edgeLabel(e: GraphEdge): string | undefined {
  return e.kind === "next" ? undefined : (e.label ?? (e.kind === "default" ? "Default" : undefined));
}

export function toDot(graph: Graph, name = "state machine"): string {
  const out = [
    `digraph ${dotText(name)} {`,
    "  rankdir=TB;",
    '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  out.push('  "(start)" [shape=circle, label="", width=0.2, style=filled, fillcolor="#333333"];');
  out.push('  "(end)" [shape=doublecircle, label="", width=0.15, style=filled, fillcolor="#333333"];');
  const node = (n: GraphNode, indent: string) => {
    const shape = SHAPES[n.type] ? `, shape=${SHAPES[n.type]}` : "";
    const fill = COLORS[n.type] ? `, fillcolor="${COLORS[n.type]}"` : "";
    return `${indent}${dotText(n.id)} [label=${dotText(label(n))}${shape}${fill}];`;
  };
  const groupOf = (id: string | undefined) => graph.nodes.filter((n) => n.group === id);
  const emit = (group: string | undefined, indent: string): void => {
    for (const n of groupOf(group)) {
      out.push(node(n, indent));
      n.groups.forEach((g) => {
        const info = graph.groups.find((x) => x.id === g);
        out.push(
          `${indent}subgraph ${dotText(`cluster_${g}`)} {`,
          `${indent}  label=${dotText(`${n.state} · ${info?.label ?? ""}`)}; style=dashed;`,
        );
        emit(g, `${indent}  `);
        out.push(`${indent}}`);
        if (info?.startAt) out.push(`${indent}${dotText(n.id)} -> ${dotText(info.startAt)} [style=dotted, arrowhead=none];`);
      });
    }
  };
  emit(undefined, "  ");
  if (graph.startAt) out.push(`  "(start)" -> ${dotText(graph.startAt)};`);
  for (const n of graph.nodes) if (n.end && n.group === undefined) out.push(`  ${dotText(n.id)} -> "(end)";`);
  for (const e of graph.edges) {
    const attrs = [edgeLabel(e) ? `label=${dotText(edgeLabel(e)!)}` : "", e.kind === "catch" ? 'style=dashed, color="#b02a37"' : ""].filter(
      Boolean,
    );
    out.push(`  ${dotText(e.from)} -> ${dotText(e.to)}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}

const mermaidText = (s: string): string => `"${s.replace(/"/g, "#quot;").replace(/\n/g, "<br/>")}"`;

export function toMermaid(graph: Graph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `s${i}`]));
  const groupIds = new Map(graph.groups.map((g, i) => [g.id, `g${i}`]));
  const out = ["flowchart TD", '  start(("start"))'];
  const shape = (n: GraphNode): string => {
    const text = mermaidText(label(n));
    if (n.type === "Choice") return `{${text}}`;
    if (n.type === "Succeed" || n.type === "Fail") return `([${text}])`;
    return `[${text}]`;
  };
  const emit = (group: string | undefined, indent: string): void => {
    for (const n of graph.nodes.filter((x) => x.group === group)) {
      out.push(`${indent}${ids.get(n.id)}${shape(n)}`);
      for (const g of n.groups) {
        const info = graph.groups.find((x) => x.id === g);
        out.push(`${indent}subgraph ${groupIds.get(g)}[${mermaidText(`${n.state} · ${info?.label ?? ""}`)}]`);
        emit(g, `${indent}  `);
        out.push(`${indent}end`);
        if (info?.startAt) out.push(`${indent}${ids.get(n.id)} -.- ${ids.get(info.startAt)}`);
      }
    }
  };
  emit(undefined, "  ");
  if (graph.nodes.some((n) => n.end && n.group === undefined)) out.push('  stop((("end")))');
  if (graph.startAt) out.push(`  start --> ${ids.get(graph.startAt)}`);
  for (const n of graph.nodes) if (n.end && n.group === undefined) out.push(`  ${ids.get(n.id)} --> stop`);
  for (const e of graph.edges) {
    const text = edgeLabel(e);
    const arrow = e.kind === "catch" ? "-.->" : "-->";
    out.push(`  ${ids.get(e.from)} ${arrow}${text ? `|${mermaidText(text)}|` : ""} ${ids.get(e.to)}`);
  }
  return out.join("\n") + "\n";
}
