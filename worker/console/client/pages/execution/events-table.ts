/** The event history as a table (id, type, state, resource, elapsed), each row's details expandable. */
import type { HistoryEventLike } from "../../../../../shared/graph/index.ts";
import { h, ms } from "../../dom.ts";

const detailsOf = (e: HistoryEventLike): Record<string, unknown> | undefined => {
  for (const k in e) if (k.endsWith("EventDetails")) return e[k] as Record<string, unknown>;
  return undefined;
};

/** The state an event belongs to: the nearest StateEntered before it that has not exited (by previousEventId chains too). */
export class EventsTable {
  private readonly body: HTMLTableSectionElement;
  private lastId = 0;
  private start?: number;
  private current: string[] = [];

  constructor(host: HTMLElement) {
    this.body = h("tbody");
    host.replaceChildren(
      h(
        "table",
        { class: "table events" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "ID"),
            h("th", { scope: "col" }, "Type"),
            h("th", { scope: "col" }, "Step"),
            h("th", { scope: "col" }, "Resource"),
            h("th", { scope: "col", class: "num" }, "Elapsed"),
            h("th", { scope: "col" }, "Time"),
          ),
        ),
        this.body,
      ),
    );
  }

  append(events: HistoryEventLike[]): void {
    for (const e of events) {
      if (e.id <= this.lastId) continue;
      this.lastId = e.id;
      const t = new Date(e.timestamp).getTime();
      this.start ??= t;
      const d = detailsOf(e) ?? {};
      if (e.type.endsWith("StateEntered")) this.current.push(String(d.name ?? ""));
      const step =
        typeof d.name === "string" && !e.type.startsWith("MapIteration") ? d.name : (this.current[this.current.length - 1] ?? "");
      if (e.type.endsWith("StateExited")) {
        const i = this.current.lastIndexOf(String(d.name ?? ""));
        if (i >= 0) this.current.splice(i, 1);
      }
      const resource = typeof d.resource === "string" ? `${d.resourceType ?? ""}${d.resourceType ? ":" : ""}${d.resource}` : "";
      const id = `event-${e.id}`;
      const toggle = h(
        "button",
        { type: "button", class: "expander", "aria-expanded": "false", "aria-controls": id, "aria-label": `Details of event ${e.id}` },
        "▸",
      );
      const detail = h(
        "tr",
        { id, class: "event-detail", hidden: true },
        h("td", { colspan: 6 }, h("pre", { class: "code" }, JSON.stringify(e, null, 2))),
      );
      toggle.addEventListener("click", () => {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? "▾" : "▸";
        detail.hidden = !open;
      });
      const row = h(
        "tr",
        {
          class: `event ${/Failed|TimedOut|Aborted/.test(e.type) ? "event-failed" : ""}`,
          "data-event-id": e.id,
          "data-event-type": e.type,
        },
        h("td", {}, toggle, " ", String(e.id)),
        h("td", {}, e.type),
        h("td", {}, step),
        h("td", { class: "resource" }, resource),
        h("td", { class: "num" }, ms(t - this.start)),
        h("td", {}, h("time", { datetime: new Date(t).toISOString() }, new Date(t).toISOString().slice(11, 23))),
      );
      this.body.append(row, detail);
    }
  }
}
