// Activities through the REST API: create, list, describe, delete, the long poll, and every refusal.
import { describe, expect, it } from "vitest";
import { call, del, get, post } from "./api-client.ts";

const ARN = (name: string) => `arn:aws:states:us-east-1:123456789012:activity:${name}`;
const enc = encodeURIComponent;

describe("activities", () => {
  it("creates an activity (201), and the same name again answers the same activity (200)", async () => {
    const r = await post("/activities", { name: "resize" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ activityArn: ARN("resize"), name: "resize", creationDate: expect.any(String) });
    const again = await post("/activities", { name: "resize" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(r.body);
  });

  it("refuses a bad name with InvalidName", async () => {
    for (const name of [undefined, "", "has space", "x".repeat(81), "a:b", 7]) {
      const r = await post("/activities", { name });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("InvalidName");
    }
  });

  it("describes by name or ARN; an unknown one is ActivityDoesNotExist, a bad ARN InvalidArn", async () => {
    await post("/activities", { name: "describe-me" });
    expect((await get("/activities/describe-me")).body.activityArn).toBe(ARN("describe-me"));
    expect((await get(`/activities/${enc(ARN("describe-me"))}`)).body.name).toBe("describe-me");
    const missing = await get("/activities/nope");
    expect([missing.status, missing.body.error]).toEqual([404, "ActivityDoesNotExist"]);
    const elsewhere = await get(`/activities/${enc("arn:aws:states:eu-west-1:123456789012:activity:describe-me")}`);
    expect(elsewhere.body.error).toBe("ActivityDoesNotExist");
    const bad = await get(`/activities/${enc("arn:aws:states:us-east-1:123456789012:stateMachine:x")}`);
    expect([bad.status, bad.body.error]).toEqual([400, "InvalidArn"]);
  });

  it("lists by name, in pages", async () => {
    for (const n of ["list-a", "list-b", "list-c"]) await post("/activities", { name: n });
    const all = (await get("/activities?maxResults=1000")).body.activities.map((a: any) => a.name);
    expect(all.filter((n: string) => n.startsWith("list-"))).toEqual(["list-a", "list-b", "list-c"]);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = (await get(`/activities?maxResults=2${token ? `&nextToken=${enc(token)}` : ""}`)).body;
      expect(page.activities.length).toBeLessThanOrEqual(2);
      seen.push(...page.activities.map((a: any) => a.name));
      token = page.nextToken;
    } while (token);
    expect(seen).toEqual(all);
    expect((await get("/activities?nextToken=garbage")).body.error).toBe("InvalidToken");
    expect((await get("/activities?maxResults=0.5")).body.error).toBe("ValidationException");
  });

  it("deletes (by ARN or name); deleting again, or one that never existed, succeeds as on AWS", async () => {
    await post("/activities", { name: "gone" });
    expect((await del(`/activities/${enc(ARN("gone"))}`)).status).toBe(200);
    expect((await get("/activities/gone")).body.error).toBe("ActivityDoesNotExist");
    expect((await del("/activities/gone")).status).toBe(200);
    expect((await del("/activities/never")).status).toBe(200);
  });

  it("needs the API token", async () => {
    expect((await call("GET", "/activities", undefined, { token: null })).status).toBe(401);
  });
});

describe("GetActivityTask (long poll)", () => {
  it("answers {} when no task comes within the wait", async () => {
    await post("/activities", { name: "idle" });
    const t0 = Date.now();
    const r = await post("/activities/idle/poll", { workerName: "w1", waitSeconds: 0.3 });
    expect([r.status, r.body]).toEqual([200, {}]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect((await get("/activities/idle/task?waitSeconds=0")).body).toEqual({});
  });

  it("refuses an unknown activity, a bad wait or worker name", async () => {
    const r = await post("/activities/nope/poll", {});
    expect([r.status, r.body.error]).toEqual([404, "ActivityDoesNotExist"]);
    await post("/activities", { name: "strict" });
    for (const body of [{ waitSeconds: 61 }, { waitSeconds: -1 }, { waitSeconds: "soon" }, { workerName: "w".repeat(81) }, { workerName: 5 }]) {
      const bad = await post("/activities/strict/poll", body);
      expect([bad.status, bad.body.error]).toEqual([400, "ValidationException"]);
    }
  });

  it("a poller waiting on a deleted activity returns {} at once", async () => {
    await post("/activities", { name: "deleted-while-polled" });
    const t0 = Date.now();
    const polled = post("/activities/deleted-while-polled/poll", { waitSeconds: 30 });
    await new Promise((r) => setTimeout(r, 100));
    await del("/activities/deleted-while-polled");
    expect((await polled).body).toEqual({});
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe("state machines naming activities", () => {
  const machine = (resource: string) => ({ StartAt: "A", States: { A: { Type: "Task", Resource: resource, End: true } } });

  it("are refused at creation when the activity does not exist, with the Resource's location", async () => {
    const r = await post("/state-machines", { name: "uses-missing", definition: machine(ARN("missing")) });
    expect([r.status, r.body.error]).toEqual([400, "InvalidDefinition"]);
    expect(r.body.diagnostics[0]).toMatchObject({ location: "/States/A/Resource", message: expect.stringContaining("Activity does not exist") });
    const other = await post("/state-machines", { name: "uses-other", definition: machine("arn:aws:states:eu-west-1:999999999999:activity:x") });
    expect(other.body.error).toBe("InvalidDefinition");
  });

  it("are accepted once it exists", async () => {
    await post("/activities", { name: "exists" });
    expect((await post("/state-machines", { name: "uses-exists", definition: machine(ARN("exists")) })).status).toBe(201);
  });
});
