// What an execution is billed for in its Durable Object's storage, as stats() counts it from the
// SQL cursors: exact figures, so a change that writes more rows shows up here.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { LISTING_HOLD_MS } from "../../worker/execution/listing.ts";
import { KV_IDENTITY_CHARS } from "../../worker/execution/kv-layout.ts";
import { TAIL_CHARS } from "../../worker/execution/store.ts";
import {
  allEvents,
  drive,
  expectNothingDue,
  history,
  listingRow,
  resetHooks,
  startArgs,
  stubOf,
  useDispatcher,
} from "./execution-helpers.ts";

beforeEach(resetHooks);

const work = (next?: string) => ({ Type: "Task", Resource: "worker:w", ...(next ? { Next: next } : { End: true }) });

/**
 * Where the execution is stored (the key-value API, or the journal table of a big definition or input),
 * its history chunks as [first id, last id], and how many events the execution row's tail holds.
 */
const journalOf = (stub: ReturnType<typeof stubOf>) =>
  runInDurableObject(stub, (_o: ExecutionObject, state) => {
    const kv = state.storage.kv;
    const row = kv.get<{ events: string | null }>("execution");
    const count = (events: string | null) => (events ? (JSON.parse(events) as unknown[]).length : 0);
    if (row) {
      const chunks = [...kv.list<{ last: number }>({ prefix: "history:" })].map(([key, c]) => [
        Number(key.slice("history:".length)),
        c.last,
      ]);
      return { layout: "kv", chunks, tail: count(row.events) };
    }
    const sql = state.storage.sql;
    const chunks = sql.exec<{ id: number; last_id: number }>("SELECT id, last_id FROM journal WHERE id > 0 ORDER BY id").toArray();
    const [{ events }] = sql.exec<{ events: string | null }>("SELECT events FROM journal WHERE id = 0").toArray();
    return { layout: "journal", chunks: chunks.map((c) => [c.id, c.last_id]), tail: count(events) };
  });

describe("rows an execution writes", () => {
  it("three tasks in a row in one alarm: one watchdog alarm for all of them, not one per result", async () => {
    const calls = useDispatcher((call) => ({ output: call.stateName }));
    const a = startArgs({ StartAt: "A", States: { A: work("B"), B: work("C"), C: work() } });
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '"C"' });
    expect(calls.map((c) => c.stateName)).toEqual(["A", "B", "C"]);
    const stats = (await stub.stats())!;
    expect(stats).toMatchObject({ commits: 4, alarms: 1, dispatches: 3 });
    // Start: the execution row (its events in its history tail; no table to create: kv-layout.ts) + the
    // alarm for now; in the alarm: the watchdog, three results (one row each). The watchdog is left to
    // fire, and the final D1 write's count waits in memory for it (see listing.ts, mustStore).
    expect(stats.rowsWritten).toBe(2 + 1 + 3);
    expect(stats.rowsByLabel?.["schema.create"]).toBeUndefined();
    // The first D1 write, held while the alarm ran at once, carries the end: the row and its index entry.
    expect(stats.d1ByLabel).toEqual({ "listing.SUCCEEDED": 2 });
    await expectNothingDue(stub);
  });

  it("Pass, Choice, a task, Pass, Succeed (bench:durable's small-express): each row itemised", async () => {
    useDispatcher(() => ({ output: { total: 6 } }));
    const a = startArgs(
      {
        StartAt: "Prepare",
        States: {
          Prepare: { Type: "Pass", Parameters: { "qty.$": "$.qty", price: 2 }, Next: "Route" },
          Route: { Type: "Choice", Choices: [{ Variable: "$.qty", NumericGreaterThan: 0, Next: "Compute" }], Default: "Done" },
          Compute: { Type: "Task", Resource: "worker:w", Next: "Shape" },
          Shape: { Type: "Pass", Parameters: { "total.$": "$.total" }, Next: "Done" },
          Done: { Type: "Succeed" },
        },
      },
      { qty: 3 },
    );
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '{"total":6}' });
    const stats = (await stub.stats())!;
    // The start's row (no table: kv-layout.ts) and its alarm (now); the watchdog the alarm sets before the
    // task goes out; the result's row, which ends it. Nothing deleted, nothing written after the D1 write.
    expect(stats.rowsByLabel).toEqual({ "execution.insert": 1, "execution.update": 1, "alarm.set": 2 });
    expect(stats.rowsWritten).toBe(4);
    await expectNothingDue(stub);
    expect(stats.d1ByLabel).toEqual({ "listing.SUCCEEDED": 2 });
    expect((await listingRow(a.executionArn))?.status).toBe("SUCCEEDED");
    expect(await journalOf(stub)).toEqual({ layout: "kv", chunks: [], tail: (await allEvents(stub)).length });
  });

  it("a running execution's first D1 write is held while its alarm runs at once; a task still out then, it is listed RUNNING", async () => {
    // Polled, not resolved from here: a promise made in the object must settle in its own context.
    let released = false;
    useDispatcher(async () => {
      while (!released) await new Promise((r) => setTimeout(r, 5));
      return { output: 1 };
    });
    const a = startArgs({ StartAt: "A", States: { A: work() } });
    const stub = stubOf(a);
    await stub.start(a);
    expect(await listingRow(a.executionArn)).toBeNull();
    const alarm = runDurableObjectAlarm(stub);
    const deadline = Date.now() + 10 * LISTING_HOLD_MS;
    while ((await listingRow(a.executionArn)) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await listingRow(a.executionArn))?.status).toBe("RUNNING");
    released = true;
    await alarm;
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    expect((await listingRow(a.executionArn))?.status).toBe("SUCCEEDED");
    expect((await stub.stats())!.d1ByLabel).toEqual({ "listing.RUNNING": 2, "listing.SUCCEEDED": 1 });
  });

  it.each([
    ["the key-value API", "kv", ""],
    ["the journal table (a definition too big for the key-value layout)", "journal", "y".repeat(KV_IDENTITY_CHARS)],
  ])("the history's tail and its chunks page as one history, both ways, across an eviction: %s", async (_, layout, comment) => {
    // B's output outgrows the tail: that commit moves the tail and its events to a chunk; C's stay in the tail.
    useDispatcher((call) => ({ output: call.stateName === "B" ? "x".repeat(TAIL_CHARS) : call.stateName }));
    const a = startArgs({ Comment: comment, StartAt: "A", States: { A: work("B"), B: work("C"), C: work() } });
    const stub = stubOf(a);
    await stub.start(a);
    await drive(stub);
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '"C"' });
    await evictDurableObject(stub);
    const all = await allEvents(stub);
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    const journal = await journalOf(stub);
    expect(journal.layout).toBe(layout);
    expect(journal.chunks.length).toBe(1);
    expect(journal.tail).toBeGreaterThan(0);
    expect(journal.chunks[0][1] + journal.tail).toBe(all.length);
    for (const reverseOrder of [false, true]) {
      const ids: number[] = [];
      let nextToken: string | undefined;
      do {
        const page = (await history(stub, { reverseOrder, maxResults: 3, nextToken }))!;
        ids.push(...page.events.map((e) => e.id));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(ids).toEqual(reverseOrder ? all.map((e) => e.id).reverse() : all.map((e) => e.id));
    }
  });
});
