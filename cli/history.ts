/** History events as a table (`asl run --history`, `asl history`): local engine events or the API's AWS-shaped ones. */
import { eventDetails, type HistoryEvent } from "../shared/asl/index.ts";

interface Row {
  id: number;
  type: string;
  time: number;
  state: string;
  detail: string;
}

const short = (v: unknown, max = 60): string => {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text === undefined ? "" : text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/** Details of an event of either shape: the engine's (beside the base fields) or AWS's (`<type>EventDetails`). */
function detailsOf(e: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(e)) if (k.endsWith("EventDetails") && v && typeof v === "object") return v as Record<string, unknown>;
  return eventDetails(e as HistoryEvent) as Record<string, unknown>;
}

function describe(d: Record<string, unknown>): string {
  if (typeof d.error === "string" || typeof d.cause === "string") return short(`${d.error ?? ""}${d.cause ? `: ${d.cause}` : ""}`, 80);
  const data = d.output ?? d.input ?? d.parameters;
  if (data !== undefined) return short(parseJsonText(data));
  return d.resource ? short(`${d.resourceType ?? ""}:${d.resource}`) : "";
}

/** The API gives input and output as JSON text: show them as values. */
function parseJsonText(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function rowsOf(events: Record<string, unknown>[]): Row[] {
  const names = new Map<number, string>();
  const fans: string[] = [];
  return events.map((e) => {
    const d = detailsOf(e);
    const id = Number(e.id);
    const type = String(e.type);
    // A state's own events name it; a Map's or a Parallel's events belong to the innermost one open;
    // a task's follow their state (by previousEventId).
    let state: string;
    if (typeof d.name === "string") state = d.name;
    else if (type.startsWith("Execution")) state = "";
    else if (/^(Map|Parallel)/.test(type) && !type.startsWith("MapRun") && fans.length) state = fans[fans.length - 1];
    else state = names.get(Number(e.previousEventId)) ?? "";
    if (/^(Map|Parallel)StateEntered$/.test(type)) fans.push(state);
    else if (/^(Map|Parallel)StateExited$/.test(type)) fans.pop();
    names.set(id, state);
    const time = typeof e.timestamp === "number" ? e.timestamp : new Date(e.timestamp as string).getTime();
    return { id, type, time, state, detail: describe(d) };
  });
}

/** A fixed-width table: ID, TYPE, STATE, the time since the first event, and a short detail. */
export function historyTable(events: Record<string, unknown>[]): string {
  const rows = rowsOf(events);
  const start = rows[0]?.time ?? 0;
  const cells = rows.map((r) => [String(r.id), r.type, r.state, `${((r.time - start) / 1000).toFixed(3)}s`, r.detail]);
  const head = ["ID", "TYPE", "STATE", "ELAPSED", "DETAIL"];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 0 || i === 3 ? v.padStart(widths[i]) : i === c.length - 1 ? v : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), ...cells.map(line)].join("\n") + "\n";
}
