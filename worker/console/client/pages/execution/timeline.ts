/** A timeline of state durations: one bar per state entry, on the execution's time axis (Inngest-like). */
import { spansOf, type HistoryEventLike } from "../../../../../shared/graph/index.ts";
import { h, ms } from "../../dom.ts";

/** At most this many bars: a long Map's iterations would make a wall, not a picture. */
const MAX_BARS = 300;

export function drawTimeline(host: HTMLElement, events: HistoryEventLike[], running: boolean): void {
  const spans = spansOf(events);
  if (!spans.length) {
    host.replaceChildren(h("p", { class: "muted" }, "No state has started yet."));
    return;
  }
  const start = Math.min(...spans.map((s) => s.start));
  const now = Date.now();
  const end = Math.max(...spans.map((s) => s.end ?? (running ? now : s.start)), start + 1);
  const total = end - start;
  const shown = spans.slice(0, MAX_BARS);
  host.replaceChildren(
    h(
      "ol",
      { class: "timeline-rows", "aria-label": `Timeline: ${spans.length} state entries over ${ms(total)}` },
      shown.map((s) => {
        const from = ((s.start - start) / total) * 100;
        const width = Math.max(0.4, (((s.end ?? (running ? now : s.start)) - s.start) / total) * 100);
        const took = s.end !== undefined ? ms(s.end - s.start) : "running";
        return h(
          "li",
          { class: "timeline-row" },
          h("span", { class: "timeline-label", title: s.state }, s.state),
          h(
            "span",
            { class: "timeline-track" },
            h("span", {
              class: `timeline-bar status-${s.status}`,
              style: `left:${from.toFixed(2)}%;width:${width.toFixed(2)}%`,
              title: `${s.state}: ${took}`,
            }),
          ),
          h("span", { class: "timeline-time" }, took),
        );
      }),
    ),
    spans.length > MAX_BARS ? h("p", { class: "muted" }, `First ${MAX_BARS} of ${spans.length} state entries.`) : "",
  );
}
