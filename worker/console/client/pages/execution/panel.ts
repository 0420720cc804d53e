/** The state panel (AWS's "state input/output"): a selected state's status, timing, input, output, error, iterations. */
import type { GraphNode, StateRun } from "../../../../../shared/graph/index.ts";
import { h, ms, pretty, when } from "../../dom.ts";

const LABEL: Record<string, string> = {
  "not-run": "Not run",
  running: "In progress",
  succeeded: "Succeeded",
  failed: "Failed",
  caught: "Caught error",
  cancelled: "Cancelled",
};

/** An execution ARN in a task's output (a child started by states:startExecution): its console page. */
function childLinks(output: string | undefined): HTMLElement[] {
  const arns = new Set(output?.match(/arn:aws:states:[^"\s]*:execution:[^"\s]+/g) ?? []);
  return [...arns].map((arn) =>
    h(
      "p",
      {},
      "Child execution: ",
      h("a", { href: `/console/executions/${encodeURIComponent(arn)}`, "data-child-execution": arn }, arn.split(":").pop()),
    ),
  );
}

function block(title: string, text: string | undefined): HTMLElement[] {
  return text === undefined ? [] : [h("h3", {}, title), h("pre", { class: "code", tabindex: 0 }, pretty(text))];
}

export function drawPanel(host: HTMLElement, node: GraphNode | undefined, run: StateRun | undefined): void {
  if (!node) {
    host.replaceChildren(
      h("h2", { id: "panel-title" }, "State details"),
      h("p", { class: "muted" }, "Select a state in the graph to see its input, output, error and timing."),
    );
    return;
  }
  const status = run?.status ?? "not-run";
  const took = run?.enteredAt ? (run.exitedAt ? ms(Date.parse(run.exitedAt) - Date.parse(run.enteredAt)) : "running") : "—";
  host.replaceChildren(
    h("h2", { id: "panel-title" }, node.state),
    h(
      "p",
      {},
      h("span", { class: `state-status status-${status}`, "data-panel-status": status }, LABEL[status] ?? status),
      " ",
      h("span", { class: "muted" }, node.type),
    ),
    h(
      "dl",
      { class: "facts compact" },
      h("div", {}, h("dt", {}, "Entered"), h("dd", {}, when(run?.enteredAt))),
      h("div", {}, h("dt", {}, "Exited"), h("dd", {}, when(run?.exitedAt))),
      h("div", {}, h("dt", {}, "Duration"), h("dd", {}, took)),
      run && run.entered > 1 ? h("div", {}, h("dt", {}, "Entries"), h("dd", {}, String(run.entered))) : null,
      run?.attempts && run.attempts > 1 ? h("div", {}, h("dt", {}, "Attempts"), h("dd", {}, String(run.attempts))) : null,
      node.detail ? h("div", { class: "wide" }, h("dt", {}, "Resource"), h("dd", {}, node.detail)) : null,
    ),
    ...(node.retry.length
      ? [
          h("h3", {}, "Retry"),
          h(
            "ul",
            { class: "plain" },
            node.retry.map((r) => h("li", {}, r)),
          ),
        ]
      : []),
    ...(run?.error !== undefined || run?.cause !== undefined
      ? [h("h3", {}, "Error"), h("div", { class: "alert error" }, h("strong", {}, run?.error ?? ""), " ", run?.cause ?? "")]
      : []),
    ...childLinks(run?.output),
    ...block("Input", run?.input),
    ...block("Output", run?.output),
    ...(run?.iterations?.length
      ? [
          h("h3", {}, node.type === "Map" ? "Iterations" : "Branches"),
          h(
            "table",
            { class: "table compact" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, node.type === "Map" ? "Index" : "Branch"),
                h("th", { scope: "col" }, "Status"),
                h("th", { scope: "col" }, "Duration"),
              ),
            ),
            h(
              "tbody",
              {},
              run.iterations.map((it) =>
                h(
                  "tr",
                  { "data-iteration": it.index },
                  h("td", {}, String(node.type === "Map" ? it.index : it.index + 1)),
                  h("td", {}, h("span", { class: `state-status status-${it.status}` }, LABEL[it.status] ?? it.status)),
                  h("td", {}, it.startedAt && it.endedAt ? ms(Date.parse(it.endedAt) - Date.parse(it.startedAt)) : "—"),
                ),
              ),
            ),
          ),
        ]
      : []),
  );
}
