/**
 * For test/bench/express.ts --profile: a V8 CPU profile of one worker's isolate in workerd, taken through
 * Miniflare's inspector (the DevTools protocol over a WebSocket), summarised as each function's share of
 * the isolate's busy samples (self time). Shares only: workerd's sampler does not keep to the interval
 * asked, and a sample's time to the next one is wall time, so the absolute figures would mislead. The
 * bench's workerd CPU columns also count what happens outside the isolate (network stack, D1 simulator).
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  /** µs from each sample to the one before it (the first: from the profile's start). */
  timeDeltas: number[];
  endTime: number;
}

/** Connects to the isolate of `worker` (Miniflare names it core:user:<worker>) on `port`. */
export async function connectIsolate(port: number, worker: string) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => t.id === `core:user:${worker}`);
  if (!target) throw new Error(`no inspector target for worker ${worker} (targets: ${targets.map((t) => t.id).join(", ")})`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((ok, fail) => (ws.addEventListener("open", ok), ws.addEventListener("error", fail)));
  let seq = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(String(e.data)) as { id?: number; result?: unknown; error?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result ?? m.error);
    if (m.id !== undefined) waiting.delete(m.id);
  });
  const post = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise((ok) => {
      const id = ++seq;
      waiting.set(id, ok as (r: unknown) => void);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async start(intervalUs = 50): Promise<void> {
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: intervalUs });
      await post("Profiler.start");
    },
    async stop(): Promise<Profile> {
      return (await post<{ profile: Profile }>("Profiler.stop")).profile;
    },
    close: () => ws.close(),
  };
}

/** Each function's share of the busy samples (self time, weighted by the time to the next sample), busiest first. */
export function summarise(profile: Profile, top = 30) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // a sample stands for the time until the next one (the sampler's interval is not kept to in workerd)
  const self = new Map<string, number>();
  let busy = 0;
  let busySamples = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const { functionName, url, lineNumber } = byId.get(samples[i])!.callFrame;
    const time = i + 1 < samples.length ? timeDeltas[i + 1] : 0;
    if (functionName === "(idle)") continue;
    busy += time;
    busySamples++;
    const key = `${functionName || "(anonymous)"}${url ? ` ${url.split("/").at(-1)}:${lineNumber + 1}` : ""}`;
    self.set(key, (self.get(key) ?? 0) + time);
  }
  const rows = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, time]) => ({ function: fn, "% of busy": Math.round((1000 * time) / busy) / 10 }));
  return { rows, busySamples };
}
