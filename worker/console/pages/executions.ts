/** Executions of every state machine, newest first, filtered by status. */
import { html } from "hono/html";
import { listExecutions } from "../../service/listing.ts";
import { page } from "../layout.ts";
import type { ConsoleContext } from "../routes.ts";
import { executionsTable, pager, statusFilter } from "./parts.ts";

export async function executionsPage(c: ConsoleContext) {
  const status = c.req.query("status") || undefined;
  const list = await listExecutions(c.env, { status, maxResults: 50, nextToken: c.req.query("next") || undefined });
  const body = html`<div class="page-head"><h1>Executions</h1></div>
    <section class="card" aria-label="Executions">
      <div class="section-head">${statusFilter("/console/executions", status)}</div>
      ${executionsTable(list.executions, true)} ${pager("/console/executions", c.req.query(), list.nextToken)}
    </section>`;
  return c.html(page({ title: "Executions", page: "executions", section: "executions", body, csrf: c.var.csrf }));
}
