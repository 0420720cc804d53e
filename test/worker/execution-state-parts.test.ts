// A state too big for the execution row (2 MB on Cloudflare; local workerd does not enforce it, so
// the sizes are checked here): split across `state_part` rows, joined on load, dropped when it shrinks.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { Execution } from "../../shared/asl/index.ts";
import { newStats, type HostState } from "../../worker/execution/host-state.ts";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { meter } from "../../worker/execution/sql.ts";
import { INLINE_STATE_BYTES, STATE_PART_BYTES } from "../../worker/execution/state-parts.ts";
import { Store } from "../../worker/execution/store.ts";
import { allEvents, drive, resetHooks, startArgs, stubOf, time, useDispatcher } from "./execution-helpers.ts";

beforeEach(resetHooks);

/** What Cloudflare allows in one row, string or BLOB. */
const ROW_LIMIT = 2_000_000;
/** Multi-byte on purpose (1 + 2 + 3 + 4 bytes in 5 UTF-16 units): the parts' cuts fall inside characters. */
const blob = (i: number, bytes: number) => `${i}:` + "aé漢😀".repeat(Math.floor(bytes / 10));

type Stub = ReturnType<typeof stubOf>;

interface Stored {
  parts: number;
  /** Bytes of the execution row (definition, input, state, history tail) and of the largest part. */
  rowBytes: number;
  partBytes: number;
  marker: boolean;
}

/** A string's bytes as a key-value value serialises it: one per character, two if any is past U+00FF. */
const serialised = (s: string | null): number => (s === null ? 0 : /[^\u0000-\u00ff]/.test(s) ? 2 * s.length : s.length);

const storedOf = (stub: Stub) =>
  runInDurableObject(stub, (_o: ExecutionObject, state): Stored => {
    const sql = state.storage.sql;
    const kv = state.storage.kv.get<{ definition: string; input: string; state: string; events: string | null }>("execution")!;
    const row = {
      n: serialised(kv.definition) + serialised(kv.input) + serialised(kv.state) + serialised(kv.events),
      s: kv.state.slice(0, 9),
    };
    const table = sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'state_part'").toArray().length > 0;
    const [parts] = table
      ? sql.exec<{ c: number; m: number }>("SELECT count(*) AS c, coalesce(max(length(bytes)), 0) AS m FROM state_part").toArray()
      : [{ c: 0, m: 0 }];
    return { parts: parts.c, rowBytes: row.n, partBytes: parts.m, marker: row.s.startsWith('{"parts"') };
  });

function withinLimits(s: Stored): void {
  expect(s.rowBytes).toBeLessThan(ROW_LIMIT);
  expect(s.partBytes).toBeLessThanOrEqual(STATE_PART_BYTES);
}

describe("an execution's state split across rows", () => {
  it("an inline Map with 12 large results in flight: split while running, across an eviction; the parts go as it shrinks", async () => {
    const calls = useDispatcher((call) => ({ output: blob((call.input as { i: number }).i, 220_000) }));
    const items = Array.from({ length: 12 }, (_, i) => ({ i, s: i < 6 ? 5 : 10 }));
    const a = startArgs(
      {
        StartAt: "Each",
        States: {
          Each: {
            Type: "Map",
            MaxConcurrency: 0,
            ItemProcessor: {
              StartAt: "Make",
              States: {
                Make: { Type: "Task", Resource: "worker:make", ResultPath: "$.blob", Next: "Nap" },
                Nap: { Type: "Wait", SecondsPath: "$.s", Next: "Sum" },
                Sum: {
                  Type: "Pass",
                  Parameters: { "i.$": "$.i", "head.$": "States.ArrayGetItem(States.StringSplit($.blob, 'é'), 0)" },
                  End: true,
                },
              },
            },
            End: true,
          },
        },
      },
      items,
    );
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    expect(calls).toHaveLength(12);
    // All twelve results wait in the state (2.6 MB of UTF-8, each held twice by its frame, as its
    // input and its effective input: six parts when measured), committed; three parts or more is over 2 MB.
    const full = await storedOf(stub);
    expect(full.marker).toBe(true);
    expect(full.parts).toBeGreaterThanOrEqual(3);
    withinLimits(full);
    expect((await stub.describe())?.status).toBe("RUNNING");

    // Reloaded from storage: the parts joined again into the very state that was in memory (its stats
    // and listing sync aside: a request, and a D1 write of the running status, count in memory until the
    // next commit). Compared as booleans: megabytes.
    const stateOf = () =>
      runInDurableObject(stub, (o: ExecutionObject) => {
        const { stats: _, listing: __, ...rest } = o.current()!.state;
        return JSON.stringify(rest);
      });
    const before = await stateOf();
    await evictDurableObject(stub);
    const after = await stateOf();
    expect(after.length).toBe(before.length);
    expect(after === before).toBe(true);
    for (const { i } of items) expect(after.includes(blob(i, 220_000))).toBe(true);

    // Half the iterations done: fewer parts (three when measured), the others deleted in that commit.
    time.offset = 5_000;
    await drive(stub);
    const half = await storedOf(stub);
    expect(half.marker).toBe(true);
    expect(half.parts).toBeGreaterThan(0);
    expect(half.parts).toBeLessThan(full.parts);
    withinLimits(half);

    await evictDurableObject(stub);
    time.offset = 10_000;
    await drive(stub);
    const d = await stub.describe();
    expect(d?.status).toBe("SUCCEEDED");
    expect(JSON.parse(d!.output!)).toEqual(items.map(({ i }) => ({ i, head: `${i}:a` })));
    // Back in its row: the table stays, empty.
    expect(await storedOf(stub)).toMatchObject({ parts: 0, marker: false });
    const events = await allEvents(stub);
    expect(events.map((e) => e.id)).toEqual(events.map((_, n) => n + 1));
    expect(events.filter((e) => e.type === "MapIterationSucceeded")).toHaveLength(12);
  });

  it("Store: parts written, trimmed and dropped in the commit, each row counted; a small state costs one row", async () => {
    const stub = env.EXECUTIONS.getByName("state-parts-store");
    await runInDurableObject(stub, (_o: ExecutionObject, ctx) => {
      const sql = ctx.storage.sql;
      const state = { exec: { eventSeq: 0 } as unknown as Execution, tasks: {}, listing: { synced: null, failures: 0, retryAt: 0 } };
      const host = { ...state, stats: newStats() } as HostState & { pad?: string };
      const store = new Store(ctx.storage);
      const written = () => host.stats.rowsWritten;
      const partsTable = () => sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'state_part'").toArray().length;
      const partRows = () =>
        sql
          .exec<{ seq: number }>("SELECT seq FROM state_part ORDER BY seq")
          .toArray()
          .map((r) => r.seq);
      store.create({ definition: "{}", revision: 1, input: "{}" }, host, []);
      // The row (a key: no table to create, see kv-layout.ts): no state_part table until a state needs it.
      expect(written()).toBe(1);
      expect(partsTable()).toBe(0);

      const step = (pad: string | undefined): number => {
        const before = written();
        if (pad === undefined) delete host.pad;
        else host.pad = pad;
        store.commit(host, []);
        return written() - before;
      };
      // 2.5 MB: its table (2 rows), three parts, the row.
      expect(step(blob(1, 2_500_000))).toBe(2 + 3 + 1);
      expect(partRows()).toEqual([0, 1, 2]);
      // Joined again by a fresh store; the stats are the marker's (they count the parts).
      const again = new Store(ctx.storage).load()!;
      expect(again.state).toEqual(host);
      // 1.5 MB: two parts rewritten, the third deleted, the row.
      expect(step(blob(2, 1_500_000))).toBe(2 + 1 + 1);
      expect(partRows()).toEqual([0, 1]);
      expect(new Store(ctx.storage).load()!.state).toEqual(host);
      // Just over the row's share: one part.
      expect(step(blob(3, INLINE_STATE_BYTES))).toBe(1 + 1 + 1);
      expect(partRows()).toEqual([0]);
      // Back in its row: the part deleted, the row.
      expect(step(undefined)).toBe(1 + 1);
      expect(partRows()).toEqual([]);
      expect(new Store(ctx.storage).load()!.state).toEqual(host);

      // The common case, as before this table: one key put (no statement), one row.
      let statements = 0;
      const exec = sql.exec.bind(sql);
      sql.exec = ((...args: Parameters<typeof exec>) => (statements++, exec(...args))) as typeof sql.exec;
      try {
        expect(step(blob(4, 100_000))).toBe(1);
        expect(statements).toBe(0);
      } finally {
        sql.exec = exec;
      }
      // The row's own write landed on the -1 (its read waits for the next commit, as before).
      expect(meter(sql).rowsWritten).toBe(0);
      // The stats in memory are those stored, reads of the loads above included.
      const stored = new Store(ctx.storage).load()!.state.stats;
      expect(stored).toEqual(host.stats);
    });
  });
});
