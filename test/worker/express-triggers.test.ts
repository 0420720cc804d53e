import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createMachine, del, get, PASS, put, TOKEN } from "./api-client.ts";
import { express, NAP, withLimit } from "./express-helpers.ts";

const ECHO = { StartAt: "Echo", States: { Echo: { Type: "Pass", End: true } } };

async function run(method: string, path: string, opts: { body?: string; headers?: Record<string, string>; token?: string | null } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? TOKEN : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await exports.default.fetch(`https://asl.test${path}`, { method, headers, body: opts.body });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, headers: res.headers };
}

describe("HTTP triggers: binding a route", () => {
  it("stores, describes, replaces and deletes a machine's trigger", async () => {
    await express("echo", ECHO);
    const r = await put("/state-machines/echo/trigger", { method: "post", path: "/orders/:id" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      stateMachine: "echo",
      method: "POST",
      path: "/orders/:id",
      auth: "token",
      url: "https://asl.test/run/orders/:id",
    });
    expect((await get("/state-machines/echo/trigger")).body).toEqual(r.body);
    expect((await put("/state-machines/echo/trigger", { method: "GET", path: "/echo", auth: "none" })).body.auth).toBe("none");
    expect((await run("POST", "/run/orders/1")).status).toBe(404);
    expect((await run("GET", "/run/echo", { token: null })).status).toBe(200);
    expect((await del("/state-machines/echo/trigger")).status).toBe(200);
    const gone = await get("/state-machines/echo/trigger");
    expect([gone.status, gone.body.error]).toEqual([404, "ResourceNotFound"]);
    expect((await del("/state-machines/echo/trigger")).status).toBe(404);
    const none = await run("GET", "/run/echo");
    expect([none.status, none.body.error]).toEqual([404, "NotFound"]);
  });

  it("refuses bad bindings: method, path, auth, a STANDARD or unknown machine, a route taken, no token", async () => {
    await express("t1", ECHO);
    await express("t2", ECHO);
    await createMachine("std", PASS);
    const bad = async (body: unknown, machine = "t1") => {
      const r = await put(`/state-machines/${machine}/trigger`, body);
      return [r.status, r.body.error];
    };
    expect(await bad({ method: "FETCH", path: "/x" })).toEqual([400, "ValidationException"]);
    expect(await bad({ method: "GET", path: "x" })).toEqual([400, "ValidationException"]);
    expect(await bad({ method: "GET", path: "/a b" })).toEqual([400, "ValidationException"]);
    expect(await bad({ method: "GET", path: "/:id/:id" })).toEqual([400, "ValidationException"]);
    expect(await bad({ method: "GET", path: "/x", auth: "open" })).toEqual([400, "ValidationException"]);
    expect(await bad({ method: "GET", path: "/x" }, "std")).toEqual([400, "StateMachineTypeNotSupported"]);
    expect(await bad({ method: "GET", path: "/x" }, "ghost")).toEqual([404, "StateMachineDoesNotExist"]);
    expect((await put("/state-machines/t1/trigger", { method: "GET", path: "/items/:id" })).status).toBe(200);
    expect(await bad({ method: "GET", path: "/items/:other" }, "t2")).toEqual([409, "ConflictException"]);
    expect((await call("PUT", "/state-machines/t2/trigger", { method: "GET", path: "/y" }, { token: null })).status).toBe(401);
  });
});

describe("HTTP triggers: running", () => {
  it("gives the execution the body, query, path parameters, headers (lower-cased, no Authorization), method and path", async () => {
    await express("inputs", ECHO);
    await put("/state-machines/inputs/trigger", { method: "POST", path: "/shops/:shop/orders/:id" });
    const r = await run("POST", "/run/shops/north/orders/a%2Fb?x=1&y=two", {
      body: '{"qty":2}',
      headers: { "Content-Type": "application/json", "X-Custom": "Yes" },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("X-Execution-Arn")).toMatch(/:express:inputs:[0-9a-f-]{36}:[0-9a-f-]{36}$/);
    expect(r.body).toMatchObject({
      body: { qty: 2 },
      query: { x: "1", y: "two" },
      params: { shop: "north", id: "a/b" },
      method: "POST",
      path: "/shops/north/orders/a%2Fb",
    });
    expect(r.body.headers["x-custom"]).toBe("Yes");
    expect(r.body.headers["content-type"]).toBe("application/json");
    expect(r.body.headers.authorization).toBeUndefined();
    const text = await run("POST", "/run/shops/s/orders/1", { body: "plain words" });
    expect(text.body.body).toBe("plain words");
    const empty = await run("POST", "/run/shops/s/orders/1");
    expect(empty.body.body).toBeNull();
    const broken = await run("POST", "/run/shops/s/orders/1", { body: "{", headers: { "Content-Type": "application/json" } });
    expect([broken.status, broken.body.error]).toEqual([400, "SerializationException"]);
    // the body sits one level down in the input: 999 levels in it make the input's 1000, the most allowed
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const json = { "Content-Type": "application/json" };
    expect((await run("POST", "/run/shops/s/orders/1", { body: nest(999), headers: json })).status).toBe(200);
    const deep = await run("POST", "/run/shops/s/orders/1", { body: nest(1000), headers: json });
    expect([deep.status, deep.body.error]).toEqual([400, "InvalidExecutionInput"]);
    const padded = await run("POST", "/run/shops/s/orders/1", { body: `["${"x".repeat(50000)}",${nest(100000)}]`, headers: json });
    expect([padded.status, padded.body.error]).toEqual([400, "InvalidExecutionInput"]);
  });

  it("a literal segment wins over a parameter", async () => {
    await express("any", { StartAt: "P", States: { P: { Type: "Pass", Result: "any", End: true } } });
    await express("me", { StartAt: "P", States: { P: { Type: "Pass", Result: "me", End: true } } });
    await put("/state-machines/any/trigger", { method: "GET", path: "/users/:id", auth: "none" });
    await put("/state-machines/me/trigger", { method: "GET", path: "/users/me", auth: "none" });
    expect((await run("GET", "/run/users/me")).body).toBe("me");
    expect((await run("GET", "/run/users/42")).body).toBe("any");
    expect((await run("GET", "/run/users/42/more")).status).toBe(404);
  });

  it("auth 'token' (the default) needs the bearer token; 'none' does not", async () => {
    await express("guarded", ECHO);
    await put("/state-machines/guarded/trigger", { method: "GET", path: "/guarded" });
    const anon = await run("GET", "/run/guarded", { token: null });
    expect([anon.status, anon.body.error]).toEqual([401, "MissingAuthenticationToken"]);
    expect((await run("GET", "/run/guarded", { token: "wrong" })).body.error).toBe("UnrecognizedClient");
    expect((await run("GET", "/run/guarded")).status).toBe(200);
    await express("open", ECHO);
    await put("/state-machines/open/trigger", { method: "GET", path: "/open", auth: "none" });
    expect((await run("GET", "/run/open", { token: null })).status).toBe(200);
  });

  it("a failed execution answers 502 with {error, cause}; one past the limit 504", async () => {
    await express("broken", { StartAt: "F", States: { F: { Type: "Fail", Error: "Out.OfStock", Cause: "sku A" } } });
    await put("/state-machines/broken/trigger", { method: "GET", path: "/broken" });
    const f = await run("GET", "/run/broken");
    expect([f.status, f.body]).toEqual([502, { error: "Out.OfStock", cause: "sku A" }]);
    await express("slow", NAP(60));
    await put("/state-machines/slow/trigger", { method: "GET", path: "/slow" });
    const t = await withLimit(0.3, "GET", "/run/slow");
    expect(t.status).toBe(504);
    expect(t.body).toMatchObject({ error: "States.Timeout" });
  });

  it("an output {statusCode, headers, body} sets the response", async () => {
    const respond = (Result: unknown) => ({ StartAt: "R", States: { R: { Type: "Pass", Result, End: true } } });
    await express("created", respond({ statusCode: 201, headers: { Location: "/orders/7" }, body: { id: 7 } }));
    await put("/state-machines/created/trigger", { method: "POST", path: "/created", auth: "none" });
    const c = await run("POST", "/run/created", { token: null });
    expect([c.status, c.body, c.headers.get("Location"), c.headers.get("Content-Type")]).toEqual([
      201,
      { id: 7 },
      "/orders/7",
      "application/json",
    ]);
    await express("texty", respond({ statusCode: 200, body: "hello" }));
    await put("/state-machines/texty/trigger", { method: "GET", path: "/texty", auth: "none" });
    const t = await run("GET", "/run/texty");
    expect([t.body, t.headers.get("Content-Type")]).toEqual(["hello", "text/plain; charset=utf-8"]);
    // Other keys beside them: an ordinary output, as JSON with 200.
    await express("plain", respond({ statusCode: 404, body: "x", extra: true }));
    await put("/state-machines/plain/trigger", { method: "GET", path: "/plain", auth: "none" });
    const p = await run("GET", "/run/plain");
    expect([p.status, p.body]).toEqual([200, { statusCode: 404, body: "x", extra: true }]);
  });
});
