/** A state machine's page: its graph, starting an execution (input checked first), deleting it. */
import { graphOf } from "../../../../shared/graph/index.ts";
import { api, ApiFailure, enc } from "../api.ts";
import { $, h, pageData, pretty, when } from "../dom.ts";
import { renderGraph } from "../graph/render.ts";

interface SyncResult {
  status: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate: string;
}

/** An Express execution's result (StartSyncExecution), under the start form. */
function showResult(r: SyncResult): void {
  const host = $("#sync-result")!;
  host.hidden = false;
  host.replaceChildren(
    h(
      "div",
      {},
      h("h3", {}, "Result ", h("span", { class: `badge status-${r.status.toLowerCase()}`, "data-status-badge": r.status }, r.status)),
      h("p", { class: "muted" }, `${when(r.startDate)} → ${when(r.stopDate)}`),
      r.error !== undefined || r.cause !== undefined
        ? h("div", { class: "alert error" }, h("strong", {}, r.error ?? ""), " ", r.cause ?? "")
        : null,
      r.output !== undefined ? h("pre", { class: "code", tabindex: 0 }, pretty(r.output)) : null,
    ),
  );
}

interface Data {
  name: string;
  type: string;
  definition: string;
}

export function machinePage(): void {
  const data = pageData<Data>();
  const host = $("#graph");
  if (host) {
    // Layout and drawing time, for the browser test to print (no assertion on it).
    const t0 = performance.now();
    renderGraph(host, graphOf(JSON.parse(data.definition))).fit();
    host.dataset.layoutMs = (performance.now() - t0).toFixed(1);
  }

  const form = $<HTMLFormElement>("#start-form")!;
  const open = $<HTMLButtonElement>('[data-action="open-start"]')!;
  const input = $<HTMLTextAreaElement>("#exec-input")!;
  const error = $("#exec-input-error")!;
  const show = (on: boolean) => {
    form.hidden = !on;
    open.setAttribute("aria-expanded", String(on));
    if (on) $<HTMLInputElement>("#exec-name")?.focus();
  };
  open.addEventListener("click", () => show(form.hidden !== false));
  $('[data-action="close-start"]')?.addEventListener("click", () => show(false));
  input.addEventListener("input", () => {
    error.textContent = "";
    input.removeAttribute("aria-invalid");
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    let value: unknown;
    try {
      value = JSON.parse(input.value || "{}");
    } catch (err) {
      error.textContent = `The input is not JSON: ${(err as Error).message}`;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    const name = $<HTMLInputElement>("#exec-name")!.value.trim();
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    const body = name ? { name, input: value } : { input: value };
    try {
      if (data.type === "EXPRESS") {
        // Express keeps no history to show on a page: run it synchronously and show how it ended here.
        showResult(await api<SyncResult>("POST", `/state-machines/${enc(data.name)}/sync-executions`, body));
        submit.disabled = false;
        return;
      }
      const started = await api<{ executionArn: string }>("POST", `/state-machines/${enc(data.name)}/executions`, body);
      location.assign(`/console/executions/${enc(started.executionArn)}`);
    } catch (err) {
      error.textContent = err instanceof ApiFailure ? `${err.error}: ${err.message}` : String(err);
      submit.disabled = false;
    }
  });

  $('[data-action="delete-machine"]')?.addEventListener("click", async () => {
    if (!confirm(`Delete the state machine ${data.name}? Its executions keep running and stay listed.`)) return;
    try {
      await api("DELETE", `/state-machines/${enc(data.name)}`);
      location.assign("/console");
    } catch (err) {
      alert(err instanceof ApiFailure ? `${err.error}: ${err.message}` : String(err));
    }
  });
}
