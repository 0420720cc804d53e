// The console's server side: sign-in and the session cookie, the same API under the cookie with CSRF
// and origin checks, the pages (and their 404s), the assets' caching, and what the execution page reads
// (the definition an execution ran, the tasks waiting for a token, the live WebSocket).
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ASSETS, SCRIPT, STYLE } from "../../worker/console/assets.generated.ts";
import { newSession } from "../../worker/console/session.ts";
import { liveMessage, MAX_MESSAGE_BYTES } from "../../worker/execution/live.ts";
import { createMachine, post, TOKEN, WAIT } from "./api-client.ts";
import { waiting, startWaiting } from "./tokens-helpers.ts";

const BASE = "https://asl.test";
const enc = encodeURIComponent;

function fetchRaw(path: string, init: RequestInit & { cookie?: string; csrf?: string; origin?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  // On https the cookie carries the __Host- prefix (worker/console/session.ts).
  if (init.cookie) headers.set("Cookie", `__Host-asl_session=${init.cookie}`);
  if (init.csrf) headers.set("X-CSRF-Token", init.csrf);
  if (init.origin) headers.set("Origin", init.origin);
  return exports.default.fetch(`${BASE}${path}`, { ...init, headers, redirect: "manual" });
}

/** Signs in through the form; the session cookie's value and the page's CSRF token. */
async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetchRaw("/console/sign-in", {
    method: "POST",
    body: new URLSearchParams({ token: TOKEN, next: "/console" }),
    origin: BASE,
  });
  expect(res.status).toBe(303);
  const cookie = /asl_session=([^;]+)/.exec(res.headers.get("Set-Cookie") ?? "")![1];
  const page = await (await fetchRaw("/console", { cookie })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)![1];
  return { cookie, csrf };
}

describe("sign-in and the session", () => {
  it("redirects / to the console and the console to the sign-in form", async () => {
    const root = await fetchRaw("/");
    expect(root.status).toBe(302);
    expect(root.headers.get("Location")).toBe("/console");
    const res = await fetchRaw("/console/executions?status=FAILED");
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/console/sign-in?next=${enc("/console/executions?status=FAILED")}`);
    const form = await (await fetchRaw("/console/sign-in")).text();
    expect(form).toContain('name="token"');
    expect(form).toContain('<label for="token">');
  });

  it("refuses a wrong token, and sets an HttpOnly SameSite=Strict Secure cookie for the right one", async () => {
    const wrong = await fetchRaw("/console/sign-in", { method: "POST", body: new URLSearchParams({ token: "nope" }), origin: BASE });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("not the API token");
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
    const right = await fetchRaw("/console/sign-in", {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN, next: "/console/activities" }),
      origin: BASE,
    });
    expect(right.status).toBe(303);
    expect(right.headers.get("Location")).toBe("/console/activities");
    const cookie = right.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^__Host-asl_session=[\w.-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).not.toContain(TOKEN);
  });

  it("never redirects off the console after sign-in", async () => {
    for (const next of ["https://evil.example/", "//evil.example/console", "/state-machines"]) {
      const res = await fetchRaw("/console/sign-in", { method: "POST", body: new URLSearchParams({ token: TOKEN, next }), origin: BASE });
      expect(res.headers.get("Location")).toBe("/console");
    }
  });

  it("refuses a sign-in posted from another site", async () => {
    const res = await fetchRaw("/console/sign-in", {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN }),
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("signs out: the cookie is cleared, and the form needs the CSRF token", async () => {
    const { cookie, csrf } = await signIn();
    const forged = await fetchRaw("/console/sign-out", { method: "POST", cookie, body: new URLSearchParams({ csrf: "x" }), origin: BASE });
    expect(forged.status).toBe(403);
    const out = await fetchRaw("/console/sign-out", { method: "POST", cookie, body: new URLSearchParams({ csrf }), origin: BASE });
    expect(out.status).toBe(303);
    expect(out.headers.get("Location")).toBe("/console/sign-in");
    expect(out.headers.get("Set-Cookie")).toMatch(/^__Host-asl_session=;.*Max-Age=0/);
  });

  it("treats an expired or forged session as none: the page asks to sign in, the API answers 401 SessionExpired", async () => {
    const expired = await newSession(TOKEN, Date.now() - 13 * 3600 * 1000);
    const forged = `${Math.floor(Date.now() / 1000) + 3600}.AAAAAAAAAAAAAAAAAAAAAA.${"A".repeat(43)}`;
    const other = await newSession("another-token");
    for (const cookie of [expired, forged, other, "garbage"]) {
      const page = await fetchRaw("/console", { cookie });
      expect(page.status).toBe(303);
      expect(page.headers.get("Location")).toMatch(/^\/console\/sign-in/);
      const api = await fetchRaw("/state-machines", { cookie });
      expect(api.status).toBe(401);
      expect(((await api.json()) as { error: string }).error).toBe("SessionExpired");
    }
  });
});

describe("the API under the session cookie", () => {
  it("reads with the cookie alone; changes need the CSRF header and this site's origin", async () => {
    const { cookie, csrf } = await signIn();
    expect((await fetchRaw("/state-machines", { cookie })).status).toBe(200);
    const body = JSON.stringify({ name: "made-in-console", definition: WAIT });
    const headers = { "Content-Type": "application/json" };
    const noCsrf = await fetchRaw("/state-machines", { method: "POST", cookie, body, headers, origin: BASE });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error: string }).error).toBe("InvalidCsrfToken");
    const otherSite = await fetchRaw("/state-machines", { method: "POST", cookie, csrf, body, headers, origin: "https://evil.example" });
    expect(otherSite.status).toBe(403);
    expect(((await otherSite.json()) as { error: string }).error).toBe("ForbiddenOrigin");
    const ok = await fetchRaw("/state-machines", { method: "POST", cookie, csrf, body, headers, origin: BASE });
    expect(ok.status).toBe(201);
  });

  it("refuses GetActivityTask (a GET that takes a task) under the cookie without the CSRF header", async () => {
    const { cookie, csrf } = await signIn();
    await post("/activities", { name: "cookie-queue" });
    const bare = await fetchRaw("/activities/cookie-queue/task?waitSeconds=0", { cookie });
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as { error: string }).error).toBe("InvalidCsrfToken");
    const ok = await fetchRaw("/activities/cookie-queue/task?waitSeconds=0", { cookie, csrf });
    expect(ok.status).toBe(200);
  });

  it("validates a definition as ValidateStateMachineDefinition does (POST /state-machines/validate)", async () => {
    const bad = await post("/state-machines/validate", { definition: '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}' });
    expect(bad.status).toBe(200);
    expect(bad.body.result).toBe("FAIL");
    expect(bad.body.diagnostics[0]).toMatchObject({ severity: "ERROR", location: "/States/A/Next" });
    const ok = await post("/state-machines/validate", { definition: WAIT, severity: "WARNING" });
    expect(ok.body).toMatchObject({ result: "OK", truncated: false });
    const missing = await post("/state-machines/validate", {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("ValidationException");
    const type = await post("/state-machines/validate", { definition: WAIT, type: "SIDEWAYS" });
    expect(type.body.error).toBe("ValidationException");
  });
});

describe("pages", () => {
  it("lists state machines with their execution counts by status", async () => {
    const { cookie } = await signIn();
    await createMachine("counted", WAIT);
    await post("/state-machines/counted/executions", { name: "one" });
    await post("/state-machines/counted/executions", { name: "two" });
    const html = await (await fetchRaw("/console", { cookie })).text();
    const row = /<tr data-machine="counted">[\s\S]*?<\/tr>/.exec(html)![0];
    expect(row).toContain("Standard");
    expect(row).toMatch(/data-status-badge="RUNNING">Running<\/span>\s*2/);
  });

  it("shows an execution with its status on the page root and the definition it ran", async () => {
    const { cookie } = await signIn();
    await createMachine("shown", WAIT);
    const arn = (await post("/state-machines/shown/executions", { name: "first" })).body.executionArn;
    // The machine changes afterwards: the page still draws what the execution runs.
    await exports.default.fetch(`${BASE}/state-machines/shown`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ definition: { StartAt: "Other", States: { Other: { Type: "Succeed" } } } }),
    });
    const res = await fetchRaw(`/console/executions/${enc(arn)}`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-execution-status="RUNNING"');
    const data = JSON.parse(/<script type="application\/json" id="page-data">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(JSON.parse(data.definition).StartAt).toBe("Nap");
    expect(data.execution.status).toBe("RUNNING");
  });

  it("names a deleted machine on its executions' pages instead of linking to a 404", async () => {
    const { cookie } = await signIn();
    await createMachine("gone-soon", WAIT);
    const arn = (await post("/state-machines/gone-soon/executions", { name: "orphan" })).body.executionArn;
    const linked = await (await fetchRaw(`/console/executions/${enc(arn)}`, { cookie })).text();
    expect(linked).toContain('href="/console/state-machines/gone-soon"');
    await exports.default.fetch(`${BASE}/state-machines/gone-soon`, { method: "DELETE", headers: { Authorization: `Bearer ${TOKEN}` } });
    const res = await fetchRaw(`/console/executions/${enc(arn)}`, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("gone-soon (deleted)");
    expect(html).not.toContain('href="/console/state-machines/gone-soon"');
  });

  it("answers 404 pages for an unknown machine, execution or path", async () => {
    const { cookie } = await signIn();
    for (const path of [
      "/console/state-machines/nope",
      "/console/state-machines/nope/edit",
      `/console/executions/${enc("arn:aws:states:us-east-1:123456789012:execution:nope:x")}`,
      "/console/executions/not-an-arn",
      "/console/nothing-here",
    ]) {
      const res = await fetchRaw(path, { cookie });
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html).toContain("<!doctype html>");
      expect(html).toContain("Back to state machines");
    }
  });

  it("keeps page data inert inside its <script> element", async () => {
    const { cookie } = await signIn();
    await createMachine("sneaky", { Comment: "</script><script>alert(1)</script>", StartAt: "A", States: { A: { Type: "Succeed" } } });
    const html = await (await fetchRaw("/console/state-machines/sneaky", { cookie })).text();
    expect(html).not.toContain("</script><script>alert(1)");
    expect(html).toContain("\\u003c/script>");
  });

  it("serves the assets with content-hashed names and a year of caching", async () => {
    expect(Object.keys(ASSETS)).toEqual(expect.arrayContaining([SCRIPT, STYLE]));
    const js = await fetchRaw(`/console/assets/${SCRIPT}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    expect(js.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect((await fetchRaw(`/console/assets/${STYLE}`)).headers.get("Content-Type")).toMatch(/^text\/css/);
    expect((await fetchRaw("/console/assets/console.000000000000.js")).status).toBe(404);
  });
});

describe("what the execution page reads", () => {
  it("lists the tasks waiting for a token, with a token that answers them", async () => {
    const arn = await startWaiting(waiting());
    const { cookie } = await signIn();
    let tasks: { state: string; taskToken: string }[] = [];
    for (let i = 0; i < 50 && tasks.length === 0; i++) {
      tasks = ((await (await fetchRaw(`/executions/${enc(arn)}/waiting-tasks`, { cookie })).json()) as { tasks: typeof tasks }).tasks;
      if (!tasks.length) await new Promise((r) => setTimeout(r, 20));
    }
    expect(tasks).toHaveLength(1);
    expect(tasks[0].state).toBe("Ask");
    expect((await post("/tasks/success", { taskToken: tasks[0].taskToken, output: '{"ok": true}' })).status).toBe(200);
    const after = (await (await fetchRaw(`/executions/${enc(arn)}/waiting-tasks`, { cookie })).json()) as { tasks: unknown[] };
    expect(after.tasks).toEqual([]);
  });

  it("sends the events over a WebSocket as they are committed", async () => {
    await createMachine("watched", WAIT);
    const arn = (await post("/state-machines/watched/executions", { name: "w" })).body.executionArn;
    const { cookie } = await signIn();
    const refused = await fetchRaw(`/executions/${enc(arn)}/live`, { cookie });
    expect(refused.status).toBe(426);
    const res = await fetchRaw(`/executions/${enc(arn)}/live?after=1`, { cookie, origin: BASE, headers: { Upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const messages: { type: string; status: string; events: { id: number; type: string }[] }[] = [];
    let closed: number | undefined;
    ws.addEventListener("message", (m) => {
      messages.push(JSON.parse(String(m.data)));
    });
    ws.addEventListener("close", (e) => {
      closed = e.code;
    });
    ws.accept();
    const until = async (n: number) => {
      for (let i = 0; i < 100 && messages.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    };
    await until(1);
    expect(messages[0].type).toBe("events");
    expect(messages[0].events[0].id).toBe(2);
    expect(messages[0].events.map((e) => e.type)).toContain("WaitStateEntered");
    await post(`/executions/${enc(arn)}/stop`, { cause: "enough" });
    await until(2);
    expect(messages[1]).toMatchObject({ type: "events", status: "ABORTED" });
    expect(messages[1].events.map((e) => e.type)).toContain("ExecutionAborted");
    // Nothing more will come: the object closes the socket after the last events.
    for (let i = 0; i < 100 && closed === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closed).toBe(1000);
    const evil = await fetchRaw(`/executions/${enc(arn)}/live`, {
      cookie,
      origin: "https://evil.example",
      headers: { Upgrade: "websocket" },
    });
    expect(evil.status).toBe(403);
  });
});

describe("live messages", () => {
  it("fit Cloudflare's message limit in bytes, not characters: beyond it, the watcher is told to refetch", () => {
    const exec = { status: "RUNNING", eventSeq: 9 } as Parameters<typeof liveMessage>[0];
    // Three bytes per character: under the limit in characters, over it in bytes.
    const input = "漢".repeat(Math.floor(MAX_MESSAGE_BYTES / 3 / 2));
    const ev = (id: number) => ({ id, previousEventId: id - 1, timestamp: 0, type: "PassStateEntered", name: "A", input }) as never;
    expect(JSON.parse(liveMessage(exec, [ev(1)]))).toMatchObject({ type: "events" });
    expect(JSON.parse(liveMessage(exec, [ev(1), ev(2), ev(3)]))).toEqual({ type: "refetch", status: "RUNNING", lastEventId: 9 });
  });
});
