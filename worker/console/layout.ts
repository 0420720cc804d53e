/** The console's page shell: head, top bar, navigation, main, the page's data for its script. */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { SCRIPT, STYLE } from "./assets.generated.ts";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageParts {
  title: string;
  /** `data-page` of <body>: which of the client's page scripts runs. */
  page: string;
  body: Html;
  /** Data for the page's script, as JSON in `<script type="application/json" id="page-data">`. */
  data?: unknown;
  /** The session's CSRF token (a <meta> the client script sends back); absent on the sign-in page. */
  csrf?: string;
  /** Which navigation entry is current. */
  section?: "machines" | "executions" | "activities";
  /** Extra attributes of <body> (`data-execution-status`). */
  bodyData?: Record<string, string>;
}

/** JSON safe inside a <script> element: no `</script>`, no `<!--`. */
const scriptJson = (v: unknown): string =>
  JSON.stringify(v ?? null)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

export const asset = (name: string): string => `/console/assets/${name}`;

function nav(section: PageParts["section"]): Html {
  const item = (key: PageParts["section"], href: string, label: string) =>
    html`<a href="${href}" ${key === section ? raw(' aria-current="page"') : ""}>${label}</a>`;
  return html`<nav aria-label="Console">
    ${item("machines", "/console", "State machines")} ${item("executions", "/console/executions", "Executions")}
    ${item("activities", "/console/activities", "Activities")}
  </nav>`;
}

export function page(p: PageParts): Html {
  const attrs = Object.entries(p.bodyData ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${p.title} · Step Functions on Cloudflare</title>
        <link rel="stylesheet" href="${asset(STYLE)}" />
        ${p.csrf ? html`<meta name="csrf-token" content="${p.csrf}" />` : ""}
        <script type="module" src="${asset(SCRIPT)}"></script>
      </head>
      <body data-page="${p.page}" ${attrs}>
        <a class="skip" href="#main">Skip to content</a>
        <header class="topbar">
          <a class="brand" href="/console"
            ><span class="brand-mark" aria-hidden="true">◆</span> Step Functions <small>on Cloudflare</small></a
          >
          ${
            p.csrf
              ? html`${nav(p.section)}
                  <form class="signout" method="post" action="/console/sign-out">
                    <input type="hidden" name="csrf" value="${p.csrf}" /><button type="submit" class="link">Sign out</button>
                  </form>`
              : ""
          }
        </header>
        <main id="main" tabindex="-1">${p.body}</main>
        <script type="application/json" id="page-data">
          ${raw(scriptJson(p.data))}
        </script>
      </body>
    </html>`;
}

/** `2026-12-05 14:03:07 UTC` from an ISO date. */
export const when = (iso: string | undefined): string => (iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC") : "—");

/** `1.2 s`, `3 min 4 s`, `2 h 5 min` between two ISO dates (to now when still running). */
export function duration(from: string, to?: string): string {
  const ms = (to ? Date.parse(to) : Date.now()) - Date.parse(from);
  if (!(ms >= 0)) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.floor((ms % 3_600_000) / 60_000)} min`;
}

const STATUS_LABEL: Record<string, string> = {
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
  ABORTED: "Aborted",
  PENDING_REDRIVE: "Pending redrive",
};

/** An execution status as a coloured badge. */
export const statusBadge = (status: string): Html =>
  html`<span class="badge status-${status.toLowerCase()}" data-status-badge="${status}">${STATUS_LABEL[status] ?? status}</span>`;

/** JSON text pretty-printed; text that is not JSON as it is. */
export function prettyJson(text: string | undefined): string {
  if (text === undefined) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
