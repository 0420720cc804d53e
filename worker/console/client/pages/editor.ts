/**
 * The definition editor: JSON syntax checked on every keystroke (with its line and column), the
 * definition validated by the API as you pause (ValidateStateMachineDefinition's diagnostics, placed at
 * the line of their JSON pointer), the graph redrawn from what parses. Invalid JSON is never sent.
 */
import { graphOf } from "../../../../shared/graph/index.ts";
import { locate } from "../../../../shared/json/locate.ts";
import { api, ApiFailure, enc } from "../api.ts";
import { $, debounce, h, pageData } from "../dom.ts";
import { renderGraph, type GraphView } from "../graph/render.ts";

interface Data {
  name: string | null;
  type: string | null;
}

interface Diagnostic {
  severity: string;
  code?: string;
  message: string;
  location?: string;
}

interface Placed extends Diagnostic {
  line?: number;
  column?: number;
  offset?: number;
}

export function editorPage(): void {
  const data = pageData<Data>();
  const area = $<HTMLTextAreaElement>("#definition")!;
  const gutter = $("pre.gutter")!;
  const list = $("#diagnostics")!;
  const state = $("#validation-state")!;
  const host = $("#graph")!;
  let view: GraphView | undefined;
  let seq = 0;

  const type = (): string => data.type ?? document.querySelector<HTMLInputElement>('input[name="type"]:checked')?.value ?? "STANDARD";

  function drawGutter(bad: Set<number>): void {
    const lines = area.value.split("\n").length;
    gutter.replaceChildren(
      ...Array.from({ length: lines }, (_, i) => h("span", { class: bad.has(i + 1) ? "bad" : undefined }, String(i + 1))),
    );
    gutter.scrollTop = area.scrollTop;
  }

  function goTo(d: Placed): void {
    if (d.offset === undefined) return;
    area.focus();
    area.setSelectionRange(d.offset, d.offset);
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, ((d.line ?? 1) - 3) * lineHeight);
  }

  function show(diagnostics: Placed[], summary: string): void {
    drawGutter(new Set(diagnostics.filter((d) => d.severity === "ERROR" && d.line).map((d) => d.line!)));
    state.textContent = summary;
    state.className = diagnostics.some((d) => d.severity === "ERROR") ? "bad" : "good";
    list.replaceChildren(
      ...(diagnostics.length
        ? [
            h(
              "ul",
              {},
              diagnostics.map((d) =>
                h(
                  "li",
                  { class: `diagnostic ${d.severity.toLowerCase()}`, "data-location": d.location, "data-line": d.line },
                  h(
                    "button",
                    { type: "button", class: "where", onclick: () => goTo(d), disabled: d.offset === undefined },
                    d.line ? `Line ${d.line}, column ${d.column}` : "Definition",
                  ),
                  h("span", { class: "severity" }, d.severity),
                  h("span", { class: "message" }, d.code ? `${d.code}: ${d.message}` : d.message),
                  d.location ? h("code", {}, d.location) : null,
                ),
              ),
            ),
          ]
        : []),
    );
  }

  /** A diagnostic's JSON pointer at its line: the pointer itself, else its nearest ancestor that exists. */
  function place(ds: Diagnostic[], text: string): Placed[] {
    const { pointers } = locate(text);
    return ds.map((d) => {
      let p = d.location;
      while (p !== undefined) {
        const at = pointers.get(p);
        if (at) return { ...d, ...at };
        p = p === "" ? undefined : p.slice(0, Math.max(0, p.lastIndexOf("/")));
      }
      return d;
    });
  }

  // A validation of text that is no longer the editor's (typed over while it waited or ran) shows nothing:
  // it would overwrite what the newer text showed (a syntax error, "not saved").
  const validate = debounce(async (text: string) => {
    if (text !== area.value) return;
    const mine = ++seq;
    state.textContent = "Validating…";
    try {
      const r = await api<{ result: string; diagnostics: Diagnostic[]; truncated: boolean }>("POST", "/state-machines/validate", {
        definition: text,
        type: type(),
        severity: "WARNING",
      });
      if (mine !== seq || text !== area.value) return;
      const errors = r.diagnostics.filter((d) => d.severity === "ERROR").length;
      show(
        place(r.diagnostics, text),
        r.result === "OK" ? (r.diagnostics.length ? "Valid, with warnings" : "Valid") : `${errors} error${errors === 1 ? "" : "s"}`,
      );
    } catch (err) {
      if (mine === seq && text === area.value)
        show(
          [{ severity: "ERROR", code: err instanceof ApiFailure ? err.error : "Error", message: (err as Error).message }],
          "Not validated",
        );
    }
  }, 300);

  /** The JSON's own syntax error, placed; undefined when it parses. */
  function syntax(text: string): Placed | undefined {
    const { error } = locate(text);
    return (
      error && {
        severity: "ERROR",
        code: "INVALID_JSON_DESCRIPTION",
        message: error.message,
        line: error.line,
        column: error.column,
        offset: error.offset,
      }
    );
  }

  function changed(): void {
    const text = area.value;
    const bad = syntax(text);
    if (bad) {
      seq++;
      show([bad], "Not valid JSON");
      return;
    }
    const graph = graphOf(JSON.parse(text));
    if (view) view.update(graph);
    else (view = renderGraph(host, graph)).fit();
    drawGutter(new Set());
    validate(text);
  }

  area.addEventListener("input", changed);
  area.addEventListener("scroll", () => (gutter.scrollTop = area.scrollTop));
  for (const r of document.querySelectorAll('input[name="type"]')) r.addEventListener("change", changed);
  changed();

  const form = $<HTMLFormElement>("#editor-form")!;
  const saveError = $("#save-error")!;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    saveError.hidden = true;
    const text = area.value;
    const bad = syntax(text);
    if (bad) {
      show([bad], "Not valid JSON: not saved");
      goTo(bad);
      return;
    }
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    try {
      let name = data.name;
      if (name === null) {
        const input = $<HTMLInputElement>("#machine-name")!;
        name = input.value.trim();
        if (!name) {
          saveError.textContent = "Give the state machine a name.";
          saveError.hidden = false;
          input.focus();
          return;
        }
        await api("POST", "/state-machines", { name, definition: text, type: type() });
      } else await api("PUT", `/state-machines/${enc(name)}`, { definition: text });
      location.assign(`/console/state-machines/${enc(name)}`);
    } catch (err) {
      const f = err instanceof ApiFailure ? err : undefined;
      const diagnostics = f?.body.diagnostics as Diagnostic[] | undefined;
      if (diagnostics?.length) show(place(diagnostics, text), "Not saved: the definition has errors");
      saveError.textContent = f ? `${f.error}: ${f.message}` : String(err);
      saveError.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
}
