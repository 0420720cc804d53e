/** Activities and their queues: how many tasks wait for a worker. */
import { html } from "hono/html";
import { listActivities } from "../../service/activities.ts";
import { activityQueue } from "../../service/stubs.ts";
import { page, when } from "../layout.ts";
import type { ConsoleContext } from "../routes.ts";
import { pager } from "./parts.ts";

export async function activitiesPage(c: ConsoleContext) {
  const { activities, nextToken } = await listActivities(c.env, { maxResults: 50, nextToken: c.req.query("next") || undefined });
  const queued = await Promise.all(activities.map((a) => activityQueue(c.env, a.activityArn).pending()));
  const body = html`<div class="page-head"><h1>Activities</h1></div>
    <section class="card" aria-label="Activities">
      ${
        activities.length
          ? html`<table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">ARN</th>
                  <th scope="col">Created</th>
                  <th scope="col" class="num">Tasks queued</th>
                </tr>
              </thead>
              <tbody>
                ${activities.map(
                  (a, i) =>
                    html`<tr data-activity="${a.name}">
                      <th scope="row">${a.name}</th>
                      <td><code>${a.activityArn}</code></td>
                      <td>${when(a.creationDate)}</td>
                      <td class="num">${queued[i]}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="empty">
              No activities. Create one with <code>POST /activities</code> or the AWS CLI's <code>create-activity</code>.
            </p>`
      }
      ${pager("/console/activities", c.req.query(), nextToken)}
    </section>`;
  return c.html(page({ title: "Activities", page: "activities", section: "activities", body, csrf: c.var.csrf }));
}
