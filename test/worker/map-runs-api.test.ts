// Map Runs through both front ends (DescribeMapRun, ListMapRuns, UpdateMapRun, ListExecutions of a Map
// Run): the Map Run objects are fakes implementing the contract (worker/maprun/contract.ts), injected as
// MAP_RUNS; the listings are real D1 rows, written as the Map Run object writes them.
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { app } from "../../worker/app.ts";
import { writeExecutionRow } from "../../worker/db/execution-rows.ts";
import { listMapRunRows, writeMapRunRow } from "../../worker/db/map-runs.ts";
import type { MapRunCounts, MapRunDescription, MapRunRpc, MapRunUpdate } from "../../worker/maprun/contract.ts";
import { createMachine, post, TOKEN } from "./api-client.ts";
import { aws } from "./aws-client.ts";

const ARN = "arn:aws:states:us-east-1:123456789012";
const MACHINE = `${ARN}:stateMachine:mr-parent`;
const PARENT = `${ARN}:execution:mr-parent:p1`;
const RUN_A = `${ARN}:mapRun:mr-parent/Fan:11111111-1111-4111-8111-111111111111`;
const RUN_B = `${ARN}:mapRun:mr-parent/Fan:22222222-2222-4222-8222-222222222222`;
const ENDED = `${ARN}:mapRun:mr-parent/Fan:33333333-3333-4333-8333-333333333333`;
const NOWHERE = `${ARN}:mapRun:mr-parent/Fan:44444444-4444-4444-8444-444444444444`;
const ELSEWHERE = "arn:aws:states:eu-west-1:123456789012:mapRun:mr-parent/Fan:11111111-1111-4111-8111-111111111111";
const T0 = Date.parse("2026-11-24T22:30:00.000Z");

const counts = (total: number): MapRunCounts => ({
  pending: 0,
  running: total,
  succeeded: 0,
  failed: 0,
  timedOut: 0,
  aborted: 0,
  total,
  resultsWritten: 0,
  failuresNotRedrivable: 0,
  pendingRedrive: 0,
});

function run(mapRunArn: string, status: MapRunDescription["status"], startDate: number, stopDate?: number): MapRunDescription {
  return {
    mapRunArn,
    executionArn: PARENT,
    status,
    startDate,
    ...(stopDate === undefined ? {} : { stopDate }),
    maxConcurrency: 10,
    toleratedFailurePercentage: 0,
    toleratedFailureCount: 0,
    itemCounts: counts(3),
    executionCounts: counts(3),
    redriveCount: 0,
  };
}

/** The Map Run objects: what each one describes, and the updates it was sent. */
let runs: Map<string, MapRunDescription>;
let updates: { arn: string; update: MapRunUpdate }[];

function fakeStub(arn: string): MapRunRpc {
  const fail = () => Promise.reject(new Error("not used by the API"));
  return {
    start: fail,
    stop: fail,
    redrive: fail,
    childEnded: fail,
    describe: async () => runs.get(arn) ?? null,
    update: async (update) => {
      updates.push({ arn, update });
      const found = runs.get(arn);
      if (!found) return null;
      const next = { ...found, ...update };
      runs.set(arn, next);
      return next;
    },
  };
}

const MAP_RUNS = { getByName: (name: string) => fakeStub(name) } as unknown as typeof env.MAP_RUNS;
const withRuns = { ...env, MAP_RUNS };

/** A REST call to the app with the fake Map Run objects. */
async function rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` };
  const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, withRuns);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function awsOk(operation: string, body: unknown): Promise<any> {
  const r = await aws(operation, body, { env: withRuns });
  if (r.status !== 200) throw new Error(`${operation}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function awsError(operation: string, body: unknown, type: string): Promise<string> {
  const r = await aws(operation, body, { env: withRuns });
  expect({ status: r.status, type: r.body?.__type }).toEqual({ status: 400, type });
  expect(r.headers.get("x-amzn-ErrorType")).toBe(type);
  return r.body.message;
}

const path = (arn: string) => encodeURIComponent(arn);
const child = (name: string) => `${ARN}:execution:mr-parent/Fan:${name}`;

beforeAll(async () => {
  await createMachine("mr-parent");
  const started = await post("/state-machines/mr-parent/executions", { name: "p1" });
  expect(started.status).toBe(201);
  // As the Map Run objects write them: A started first and ended, B later and still running.
  await writeMapRunRow(env.DB, { mapRunArn: RUN_A, executionArn: PARENT, status: "RUNNING", startDate: T0, stopDate: null });
  await writeMapRunRow(env.DB, { mapRunArn: RUN_A, executionArn: PARENT, status: "SUCCEEDED", startDate: T0, stopDate: T0 + 5000 });
  await writeMapRunRow(env.DB, { mapRunArn: RUN_B, executionArn: PARENT, status: "RUNNING", startDate: T0 + 1000, stopDate: null });
  // B's children: their rows name the Map Run as their state machine.
  for (const [i, name] of ["c0", "c1", "c2"].entries()) {
    await writeExecutionRow(env.DB, {
      arn: child(name),
      stateMachineArn: RUN_B,
      name,
      status: i === 0 ? "SUCCEEDED" : "RUNNING",
      startDate: T0 + 2000 + i,
      stopDate: i === 0 ? T0 + 3000 : null,
    });
  }
});

beforeEach(() => {
  runs = new Map([
    [RUN_B, run(RUN_B, "RUNNING", T0 + 1000)],
    [ENDED, run(ENDED, "FAILED", T0, T0 + 9000)],
  ]);
  updates = [];
});

describe("map_runs rows", () => {
  it("a terminal status is final: a late RUNNING write changes nothing", async () => {
    await writeMapRunRow(env.DB, { mapRunArn: RUN_A, executionArn: PARENT, status: "RUNNING", startDate: T0, stopDate: null });
    const { items } = await listMapRunRows(env.DB, { executionArn: PARENT, limit: 10 });
    expect(items.map((r) => [r.mapRunArn, r.status, r.stopDate])).toEqual([
      [RUN_B, "RUNNING", null],
      [RUN_A, "SUCCEEDED", T0 + 5000],
    ]);
  });
});

describe("REST", () => {
  it("GET /map-runs/:arn describes a Map Run, dates as ISO strings", async () => {
    const r = await rest("GET", `/map-runs/${path(RUN_B)}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mapRunArn: RUN_B, executionArn: PARENT, status: "RUNNING", maxConcurrency: 10, redriveCount: 0 });
    expect(r.body.startDate).toBe(new Date(T0 + 1000).toISOString());
    expect(r.body.stopDate).toBeUndefined();
    expect(r.body.itemCounts.total).toBe(3);
    const ended = await rest("GET", `/map-runs/${path(ENDED)}`);
    expect(ended.body.stopDate).toBe(new Date(T0 + 9000).toISOString());
  });

  it("GET /map-runs/:arn: ResourceNotFound, InvalidArn, and the bearer token", async () => {
    expect(await rest("GET", `/map-runs/${path(NOWHERE)}`)).toMatchObject({ status: 404, body: { error: "ResourceNotFound" } });
    expect((await rest("GET", `/map-runs/${path(NOWHERE)}`)).body.message).toBe(`Map Run Does Not Exist: ${NOWHERE}`);
    expect(await rest("GET", `/map-runs/${path(ELSEWHERE)}`)).toMatchObject({ status: 404, body: { error: "ResourceNotFound" } });
    expect(await rest("GET", `/map-runs/${path(`${ARN}:mapRun:no-label:x`)}`)).toMatchObject({ status: 400, body: { error: "InvalidArn" } });
    expect(await rest("GET", `/map-runs/${path(PARENT)}`)).toMatchObject({ status: 400, body: { error: "InvalidArn" } });
    const anonymous = await app.request(`/map-runs/${path(RUN_B)}`, {}, withRuns);
    expect(anonymous.status).toBe(401);
  });

  it("PATCH /map-runs/:arn updates a running Map Run and answers its description", async () => {
    const r = await rest("PATCH", `/map-runs/${path(RUN_B)}`, { maxConcurrency: 2, toleratedFailurePercentage: 12.5 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mapRunArn: RUN_B, maxConcurrency: 2, toleratedFailurePercentage: 12.5, toleratedFailureCount: 0 });
    expect(updates).toEqual([{ arn: RUN_B, update: { maxConcurrency: 2, toleratedFailurePercentage: 12.5 } }]);
    const zero = await rest("PATCH", `/map-runs/${path(RUN_B)}`, { toleratedFailureCount: 0, maxConcurrency: 0 });
    expect(zero.body).toMatchObject({ maxConcurrency: 0, toleratedFailureCount: 0 });
  });

  it("PATCH /map-runs/:arn refuses bad values, an ended run, an unknown one", async () => {
    for (const body of [
      {},
      { maxConcurrency: null },
      { maxConcurrency: -1 },
      { maxConcurrency: 1.5 },
      { maxConcurrency: "2" },
      { toleratedFailurePercentage: -0.1 },
      { toleratedFailurePercentage: 100.5 },
      { toleratedFailurePercentage: "50" },
      { toleratedFailureCount: -1 },
      { toleratedFailureCount: 2.5 },
    ]) {
      const r = await rest("PATCH", `/map-runs/${path(RUN_B)}`, body);
      expect({ body, status: r.status, error: r.body.error }).toEqual({ body, status: 400, error: "ValidationException" });
    }
    const ended = await rest("PATCH", `/map-runs/${path(ENDED)}`, { maxConcurrency: 1 });
    expect(ended).toMatchObject({ status: 400, body: { error: "ValidationException" } });
    expect(ended.body.message).toMatch(/not running/);
    expect(await rest("PATCH", `/map-runs/${path(NOWHERE)}`, { maxConcurrency: 1 })).toMatchObject({
      status: 404,
      body: { error: "ResourceNotFound" },
    });
    expect(await rest("PATCH", `/map-runs/${path("arn:nope")}`, { maxConcurrency: 1 })).toMatchObject({ status: 400, body: { error: "InvalidArn" } });
    expect(updates).toEqual([]);
  });

  it("GET /executions/:arn/map-runs lists an execution's Map Runs, newest first, in pages", async () => {
    const all = await rest("GET", `/executions/${path(PARENT)}/map-runs`);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      mapRuns: [
        { executionArn: PARENT, mapRunArn: RUN_B, stateMachineArn: MACHINE, startDate: new Date(T0 + 1000).toISOString() },
        {
          executionArn: PARENT,
          mapRunArn: RUN_A,
          stateMachineArn: MACHINE,
          startDate: new Date(T0).toISOString(),
          stopDate: new Date(T0 + 5000).toISOString(),
        },
      ],
    });
    const first = await rest("GET", `/executions/${path(PARENT)}/map-runs?maxResults=1`);
    expect(first.body.mapRuns.map((m: any) => m.mapRunArn)).toEqual([RUN_B]);
    const second = await rest("GET", `/executions/${path(PARENT)}/map-runs?maxResults=1&nextToken=${first.body.nextToken}`);
    expect(second.body.mapRuns.map((m: any) => m.mapRunArn)).toEqual([RUN_A]);
    expect(second.body.nextToken).toBeUndefined();
  });

  it("GET /executions/:arn/map-runs: ExecutionDoesNotExist, InvalidArn, InvalidToken", async () => {
    const gone = `${ARN}:execution:mr-parent:nope`;
    expect(await rest("GET", `/executions/${path(gone)}/map-runs`)).toMatchObject({ status: 404, body: { error: "ExecutionDoesNotExist" } });
    expect(await rest("GET", `/executions/${path(MACHINE)}/map-runs`)).toMatchObject({ status: 400, body: { error: "InvalidArn" } });
    expect(await rest("GET", `/executions/${path(PARENT)}/map-runs?nextToken=zzz`)).toMatchObject({
      status: 400,
      body: { error: "InvalidToken" },
    });
    expect(await rest("GET", `/executions/${path(PARENT)}/map-runs?maxResults=5000`)).toMatchObject({
      status: 400,
      body: { error: "ValidationException" },
    });
  });

  it("GET /executions?mapRun= lists a Map Run's children, named as AWS names them", async () => {
    const r = await rest("GET", `/executions?mapRun=${path(RUN_B)}`);
    expect(r.status).toBe(200);
    expect(r.body.executions.map((e: any) => e.name)).toEqual(["c2", "c1", "c0"]);
    expect(r.body.executions[2]).toEqual({
      executionArn: child("c0"),
      stateMachineArn: `${MACHINE}/Fan`,
      mapRunArn: RUN_B,
      name: "c0",
      status: "SUCCEEDED",
      startDate: new Date(T0 + 2000).toISOString(),
      stopDate: new Date(T0 + 3000).toISOString(),
      redriveCount: 0,
    });
    const running = await rest("GET", `/executions?mapRun=${path(RUN_B)}&status=RUNNING&maxResults=1`);
    expect(running.body.executions.map((e: any) => e.name)).toEqual(["c2"]);
    const next = await rest("GET", `/executions?mapRun=${path(RUN_B)}&status=RUNNING&maxResults=1&nextToken=${running.body.nextToken}`);
    expect(next.body.executions.map((e: any) => e.name)).toEqual(["c1"]);
    expect((await rest("GET", `/executions?mapRun=${path(RUN_A)}`)).body).toEqual({ executions: [] });
    // The machine's own listing does not include the children.
    const own = await rest("GET", `/executions?stateMachine=mr-parent`);
    expect(own.body.executions.map((e: any) => e.name)).toEqual(["p1"]);
  });

  it("GET /executions?mapRun=: InvalidArn, and not with stateMachine too", async () => {
    expect(await rest("GET", `/executions?mapRun=${path(MACHINE)}`)).toMatchObject({ status: 400, body: { error: "InvalidArn" } });
    expect(await rest("GET", `/executions?mapRun=${path(RUN_B)}&stateMachine=mr-parent`)).toMatchObject({
      status: 400,
      body: { error: "ValidationException" },
    });
    expect(await rest("GET", `/state-machines/mr-parent/executions?mapRun=${path(RUN_B)}`)).toMatchObject({
      status: 400,
      body: { error: "ValidationException" },
    });
  });
});

describe("AWS protocol", () => {
  it("DescribeMapRun: dates as epoch seconds", async () => {
    const d = await awsOk("DescribeMapRun", { mapRunArn: ENDED });
    expect(d).toMatchObject({ mapRunArn: ENDED, executionArn: PARENT, status: "FAILED", startDate: T0 / 1000, stopDate: (T0 + 9000) / 1000 });
    expect(d.executionCounts).toEqual(counts(3));
  });

  it("DescribeMapRun: ResourceNotFound, InvalidArn, a missing ARN", async () => {
    expect(await awsError("DescribeMapRun", { mapRunArn: NOWHERE }, "ResourceNotFound")).toBe(`Map Run Does Not Exist: ${NOWHERE}`);
    await awsError("DescribeMapRun", { mapRunArn: ELSEWHERE }, "ResourceNotFound");
    await awsError("DescribeMapRun", { mapRunArn: "not-an-arn" }, "InvalidArn");
    await awsError("DescribeMapRun", { mapRunArn: PARENT }, "InvalidArn");
    await awsError("DescribeMapRun", {}, "ValidationException");
  });

  it("ListMapRuns: the parent's machine as stateMachineArn, pages", async () => {
    const l = await awsOk("ListMapRuns", { executionArn: PARENT });
    expect(l.mapRuns).toEqual([
      { executionArn: PARENT, mapRunArn: RUN_B, stateMachineArn: MACHINE, startDate: (T0 + 1000) / 1000 },
      { executionArn: PARENT, mapRunArn: RUN_A, stateMachineArn: MACHINE, startDate: T0 / 1000, stopDate: (T0 + 5000) / 1000 },
    ]);
    const p1 = await awsOk("ListMapRuns", { executionArn: PARENT, maxResults: 1 });
    const p2 = await awsOk("ListMapRuns", { executionArn: PARENT, maxResults: 1, nextToken: p1.nextToken });
    expect([...p1.mapRuns, ...p2.mapRuns].map((m: any) => m.mapRunArn)).toEqual([RUN_B, RUN_A]);
  });

  it("ListMapRuns: ExecutionDoesNotExist, InvalidArn, InvalidToken", async () => {
    await awsError("ListMapRuns", { executionArn: `${ARN}:execution:mr-parent:nope` }, "ExecutionDoesNotExist");
    await awsError("ListMapRuns", { executionArn: MACHINE }, "InvalidArn");
    await awsError("ListMapRuns", { executionArn: PARENT, nextToken: "zzz" }, "InvalidToken");
    await awsError("ListMapRuns", {}, "ValidationException");
  });

  it("UpdateMapRun: an empty answer; the run has the new values", async () => {
    expect(await awsOk("UpdateMapRun", { mapRunArn: RUN_B, toleratedFailureCount: 4 })).toEqual({});
    expect(updates).toEqual([{ arn: RUN_B, update: { toleratedFailureCount: 4 } }]);
    expect(await awsOk("DescribeMapRun", { mapRunArn: RUN_B })).toMatchObject({ toleratedFailureCount: 4, maxConcurrency: 10 });
  });

  it("UpdateMapRun: ValidationException for bad values and an ended run; ResourceNotFound; InvalidArn", async () => {
    await awsError("UpdateMapRun", { mapRunArn: RUN_B }, "ValidationException");
    await awsError("UpdateMapRun", { mapRunArn: RUN_B, maxConcurrency: -1 }, "ValidationException");
    await awsError("UpdateMapRun", { mapRunArn: RUN_B, toleratedFailurePercentage: 101 }, "ValidationException");
    await awsError("UpdateMapRun", { mapRunArn: RUN_B, toleratedFailureCount: -3 }, "ValidationException");
    await awsError("UpdateMapRun", { mapRunArn: ENDED, maxConcurrency: 1 }, "ValidationException");
    await awsError("UpdateMapRun", { mapRunArn: NOWHERE, maxConcurrency: 1 }, "ResourceNotFound");
    await awsError("UpdateMapRun", { mapRunArn: "arn:aws:states:us-east-1:123456789012:mapRun:x", maxConcurrency: 1 }, "InvalidArn");
    expect(updates).toEqual([]);
  });

  it("ListExecutions with mapRunArn: the Map Run's children", async () => {
    const l = await awsOk("ListExecutions", { mapRunArn: RUN_B, statusFilter: "SUCCEEDED" });
    expect(l.executions).toEqual([
      {
        executionArn: child("c0"),
        stateMachineArn: `${MACHINE}/Fan`,
        mapRunArn: RUN_B,
        name: "c0",
        status: "SUCCEEDED",
        startDate: (T0 + 2000) / 1000,
        stopDate: (T0 + 3000) / 1000,
        redriveCount: 0,
      },
    ]);
    expect((await awsOk("ListExecutions", { mapRunArn: RUN_B })).executions).toHaveLength(3);
  });

  it("ListExecutions: exactly one of stateMachineArn and mapRunArn; a malformed mapRunArn is InvalidArn", async () => {
    expect(await awsError("ListExecutions", {}, "ValidationException")).toBe(
      "1 validation error detected: Must provide a StateMachine ARN or MapRun ARN",
    );
    await awsError("ListExecutions", { stateMachineArn: MACHINE, mapRunArn: RUN_B }, "ValidationException");
    await awsError("ListExecutions", { mapRunArn: "arn:aws:states:us-east-1:123456789012:mapRun:broken" }, "InvalidArn");
    await awsError("ListExecutions", { mapRunArn: MACHINE }, "InvalidArn");
    // The machine's own executions still list as before.
    expect((await awsOk("ListExecutions", { stateMachineArn: MACHINE })).executions.map((e: any) => e.name)).toEqual(["p1"]);
  });
});
