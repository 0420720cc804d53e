import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("worker wiring", () => {
  it("GET /health answers 200 without credentials", async () => {
    const res = await exports.default.fetch("https://asl.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("an unknown route is a JSON error", async () => {
    const res = await exports.default.fetch("https://asl.test/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "NotFound", message: "No route for GET /nope" });
  });

  it("reaches an ExecutionObject over RPC, and its storage persists", async () => {
    const stub = env.EXECUTIONS.getByName("exec-1");
    const first = await stub.ping();
    const second = await stub.ping();
    expect(first.name).toBe("exec-1");
    expect(second).toEqual({ id: first.id, name: "exec-1", pings: 2 });
  });

  it("has the D1 tables from migrations/", async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('state_machines', 'executions') ORDER BY name",
    ).all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(["executions", "state_machines"]);
  });
});
