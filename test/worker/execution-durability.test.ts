// What survives: eviction mid-execution, long runs of pure transitions cut into commits, the
// 25,000-event limit, a failing D1 listing write, and the rows each execution writes.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { ListingDb } from "../../worker/db/execution-rows.ts";
import { surroundings } from "../../worker/execution/surroundings.ts";
import type { ExecutionObject } from "../../worker/execution/object.ts";
import { BUDGET } from "../../worker/execution/step.ts";
import {
  alarmOf,
  allEvents,
  drive,
  expectNothingDue,
  history,
  listingRow,
  resetHooks,
  startArgs,
  stubOf,
  time,
  useDispatcher,
} from "./execution-helpers.ts";

beforeEach(resetHooks);

/** Counts to `$.limit` with a Pass and a Choice per round: two transitions and four events each. */
const counter = (wait?: number) => ({
  StartAt: "Add",
  States: {
    Add: { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.n, 1)", "limit.$": "$.limit" }, Next: wait ? "Nap" : "More?" },
    ...(wait ? { Nap: { Type: "Wait", Seconds: wait, Next: "More?" } } : {}),
    "More?": { Type: "Choice", Choices: [{ Variable: "$.n", NumericLessThanPath: "$.limit", Next: "Add" }], Default: "Done" },
    Done: { Type: "Succeed" },
  },
});

/** The history chunks (the key-value layout's `history:` keys), as [first id, last id]. */
const rowsOf = (stub: ReturnType<typeof stubOf>) =>
  runInDurableObject(stub, (_o: ExecutionObject, state) =>
    [...state.storage.kv.list<{ last: number }>({ prefix: "history:" })].map(([key, c]) => ({
      first_id: Number(key.slice("history:".length)),
      last_id: c.last,
    })),
  );

/** The execution row as the key-value layout stores it (see kv-layout.ts). */
interface KvRow {
  definition: string;
  revision: number;
  input: string;
  state: string;
  events: string;
}

function expectContiguous(events: { id: number; type: string }[]): void {
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
}

describe("ExecutionObject durability", () => {
  it("resumes after eviction between alarms: no transition lost or repeated", async () => {
    const a = startArgs(counter(10), { n: 0, limit: 3 });
    const stub = stubOf(a);
    await stub.start(a);
    for (let round = 1; round <= 3; round++) {
      await evictDurableObject(stub);
      time.offset = round * 10_000;
      await drive(stub);
    }
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '{"n":3,"limit":3}' });
    const events = await allEvents(stub);
    expectContiguous(events);
    expect(events.filter((e) => e.type === "WaitStateEntered")).toHaveLength(3);
    expect(events.filter((e) => e.type === "PassStateExited")).toHaveLength(3);
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
  });

  it("Map iterations and their waits resume after eviction, MaxConcurrency kept", async () => {
    const a = startArgs(
      {
        StartAt: "Each",
        States: {
          Each: {
            Type: "Map",
            MaxConcurrency: 2,
            ItemProcessor: {
              StartAt: "Nap",
              States: { Nap: { Type: "Wait", SecondsPath: "$.s", Next: "Echo" }, Echo: { Type: "Pass", OutputPath: "$.v", End: true } },
            },
            End: true,
          },
        },
      },
      [
        { s: 10, v: "a" },
        { s: 20, v: "b" },
        { s: 10, v: "c" },
        { s: 10, v: "d" },
      ],
    );
    const stub = stubOf(a);
    await stub.start(a);
    for (let t = 10; t <= 40; t += 10) {
      await evictDurableObject(stub);
      time.offset = t * 1000;
      await drive(stub);
    }
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '["a","b","c","d"]' });
    const events = await allEvents(stub);
    expectContiguous(events);
    // Never more than two iterations waiting at once.
    let open = 0;
    let peak = 0;
    for (const e of events) {
      if (e.type === "MapIterationStarted") peak = Math.max(peak, ++open);
      if (e.type === "MapIterationSucceeded") open--;
    }
    expect(peak).toBe(2);
    expect(events.filter((e) => e.type === "MapIterationSucceeded")).toHaveLength(4);
  });

  it("a long pure loop finishes over several alarms, each a bounded step, surviving an eviction midway", async () => {
    const a = startArgs(counter(), { n: 0, limit: 5000 });
    const stub = stubOf(a);
    await stub.start(a);
    // 10,000 transitions: far more than one step may take.
    expect((await stub.describe())?.status).toBe("RUNNING");
    expect(await alarmOf(stub)).not.toBeNull();
    let alarms = 0;
    while ((await stub.describe())?.status === "RUNNING" && alarms < 100) {
      if (alarms === 5) await evictDurableObject(stub);
      if (await runDurableObjectAlarm(stub)) alarms++;
    }
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '{"n":5000,"limit":5000}' });
    const stats = (await stub.stats())!;
    expect(stats.transitions).toBe(10_001);
    expect(stats.commits).toBeGreaterThanOrEqual(10_000 / BUDGET);
    // One history row per commit whose events outgrow the history's tail in the execution row: all but
    // the last (the one that ends it, whose few events stay in the tail; no commit follows it for the
    // final D1 write's count), each with at most a budget's worth of events (four per round).
    const rows = await rowsOf(stub);
    expect(rows.length).toBe(stats.commits - 1);
    for (const r of rows) expect(r.last_id - r.first_id).toBeLessThan(BUDGET * 2 + 4);
    const forward = await allEvents(stub, false);
    expectContiguous(forward);
    // Newest first across chunk boundaries, in pages that do not line up with them.
    const backward: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = (await history(stub, { reverseOrder: true, maxResults: 777, nextToken }))!;
      backward.push(...page.events.map((e) => e.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(backward).toEqual(forward.map((e) => e.id).reverse());
  });

  it("a long pure loop goes on by itself: each cut arms the alarm for now", async () => {
    const a = startArgs(counter(), { n: 0, limit: 2000 });
    const stub = stubOf(a);
    await stub.start(a);
    const deadline = Date.now() + 10_000;
    while ((await stub.describe())?.status === "RUNNING" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await stub.describe()).toMatchObject({ status: "SUCCEEDED", output: '{"n":2000,"limit":2000}' });
    expect((await stub.stats())!.alarms).toBeGreaterThanOrEqual(4000 / BUDGET);
  });

  it("a loop without end is stopped by the 25,000-event limit, not by the platform", async () => {
    const a = startArgs(counter(), { n: 0, limit: 1e9 });
    const stub = stubOf(a);
    await stub.start(a);
    for (let i = 0; i < 100 && (await stub.describe())?.status === "RUNNING"; i++) await runDurableObjectAlarm(stub);
    const d = await stub.describe();
    expect(d).toMatchObject({ status: "FAILED", error: "States.Runtime" });
    expect((await stub.stats())!.events).toBeLessThanOrEqual(25_000);
    await expectNothingDue(stub);
  });

  it("a failing D1 write neither blocks nor loses the execution; the row lands on a later alarm", async () => {
    let failures = 1;
    const real = env.DB;
    surroundings.db = () =>
      ({
        prepare: (sql: string) => {
          if (failures-- > 0) throw new Error("D1_ERROR: database unavailable");
          return real.prepare(sql);
        },
      }) as ListingDb;
    const a = startArgs({ StartAt: "Quick", States: { Quick: { Type: "Pass", Result: 1, End: true } } });
    const stub = stubOf(a);
    expect(await stub.start(a)).toMatchObject({ ok: true });
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    expect(await listingRow(a.executionArn)).toBeNull();
    // The retry is remembered in storage and armed: it survives an eviction.
    expect(await alarmOf(stub)).not.toBeNull();
    await evictDurableObject(stub);
    await runDurableObjectAlarm(stub);
    expect((await listingRow(a.executionArn))?.status).toBe("SUCCEEDED");
    await expectNothingDue(stub);
    expect(await stub.stats()).toMatchObject({ d1Failures: 1, d1Writes: expect.any(Number) });
  });

  it("a D1 write that keeps failing backs off, and the execution runs on meanwhile", async () => {
    surroundings.db = () =>
      ({
        prepare: () => {
          throw new Error("D1_ERROR: down");
        },
      }) as unknown as ListingDb;
    const a = startArgs({ StartAt: "Nap", States: { Nap: { Type: "Wait", Seconds: 5, End: true } } });
    const stub = stubOf(a);
    await stub.start(a);
    time.offset = 5_000;
    await drive(stub);
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    const gap = async () => (await alarmOf(stub))! - (Date.now() + time.offset);
    const first = await gap();
    await runDurableObjectAlarm(stub);
    expect(await gap()).toBeGreaterThan(first);
    expect((await stub.stats())!.d1Failures).toBeGreaterThanOrEqual(3);
  });

  it("counts the rows each execution writes: a Wait and a task take a handful", async () => {
    useDispatcher(() => ({ output: "ok" }));
    const a = startArgs({
      StartAt: "Nap",
      States: { Nap: { Type: "Wait", Seconds: 1, Next: "Work" }, Work: { Type: "Task", Resource: "worker:w", End: true } },
    });
    const stub = stubOf(a);
    await stub.start(a);
    time.offset = 1_000;
    await drive(stub);
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    const stats = (await stub.stats())!;
    // Three commits of the execution row (no table to create: kv-layout.ts), its events in the history's
    // tail there: at start with its alarm (the Wait's end), when the Wait ends and the task goes out with
    // its alarm (a watchdog), when its result is back (the watchdog left to fire; the final D1 write's
    // count waits in memory for it: see ExecutionObject.syncListing).
    expect(stats).toMatchObject({ commits: 3, dispatches: 1, d1Failures: 0, alarms: 1 });
    expect(stats.rowsWritten).toBe(2 + 2 + 1);
    expect((await rowsOf(stub)).length).toBe(0);
    // D1's own figures (meta.rows_written): the row and its one index entry, then the status alone.
    expect(stats.d1Writes).toBe(2 + 1);
    // Stored, not just held in memory: the same after an eviction, but for that last D1 write, whose
    // count no commit has carried (the fresh object writes the row again, and stores that).
    await evictDurableObject(stub);
    expect(await stub.stats()).toMatchObject({ rowsWritten: stats.rowsWritten, d1Writes: 2, commits: 3 });
  });

  it("an object asked about an execution it never had writes nothing", async () => {
    const a = startArgs({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const stub = stubOf(a);
    expect(await stub.describe()).toBeNull();
    expect(await stub.stop()).toBeNull();
    const tables = await runInDurableObject(stub, (_o: ExecutionObject, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'").toArray(),
    );
    expect(tables).toEqual([]);
  });

  it("an object stored with the old schema steps (schema_version, meta) opens and runs on", async () => {
    const a = startArgs({ StartAt: "Nap", States: { Nap: { Type: "Wait", Seconds: 1, End: true } } });
    const stub = stubOf(a);
    await stub.start(a);
    // Rebuild it as the old code left it: its two tables (execution, history), those created by the
    // numbered steps, and their record.
    await runInDurableObject(stub, (o: ExecutionObject, state) => {
      const sql = state.storage.sql;
      sql.exec(`CREATE TABLE execution (
        id INTEGER PRIMARY KEY CHECK (id = 1), definition TEXT NOT NULL, revision INTEGER NOT NULL, input TEXT NOT NULL, state TEXT NOT NULL
      )`);
      sql.exec("CREATE TABLE history (first_id INTEGER PRIMARY KEY, last_id INTEGER NOT NULL, events TEXT NOT NULL)");
      const row = state.storage.kv.get<KvRow>("execution")!;
      sql.exec("INSERT INTO execution VALUES (1, ?, ?, ?, ?)", row.definition, row.revision, row.input, row.state);
      const events = JSON.parse(row.events) as { id: number }[];
      sql.exec("INSERT INTO history VALUES (?, ?, ?)", events[0].id, events.at(-1)!.id, row.events);
      state.storage.kv.delete("execution");
      sql.exec("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      sql.exec("INSERT INTO schema_version (version) VALUES (1), (2), (3)");
      sql.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      sql.exec("INSERT INTO meta (key, value) VALUES ('pings', '4')");
      // Its stats had no rowsRead.
      const [{ state: text }] = sql.exec<{ state: string }>("SELECT state FROM execution").toArray();
      const st = JSON.parse(text);
      delete st.stats.rowsRead;
      sql.exec("UPDATE execution SET state = ?", JSON.stringify(st));
      o.forget();
    });
    await evictDurableObject(stub);
    expect((await stub.describe())?.status).toBe("RUNNING");
    time.offset = 1_000;
    await drive(stub);
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    expect((await allEvents(stub)).map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "WaitStateEntered",
      "WaitStateExited",
      "ExecutionSucceeded",
    ]);
    // It keeps its layout: the later commit's events in a history row of their own, no journal, no key.
    const layout = await runInDurableObject(stub, (_o: ExecutionObject, state) => ({
      history: state.storage.sql.exec<{ first_id: number }>("SELECT first_id FROM history ORDER BY first_id").toArray(),
      journal: state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'journal'").toArray().length,
      kv: [...state.storage.kv.list()].length,
    }));
    expect(layout).toEqual({ history: [{ first_id: 1 }, { first_id: 3 }], journal: 0, kv: 0 });
    expect((await stub.stats())!.rowsRead).toBeGreaterThan(0);
    expect((await stub.ping()).pings).toBe(5);
  });

  it("an object stored in the journal table (the layout before the key-value one) opens and runs on in it", async () => {
    const a = startArgs({ StartAt: "Nap", States: { Nap: { Type: "Wait", Seconds: 1, End: true } } });
    const stub = stubOf(a);
    await stub.start(a);
    // Rebuild it as the previous version left it: the journal's row 0, its events in the tail.
    await runInDurableObject(stub, (o: ExecutionObject, state) => {
      const sql = state.storage.sql;
      sql.exec(
        "CREATE TABLE journal (id INTEGER PRIMARY KEY, definition TEXT, revision INTEGER, input TEXT, state TEXT, last_id INTEGER, events TEXT)",
      );
      const row = state.storage.kv.get<KvRow>("execution")!;
      sql.exec(
        "INSERT INTO journal (id, definition, revision, input, state, events) VALUES (0, ?, ?, ?, ?, ?)",
        row.definition,
        row.revision,
        row.input,
        row.state,
        row.events,
      );
      state.storage.kv.delete("execution");
      o.forget();
    });
    await evictDurableObject(stub);
    expect((await stub.describe())?.status).toBe("RUNNING");
    time.offset = 1_000;
    await drive(stub);
    expect((await stub.describe())?.status).toBe("SUCCEEDED");
    expect((await allEvents(stub)).map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "WaitStateEntered",
      "WaitStateExited",
      "ExecutionSucceeded",
    ]);
    // It keeps its layout: every event in the journal row's tail, nothing in the key-value API.
    const layout = await runInDurableObject(stub, (_o: ExecutionObject, state) => ({
      tail: (JSON.parse(state.storage.sql.exec<{ events: string }>("SELECT events FROM journal WHERE id = 0").one().events) as unknown[])
        .length,
      kv: [...state.storage.kv.list()].length,
    }));
    expect(layout).toEqual({ tail: 4, kv: 0 });
  });
});
