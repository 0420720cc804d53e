/** Not found, forbidden, failed: a page that says what happened and where to go. */
import { html } from "hono/html";
import { page, type Html } from "../layout.ts";

export function errorPage(status: number, title: string, message: string, csrf?: string): Html {
  const body = html`<section class="card narrow error-page" aria-labelledby="error-title">
    <p class="error-code">${status}</p>
    <h1 id="error-title">${title}</h1>
    <p>${message}</p>
    <p><a class="button" href="/console">Back to state machines</a></p>
  </section>`;
  return page({ title, page: "error", body, csrf });
}
