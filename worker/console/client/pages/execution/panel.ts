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

/** "Show" one iteration in the graph; on the one shown, "Show all". */
function iterationButton(index: number, focus: PanelFocus): HTMLElement {
  const shown = focus.index === index;
  return h(
    "button",
    {
      type: "button",
      class: "secondary small",
      "data-action": "show-iteration",
      "aria-pressed": String(shown),
      "aria-label": shown ? `Show all iterations in the graph` : `Show iteration ${index} in the graph`,
      onclick: () => focus.show(shown ? undefined : index),
    },
    shown ? "Show all" : "Show",
  );
}

function block(title: string, text: string | undefined): HTMLElement[] {
  return text === undefined ? [] : [h("h3", {}, title), h("pre", { class: "code", tabindex: 0 }, pretty(text))];
}

/** A Map's iteration to show in the graph (its inner states as that iteration ran them), or all of them. */
export interface PanelFocus {
  index?: number;
  show(index: number | undefined): void;
}

export function drawPanel(host: HTMLElement, node: GraphNode | undefined, run: StateRun | undefined, focus?: PanelFocus): void {
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
                node.type === "Map" && focus ? h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Graph")) : null,
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
                  node.type === "Map" && focus ? h("td", {}, iterationButton(it.index, focus)) : null,
                ),
              ),
            ),
          ),
        ]
      : []),
  );
}
