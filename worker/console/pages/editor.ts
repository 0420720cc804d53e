/**
 * Create or edit a state machine: the definition in an editor that is validated as you type (the same
 * diagnostics as ValidateStateMachineDefinition, at their line) beside its graph, redrawn as you type.
 */
import { html } from "hono/html";
import { describeStateMachine } from "../../service/state-machines.ts";
import { page, prettyJson } from "../layout.ts";
import type { ConsoleContext } from "../routes.ts";

const STARTER = JSON.stringify(
  {
    Comment: "A first workflow",
    StartAt: "Hello",
    States: {
      Hello: { Type: "Pass", Result: { message: "Hello from the edge" }, Next: "Wait a moment" },
      "Wait a moment": { Type: "Wait", Seconds: 2, Next: "Done" },
      Done: { Type: "Succeed" },
    },
  },
  null,
  2,
);

export async function editorPage(c: ConsoleContext, name: string | undefined) {
  const m = name === undefined ? undefined : await describeStateMachine(c.env, name);
  const title = m ? `Edit ${m.name}` : "Create state machine";
  const back = m ? `/console/state-machines/${encodeURIComponent(m.name)}` : "/console";
  const body = html`<nav class="crumbs" aria-label="Breadcrumb">
      <a href="/console">State machines</a> / ${m ? html`<a href="${back}">${m.name}</a> / <span>Edit</span>` : html`<span>Create</span>`}
    </nav>
    <div class="page-head"><h1>${title}</h1></div>
    <form id="editor-form" class="editor-form" novalidate>
      <div class="card editor-meta">
        ${
          m
            ? html`<p><strong>${m.name}</strong> · ${m.type === "EXPRESS" ? "Express" : "Standard"} · revision ${m.revision}</p>`
            : html`<div class="field">
                  <label for="machine-name">Name</label>
                  <input id="machine-name" name="name" required maxlength="80" pattern="[A-Za-z0-9_\\-]+" autocomplete="off" />
                </div>
                <fieldset class="field">
                  <legend>Type</legend>
                  <label
                    ><input type="radio" name="type" value="STANDARD" checked /> Standard
                    <span class="muted">durable, up to a year, full history</span></label
                  >
                  <label
                    ><input type="radio" name="type" value="EXPRESS" /> Express
                    <span class="muted">up to 5 minutes, synchronous</span></label
                  >
                </fieldset>`
        }
      </div>
      <div class="editor-layout">
        <section class="card editor-card" aria-labelledby="definition-label">
          <div class="section-head">
            <h2 id="definition-label"><label for="definition">Definition (Amazon States Language, JSON)</label></h2>
            <span id="validation-state" class="muted" aria-live="polite"></span>
          </div>
          <div class="code-editor">
            <pre class="gutter" aria-hidden="true"></pre>
            <textarea
              id="definition"
              name="definition"
              spellcheck="false"
              autocapitalize="off"
              autocomplete="off"
              wrap="off"
              class="code"
              aria-describedby="diagnostics"
            >
${prettyJson(m?.definition ?? STARTER)}</textarea>
          </div>
          <div id="diagnostics" class="diagnostics" role="status" aria-live="polite"></div>
        </section>
        <section class="card" aria-labelledby="preview-title">
          <h2 id="preview-title">Graph</h2>
          <div id="graph" class="graph-host" aria-label="Graph of the definition being edited"></div>
        </section>
      </div>
      <div id="save-error" class="alert error" role="alert" hidden></div>
      <div class="actions sticky-actions">
        <a class="button" href="${back}">Cancel</a>
        <button type="submit" class="primary" data-action="save-machine">${m ? "Save" : "Create"}</button>
      </div>
    </form>`;
  return c.html(
    page({ title, page: "editor", section: "machines", body, csrf: c.var.csrf, data: { name: m?.name ?? null, type: m?.type ?? null } }),
  );
}
