// The key-value layout's writes (worker/execution/kv-layout.ts) inside a commit's transaction: all of them
// land, or none (a commit that fails after writing a history chunk leaves neither the chunk nor the row).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Execution, HistoryEvent } from "../../shared/asl/index.ts";
import { newStats, type HostState } from "../../worker/execution/host-state.ts";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { Store, TAIL_CHARS } from "../../worker/execution/store.ts";

const event = (id: number, pad = ""): HistoryEvent =>
  ({ id, previousEventId: id - 1, timestamp: 0, type: "PassStateEntered", details: { name: "P", input: pad } }) as unknown as HistoryEvent;

describe("the key-value layout", () => {
  it("a commit whose row cannot be written leaves the chunk it wrote before undone, and the stored execution as it was", async () => {
    const stub = env.EXECUTIONS.getByName("kv-layout-atomic");
    await runInDurableObject(stub, (_o: ExecutionObject, ctx) => {
      const host: HostState = {
        exec: { eventSeq: 1 } as unknown as Execution,
        tasks: {},
        listing: { synced: null, failures: 0, retryAt: 0 },
        stats: newStats(),
      };
      const store = new Store(ctx.storage);
      store.create({ definition: "{}", revision: 1, input: "{}" }, host, [event(1)]);
      const kv = ctx.storage.kv;
      const put = kv.put.bind(kv);
      // The next commit's events outgrow the tail: a chunk is written first, then the row, which fails.
      kv.put = ((key: string, value: unknown) => {
        if (key === "execution") throw new Error("disk full");
        put(key, value);
      }) as typeof kv.put;
      try {
        expect(() => store.commit({ ...host, exec: { eventSeq: 2 } as unknown as Execution }, [event(2, "x".repeat(TAIL_CHARS))])).toThrow(
          "disk full",
        );
      } finally {
        kv.put = put;
      }
      expect([...kv.list({ prefix: "history:" })]).toEqual([]);
      const again = new Store(ctx.storage).load()!;
      expect(again.state.exec).toEqual({ eventSeq: 1 });
      expect([...store.events(1, false)].map((e) => e.id)).toEqual([1]);
    });
  });

  it("pages chunks both ways from any id, ids past twelve digits included", async () => {
    const stub = env.EXECUTIONS.getByName("kv-layout-paging");
    await runInDurableObject(stub, (_o: ExecutionObject, ctx) => {
      const host: HostState = {
        exec: { eventSeq: 0 } as unknown as Execution,
        tasks: {},
        listing: { synced: null, failures: 0, retryAt: 0 },
        stats: newStats(),
      };
      const store = new Store(ctx.storage);
      store.create({ definition: "{}", revision: 1, input: "{}" }, host, []);
      // Three commits of two events, each more than the tail holds: each goes to a chunk of its own (1-2, 3-4, 5-6).
      for (let first = 1; first <= 5; first += 2) store.commit(host, [event(first, "x".repeat(TAIL_CHARS)), event(first + 1)]);
      expect([...ctx.storage.kv.list({ prefix: "history:" })].map(([k]) => k)).toEqual([
        "history:000000000001",
        "history:000000000003",
        "history:000000000005",
      ]);
      const ids = (from: number, down: boolean) => [...store.events(from, down)].map((e) => e.id);
      expect(ids(1, false)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(ids(4, false)).toEqual([4, 5, 6]);
      expect(ids(7, false)).toEqual([]);
      expect(ids(6, true)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(ids(3, true)).toEqual([3, 2, 1]);
      expect(ids(0, true)).toEqual([]);
      expect(ids(1e15, true)).toEqual([6, 5, 4, 3, 2, 1]);
    });
  });
});
