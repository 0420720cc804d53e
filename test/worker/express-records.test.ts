// Records of recent Express executions (not in AWS): written after the answer, listed by ListExecutions
// and GET .../executions, answered by DescribeExecution; EXPRESS_RECORDS, EXPRESS_RECORD_DAYS, EXPRESS_RECORD_MAX.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { app } from "../../worker/app.ts";
import { expressStartsConsumer } from "../../worker/consumers/express-starts.ts";
import {
  EXPIRED_PER_SWEEP,
  OVER_CAP_PER_SWEEP,
  ROWS_CHARS_PER_INSERT,
  readExpressRecord,
  writeExpressRecord,
  writeExpressRecords,
  type ExpressRecord,
} from "../../worker/db/express-records.ts";
import { writeExecutionRow } from "../../worker/db/execution-rows.ts";
import type { ExpressStart } from "../../worker/service/express-queue.ts";
import { GROUP_WINDOW_MS, STALE_MS, groupWriter } from "../../worker/service/express-record-writer.ts";
import { expressExecutionArn } from "../../worker/service/names.ts";
import { TOKEN, del, get, post, put } from "./api-client.ts";
import { aws, ok } from "./aws-client.ts";
import { ARN, NAP, express } from "./express-helpers.ts";

const DAY = 24 * 60 * 60 * 1000;
const SAY = { StartAt: "Say", States: { Say: { Type: "Pass", Parameters: { "said.$": "$.say" }, End: true } } };
const FAIL = { StartAt: "F", States: { F: { Type: "Fail", Error: "Nope", Cause: "asked to fail" } } };
// Fails when its input says so: one machine with runs of both statuses.
const MAYBE = {
  StartAt: "C",
  States: {
    C: { Type: "Choice", Choices: [{ Variable: "$.fail", BooleanEquals: true, Next: "F" }], Default: "P" },
    P: { Type: "Pass", End: true },
    F: { Type: "Fail", Error: "Asked", Cause: "input said fail" },
  },
};

/** The app with these vars, its waitUntil awaited: the record is written when this returns. */
async function withVars(vars: Record<string, unknown>, method: string, path: string, body?: unknown) {
  const ctx = createExecutionContext();
  const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const res = await app.request(path, init, { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const sync = (machine: string, input: unknown, vars: Record<string, unknown> = {}) =>
  withVars(vars, "POST", `/state-machines/${machine}/sync-executions`, { input });
const describeArn = (arn: string, vars: Record<string, unknown> = {}) => withVars(vars, "GET", `/executions/${encodeURIComponent(arn)}`);
/**
 * The record's description, once written: a request's own waitUntil writes it, unless another request's
 * write was in flight in this isolate (then that one writes it next, a moment later).
 */
const described = (arn: string) =>
  until(async () => {
    const r = await describeArn(arn);
    return r.status === 200 ? r : undefined;
  });

/** Polls until `read` gives something (a record written by a real request's waitUntil). */
async function until<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (v !== undefined) return v;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  throw new Error("never came");
}

function record(machine: string, startDate: number, over: Partial<ExpressRecord> = {}): ExpressRecord {
  const name = crypto.randomUUID();
  const arn = expressExecutionArn(env, machine, name);
  const base = { arn, stateMachineArn: `${ARN}:stateMachine:${machine}`, name, status: "SUCCEEDED" as const, startDate };
  return { ...base, stopDate: startDate + 5, error: null, cause: null, input: null, output: null, ...over };
}

/** env.DB, but a record's INSERT (alone, or in a batch) answers `insert()`. */
function withInsert(insert: () => Promise<never>): D1Database {
  const db = env.DB;
  const isInsert = (sql: string) => sql.startsWith("INSERT INTO executions");
  const prepare = (sql: string) => {
    const real = db.prepare(sql);
    if (!isInsert(sql)) return real;
    return { bind: () => ({ run: insert, sql }) };
  };
  const batch = (statements: { sql?: string }[]) =>
    statements.some((s) => s.sql && isInsert(s.sql)) ? insert() : db.batch(statements as never);
  return { prepare, batch } as unknown as D1Database;
}

describe("Express records: what is recorded", () => {
  it("a sync run is recorded after the answer (metadata by default) and listed and described", async () => {
    await express("rec-sync", SAY);
    const r = await post("/state-machines/rec-sync/sync-executions", { input: { say: "hi" } });
    expect(r.body.status).toBe("SUCCEEDED");
    const listed = await until(async () => (await get("/state-machines/rec-sync/executions")).body.executions[0]);
    expect(listed).toEqual({
      executionArn: r.body.executionArn,
      stateMachineArn: `${ARN}:stateMachine:rec-sync`,
      name: r.body.name,
      status: "SUCCEEDED",
      startDate: r.body.startDate,
      stopDate: r.body.stopDate,
    });
    expect((await get(`/executions?stateMachine=rec-sync`)).body.executions).toEqual([listed]);
    const d = await get(`/executions/${encodeURIComponent(r.body.executionArn)}`);
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ ...listed, inputDetails: { included: false }, outputDetails: { included: false } });
  });

  it("a failed run keeps its error and cause; a timed-out one States.Timeout", async () => {
    await express("rec-fail", FAIL);
    const f = await sync("rec-fail", {});
    expect(f.body.status).toBe("FAILED");
    const d = await described(f.body.executionArn);
    expect(d.body).toMatchObject({ status: "FAILED", error: "Nope", cause: "asked to fail", inputDetails: { included: false } });
    expect(d.body.output).toBeUndefined();
    await express("rec-slow", NAP(5));
    const t = await sync("rec-slow", {}, { EXPRESS_LIMIT_SECONDS: 0.2 });
    expect(t.body.status).toBe("TIMED_OUT");
    const td = await described(t.body.executionArn);
    expect(td.body).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout", cause: expect.stringContaining("Express limit") });
  });

  it("an asynchronous start is recorded by the queue consumer, with the startDate StartExecution answered", async () => {
    await express("rec-async", SAY);
    const name = crypto.randomUUID();
    const start: ExpressStart = {
      executionArn: expressExecutionArn(env, "rec-async", name),
      name,
      stateMachineName: "rec-async",
      input: JSON.stringify({ say: "queued" }),
      startDate: new Date(Date.now() - 1000).toISOString(),
    };
    const message = { id: "m", timestamp: new Date(), attempts: 1, body: start, ack: vi.fn(), retry: vi.fn() };
    await expressStartsConsumer({ queue: "q", messages: [message] } as unknown as MessageBatch<ExpressStart>, env);
    expect(message.ack).toHaveBeenCalled();
    const d = await describeArn(start.executionArn);
    expect(d.body).toMatchObject({ executionArn: start.executionArn, name, status: "SUCCEEDED", startDate: start.startDate });
    // And through the real queue: StartExecution answers at once, the record comes when the run ends.
    const r = await post("/state-machines/rec-async/executions", { name: "via-queue", input: { say: "q" } });
    const listed = await until(async () =>
      (await get("/state-machines/rec-async/executions")).body.executions.find((e: any) => e.name === "via-queue"),
    );
    expect(listed).toMatchObject({ executionArn: r.body.executionArn, status: "SUCCEEDED", startDate: r.body.startDate });
  });

  it("an HTTP trigger's run is recorded", async () => {
    await express("rec-http", { StartAt: "P", States: { P: { Type: "Pass", Result: { ok: true }, End: true } } });
    expect((await put("/state-machines/rec-http/trigger", { method: "GET", path: "/rec-http", auth: "none" })).status).toBe(200);
    const r = await withVars({}, "GET", "/run/rec-http");
    expect(r.body).toEqual({ ok: true });
    const arn = r.headers.get("X-Execution-Arn")!;
    expect((await described(arn)).body).toMatchObject({ executionArn: arn, status: "SUCCEEDED" });
  });
});

describe("Express records: settings", () => {
  it('"data" keeps the input and output (each up to 32 KiB); "off" keeps nothing and lists as AWS refuses', async () => {
    await express("rec-data", SAY);
    const r = await sync("rec-data", { say: "kept" }, { EXPRESS_RECORDS: "data" });
    expect((await described(r.body.executionArn)).body).toMatchObject({
      input: '{"say":"kept"}',
      inputDetails: { included: true },
      output: '{"said":"kept"}',
      outputDetails: { included: true },
    });
    const big = "x".repeat(40 * 1024);
    const b = await sync("rec-data", { say: big }, { EXPRESS_RECORDS: "data" });
    const bd = (await described(b.body.executionArn)).body;
    expect([bd.input, bd.inputDetails, bd.output, bd.outputDetails]).toEqual([
      undefined,
      { included: false },
      undefined,
      { included: false },
    ]);
    // Off: nothing written, the listing refused (as AWS), the ARN refused (as AWS).
    await express("rec-off", SAY);
    const off = await sync("rec-off", { say: "gone" }, { EXPRESS_RECORDS: "off" });
    const none = await env.DB.prepare("SELECT COUNT(*) AS n FROM executions WHERE arn = ?")
      .bind(off.body.executionArn)
      .first<{ n: number }>();
    expect(none?.n).toBe(0);
    const listed = await withVars({ EXPRESS_RECORDS: "off" }, "GET", "/state-machines/rec-off/executions");
    expect([listed.status, listed.body.error]).toEqual([400, "StateMachineTypeNotSupported"]);
    const d = await describeArn(off.body.executionArn, { EXPRESS_RECORDS: "off" });
    expect([d.status, d.body.error]).toEqual([400, "InvalidArn"]);
  });

  it("a DescribeExecution of an Express ARN with no record answers AWS's InvalidArn; stop and history always do", async () => {
    await express("rec-none", SAY);
    const r = await sync("rec-none", { say: "a" });
    const unknown = expressExecutionArn(env, "rec-none", "never-ran");
    expect((await describeArn(unknown)).body.error).toBe("InvalidArn");
    expect((await get(`/executions/${encodeURIComponent(r.body.executionArn)}/history`)).body.error).toBe("InvalidArn");
    expect((await post(`/executions/${encodeURIComponent(r.body.executionArn)}/stop`, {})).body.error).toBe("InvalidArn");
  });
});

describe("Express records: listing", () => {
  it("pages newest first and filters by status, over REST and the AWS protocol", async () => {
    const { stateMachineArn } = await express("rec-page", MAYBE);
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push((await sync("rec-page", { fail: i % 2 === 1 })).body);
    await until(async () => ((await get("/state-machines/rec-page/executions")).body.executions.length === 5 ? true : undefined));
    // Newest first, ties (the same millisecond) by ARN, as every listing pages.
    const order = (a: any, b: any) => b.startDate.localeCompare(a.startDate) || b.executionArn.localeCompare(a.executionArn);
    const sorted = [...runs].sort(order);
    const newestFirst = sorted.map((r) => r.executionArn);
    const first = await get("/state-machines/rec-page/executions?maxResults=2");
    expect(first.body.executions.map((e: any) => e.executionArn)).toEqual(newestFirst.slice(0, 2));
    const rest = await get(`/state-machines/rec-page/executions?maxResults=10&nextToken=${first.body.nextToken}`);
    expect(rest.body.executions.map((e: any) => e.executionArn)).toEqual(newestFirst.slice(2));
    expect(rest.body.nextToken).toBeUndefined();
    const failed = await get("/state-machines/rec-page/executions?status=FAILED");
    const of = (status: string) => sorted.filter((r) => r.status === status).map((r) => r.executionArn);
    expect(failed.body.executions.map((e: any) => e.executionArn)).toEqual(of("FAILED"));
    expect(of("FAILED")).toHaveLength(2);
    const viaAws = await ok("ListExecutions", { stateMachineArn, statusFilter: "SUCCEEDED", maxResults: 2 });
    expect(viaAws.executions.map((e: any) => e.executionArn)).toEqual(of("SUCCEEDED").slice(0, 2));
    expect(typeof viaAws.executions[0].startDate).toBe("number");
    const next = await ok("ListExecutions", { stateMachineArn, statusFilter: "SUCCEEDED", maxResults: 2, nextToken: viaAws.nextToken });
    expect(next.executions.map((e: any) => e.executionArn)).toEqual(of("SUCCEEDED").slice(2));
    const d = await ok("DescribeExecution", { executionArn: runs[1].executionArn });
    expect(d).toMatchObject({ status: "FAILED", error: "Asked", cause: "input said fail", stopDate: expect.any(Number) });
  });

  it("refuses bad query values with AWS's errors", async () => {
    const { stateMachineArn } = await express("rec-bad", SAY);
    const bad = async (q: string) => {
      const r = await get(`/state-machines/rec-bad/executions?${q}`);
      return [r.status, r.body.error];
    };
    expect(await bad("status=DONE")).toEqual([400, "ValidationException"]);
    expect(await bad("maxResults=1001")).toEqual([400, "ValidationException"]);
    expect(await bad("maxResults=-1")).toEqual([400, "ValidationException"]);
    expect(await bad("nextToken=garbage")).toEqual([400, "InvalidToken"]);
    const a = await aws("ListExecutions", { stateMachineArn, statusFilter: "PENDING" });
    expect([a.status, a.body.__type]).toEqual([400, "ValidationException"]);
    const t = await aws("ListExecutions", { stateMachineArn, nextToken: "nope" });
    expect([t.status, t.body.__type]).toEqual([400, "InvalidToken"]);
    const missing = await aws("ListExecutions", { stateMachineArn: `${ARN}:stateMachine:rec-nobody` });
    expect(missing.body.__type).toBe("StateMachineDoesNotExist");
  });
});

describe("Express records: retention", () => {
  it("a write deletes its machine's records older than EXPRESS_RECORD_DAYS, never a Standard execution's row", async () => {
    const { stateMachineArn } = await express("rec-old", SAY);
    const now = Date.now();
    const old = record("rec-old", now - 8 * DAY);
    const recent = record("rec-old", now - 2 * DAY);
    for (const r of [old, recent]) await writeExpressRecord(env.DB, r);
    // A `.sync` child of this machine runs in a Durable Object: a Standard row under the same machine.
    const standardArn = `${ARN}:execution:rec-old:sync-child`;
    await writeExecutionRow(env.DB, {
      arn: standardArn,
      stateMachineArn,
      name: "sync-child",
      status: "SUCCEEDED",
      startDate: now - 30 * DAY,
      stopDate: now - 30 * DAY,
    });
    const names = async () => (await get("/state-machines/rec-old/executions")).body.executions.map((e: any) => e.executionArn);
    // Most writes are a lone INSERT; one in 16 (Math.random() < 1/16) also deletes expired records.
    const roll = vi.spyOn(Math, "random").mockReturnValue(0.5);
    await sync("rec-old", {}, { EXPRESS_RECORD_DAYS: "7" });
    await until(async () => ((await names()).length === 4 ? true : undefined));
    expect(await names()).toContain(old.arn);
    roll.mockReturnValue(0);
    await sync("rec-old", {}, { EXPRESS_RECORD_DAYS: "7" });
    roll.mockRestore();
    const after7 = await until(async () => {
      const now = await names();
      return now.length === 4 && !now.includes(old.arn) ? now : undefined;
    });
    expect(after7).toHaveLength(4);
    expect(after7).not.toContain(old.arn);
    expect(after7).toContain(recent.arn);
    expect(after7).toContain(standardArn);
    vi.spyOn(Math, "random").mockReturnValue(0);
    await sync("rec-old", {}, { EXPRESS_RECORD_DAYS: "1" });
    vi.restoreAllMocks();
    const after1 = await until(async () => {
      const now = await names();
      return now.length === 4 && !now.includes(recent.arn) ? now : undefined;
    });
    expect(after1).not.toContain(recent.arn);
    expect(after1).toContain(standardArn);
    expect(after1).toHaveLength(4);
  });

  it("the cap keeps a machine's newest records; DeleteStateMachine deletes them all", async () => {
    await express("rec-cap", SAY);
    const now = Date.now();
    const rows = Array.from({ length: 6 }, (_, i) => record("rec-cap", now - (6 - i) * 1000));
    for (const r of rows.slice(0, 5)) await writeExpressRecord(env.DB, r);
    await writeExpressRecord(env.DB, rows[5], { cap: 3 });
    const listed = (await get("/state-machines/rec-cap/executions")).body.executions.map((e: any) => e.executionArn);
    expect(listed).toEqual(
      rows
        .slice(3)
        .map((r) => r.arn)
        .reverse(),
    );
    expect((await del("/state-machines/rec-cap")).status).toBe(200);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM executions WHERE state_machine_arn = ?")
      .bind(`${ARN}:stateMachine:rec-cap`)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("a write's sweeps of one machine are one DELETE of each kind, deleting as many rows as they would one by one", async () => {
    const now = Date.now();
    const rows = async (machine: string) =>
      (
        await env.DB.prepare("SELECT COUNT(*) AS n FROM executions WHERE state_machine_arn = ?1")
          .bind(`${ARN}:stateMachine:${machine}`)
          .first<{ n: number }>()
      )?.n;
    const old = Array.from({ length: 250 }, (_, i) => record("rec-merge", now - 30 * DAY + i));
    await writeExpressRecords(
      env.DB,
      old.map((r) => ({ record: r })),
    );
    const fresh = Array.from({ length: 3 }, (_, i) => record("rec-merge", now + i));
    const cutoff = now - 7 * DAY;
    const expiring = spied();
    await writeExpressRecords(expiring.db, [
      { record: fresh[0], sweep: { expiredBefore: cutoff } },
      { record: fresh[1], sweep: { expiredBefore: cutoff - 1000 } },
      { record: fresh[2] },
    ]);
    expect(expiring.statements.filter((sql) => sql.startsWith("DELETE"))).toHaveLength(1);
    // two sweeps: up to 2 × EXPIRED_PER_SWEEP of the 250 expired rows
    expect(await rows("rec-merge")).toBe(250 + 3 - 2 * EXPIRED_PER_SWEEP);
    await writeExpressRecord(env.DB, record("rec-merge", now + 10), { expiredBefore: cutoff });
    expect(await rows("rec-merge")).toBe(4);

    const many = Array.from({ length: 260 }, (_, i) => record("rec-merge-cap", now - 1000 + i));
    await writeExpressRecords(
      env.DB,
      many.map((r) => ({ record: r })),
    );
    const capping = spied();
    await writeExpressRecords(capping.db, [
      { record: record("rec-merge-cap", now + 1), sweep: { cap: 20 } },
      { record: record("rec-merge-cap", now + 2), sweep: { cap: 10, expiredBefore: cutoff } },
    ]);
    expect(capping.statements.filter((sql) => sql.startsWith("DELETE"))).toHaveLength(2);
    // the smaller cap, up to 2 × OVER_CAP_PER_SWEEP rows past it (the newest kept)
    expect(await rows("rec-merge-cap")).toBe(262 - 2 * OVER_CAP_PER_SWEEP);
    await writeExpressRecord(env.DB, record("rec-merge-cap", now + 3), { cap: 10 });
    const kept = await env.DB.prepare("SELECT MIN(start_date) AS oldest, COUNT(*) AS n FROM executions WHERE state_machine_arn = ?1")
      .bind(`${ARN}:stateMachine:rec-merge-cap`)
      .first<{ oldest: number; n: number }>();
    expect(kept).toEqual({ oldest: now - 1000 + 253, n: 10 });
  });

  it("a record that cannot be written is logged; the execution's answer stands", async () => {
    await express("rec-broken", SAY);
    const log = vi.spyOn(console, "log");
    const broken = withInsert(() => Promise.reject(new Error("D1 is down")));
    const r = await sync("rec-broken", { say: "x" }, { DB: broken });
    const lines = log.mock.calls.map((c) => String(c[0]));
    log.mockRestore();
    expect(r.body.status).toBe("SUCCEEDED");
    expect(lines.some((l) => l.includes("ExpressRecordNotWritten") && l.includes("D1 is down"))).toBe(true);
  });

  it("the answer does not wait for the record: a D1 write that never ends holds nothing up", async () => {
    await express("rec-slowdb", SAY);
    let inserts = 0;
    const stuck = withInsert(() => (inserts++, new Promise<never>(() => {})));
    const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
    const init = { method: "POST", headers, body: JSON.stringify({ input: { say: "fast" } }) };
    const res = await app.request("/state-machines/rec-slowdb/sync-executions", init, { ...env, DB: stuck });
    expect(((await res.json()) as { status: string }).status).toBe("SUCCEEDED");
    await new Promise((ok) => setTimeout(ok, GROUP_WINDOW_MS + 30));
    expect(inserts).toBe(1);
  });
});

/** env.DB, with the SQL of every statement it prepares and the values bound to each INSERT. */
function spied(): { db: D1Database; statements: string[]; inserted: unknown[][] } {
  const statements: string[] = [];
  const inserted: unknown[][] = [];
  const prepare = (db: D1Database, sql: string) => {
    statements.push(sql);
    const real = db.prepare(sql);
    if (!sql.startsWith("INSERT")) return real;
    return { bind: (...values: unknown[]) => (inserted.push(values), real.bind(...values)) };
  };
  const db = new Proxy(env.DB, {
    get: (db, key) => (key === "prepare" ? (sql: string) => prepare(db, sql) : (Reflect.get(db, key) as Function).bind(db)),
  });
  return { db, statements, inserted };
}

describe("Express records: written in groups", () => {
  /** A D1 whose writes (a lone INSERT, or a batch) push how many records they carry and answer `answer()`. */
  const fakeDb = (answer: () => Promise<void>, calls: number[]) =>
    ({
      prepare: () => ({
        bind: (...values: unknown[]) => {
          // an INSERT binds its rows as one JSON array; a sweep binds a machine's ARN and a number
          const rows = String(values[0]).startsWith("[") ? JSON.parse(String(values[0])).length : 0;
          return { rows, run: () => (calls.push(rows), answer()) };
        },
      }),
      batch: (statements: { rows: number }[]) => (calls.push(statements.reduce((n, s) => n + s.rows, 0)), answer()),
    }) as unknown as D1Database;
  const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

  it("records that end within the window, or while the write is in flight, go to D1 together", async () => {
    const calls: number[] = [];
    let release: () => void = () => {};
    let hold = true;
    const answer = () => (hold ? new Promise<void>((ok) => (release = ok)) : Promise.resolve());
    const writer = groupWriter(fakeDb(answer, calls), () => {});
    const first = writer.add(record("grouped", 1), {});
    expect(first).toBeInstanceOf(Promise);
    expect(writer.add(record("grouped", 2), {})).toBeUndefined();
    await pause(GROUP_WINDOW_MS + 30);
    expect(calls).toEqual([2]);
    // The first batch is in flight: these wait for the next one, which the same request writes.
    expect([writer.add(record("grouped", 3), {}), writer.add(record("grouped", 4), {}), writer.add(record("grouped", 5), {})]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    hold = false;
    release();
    await first;
    expect(calls).toEqual([2, 3]);
    // Nothing pending any more: the next record's request writes again, alone (a lone INSERT).
    await writer.add(record("grouped", 9), {});
    expect(calls).toEqual([2, 3, 1]);
  });

  it("a failed batch is logged record by record; a write pending for too long is taken for lost", async () => {
    let mode: "fail" | "hang" | "ok" = "fail";
    const calls: number[] = [];
    const answer = () =>
      mode === "fail" ? Promise.reject(new Error("busy")) : mode === "hang" ? new Promise<void>(() => {}) : Promise.resolve();
    const failed: string[] = [];
    const writer = groupWriter(fakeDb(answer, calls), (records, e) =>
      failed.push(...records.map((r) => `${r.name}: ${(e as Error).message}`)),
    );
    const a = record("g2", 1);
    await writer.add(a, {});
    expect(failed).toEqual([`${a.name}: busy`]);
    mode = "hang";
    void writer.add(record("g2", 2), {});
    await pause(GROUP_WINDOW_MS + 30);
    expect(writer.add(record("g2", 3), {})).toBeUndefined();
    mode = "ok";
    const clock = vi.spyOn(Date, "now").mockReturnValue(Date.now() + STALE_MS + 1000);
    const takeover = writer.add(record("g2", 4), {});
    clock.mockRestore();
    await takeover;
    expect(calls.slice(-1)).toEqual([2]);
  });

  it("a group goes to D1 as one INSERT of a JSON array of rows; every record kept as written, the later of one ARN's two ends kept", async () => {
    const records = Array.from({ length: 25 }, (_, i) =>
      record("rows-json", 1000 + i, i % 5 ? {} : { status: "FAILED", error: `E"${i}\\`, cause: `ünïcode ☃ 𝄞 "quoted" \n ${i}` }),
    );
    const again = { ...records[3], status: "FAILED" as const, error: "States.Timeout", cause: "ran twice", stopDate: 99_999 };
    const { db, statements, inserted } = spied();
    await writeExpressRecords(
      db,
      [...records, again].map((r) => ({ record: r })),
    );
    expect(statements.filter((sql) => sql.startsWith("INSERT"))).toHaveLength(1);
    expect(inserted[0]).toHaveLength(1);
    for (const r of records.filter((r) => r !== records[3])) expect(await readExpressRecord(env.DB, r.arn)).toEqual(r);
    expect(await readExpressRecord(env.DB, again.arn)).toEqual(again);
    const types = await env.DB.prepare(
      "SELECT typeof(start_date) AS s, typeof(stop_date) AS t, typeof(error) AS e FROM executions WHERE arn = ?1",
    )
      .bind(records[1].arn)
      .first();
    expect(types).toEqual({ s: "integer", t: "integer", e: "null" });
  });

  it("texts JSON escapes oddly (a lone surrogate, NUL, backslashes, quotes) neither fail the group nor change the other rows", async () => {
    const causes = ["\ud800x", "a\udc00", "nul \u0000 here", '\\u0041 "q" \n\t', "plain"];
    const records = causes.map((cause, i) => record("rows-odd", 3000 + i, { status: "FAILED", error: `E${i}`, cause }));
    await writeExpressRecords(
      env.DB,
      records.map((r) => ({ record: r })),
    );
    for (const r of records) {
      // as D1 keeps the text bound directly (a lone surrogate is not UTF-8: D1 stores what it stores then)
      const direct = await env.DB.prepare("SELECT ?1 AS v").bind(r.cause).first<{ v: string }>();
      expect(await readExpressRecord(env.DB, r.arn)).toEqual({ ...r, cause: direct?.v });
    }
    expect((await readExpressRecord(env.DB, records[2].arn))?.cause).toBe("nul \u0000 here");
  });

  it(`rows past ${ROWS_CHARS_PER_INSERT} characters go in another INSERT of the same batch (a D1 value holds at most 2 MB)`, async () => {
    // records with 60,000-character inputs and outputs (past the 32 KiB cap of EXPRESS_RECORDS "data": written directly here)
    const big = (i: number) => JSON.stringify({ pad: "ü".repeat(60_000 - 20), i });
    const records = Array.from({ length: 12 }, (_, i) => record("rows-big", 2000 + i, { input: big(i), output: big(-i) }));
    const { db, inserted } = spied();
    await writeExpressRecords(
      db,
      records.map((r) => ({ record: r })),
    );
    // each INSERT binds one value, a JSON array of rows, of at most ROWS_CHARS_PER_INSERT characters
    expect(inserted.length).toBeGreaterThanOrEqual(Math.ceil((records.length * 120_000) / ROWS_CHARS_PER_INSERT));
    for (const values of inserted) {
      expect(values).toHaveLength(1);
      expect(String(values[0]).length).toBeLessThanOrEqual(ROWS_CHARS_PER_INSERT);
    }
    expect(inserted.flatMap((values) => JSON.parse(String(values[0])).map((row: unknown[]) => row[0]))).toEqual(records.map((r) => r.arn));
    for (const r of records) expect(await readExpressRecord(env.DB, r.arn)).toEqual(r);
  });

  it("many executions at once are all recorded", async () => {
    await express("rec-many", SAY);
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post("/state-machines/rec-many/sync-executions", { input: { say: i } })),
    );
    const listed = await until(async () => {
      const items = (await get("/state-machines/rec-many/executions")).body.executions;
      return items.length === 12 ? items : undefined;
    });
    expect(listed.map((e: any) => e.executionArn).sort()).toEqual(runs.map((r) => r.body.executionArn).sort());
  });
});
