/** The sign-in form: the API token, once; then a session cookie (session.ts). */
import { html } from "hono/html";
import { page, type Html } from "../layout.ts";

export function signInPage(p: { next: string; configured: boolean; error?: string }): Html {
  const body = p.configured
    ? html`<section class="card narrow" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p class="muted">Enter this runtime's API token (the <code>API_TOKEN</code> secret). The console keeps a session for 12 hours.</p>
        ${p.error ? html`<p class="alert error" role="alert">${p.error}</p>` : ""}
        <form method="post" action="/console/sign-in" class="stack">
          <input type="hidden" name="next" value="${p.next}" />
          <label for="token">API token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
          <button type="submit" class="primary">Sign in</button>
        </form>
      </section>`
    : html`<section class="card narrow" aria-labelledby="closed-title">
        <h1 id="closed-title">The API is closed</h1>
        <p>The <code>API_TOKEN</code> secret is not set, so the management API and this console refuse everything.</p>
        <p>Set it with <code>wrangler secret put API_TOKEN</code> (locally: <code>npm run dev</code> sets one).</p>
      </section>`;
  return page({ title: "Sign in", page: "sign-in", body });
}
