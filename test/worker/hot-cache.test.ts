// The Express hot path's per-isolate cache (worker/service/hot-cache.ts): a second at most, forgotten by
// every write made in this isolate, never keeping a failed load or one that raced a write.
import { describe, expect, it, vi } from "vitest";
import { compiled } from "../../worker/execution/machine.ts";
import { forgetHot, HOT_TTL_MS, hotCache } from "../../worker/service/hot-cache.ts";
import { del, post, put } from "./api-client.ts";
import { express } from "./express-helpers.ts";

const sync = (machine: string) => post(`/state-machines/${machine}/sync-executions`, { input: {} });
const says = (word: string) => ({ StartAt: "Say", States: { Say: { Type: "Pass", Result: word, End: true } } });

describe("hotCache", () => {
  it("loads once per key and env within the TTL, again after it, after forgetHot, and per env object", async () => {
    const load = vi.fn(async (_env: object, key: string) => `${key}-${load.mock.calls.length}`);
    const cached = hotCache(load);
    const a = {};
    expect(await cached(a, "k")).toBe("k-1");
    expect(await cached(a, "k")).toBe("k-1");
    expect(await cached({}, "k")).toBe("k-2");
    forgetHot();
    expect(await cached(a, "k")).toBe("k-3");
    vi.useFakeTimers({ now: Date.now() });
    try {
      vi.advanceTimersByTime(HOT_TTL_MS + 1);
      expect(await cached(a, "k")).toBe("k-4");
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps no failed load, and no load that began before a write", async () => {
    let fail = true;
    let release: () => void = () => {};
    const load = vi.fn(async () => {
      if (fail) throw new Error("not there");
      await new Promise<void>((r) => (release = r));
      return load.mock.calls.length;
    });
    const cached = hotCache(load);
    const env = {};
    await expect(cached(env, "k")).rejects.toThrow("not there");
    fail = false;
    const racing = cached(env, "k");
    await Promise.resolve();
    forgetHot(); // a write lands while the load is in flight
    release();
    expect(await racing).toBe(2);
    const next = cached(env, "k");
    await Promise.resolve();
    release();
    expect(await next).toBe(3);
  });
});

describe("the Express hot path through the API", () => {
  it("an update, a delete and a re-creation in this isolate are seen by the very next start", async () => {
    await express("cached", says("one"));
    expect(JSON.parse((await sync("cached")).body.output)).toBe("one");
    expect((await put("/state-machines/cached", { definition: says("two") })).status).toBe(200);
    expect(JSON.parse((await sync("cached")).body.output)).toBe("two");
    expect((await del("/state-machines/cached")).status).toBe(200);
    expect((await sync("cached")).body.error).toBe("StateMachineDoesNotExist");
    await express("cached", says("three"));
    expect(JSON.parse((await sync("cached")).body.output)).toBe("three");
  });
});

describe("compiled (worker/execution/machine.ts)", () => {
  it("compiles a definition once per type: the same text as the other type is a machine of its own", () => {
    const text = JSON.stringify(says("cached"));
    const standard = compiled(text, "STANDARD");
    expect(compiled(`${text}`, "STANDARD")).toBe(standard);
    const express = compiled(text, "EXPRESS");
    expect(express).not.toBe(standard);
    expect([standard.type, express.type]).toEqual(["STANDARD", "EXPRESS"]);
    expect(compiled(JSON.stringify(says("other")), "STANDARD")).not.toBe(standard);
  });
});
