/** `asl graph`: a definition drawn from the console's graph model (shared/graph), as SVG, DOT or Mermaid. */
import { writeFileSync } from "node:fs";
import { graphOf } from "../shared/graph/index.ts";
import { str, type Command } from "./command.ts";
import { EXIT, UsageError } from "./errors.ts";
import { loadFile } from "./files.ts";
import { toSvg } from "./graph-svg.ts";
import { toDot, toMermaid } from "./graph-text.ts";

export const graphCommand: Command = {
  name: "graph",
  summary: "draw a definition as SVG, Graphviz DOT or Mermaid",
  help: `Usage: asl graph <definition> [--format svg|dot|mermaid] [--output FILE]

Draws the definition as the console does (the same graph model): states, transitions (Choice rules and
Catch labelled, Catch dashed), Parallel branches and Map item processors as nested boxes.

  --format   svg (default; a standalone image), dot (Graphviz) or mermaid (a flowchart for Markdown)
  --output   write to FILE instead of stdout

Example: asl graph order.asl.json --format mermaid >> README.md

Exit: 0 drawn, 2 a bad file or format. An invalid definition is drawn as far as it can be.`,
  options: { format: { type: "string", short: "f" }, output: { type: "string", short: "o" } },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError("asl graph: give one definition file (see asl graph --help)");
    const format = str(values.format) ?? "svg";
    if (!["svg", "dot", "mermaid"].includes(format)) throw new UsageError(`--format: '${format}' is none of svg, dot, mermaid`);
    const file = loadFile(positionals[0]);
    const graph = graphOf(file.value);
    if (!graph.nodes.length) throw new UsageError(`${file.path}: no states to draw (a definition needs States)`);
    const name = file.path
      .split(/[\\/]/)
      .pop()!
      .replace(/(\.asl)?\.(json|ya?ml)$/i, "");
    const text = format === "svg" ? toSvg(graph, name) : format === "dot" ? toDot(graph, name) : toMermaid(graph);
    if (values.output) writeFileSync(str(values.output)!, text);
    else io.out(text);
    return EXIT.ok;
  },
};
