/**
 * One execution, as AWS's console shows it: status and times, the graph with each state's status
 * (updated live through the execution's WebSocket), the state panel, waiting tasks to approve or
 * reject, input and output, the event history and a timeline. The client script fills the live parts.
 */
import { html } from "hono/html";
import { describeExecution, stateMachineForExecution } from "../../service/executions.ts";
import { findStateMachine } from "../../service/lookups.ts";
import { duration, page, prettyJson, statusBadge, when } from "../layout.ts";
import type { ConsoleContext } from "../routes.ts";

export async function executionPage(c: ConsoleContext) {
  const arn = c.req.param("arn") ?? "";
  const e = await describeExecution(c.env, arn);
  // The graph of the definition this execution runs (GET /executions/:arn/state-machine), not the machine's now.
  const { definition, revisionId: revision } = await stateMachineForExecution(c.env, arn);
  const machine = e.stateMachineArn.split(":").pop() ?? e.stateMachineArn;
  const machineUrl = `/console/state-machines/${encodeURIComponent(machine)}`;
  // Executions outlive their machine: a deleted one is named, not linked to a 404.
  const exists = await findStateMachine(c.env, e.stateMachineArn).then(
    () => true,
    () => false,
  );
  const machineLink = exists ? html`<a href="${machineUrl}">${machine}</a>` : html`<span data-deleted-machine>${machine} (deleted)</span>`;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb">
      <a href="/console">State machines</a> / ${machineLink} / <span>${e.name}</span>
    </nav>
    <div class="page-head">
      <h1>${e.name} <span id="execution-status">${statusBadge(e.status)}</span></h1>
      <div class="actions">
        <button type="button" class="danger" data-action="stop-execution" ${e.status === "RUNNING" ? "" : "hidden"}>Stop execution</button>
        <button type="button" class="primary" data-action="redrive-execution" ${e.redriveStatus === "REDRIVABLE" ? "" : "hidden"}>
          Redrive
        </button>
      </div>
    </div>
    <dl class="facts card">
      <div>
        <dt>State machine</dt>
        <dd>${machineLink} <span class="muted">revision ${revision}</span></dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>${when(e.startDate)}</dd>
      </div>
      <div>
        <dt>Ended</dt>
        <dd id="execution-stop">${when(e.stopDate)}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd id="execution-duration">${e.stopDate ? duration(e.startDate, e.stopDate) : "running"}</dd>
      </div>
      <div ${e.redriveCount ? "" : "hidden"}>
        <dt>Redrives</dt>
        <dd id="execution-redrives">${e.redriveCount ?? 0}${e.redriveDate ? html`, last ${when(e.redriveDate)}` : ""}</dd>
      </div>
      <div class="wide">
        <dt>ARN</dt>
        <dd><code>${e.executionArn}</code></dd>
      </div>
    </dl>
    <div id="error-banner" class="alert error" role="alert" ${e.error || e.cause ? "" : "hidden"}>
      <strong id="error-name">${e.error ?? ""}</strong> <span id="error-cause">${e.cause ?? ""}</span>
    </div>
    <section id="waiting" class="card waiting" aria-labelledby="waiting-title" hidden>
      <h2 id="waiting-title">Waiting for you</h2>
      <div id="waiting-list"></div>
    </section>
    <div class="graph-layout">
      <section class="card graph-card" aria-labelledby="graph-title">
        <div class="section-head">
          <h2 id="graph-title">Graph</h2>
          <span id="live-state" class="live muted" aria-live="polite"></span>
        </div>
        <div id="focus-bar" class="focus-bar" role="status" hidden></div>
        <div id="graph" class="graph-host" aria-label="Graph of ${e.name} with the status of each state"></div>
      </section>
      <aside id="state-panel" class="card state-panel" aria-labelledby="panel-title" aria-live="polite">
        <h2 id="panel-title">State details</h2>
        <p class="muted">Select a state in the graph to see its input, output, error and timing.</p>
      </aside>
    </div>
    <div class="two-col">
      <section class="card" aria-labelledby="input-title">
        <h2 id="input-title">Execution input</h2>
        <pre class="code" tabindex="0">${prettyJson(e.input)}</pre>
      </section>
      <section class="card" aria-labelledby="output-title">
        <h2 id="output-title">Execution output</h2>
        <pre id="execution-output" class="code" tabindex="0">
${e.output !== undefined ? prettyJson(e.output) : e.status === "RUNNING" ? "(running)" : "(none)"}</pre>
      </section>
    </div>
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <div id="timeline" class="timeline"></div>
    </section>
    <section class="card" aria-labelledby="events-title">
      <h2 id="events-title">Event history</h2>
      <div id="events"><p class="muted">Loading the history…</p></div>
    </section>`;
  return c.html(
    page({
      title: `${e.name} · ${machine}`,
      page: "execution",
      section: "executions",
      body,
      csrf: c.var.csrf,
      bodyData: { "execution-status": e.status },
      data: { execution: e, definition, machine },
    }),
  );
}
