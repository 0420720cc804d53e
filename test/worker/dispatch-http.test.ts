// https:// and http:// resources: POST JSON with the Idempotency-Key header; statuses become named failures.
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, dispatcher } from "./dispatch-helpers.ts";

afterEach(() => vi.restoreAllMocks());

/** Answers every fetch with `res`, recording the requests (no network). */
function serve(res: () => Response) {
  const seen: { url: string; method: string; key: string | null; body: string }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const r = new Request(input as RequestInfo, init);
    seen.push({ url: r.url, method: r.method, key: r.headers.get("Idempotency-Key"), body: await r.text() });
    return res();
  });
  return seen;
}

describe("URL resources", () => {
  it("POSTs the input as JSON with the idempotency key; the JSON answer is the result", async () => {
    const seen = serve(() => Response.json({ approved: true }));
    const out = await dispatcher().dispatch(call("https://surroundings.example.com/pay?x=1", { amount: 5 }, { idempotencyKey: "key-42" }));
    expect(out).toEqual({ output: { approved: true } });
    expect(seen).toEqual([{ url: "https://surroundings.example.com/pay?x=1", method: "POST", key: "key-42", body: '{"amount":5}' }]);
  });

  it("a 2xx body that is not JSON is the result as text; an empty one is null", async () => {
    serve(() => new Response("done"));
    expect(await dispatcher().dispatch(call("http://localhost:9000/t", 1))).toEqual({ output: "done" });
    serve(() => new Response(null, { status: 204 }));
    expect(await dispatcher().dispatch(call("http://localhost:9000/t", 1))).toEqual({ output: null });
  });

  it("an error status with a JSON body is named by errorType/errorMessage or error/message", async () => {
    serve(() => Response.json({ errorType: "CardExpired", errorMessage: "Card expired in 2020" }, { status: 402 }));
    expect(await dispatcher().dispatch(call("https://pay.example.com/", {}))).toEqual({ error: "CardExpired", cause: "Card expired in 2020" });
    serve(() => Response.json({ error: "RateLimited", message: "slow down" }, { status: 429 }));
    expect(await dispatcher().dispatch(call("https://pay.example.com/", {}))).toEqual({ error: "RateLimited", cause: "slow down" });
  });

  it("an error status without a named body is States.Http.StatusCode.<code>, the body is the cause", async () => {
    serve(() => new Response("upstream down", { status: 503 }));
    expect(await dispatcher().dispatch(call("https://pay.example.com/", {}))).toEqual({
      error: "States.Http.StatusCode.503",
      cause: "upstream down",
    });
    serve(() => Response.json({ detail: "no name here" }, { status: 404 }));
    expect(await dispatcher().dispatch(call("https://pay.example.com/", {}))).toEqual({
      error: "States.Http.StatusCode.404",
      cause: '{"detail":"no name here"}',
    });
  });

  it("a network failure is States.TaskFailed with the reason", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("Network connection lost."));
    const out = await dispatcher().dispatch(call("https://down.example.com/x", {}));
    expect(out).toEqual({ error: "States.TaskFailed", cause: "Request to https://down.example.com/x failed: Network connection lost." });
  });

  it("a real refused connection on this machine is States.TaskFailed too", async () => {
    const out = await dispatcher().dispatch(call("http://127.0.0.1:9/", {}));
    expect(out).toMatchObject({ error: "States.TaskFailed" });
    expect((out as { cause: string }).cause).toMatch(/^Request to http:\/\/127\.0\.0\.1:9\/ failed: /);
  });
});
