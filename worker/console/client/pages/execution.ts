/**
 * An execution's page: the graph coloured by each state's status, updated live from the execution's
 * WebSocket; the state panel; waiting tasks with Approve/Reject; the event table and the timeline.
 * Every view is derived from the history (Temporal's rule: the history is the truth).
 */
import { graphOf, runsOf, type ExecutionStatus, type StateStatus } from "../../../../shared/graph/index.ts";
import { api, ApiFailure, enc } from "../api.ts";
import { $, h, ms, pageData, pretty, when } from "../dom.ts";
import { renderGraph } from "../graph/render.ts";
import { EventsTable } from "./execution/events-table.ts";
import { LiveHistory } from "./execution/history.ts";
import { drawPanel } from "./execution/panel.ts";
import { drawTimeline } from "./execution/timeline.ts";
import { drawWaiting } from "./execution/waiting.ts";

interface Execution {
  executionArn: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
}

const BADGE: Record<string, string> = {
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
  ABORTED: "Aborted",
};
const ENDS: Record<string, ExecutionStatus> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionAborted: "ABORTED",
};

export function executionPage(): void {
  const data = pageData<{ execution: Execution; definition: string }>();
  let exec = data.execution;
  const arn = exec.executionArn;
  const graph = graphOf(JSON.parse(data.definition));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  let selected: string | undefined;
  /** One iteration of a Map shown in the graph (the panel's "Show"), else every iteration together. */
  let focus: { map: string; index: number } | undefined;
  const focusFor = (id: string) => ({
    index: focus?.map === id ? focus.index : undefined,
    show: (index: number | undefined) => {
      focus = index === undefined ? undefined : { map: id, index };
      redraw();
    },
  });
  let runs = runsOf(graph, [], exec.status);
  const panel = $("#state-panel")!;
  const view = renderGraph($("#graph")!, graph, {
    onSelect: (id) => {
      selected = id;
      view.select(id);
      drawPanel(panel, byId.get(id), runs.get(id), focusFor(id));
    },
  });
  view.fit();
  const table = new EventsTable($("#events")!);
  const waiting = $("#waiting")!;
  const liveState = $("#live-state")!;

  const refreshWaiting = () => drawWaiting(waiting, arn, exec.status === "RUNNING", () => void refreshWaiting()).catch(() => undefined);

  function showFocus(): void {
    const bar = $("#focus-bar")!;
    bar.hidden = !focus;
    if (!focus) return;
    const f = focus;
    bar.replaceChildren(
      h("span", {}, `Showing iteration ${f.index} of ${byId.get(f.map)?.state ?? "the Map"}. `),
      h(
        "button",
        { type: "button", class: "secondary small", "data-action": "show-all-iterations", onclick: () => focusFor(f.map).show(undefined) },
        "Show all iterations",
      ),
    );
  }

  function showStatus(): void {
    document.body.dataset.executionStatus = exec.status;
    $("#execution-status")!.replaceChildren(
      h(
        "span",
        { class: `badge status-${exec.status.toLowerCase()}`, "data-status-badge": exec.status },
        BADGE[exec.status] ?? exec.status,
      ),
    );
    $('[data-action="stop-execution"]')!.hidden = exec.status !== "RUNNING";
    $("#execution-stop")!.textContent = when(exec.stopDate);
    $("#execution-duration")!.textContent = exec.stopDate ? ms(Date.parse(exec.stopDate) - Date.parse(exec.startDate)) : "running";
    if (exec.status !== "RUNNING") $("#execution-output")!.textContent = exec.output !== undefined ? pretty(exec.output) : "(none)";
    const banner = $("#error-banner")!;
    banner.hidden = !(exec.error || exec.cause);
    $("#error-name")!.textContent = exec.error ?? "";
    $("#error-cause")!.textContent = exec.cause ?? "";
  }

  async function ended(): Promise<void> {
    history.stop();
    exec = await api<Execution>("GET", `/executions/${enc(arn)}`);
    redraw();
  }

  function redraw(): void {
    runs = runsOf(graph, history.events, exec.status, focus);
    // The Map's own row keeps every iteration, whatever is in focus.
    if (focus) runs.set(focus.map, runsOf(graph, history.events, exec.status).get(focus.map)!);
    showFocus();
    const statuses = new Map<string, StateStatus>();
    for (const n of graph.nodes) statuses.set(n.id, runs.get(n.id)?.status ?? "not-run");
    view.setStatuses(statuses);
    if (selected) drawPanel(panel, byId.get(selected), runs.get(selected), focusFor(selected));
    drawTimeline($("#timeline")!, history.events, exec.status === "RUNNING");
    showStatus();
  }

  const history: LiveHistory = new LiveHistory(
    arn,
    (fresh, status) => {
      table.append(fresh);
      const end = fresh.find((e) => e.type in ENDS);
      if (end && exec.status === "RUNNING") {
        exec = { ...exec, status: ENDS[end.type] };
        void ended();
      } else if (status && status !== exec.status && exec.status === "RUNNING") void ended();
      redraw();
      if (fresh.length) void refreshWaiting();
    },
    (mode) => {
      liveState.textContent = mode === "live" ? "● Live" : mode === "polling" ? "Refreshing every 2 s" : "";
      liveState.className = `live ${mode}`;
    },
    (err) => {
      liveState.textContent = `Could not read the history: ${err instanceof ApiFailure ? err.message : String(err)}`;
      liveState.className = "live error";
    },
  );

  $('[data-action="stop-execution"]')?.addEventListener("click", async (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    if (!confirm("Stop this execution? It ends ABORTED.")) return;
    button.disabled = true;
    try {
      await api("POST", `/executions/${enc(arn)}/stop`, { cause: "Stopped from the console" });
    } catch (err) {
      alert(err instanceof ApiFailure ? `${err.error}: ${err.message}` : String(err));
    } finally {
      button.disabled = false;
    }
  });

  // RedriveExecution: the execution runs again from where it failed; the page starts over with it.
  $('[data-action="redrive-execution"]')?.addEventListener("click", async (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    if (!confirm("Redrive this execution? It runs again from the step that failed; the steps that succeeded are not run again.")) return;
    button.disabled = true;
    try {
      await api("POST", `/executions/${enc(arn)}/redrive`, {});
      location.reload();
    } catch (err) {
      alert(err instanceof ApiFailure ? `${err.error}: ${err.message}` : String(err));
      button.disabled = false;
    }
  });

  redraw();
  history
    .load()
    .then(() => {
      if (exec.status === "RUNNING") history.watch();
      else history.stop();
      void refreshWaiting();
    })
    .catch((err: unknown) => {
      liveState.textContent = `Could not read the history: ${err instanceof ApiFailure ? err.message : String(err)}`;
      liveState.className = "live error";
    });
}
