import { describe, expect, it } from "vitest";
import { call, createMachine, get, PASS, post, put, WAIT } from "./api-client.ts";

const EXEC = "arn:aws:states:us-east-1:123456789012:execution:";
const enc = encodeURIComponent;

describe("executions: start and describe", () => {
  it("starts an execution with a name and input, and describes it by ARN or by names", async () => {
    await createMachine("runner");
    const r = await post("/state-machines/runner/executions", { name: "first", input: { order: 7 } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ executionArn: `${EXEC}runner:first`, startDate: expect.any(String) });
    const byArn = await get(`/executions/${enc(r.body.executionArn)}`);
    expect(byArn.status).toBe(200);
    expect(byArn.body).toMatchObject({
      executionArn: `${EXEC}runner:first`,
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:runner",
      name: "first",
      status: "SUCCEEDED",
      startDate: r.body.startDate,
    });
    // started with the machine's ARN, not a version's or an alias's: AWS reports no version ARN
    expect(byArn.body).not.toHaveProperty("stateMachineVersionArn");
    expect(JSON.parse(byArn.body.input)).toEqual({ order: 7 });
    expect(JSON.parse(byArn.body.output)).toEqual({ order: 7 });
    expect((await get("/state-machines/runner/executions/first")).body).toEqual(byArn.body);
  });

  it("names an execution with a UUID and gives it {} when neither is sent; any JSON value is an input", async () => {
    await createMachine("anon");
    const r = await call("POST", "/state-machines/anon/executions");
    expect(r.status).toBe(201);
    expect(r.body.executionArn).toMatch(/:execution:anon:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await get(`/executions/${enc(r.body.executionArn)}`)).body.input).toBe("{}");
    const s = await post("/state-machines/anon/executions", { input: "just text" });
    expect(JSON.parse((await get(`/executions/${enc(s.body.executionArn)}`)).body.output)).toBe("just text");
  });

  it("returns the same execution for the same name and input while it runs, else ExecutionAlreadyExists", async () => {
    await createMachine("napper", WAIT);
    const a = await post("/state-machines/napper/executions", { name: "once", input: { n: 1 } });
    const b = await post("/state-machines/napper/executions", { name: "once", input: { n: 1 } });
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const c = await post("/state-machines/napper/executions", { name: "once", input: { n: 2 } });
    expect(c.status).toBe(409);
    expect(c.body.error).toBe("ExecutionAlreadyExists");
    await createMachine("quick");
    await post("/state-machines/quick/executions", { name: "done", input: {} });
    const ended = await post("/state-machines/quick/executions", { name: "done", input: {} });
    expect(ended).toMatchObject({ status: 409, body: { error: "ExecutionAlreadyExists" } });
  });

  it("refuses an unknown machine, a bad name, and an input over 256 KiB, before any object is asked", async () => {
    expect(await post("/state-machines/ghost/executions", {})).toMatchObject({ status: 404, body: { error: "StateMachineDoesNotExist" } });
    await createMachine("strict");
    for (const name of ["", "x".repeat(81), "a b", "a:b", 12]) {
      const r = await post("/state-machines/strict/executions", { name });
      expect(r.status, JSON.stringify(name)).toBe(400);
      expect(r.body.error).toBe("InvalidName");
    }
    const big = await post("/state-machines/strict/executions", { name: "big", input: { pad: "x".repeat(256 * 1024) } });
    expect(big.status).toBe(400);
    expect(big.body.error).toBe("InvalidExecutionInput");
    expect(big.body.message).toContain("262144");
    expect((await get("/state-machines/strict/executions/big")).status).toBe(404);
    const huge = await call("POST", "/state-machines/strict/executions", undefined, { raw: `{"input":"${"x".repeat(1024 * 1024)}"}` });
    expect(huge).toMatchObject({ status: 413, body: { error: "PayloadTooLarge" } });
    expect((await call("POST", "/state-machines/strict/executions", undefined, { raw: "{oops" })).body.error).toBe(
      "SerializationException",
    );
  });

  it("accepts an input of exactly 256 KiB, and refuses one nested deeper than 1000 levels", async () => {
    await createMachine("limits");
    const edge = "x".repeat(256 * 1024 - 2); // with its quotes: 262144 bytes of JSON
    const ok = await post("/state-machines/limits/executions", { name: "edge", input: edge });
    expect(ok.status).toBe(201);
    const deep = JSON.parse(`${"[".repeat(1100)}${"]".repeat(1100)}`);
    const r = await post("/state-machines/limits/executions", { name: "deep", input: deep });
    expect(r).toMatchObject({ status: 400, body: { error: "InvalidExecutionInput" } });
    expect(r.body.message).toContain("nested");
  });

  // Issue 14: what the engine refuses at the start (inputProblem) is what the API refuses, at the same boundary.
  it("accepts 1000 levels of nesting and refuses 1001, wherever in the input they are", async () => {
    await createMachine("depths");
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const start = (name: string, input: string) =>
      call("POST", "/state-machines/depths/executions", undefined, { raw: `{"name":"${name}","input":${input}}` });
    const ok = await start("d1000", nest(1000));
    expect(ok.status).toBe(201);
    expect((await get("/state-machines/depths/executions/d1000")).body.status).toBe("SUCCEEDED");
    const pad = `"pad":"${"x".repeat(50000)}"`;
    // after a large field: once refused only when the deep part came first
    for (const [name, input] of [
      ["d1001", nest(1001)],
      ["wrapped", `{"deep":${nest(1000)}}`],
      ["padded", `{${pad},"deep":${nest(1001)}}`],
      ["very-deep", `{${pad},"deep":${nest(100000)}}`],
    ]) {
      const r = await start(name, input);
      expect(r, name).toMatchObject({ status: 400, body: { error: "InvalidExecutionInput" } });
      expect(r.body.message).toBe("The value is nested more than 1000 levels deep.");
      expect((await get(`/state-machines/depths/executions/${name}`)).status, name).toBe(404);
    }
  });

  it("keeps a running execution on the revision it started with when the machine is updated", async () => {
    await createMachine("versioned", WAIT);
    const r = await post("/state-machines/versioned/executions", { name: "old" });
    await put("/state-machines/versioned", { definition: PASS });
    const old = await get(`/executions/${enc(r.body.executionArn)}`);
    expect(old.body).toMatchObject({ status: "RUNNING" });
    expect((await get(`/executions/${enc(r.body.executionArn)}/state-machine`)).body).toMatchObject({ revisionId: "1" });
    const fresh = await post("/state-machines/versioned/executions", { name: "new" });
    const now = await get(`/executions/${enc(fresh.body.executionArn)}`);
    expect(now.body).toMatchObject({ status: "SUCCEEDED" });
    expect((await get(`/executions/${enc(fresh.body.executionArn)}/state-machine`)).body).toMatchObject({ revisionId: "2" });
  });

  it("refuses a malformed ARN and answers ExecutionDoesNotExist for one that names nothing", async () => {
    for (const arn of [
      "nope",
      "arn:aws:states:us-east-1:123456789012:stateMachine:m",
      "arn:aws:states:us-east-1:123456789012:execution:m",
    ]) {
      expect((await get(`/executions/${enc(arn)}`)).body.error, arn).toBe("InvalidArn");
    }
    expect(await get(`/executions/${enc(`${EXEC}m:never`)}`)).toMatchObject({ status: 404, body: { error: "ExecutionDoesNotExist" } });
    const elsewhere = "arn:aws:states:eu-west-1:999999999999:execution:m:x";
    expect(await get(`/executions/${enc(elsewhere)}`)).toMatchObject({ status: 404, body: { error: "ExecutionDoesNotExist" } });
    expect((await get("/state-machines/m/executions/never")).status).toBe(404);
  });
});

describe("executions: stop and history", () => {
  it("stops a running execution ABORTED with the error and cause given, once", async () => {
    await createMachine("stoppable", WAIT);
    const { body } = await post("/state-machines/stoppable/executions", { name: "s1" });
    const path = `/executions/${enc(body.executionArn)}`;
    const r = await post(`${path}/stop`, { error: "Operator", cause: "changed my mind" });
    expect(r.status).toBe(200);
    expect(Date.parse(r.body.stopDate)).toBeGreaterThan(0);
    expect((await get(path)).body).toMatchObject({
      status: "ABORTED",
      error: "Operator",
      cause: "changed my mind",
      stopDate: r.body.stopDate,
    });
    const again = await post(`${path}/stop`, {});
    expect(again).toMatchObject({ status: 409, body: { error: "ExecutionNotRunning" } });
    expect(again.body.message).toContain("ABORTED");
  });

  it("refuses to stop what does not exist, and an error or cause that is too long", async () => {
    expect((await post(`/executions/${enc(`${EXEC}x:y`)}/stop`, {})).body.error).toBe("ExecutionDoesNotExist");
    await createMachine("longwinded", WAIT);
    const { body } = await post("/state-machines/longwinded/executions", {});
    const path = `/executions/${enc(body.executionArn)}/stop`;
    expect((await post(path, { error: "e".repeat(257) })).body.error).toBe("ValidationException");
    expect((await post(path, { cause: "c".repeat(32769) })).body.error).toBe("ValidationException");
    expect((await get(`/executions/${enc(body.executionArn)}`)).body.status).toBe("RUNNING");
  });

  it("pages the history oldest or newest first, with or without data", async () => {
    await createMachine("storied");
    const { body } = await post("/state-machines/storied/executions", { input: { secret: "marker-123" } });
    const path = `/executions/${enc(body.executionArn)}/history`;
    const all = await get(path);
    expect(all.status).toBe(200);
    const types = all.body.events.map((e: any) => e.type);
    expect(types[0]).toBe("ExecutionStarted");
    expect(types[types.length - 1]).toBe("ExecutionSucceeded");
    expect(JSON.stringify(all.body)).toContain("marker-123");

    const reversed = await get(`${path}?reverseOrder=true`);
    expect(reversed.body.events.map((e: any) => e.type)).toEqual([...types].reverse());

    const paged: string[] = [];
    let token: string | undefined;
    do {
      const page = await get(`${path}?maxResults=1${token ? `&nextToken=${enc(token)}` : ""}`);
      expect(page.body.events.length).toBe(1);
      paged.push(page.body.events[0].type);
      token = page.body.nextToken;
    } while (token);
    expect(paged).toEqual(types);

    const bare = await get(`${path}?includeExecutionData=false`);
    expect(bare.body.events.length).toBe(types.length);
    expect(JSON.stringify(bare.body)).not.toContain("marker-123");
  });

  it("refuses bad history options and answers ExecutionDoesNotExist for an unknown execution", async () => {
    expect((await get(`/executions/${enc(`${EXEC}x:y`)}/history`)).body.error).toBe("ExecutionDoesNotExist");
    expect((await get(`/executions/${enc(`${EXEC}x:y`)}/history?reverseOrder=maybe`)).body.error).toBe("ValidationException");
    expect((await get(`/executions/${enc(`${EXEC}x:y`)}/history?maxResults=5000`)).body.error).toBe("ValidationException");
  });
});

describe("executions: listing", () => {
  it("lists a machine's executions newest first, by status, paged stably while new ones start", async () => {
    await createMachine("busy", WAIT);
    await createMachine("other");
    const arns: string[] = [];
    for (const name of ["e1", "e2", "e3", "e4", "e5"]) {
      arns.push((await post("/state-machines/busy/executions", { name })).body.executionArn);
    }
    await post(`/executions/${enc(arns[1])}/stop`, {});
    await post("/state-machines/other/executions", { name: "elsewhere" });

    const all = await get("/executions?stateMachine=busy");
    expect(all.status).toBe(200);
    const listed = all.body.executions;
    expect(listed.map((e: any) => e.name).sort()).toEqual(["e1", "e2", "e3", "e4", "e5"]);
    const order = [...listed].sort(
      (a: any, b: any) => b.startDate.localeCompare(a.startDate) || (a.executionArn < b.executionArn ? 1 : -1),
    );
    expect(listed).toEqual(order);
    expect(listed.find((e: any) => e.name === "e2")).toMatchObject({ status: "ABORTED", stopDate: expect.any(String) });
    expect(listed.find((e: any) => e.name === "e3")).toEqual({
      executionArn: `${EXEC}busy:e3`,
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:busy",
      name: "e3",
      status: "RUNNING",
      startDate: expect.any(String),
      redriveCount: 0,
    });

    const running = await get("/executions?stateMachine=busy&status=RUNNING");
    expect(running.body.executions.map((e: any) => e.name).sort()).toEqual(["e1", "e3", "e4", "e5"]);
    const byArn = await get(`/executions?stateMachine=${enc("arn:aws:states:us-east-1:123456789012:stateMachine:busy")}&status=ABORTED`);
    expect(byArn.body.executions.map((e: any) => e.name)).toEqual(["e2"]);
    expect((await get("/state-machines/busy/executions?status=ABORTED")).body).toEqual(byArn.body);

    const seen: string[] = [];
    let page = await get("/executions?stateMachine=busy&maxResults=2");
    seen.push(...page.body.executions.map((e: any) => e.name));
    // Newer than everything listed (and last in ARN order on a tie): it must not appear in later pages.
    await post("/state-machines/busy/executions", { name: "zz-late" });
    while (page.body.nextToken) {
      expect(page.body.executions.length).toBe(2);
      page = await get(`/executions?stateMachine=busy&maxResults=2&nextToken=${enc(page.body.nextToken)}`);
      seen.push(...page.body.executions.map((e: any) => e.name));
    }
    expect(seen).toEqual(listed.map((e: any) => e.name));
  });

  it("lists every machine's executions when none is named: newest first, by status, paged", async () => {
    await createMachine("left", WAIT);
    await createMachine("right");
    const started: string[] = [];
    for (const [machine, name] of [
      ["left", "l1"],
      ["right", "r1"],
      ["left", "l2"],
      ["right", "r2"],
    ]) {
      started.push((await post(`/state-machines/${machine}/executions`, { name })).body.executionArn);
    }
    const all = (await get("/executions?maxResults=1000")).body.executions.filter((e: any) => started.includes(e.executionArn));
    expect(all.map((e: any) => e.name).sort()).toEqual(["l1", "l2", "r1", "r2"]);
    const order = [...all].sort((a: any, b: any) => b.startDate.localeCompare(a.startDate) || (a.executionArn < b.executionArn ? 1 : -1));
    expect(all).toEqual(order);
    const running = (await get("/executions?status=RUNNING&maxResults=1000")).body.executions.map((e: any) => e.name);
    expect(running).toEqual(expect.arrayContaining(["l1", "l2"]));
    expect(running).not.toContain("r1");
    const seen: string[] = [];
    let page = await get("/executions?maxResults=1");
    for (;;) {
      seen.push(...page.body.executions.map((e: any) => e.executionArn));
      if (!page.body.nextToken) break;
      page = await get(`/executions?maxResults=1&nextToken=${enc(page.body.nextToken)}`);
    }
    expect(seen).toEqual((await get("/executions?maxResults=1000")).body.executions.map((e: any) => e.executionArn));
    expect((await get("/executions?status=DONE")).body.error).toBe("ValidationException");
  });

  it("refuses an unknown machine, a missing one, a bad status and a bad token", async () => {
    expect(await get("/executions?stateMachine=ghost")).toMatchObject({ status: 404, body: { error: "StateMachineDoesNotExist" } });
    const foreign = enc("arn:aws:states:eu-west-1:999999999999:stateMachine:busy");
    expect((await get(`/executions?stateMachine=${foreign}`)).status).toBe(404);
    expect((await get("/executions?stateMachine=arn:nope")).body.error).toBe("InvalidArn");
    await createMachine("quiet");
    expect((await get("/executions?stateMachine=quiet")).body).toEqual({ executions: [] });
    expect((await get("/executions?stateMachine=quiet&status=DONE")).body.error).toBe("ValidationException");
    expect((await get("/executions?stateMachine=quiet&nextToken=abc")).body.error).toBe("InvalidToken");
  });
});
