/** One state machine: its graph, its executions, and starting, editing and deleting it. */
import { html } from "hono/html";
import { listExecutions } from "../../service/listing.ts";
import { describeStateMachine } from "../../service/state-machines.ts";
import { page, when } from "../layout.ts";
import type { ConsoleContext } from "../routes.ts";
import { executionsTable, pager, statusFilter } from "./parts.ts";

const EXPRESS_NOTE = html`<p class="muted">An Express execution runs synchronously (StartSyncExecution); its result shows here.</p>`;

export async function machinePage(c: ConsoleContext) {
  const m = await describeStateMachine(c.env, c.req.param("name") ?? "");
  const status = c.req.query("status") || undefined;
  const list = await listExecutions(c.env, { stateMachine: m.name, status, maxResults: 25, nextToken: c.req.query("next") || undefined });
  const base = `/console/state-machines/${encodeURIComponent(m.name)}`;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/console">State machines</a> / <span>${m.name}</span></nav>
    <div class="page-head">
      <h1>${m.name}</h1>
      <div class="actions">
        <a class="button" href="${base}/edit">Edit</a>
        <button type="button" class="danger" data-action="delete-machine">Delete</button>
        <button type="button" class="primary" data-action="open-start" aria-controls="start-form" aria-expanded="false">
          Start execution
        </button>
      </div>
    </div>
    <dl class="facts card">
      <div>
        <dt>Type</dt>
        <dd>${m.type === "EXPRESS" ? "Express" : "Standard"}</dd>
      </div>
      <div>
        <dt>Revision</dt>
        <dd>${m.revision}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>${when(m.creationDate)}</dd>
      </div>
      <div>
        <dt>Updated</dt>
        <dd>${when(m.updateDate)}</dd>
      </div>
      <div class="wide">
        <dt>ARN</dt>
        <dd><code>${m.stateMachineArn}</code></dd>
      </div>
    </dl>
    <form id="start-form" class="card stack start-form" hidden aria-labelledby="start-title">
      <h2 id="start-title">Start an execution</h2>
      <label for="exec-name">Name <span class="muted">(optional: a UUID otherwise)</span></label>
      <input id="exec-name" name="name" maxlength="80" autocomplete="off" />
      <label for="exec-input">Input (JSON)</label>
      <textarea id="exec-input" name="input" rows="8" spellcheck="false" class="code" aria-describedby="exec-input-error">{}</textarea>
      <p id="exec-input-error" class="field-error" role="alert" aria-live="polite"></p>
      <div class="actions">
        <button type="submit" class="primary">Start</button> <button type="button" data-action="close-start">Cancel</button>
      </div>
      ${m.type === "EXPRESS" ? EXPRESS_NOTE : ""}
      <div id="sync-result" aria-live="polite" hidden></div>
    </form>
    <section class="card" aria-labelledby="graph-title">
      <h2 id="graph-title">Definition</h2>
      <div id="graph" class="graph-host" aria-label="Graph of ${m.name}"></div>
    </section>
    <section class="card" aria-labelledby="executions-title">
      <div class="section-head">
        <h2 id="executions-title">Executions</h2>
        ${statusFilter(base, status)}
      </div>
      ${executionsTable(list.executions, false)} ${pager(base, c.req.query(), list.nextToken)}
    </section>`;
  return c.html(
    page({
      title: m.name,
      page: "machine",
      section: "machines",
      body,
      csrf: c.var.csrf,
      data: { name: m.name, type: m.type, definition: m.definition },
    }),
  );
}
