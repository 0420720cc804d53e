/** Pieces several pages share: paging links, the executions table with its status filter. */
import { html } from "hono/html";
import type { ExecutionListItem } from "../../../shared/api/types.ts";
import { duration, statusBadge, when, type Html } from "../layout.ts";

/** "Next page" (and "First page" once past it), keeping the other query parameters. */
export function pager(base: string, query: Record<string, string>, nextToken: string | undefined): Html {
  const q = (next?: string) => {
    const p = new URLSearchParams(Object.entries(query).filter(([k, v]) => k !== "next" && v));
    if (next) p.set("next", next);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  if (!nextToken && !query.next) return html``;
  return html`<nav class="pager" aria-label="Pages">
    ${query.next ? html`<a href="${q()}">First page</a>` : ""}
    ${nextToken ? html`<a href="${q(nextToken)}" rel="next">Next page →</a>` : ""}
  </nav>`;
}

const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

/** The status filter: a GET form (works without the script; the script submits it on change). */
export function statusFilter(action: string, status: string | undefined): Html {
  return html`<form class="filter" method="get" action="${action}" data-autosubmit>
    <label for="status-filter">Status</label>
    <select id="status-filter" name="status">
      <option value="">Any status</option>
      ${STATUSES.map((s) => html`<option value="${s}" ${s === status ? "selected" : ""}>${s.replace("_", " ").toLowerCase()}</option>`)}
    </select>
    <button type="submit" class="secondary">Filter</button>
  </form>`;
}

/** Executions, newest first: name (a link), status, machine (optional), started, duration. */
export function executionsTable(items: ExecutionListItem[], withMachine: boolean): Html {
  if (!items.length) return html`<p class="empty">No executions match.</p>`;
  const machineOf = (arn: string) => arn.split(":").pop() ?? arn;
  return html`<table class="table">
    <thead>
      <tr>
        <th scope="col">Name</th>
        <th scope="col">Status</th>
        ${withMachine ? html`<th scope="col">State machine</th>` : ""}
        <th scope="col">Started</th>
        <th scope="col">Duration</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (e) =>
          html`<tr data-execution="${e.name}">
            <th scope="row"><a href="/console/executions/${encodeURIComponent(e.executionArn)}">${e.name}</a></th>
            <td>${statusBadge(e.status)}</td>
            ${
              withMachine
                ? html`<td>
                    <a href="/console/state-machines/${encodeURIComponent(machineOf(e.stateMachineArn))}"
                      >${machineOf(e.stateMachineArn)}</a
                    >
                  </td>`
                : ""
            }
            <td><time datetime="${e.startDate}">${when(e.startDate)}</time></td>
            <td>${e.stopDate ? duration(e.startDate, e.stopDate) : html`<span class="muted">running</span>`}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
