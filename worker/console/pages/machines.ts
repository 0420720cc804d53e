/** State machines: name, type, revision, created, and how many executions of each status. */
import { html } from "hono/html";
import { executionCounts } from "../../service/listing.ts";
import { listStateMachines } from "../../service/state-machines.ts";
import { page, statusBadge, when } from "../layout.ts";
import type { ConsoleContext } from "../routes.ts";
import { pager } from "./parts.ts";

const SHOWN = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] as const;

export async function machinesPage(c: ConsoleContext) {
  const { stateMachines, nextToken } = await listStateMachines(c.env, { maxResults: 50, nextToken: c.req.query("next") || undefined });
  const counts = await executionCounts(
    c.env,
    stateMachines.map((m) => m.stateMachineArn),
  );
  const rows = stateMachines.map((m) => {
    const n = counts[m.stateMachineArn] ?? {};
    const badges = SHOWN.filter((s) => n[s]).map((s) => html`<span class="count">${statusBadge(s)} ${n[s]}</span>`);
    return html`<tr data-machine="${m.name}">
      <th scope="row"><a href="/console/state-machines/${encodeURIComponent(m.name)}">${m.name}</a></th>
      <td>${m.type === "EXPRESS" ? "Express" : "Standard"}</td>
      <td class="num">${m.revision}</td>
      <td><time datetime="${m.creationDate}">${when(m.creationDate)}</time></td>
      <td>${badges.length ? html`<div class="counts">${badges}</div>` : html`<span class="muted">None yet</span>`}</td>
    </tr>`;
  });
  const body = html`<div class="page-head">
      <h1>State machines</h1>
      <a class="button primary" href="/console/state-machines/new">Create state machine</a>
    </div>
    <section class="card" aria-label="State machines">
      ${
        stateMachines.length
          ? html`<table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col" class="num">Revision</th>
                  <th scope="col">Created</th>
                  <th scope="col">Executions</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>`
          : html`<p class="empty">
              No state machines yet. <a href="/console/state-machines/new">Create one</a> or send one with curl (README).
            </p>`
      }
      ${pager("/console", c.req.query(), nextToken)}
    </section>`;
  return c.html(page({ title: "State machines", page: "machines", section: "machines", body, csrf: c.var.csrf }));
}
