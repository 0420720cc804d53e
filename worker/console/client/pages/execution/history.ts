/**
 * An execution's history in the browser: read in pages from GetExecutionHistory, then kept up to date
 * through the execution's WebSocket (GET /executions/<arn>/live?after=<last event id>). If the socket
 * cannot be opened or keeps dropping, it polls the history every two seconds instead.
 */
import type { HistoryEventLike } from "../../../../../shared/graph/index.ts";
import { api, enc } from "../../api.ts";

type Listener = (events: HistoryEventLike[], status?: string) => void;

export class LiveHistory {
  readonly events: HistoryEventLike[] = [];
  private socket?: WebSocket;
  private failures = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  /** "live", "polling" or "ended": shown on the page. */
  mode = "loading";

  private readonly arn: string;
  private readonly onChange: Listener;
  private readonly onMode: (mode: string) => void;

  constructor(arn: string, onChange: Listener, onMode: (mode: string) => void) {
    this.arn = arn;
    this.onChange = onChange;
    this.onMode = onMode;
  }

  get lastId(): number {
    return this.events.length ? this.events[this.events.length - 1].id : 0;
  }

  /** Every event from the start (GetExecutionHistory, 1000 per page). */
  async load(): Promise<void> {
    const all: HistoryEventLike[] = [];
    let next: string | undefined;
    do {
      const q = `maxResults=1000${next ? `&nextToken=${enc(next)}` : ""}`;
      const page = await api<{ events: HistoryEventLike[]; nextToken?: string }>("GET", `/executions/${enc(this.arn)}/history?${q}`);
      all.push(...page.events);
      next = page.nextToken;
    } while (next);
    this.events.length = 0;
    this.merge(all);
  }

  /** Adds events not seen yet, in id order; tells the page when anything is new. */
  merge(events: HistoryEventLike[], status?: string): void {
    const before = this.lastId;
    const fresh = events.filter((e) => e.id > before).sort((a, b) => a.id - b.id);
    for (const e of fresh) if (e.id > this.lastId) this.events.push(e);
    if (fresh.length || status) this.onChange(fresh, status);
  }

  watch(): void {
    if (this.stopped) return;
    const url = new URL(`/executions/${enc(this.arn)}/live?after=${this.lastId}`, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    let opened = false;
    const ws = new WebSocket(url);
    this.socket = ws;
    ws.onopen = () => {
      opened = true;
      this.failures = 0;
      this.setMode("live");
    };
    ws.onmessage = async (m) => {
      const msg = JSON.parse(String(m.data)) as { type: string; status: string; events?: HistoryEventLike[] };
      if (msg.type === "events") this.merge(msg.events ?? [], msg.status);
      else if (msg.type === "refetch") {
        await this.load();
        this.onChange([], msg.status);
      }
    };
    ws.onclose = () => {
      if (this.stopped) return;
      if (!opened) this.failures++;
      // Two refusals in a row: the socket will not work here (a proxy, a policy): poll instead.
      if (this.failures >= 2) this.poll();
      else this.timer = setTimeout(() => this.watch(), opened ? 500 : 1500);
    };
  }

  private poll(): void {
    this.setMode("polling");
    const tick = async () => {
      if (this.stopped) return;
      try {
        const page = await api<{ events: HistoryEventLike[] }>(
          "GET",
          `/executions/${enc(this.arn)}/history?maxResults=1000&reverseOrder=true`,
        );
        const oldest = page.events.reduce((m, e) => Math.min(m, e.id), Infinity);
        // More happened since the last poll than one page shows: read it all again.
        if (page.events.length && oldest > this.lastId + 1) await this.load();
        else this.merge(page.events);
      } finally {
        if (!this.stopped) this.timer = setTimeout(tick, 2000);
      }
    };
    void tick();
  }

  /** The execution ended: no more events will come. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000);
    this.setMode("ended");
  }

  private setMode(mode: string): void {
    this.mode = mode;
    this.onMode(mode);
  }
}
