/**
 * Watching an execution live (the console's execution page): WebSockets accepted by the execution's
 * own Durable Object with the hibernation API, so an idle watcher costs nothing while the object
 * sleeps. Each commit that wrote events sends them to every watcher; a watcher that connects gets the
 * events after the one it names (`?after=<event id>`). A message too large for one frame tells the
 * watcher to page through GetExecutionHistory instead.
 */
import { awsEvent, type Execution, type HistoryEvent } from "../../shared/asl/index.ts";
import type { HistoryEventWire } from "../../shared/api/types.ts";
import type { WaitingTask } from "./contract.ts";
import type { HostState } from "./host-state.ts";

/** Below Cloudflare's 1 MiB WebSocket message limit (bytes of UTF-8), with room for the envelope. */
export const MAX_MESSAGE_BYTES = 768 * 1024;
/**
 * How long one watcher's socket lives: the handshake is where the credentials are checked, so a socket
 * ends with the console session it was opened in (12 hours); the page opens a new one.
 */
export const WATCH_MS = 12 * 60 * 60 * 1000;
/** Events sent on connect; more than this and the watcher reads the history API. */
const MAX_BACKLOG = 500;

export type LiveMessage =
  | { type: "events"; status: Execution["status"]; events: HistoryEventWire[] }
  | { type: "refetch"; status: Execution["status"]; lastEventId: number };

function wire(ev: HistoryEvent): HistoryEventWire {
  const w = awsEvent(ev, true);
  w.timestamp = new Date(ev.timestamp).toISOString();
  return w as HistoryEventWire;
}

/** The message for these events: the events themselves, or "refetch" when they would not fit. */
export function liveMessage(exec: Execution, events: Iterable<HistoryEvent>): string {
  const list: HistoryEventWire[] = [];
  for (const ev of events) {
    if (list.length === MAX_BACKLOG) return refetch(exec);
    list.push(wire(ev));
  }
  const text = JSON.stringify({ type: "events", status: exec.status, events: list } satisfies LiveMessage);
  // The limit is on bytes: a character is up to 3 UTF-8 bytes (surrogate pairs: 4 for 2), so count only when it matters.
  const big = text.length * 3 > MAX_MESSAGE_BYTES && new TextEncoder().encode(text).byteLength > MAX_MESSAGE_BYTES;
  return big ? refetch(exec) : text;
}

const refetch = (exec: Execution): string =>
  JSON.stringify({ type: "refetch", status: exec.status, lastEventId: exec.eventSeq } satisfies LiveMessage);

/**
 * Sends to every watcher; one that is gone is dropped by the runtime, not an error here. Once the
 * execution has ended nothing more will come: the sockets are closed (1000) after the last events.
 */
export function broadcast(sockets: WebSocket[], message: string, ended = false, now = Date.now()): void {
  for (const ws of sockets) {
    try {
      const until = (ws.deserializeAttachment() as { until?: number } | null)?.until;
      if (until !== undefined && until <= now) {
        ws.close(4001, "watch expired: reconnect");
        continue;
      }
      ws.send(message);
      if (ended) ws.close(1000, "execution ended");
    } catch {
      // closing or closed: its close handler ends it
    }
  }
}

/** Accepts a watcher's socket (hibernation API) with the time it must end by. */
export function acceptWatcher(ctx: DurableObjectState, server: WebSocket, now: number): void {
  ctx.acceptWebSocket(server);
  server.serializeAttachment({ until: now + WATCH_MS });
}

/** The `after` of a watcher's URL: an event id (0 = from the start). */
export function afterOf(url: string): number {
  const v = Number(new URL(url).searchParams.get("after") ?? 0);
  return Number.isInteger(v) && v >= 0 ? v : 0;
}

/** Tasks waiting right now for SendTaskSuccess/Failure: `.waitForTaskToken` tasks and activities. */
export function waitingTasks(state: HostState): WaitingTask[] {
  const exec = state.exec;
  const out: WaitingTask[] = [];
  for (const id in exec.tasks) {
    const task = exec.tasks[id];
    const frame = task && exec.frames[task.frame];
    if (!task || !frame?.token) continue;
    const w: WaitingTask = {
      state: frame.state,
      taskToken: frame.token,
      resource: task.resource,
      enteredEventId: frame.enteredEventId,
      since: new Date(frame.enteredTime).toISOString(),
    };
    if (frame.mapItem) w.mapIndex = frame.mapItem.index;
    out.push(w);
  }
  return out;
}
