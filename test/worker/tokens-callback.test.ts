// Callback URLs: /callback/<token>/<action>, GET or POST, authenticated by the signed token alone.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { callbackUrls } from "../../worker/service/task-answers.ts";
import { makeTaskToken, tokenKey } from "../../worker/execution/token-signing.ts";
import { output } from "./e2e-helpers.ts";
import { resetHooks } from "./execution-helpers.ts";
import { callback, fire, startWaiting, status, tokenOf, waiting } from "./tokens-helpers.ts";

beforeEach(resetHooks);

const enc = encodeURIComponent;

describe("callback URLs", () => {
  it("GET success with ?output= (JSON text), no bearer token", async () => {
    const arn = await startWaiting(waiting());
    const r = await callback("GET", `${await tokenOf(arn)}/success?output=${enc('{"a":1}')}`);
    expect(r).toMatchObject({ status: 200, body: { delivered: "success" } });
    expect(output(await status(arn))).toEqual({ a: 1 });
  });

  it("POST success with a JSON body; an empty one delivers {}", async () => {
    const arn = await startWaiting(waiting());
    await callback("POST", `${await tokenOf(arn)}/success`, '{"paid": true}');
    expect(output(await status(arn))).toEqual({ paid: true });
    const arn2 = await startWaiting(waiting());
    await callback("POST", `${await tokenOf(arn2)}/success`);
    expect(output(await status(arn2))).toEqual({});
  });

  it("failure from the query string or a JSON body", async () => {
    const arn = await startWaiting(waiting());
    await callback("GET", `${await tokenOf(arn)}/failure?error=Rejected&cause=${enc("too expensive")}`);
    expect(await status(arn)).toMatchObject({ status: "FAILED", error: "Rejected", cause: "too expensive" });
    const arn2 = await startWaiting(waiting());
    await callback("POST", `${await tokenOf(arn2)}/failure`, '{"error": "Declined"}');
    expect(await status(arn2)).toMatchObject({ status: "FAILED", error: "Declined" });
  });

  it("approve and reject deliver {approved: true|false}; heartbeat keeps the task alive", async () => {
    const arn = await startWaiting(waiting());
    const token = await tokenOf(arn);
    expect((await callback("GET", `${token}/heartbeat`)).status).toBe(200);
    await callback("GET", `${token}/approve`);
    expect(output(await status(arn))).toEqual({ approved: true });
    const arn2 = await startWaiting(waiting());
    await callback("GET", `${await tokenOf(arn2)}/reject`);
    expect(output(await status(arn2))).toEqual({ approved: false });
  });

  it("refusals: forged token, used token, unknown action, bad output", async () => {
    const arn = await startWaiting(waiting());
    const token = await tokenOf(arn);
    const forged = makeTaskToken(tokenKey({ TASK_TOKEN_SECRET: "guess" }), arn, 2);
    expect((await callback("GET", `${forged}/approve`)).body).toMatchObject({ error: "InvalidToken" });
    expect((await callback("GET", `${token}/maybe`)).status).toBe(404);
    expect((await callback("GET", `${token}/success?output=${enc("{nope")}`)).body.error).toBe("InvalidOutput");
    expect((await callback("POST", `${token}/failure`, "{nope")).body.error).toBe("SerializationException");
    expect((await status(arn)).status).toBe("RUNNING");
    await callback("GET", `${token}/approve`);
    expect((await callback("GET", `${token}/approve`)).body).toMatchObject({ error: "TaskDoesNotExist" });
  });

  it("tasks get the URLs with PUBLIC_URL (default http://localhost:8787) as their base", () => {
    const t = makeTaskToken(tokenKey(env), "arn:aws:states:us-east-1:123456789012:execution:m:e", 1);
    expect(callbackUrls({}, t).approve).toBe(`http://localhost:8787/callback/${t}/approve`);
    expect(callbackUrls({ PUBLIC_URL: "https://flows.example.com/" }, t).success).toBe(`https://flows.example.com/callback/${t}/success`);
    // Without PUBLIC_URL, the origin the execution was started through; PUBLIC_URL wins over it.
    expect(callbackUrls({}, t, "http://localhost:8788").approve).toBe(`http://localhost:8788/callback/${t}/approve`);
    expect(callbackUrls({ PUBLIC_URL: "https://flows.example.com" }, t, "http://localhost:8788").approve).toBe(
      `https://flows.example.com/callback/${t}/approve`,
    );
  });

  it("an execution started over HTTP gives its tasks URLs on the origin it was started through", async () => {
    const { useDispatcher } = await import("./execution-helpers.ts");
    const calls = useDispatcher(() => ({ submitted: null }));
    const arn = await startWaiting(waiting());
    for (let i = 0; i < 50 && calls.length === 0; i++) await fire(arn);
    // test/worker/api-client.ts sends its requests to https://asl.test
    expect(calls[0].callbackUrls!.approve).toBe(`https://asl.test/callback/${enc(calls[0].token!)}/approve`);
    expect(calls[0].publicUrl).toBe("https://asl.test");
  });
});

describe("tasks are given their callback URLs", () => {
  it("beside the token in the dispatch, over RPC in the task's context, and as a header over HTTP", async () => {
    const { useDispatcher, startArgs, stubOf, drive } = await import("./execution-helpers.ts");
    const { call, dispatcher } = await import("./dispatch-helpers.ts");
    const calls = useDispatcher(() => ({ output: null }));
    const a = startArgs(waiting());
    await stubOf(a).start(a);
    await drive(stubOf(a));
    const urls = calls[0].callbackUrls!;
    expect(urls.reject).toBe(`http://localhost:8787/callback/${calls[0].token}/reject`);

    const seen: unknown[] = [];
    const fake = { fetch: () => new Response("{}"), run: async (_: unknown, ctx: unknown) => (seen.push(ctx), null) };
    await dispatcher({ FAKE: fake }).dispatch(call("worker:FAKE.waitForTaskToken", {}, { token: calls[0].token, callbackUrls: urls }));
    expect(seen[0]).toMatchObject({ token: calls[0].token, callbackUrls: urls });

    let header: string | null = null;
    const http = { fetch: (r: Request) => ((header = r.headers.get("X-Task-Callback-Url")), new Response("{}")) };
    await dispatcher({ HOOK: http }).dispatch(call("worker:HOOK.waitForTaskToken", {}, { token: calls[0].token, callbackUrls: urls }));
    expect(header).toBe(`http://localhost:8787/callback/${calls[0].token}`);
  });
});
