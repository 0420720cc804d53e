/** The console's one script: each page's behaviour, chosen by <body data-page>. */
import { editorPage } from "./pages/editor.ts";
import { executionPage } from "./pages/execution.ts";
import { machinePage } from "./pages/machine.ts";

const pages: Record<string, () => void> = { machine: machinePage, editor: editorPage, execution: executionPage };

function start(): void {
  // Filters submit themselves when changed (they work as plain forms without this script).
  for (const form of document.querySelectorAll<HTMLFormElement>("form[data-autosubmit]")) {
    form.querySelector("select")?.addEventListener("change", () => form.requestSubmit());
  }
  pages[document.body.dataset.page ?? ""]?.();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
