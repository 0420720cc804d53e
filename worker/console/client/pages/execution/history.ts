/**
 * An execution's history in the browser: read in pages from GetExecutionHistory, then kept up to date
 * through the execution's WebSocket (GET /executions/<arn>/live?after=<last event id>). Events are only
 * ever added in id order: a gap (a message lost, a "refetch" from the object) reads the history again,
 * one read at a time, with what arrives meanwhile held back and added after it. If the socket cannot be
 * opened, it polls every two seconds and tries the socket again every thirty.
 */
import type { HistoryEventLike } from "../../../../../shared/graph/index.ts";
import { api, enc } from "../../api.ts";

type Listener = (events: HistoryEventLike[], status?: string) => void;

const PAGE = 1000;
const POLL_MS = 2000;
const SOCKET_RETRY_MS = 30_000;

export class LiveHistory {
  readonly events: HistoryEventLike[] = [];
  private socket?: WebSocket;
  private failures = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  /** The execution ended (a message said so): no reconnecting. */
  private ended = false;
  private loading?: Promise<void>;
  private held: { events: HistoryEventLike[]; status?: string }[] = [];
  private readonly arn: string;
  private readonly onChange: Listener;
  private readonly onMode: (mode: string) => void;
  private readonly onError: (err: unknown) => void;

  constructor(arn: string, onChange: Listener, onMode: (mode: string) => void, onError: (err: unknown) => void) {
    this.arn = arn;
    this.onChange = onChange;
    this.onMode = onMode;
    this.onError = onError;
  }

  get lastId(): number {
    return this.events.length ? this.events[this.events.length - 1].id : 0;
  }

  /** Every event after the last one held (GetExecutionHistory, 1000 per page); one read at a time. */
  load(): Promise<void> {
    this.loading ??= this.read().finally(() => {
      this.loading = undefined;
      for (const h of this.held.splice(0)) this.merge(h.events, h.status);
    });
    return this.loading;
  }

  private async read(): Promise<void> {
    let next: string | undefined;
    do {
      const q = `maxResults=${PAGE}${next ? `&nextToken=${enc(next)}` : ""}`;
      const page = await api<{ events: HistoryEventLike[]; nextToken?: string }>("GET", `/executions/${enc(this.arn)}/history?${q}`);
      this.add(page.events.filter((e) => e.id > this.lastId));
      next = page.nextToken;
    } while (next);
  }

  /** Appends events that follow on without a gap, and tells the page. */
  private add(events: HistoryEventLike[], status?: string): void {
    const fresh = events.filter((e) => e.id > this.lastId).sort((a, b) => a.id - b.id);
    for (const e of fresh) this.events.push(e);
    if (fresh.length || status) this.onChange(fresh, status);
  }

  /** Events from the socket or a poll: added in order; after a gap, the history is read again. */
  merge(events: HistoryEventLike[], status?: string): void {
    if (status && status !== "RUNNING") this.ended = true;
    if (this.loading) {
      this.held.push({ events, status });
      return;
    }
    const fresh = events.filter((e) => e.id > this.lastId).sort((a, b) => a.id - b.id);
    if (fresh.length && fresh[0].id !== this.lastId + 1) {
      this.held.push({ events, status });
      void this.load().catch(this.onError);
      return;
    }
    this.add(fresh, status);
  }

  watch(): void {
    if (this.stopped || this.ended) return;
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
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { type: string; status: string; events?: HistoryEventLike[]; lastEventId?: number };
      if (msg.type === "events") this.merge(msg.events ?? [], msg.status);
      else if (msg.type === "refetch") {
        if (msg.status !== "RUNNING") this.ended = true;
        void this.load()
          .then(() => this.onChange([], msg.status))
          .catch(this.onError);
      }
    };
    ws.onclose = () => {
      if (this.stopped || this.ended) return;
      if (!opened) this.failures++;
      // Two refusals in a row: the socket does not work from here (a proxy, a deploy): poll for a while.
      if (this.failures >= 2) this.poll();
      else this.timer = setTimeout(() => this.watch(), opened ? 500 : 1500);
    };
  }

  private poll(): void {
    this.setMode("polling");
    const until = Date.now() + SOCKET_RETRY_MS;
    const tick = async () => {
      if (this.stopped || this.ended) return;
      if (Date.now() > until) {
        // Try the socket again; one more refusal comes back here.
        this.failures = 1;
        this.watch();
        return;
      }
      try {
        const page = await api<{ events: HistoryEventLike[] }>(
          "GET",
          `/executions/${enc(this.arn)}/history?maxResults=100&reverseOrder=true`,
        );
        this.merge(page.events);
      } catch (err) {
        this.onError(err);
      } finally {
        if (!this.stopped && !this.ended) this.timer = setTimeout(tick, POLL_MS);
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
    this.onMode(mode);
  }
}
