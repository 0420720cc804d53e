/**
 * For test/bench/engine.ts: the garbage collections that fell inside each engine's timed samples, from
 * Node's `gc` performance entries. A young-generation collection that copies a few megabytes takes 2–4 ms
 * here, longer than a whole map execution of ours; the engine whose sample it lands in pays for the heap
 * both engines filled. Printed per workflow, it says how much of a run's spread is the collector's.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "young",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "full",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks",
};

interface Pause {
  start: number;
  ms: number;
  kind: string;
}

export class GcPauses {
  private readonly pauses: Pause[] = [];
  private readonly observer = new PerformanceObserver((list) => this.take(list.getEntries()));

  constructor() {
    this.observer.observe({ entryTypes: ["gc"] });
  }

  /** Lets the observer take the entries made so far (Node delivers them some milliseconds later). */
  async settle(): Promise<void> {
    await new Promise((ok) => setTimeout(ok, 50));
    this.take(this.observer.takeRecords());
  }

  private take(entries: PerformanceEntry[]): void {
    for (const e of entries as (PerformanceEntry & { detail?: { kind?: number } })[])
      this.pauses.push({ start: e.startTime, ms: e.duration, kind: KINDS[e.detail?.kind ?? -1] ?? "other" });
  }

  /** How many of the windows held a collection, and the collections' time inside them by kind (ms). */
  within(windows: [number, number][]): { hit: number; byKind: Record<string, number> } {
    let hit = 0;
    const byKind: Record<string, number> = {};
    for (const [t0, t1] of windows) {
      const inside = this.pauses.filter((p) => p.start >= t0 && p.start < t1);
      if (inside.length) hit++;
      for (const p of inside) byKind[p.kind] = (byKind[p.kind] ?? 0) + p.ms;
    }
    return { hit, byKind };
  }

  /** "3 of 9 samples (young 9.1 ms)": a note's words for one engine's samples. */
  describe(windows: [number, number][]): string {
    const { hit, byKind } = this.within(windows);
    const kinds = Object.entries(byKind).map(([k, ms]) => `${k} ${ms.toFixed(1)} ms`);
    return `${hit} of ${windows.length} samples${kinds.length ? ` (${kinds.join(", ")})` : ""}`;
  }

  close(): void {
    this.observer.disconnect();
  }
}
