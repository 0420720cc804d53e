// SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat through the REST API: signed tokens, and every
// refusal with AWS's name (InvalidToken, TaskDoesNotExist, TaskTimedOut).
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { executionOfToken, makeTaskToken, tokenKey, verifyTaskToken } from "../../worker/execution/token-signing.ts";
import { output } from "./e2e-helpers.ts";
import { resetHooks, time } from "./execution-helpers.ts";
import { fire, send, startWaiting, status, tokenOf, waiting } from "./tokens-helpers.ts";

beforeEach(resetHooks);

const key = () => tokenKey(env);
const ARN = "arn:aws:states:us-east-1:123456789012:execution:m:e";

describe("task tokens", () => {
  it("name their execution and verify only with the key they were signed with", async () => {
    const t = makeTaskToken(key(), ARN, 7);
    expect(executionOfToken(t)).toBe(ARN);
    expect(await verifyTaskToken(key(), t)).toEqual({ executionArn: ARN, enteredEventId: 7 });
    expect(makeTaskToken(key(), ARN, 7)).not.toBe(t);
    expect(await verifyTaskToken(tokenKey({ TASK_TOKEN_SECRET: "another" }), t)).toBeNull();
  });

  it("refuse a token whose parts were changed, cut or garbled", async () => {
    const t = makeTaskToken(key(), ARN, 7);
    const [a, , n, s] = t.split(".");
    const other = makeTaskToken(key(), `${ARN}x`, 7).split(".")[0];
    for (const bad of [`${other}.7.${n}.${s}`, `${a}.8.${n}.${s}`, `${a}.7.${n}.${s.slice(1)}`, t.slice(0, -2), "abc", "", "...."])
      expect(await verifyTaskToken(key(), bad)).toBeNull();
  });

  // Known values (checked against node:crypto's HMAC-SHA-256): tokens already handed out must keep verifying.
  it("are HMAC-SHA-256 signed: a fixed key, execution and nonce give a known token", async () => {
    const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    expect(hex(tokenKey({ API_TOKEN: "dev-token" }))).toBe("28b060420a39c012c3358d176eb0ff9c4341531edbe981ed9a9e05002a204440");
    const counting = <T extends ArrayBufferView | null>(a: T): T => {
      const bytes = a as unknown as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = i;
      return a;
    };
    const spy = vi.spyOn(crypto, "getRandomValues").mockImplementation(counting);
    let derived: string, secret: string, long: string;
    try {
      derived = makeTaskToken(tokenKey({ API_TOKEN: "dev-token" }), ARN, 7);
      secret = makeTaskToken(tokenKey({ TASK_TOKEN_SECRET: "s3cret" }), ARN, 12);
      long = makeTaskToken(tokenKey({ TASK_TOKEN_SECRET: "k".repeat(100) }), ARN, 1); // a key longer than a block is hashed first
    } finally {
      spy.mockRestore();
    }
    const body = "YXJuOmF3czpzdGF0ZXM6dXMtZWFzdC0xOjEyMzQ1Njc4OTAxMjpleGVjdXRpb246bTpl";
    expect(derived).toBe(`${body}.7.AAECAwQFBgcICQoLDA0ODw.IdOn-YRNUTn5josNHzvLSOYH0MPyTVtzajoVJtDnIdI`);
    expect(secret).toBe(`${body}.12.AAECAwQFBgcICQoLDA0ODw.NVcTB7zI9toQ52JEWySAtg296HO2TjkSf67QAFz4lmM`);
    expect(long).toBe(`${body}.1.AAECAwQFBgcICQoLDA0ODw.EnndGfQ06mgMy-aCGQbBqVPJ7uNPcRMSRyqTXwxkPmU`);
    expect(await verifyTaskToken(tokenKey({ API_TOKEN: "dev-token" }), derived)).toEqual({ executionArn: ARN, enteredEventId: 7 });
    expect(await verifyTaskToken(tokenKey({ TASK_TOKEN_SECRET: "k".repeat(100) }), long)).toEqual({ executionArn: ARN, enteredEventId: 1 });
  });

  it("with TASK_TOKEN_SECRET unset, the key derives from API_TOKEN (never the token itself)", () => {
    expect(tokenKey({ API_TOKEN: "a" })).not.toEqual(tokenKey({ API_TOKEN: "b" }));
    expect(new TextDecoder().decode(tokenKey({ API_TOKEN: "a" }))).not.toBe("a");
  });
});

describe("POST /tasks/success|failure|heartbeat", () => {
  it("success delivers the output (a JSON value, or JSON text as AWS takes it)", async () => {
    const arn = await startWaiting(waiting());
    const token = await tokenOf(arn);
    expect(await send("success", { taskToken: token, output: { approved: true } })).toMatchObject({ status: 200, body: {} });
    expect(await status(arn)).toMatchObject({ status: "SUCCEEDED", output: '{"approved":true}' });

    const arn2 = await startWaiting(waiting());
    expect((await send("success", { taskToken: await tokenOf(arn2), output: '{"n": 2}' })).status).toBe(200);
    expect(output(await status(arn2))).toEqual({ n: 2 });
  });

  it("failure fails the task with the error and cause given (Catch can match them)", async () => {
    const arn = await startWaiting(waiting());
    await send("failure", { taskToken: await tokenOf(arn), error: "Rejected", cause: "no budget" });
    expect(await status(arn)).toMatchObject({ status: "FAILED", error: "Rejected", cause: "no budget" });
  });

  it("a used token: TaskDoesNotExist, and the repeat changes nothing", async () => {
    const arn = await startWaiting(waiting());
    const token = await tokenOf(arn);
    await send("success", { taskToken: token, output: 1 });
    const again = await send("success", { taskToken: token, output: 2 });
    expect(again).toMatchObject({ status: 400, body: { error: "TaskDoesNotExist" } });
    expect(again.body.message).toMatch(/already answered/);
    expect((await send("failure", { taskToken: token, error: "X" })).body.error).toBe("TaskDoesNotExist");
    expect((await send("heartbeat", { taskToken: token })).body.error).toBe("TaskDoesNotExist");
    expect(await status(arn)).toMatchObject({ status: "SUCCEEDED", output: "1" });
  });

  it("forged or garbled tokens: InvalidToken; a signed token nobody waits on: TaskDoesNotExist", async () => {
    const arn = await startWaiting(waiting());
    const token = await tokenOf(arn);
    // change the signature's first character: its last one may carry only padding bits
    const cut = token.lastIndexOf(".") + 1;
    const forged = token.slice(0, cut) + (token[cut] === "A" ? "B" : "A") + token.slice(cut + 1);
    expect((await send("success", { taskToken: forged, output: 1 })).body).toMatchObject({ error: "InvalidToken" });
    expect((await send("success", { taskToken: "not-a-token", output: 1 })).body.error).toBe("InvalidToken");
    const elsewhere = makeTaskToken(key(), "arn:aws:states:us-east-1:123456789012:execution:none:none", 3);
    expect((await send("success", { taskToken: elsewhere, output: 1 })).body.error).toBe("TaskDoesNotExist");
    const sameExecution = makeTaskToken(key(), arn, 3);
    expect((await send("heartbeat", { taskToken: sameExecution })).body.error).toBe("TaskDoesNotExist");
    expect((await status(arn)).status).toBe("RUNNING");
  });

  it("a task that timed out: TaskTimedOut, even when the answer beats the alarm", async () => {
    const arn = await startWaiting(waiting({ TimeoutSeconds: 10 }));
    const token = await tokenOf(arn);
    time.offset = 11_000;
    const r = await send("success", { taskToken: token, output: 1 });
    expect(r).toMatchObject({ status: 400, body: { error: "TaskTimedOut" } });
    expect(await status(arn)).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect((await send("failure", { taskToken: token })).body.error).toBe("TaskTimedOut");
  });

  it("heartbeats re-arm HeartbeatSeconds; without one the task fails States.Timeout, and later calls get TaskTimedOut", async () => {
    const arn = await startWaiting(waiting({ HeartbeatSeconds: 10, TimeoutSeconds: 100 }));
    const token = await tokenOf(arn);
    time.offset = 8_000;
    expect((await send("heartbeat", { taskToken: token })).status).toBe(200);
    time.offset = 15_000;
    await fire(arn);
    expect((await status(arn)).status).toBe("RUNNING");
    time.offset = 19_000;
    await fire(arn);
    expect(await status(arn)).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect((await send("heartbeat", { taskToken: token })).body.error).toBe("TaskTimedOut");
  });

  it("requests are checked: bearer token, taskToken, output size and JSON, error and cause lengths", async () => {
    expect((await send("success", { taskToken: "x", output: 1 }, null)).status).toBe(401);
    expect((await send("success", { output: 1 })).body.error).toBe("ValidationException");
    const token = makeTaskToken(key(), ARN, 1);
    expect((await send("success", { taskToken: token })).body.error).toBe("InvalidOutput");
    expect((await send("success", { taskToken: token, output: "{not json" })).body.error).toBe("InvalidOutput");
    expect((await send("success", { taskToken: token, output: { big: "x".repeat(262_144) } })).body.error).toBe("InvalidOutput");
    expect((await send("failure", { taskToken: token, error: "e".repeat(257) })).body.error).toBe("ValidationException");
    expect((await send("failure", { taskToken: token, cause: 5 })).body.error).toBe("ValidationException");
  });
});
