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

/** Below Cloudflare's 1 MiB WebSocket message limit, with room for the envelope. */
const MAX_MESSAGE_CHARS = 768 * 1024;
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
  return text.length > MAX_MESSAGE_CHARS ? refetch(exec) : text;
}

const refetch = (exec: Execution): string =>
  JSON.stringify({ type: "refetch", status: exec.status, lastEventId: exec.eventSeq } satisfies LiveMessage);

/**
 * Sends to every watcher; one that is gone is dropped by the runtime, not an error here. Once the
 * execution has ended nothing more will come: the sockets are closed (1000) after the last events.
 */
export function broadcast(sockets: WebSocket[], message: string, ended = false): void {
  for (const ws of sockets) {
    try {
      ws.send(message);
      if (ended) ws.close(1000, "execution ended");
    } catch {
      // closing or closed: its close handler ends it
    }
  }
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
    const frame = exec.frames[task.frame];
    if (!frame?.token) continue;
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
