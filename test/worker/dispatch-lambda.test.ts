// Lambda-shaped resources resolved through LAMBDA_FUNCTIONS (wrangler.toml maps the examples' names).
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JSONObject } from "../../shared/asl/types.ts";
import { lambdaMap } from "../../worker/dispatch/lambda-config.ts";
import { call, dispatcher } from "./dispatch-helpers.ts";

afterEach(() => vi.restoreAllMocks());

const ARN = (fn: string) => `arn:aws:lambda:eu-west-1:111111111111:function:${fn}`;
const INVOKE = "arn:aws:states:::lambda:invoke";
const ITEM = { sku: "A", qty: 2, price: 1.5 };

describe("a Lambda function ARN", () => {
  it("returns the function's payload itself", async () => {
    expect(await dispatcher().dispatch(call(ARN("process-item"), ITEM))).toEqual({ output: { sku: "A", qty: 2, subtotal: 3 } });
  });

  it("a function error is errorType + Lambda's error payload as (Python-spaced) JSON text", async () => {
    const out = await dispatcher().dispatch(call(ARN("process-payment"), { payment: { card: "4000-0000-0000-0002" } }));
    expect(out).toMatchObject({ error: "PaymentDeclined" });
    const cause = (out as { cause: string }).cause;
    expect(cause).toMatch(/^\{"errorMessage": "Card was declined", "errorType": "PaymentDeclined", "requestId": "[0-9a-f-]{36}"\}$/);
  });

  it("an unmapped function fails with Lambda.ResourceNotFoundException", async () => {
    const out = await dispatcher().dispatch(call(ARN("nope"), {}));
    expect(out).toEqual({ error: "Lambda.ResourceNotFoundException", cause: "Function not found: nope (no entry in LAMBDA_FUNCTIONS)" });
  });

  it("a URL-mapped function's 429 and 5xx become Lambda's own error names", async () => {
    const d = dispatcher({ LAMBDA_FUNCTIONS: JSON.stringify({ remote: "https://fn.example.com/remote" }) });
    vi.spyOn(globalThis, "fetch").mockResolvedValueOnce(new Response("slow down", { status: 429 }));
    expect(await d.dispatch(call(ARN("remote"), {}))).toEqual({ error: "Lambda.TooManyRequestsException", cause: "slow down" });
    vi.spyOn(globalThis, "fetch").mockResolvedValueOnce(new Response("oops", { status: 502 }));
    expect(await d.dispatch(call(ARN("remote"), {}))).toEqual({ error: "Lambda.ServiceException", cause: "oops" });
  });
});

describe("arn:aws:states:::lambda:invoke", () => {
  it("returns AWS's envelope: ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode", async () => {
    const out = (await dispatcher().dispatch(call(INVOKE, { FunctionName: "process-item", Payload: ITEM }))) as { output: JSONObject };
    const o = out.output;
    expect(Object.keys(o)).toEqual(["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]);
    expect(o.ExecutedVersion).toBe("$LATEST");
    expect(o.Payload).toEqual({ sku: "A", qty: 2, subtotal: 3 });
    expect(o.StatusCode).toBe(200);
    const meta = o.SdkHttpMetadata as { HttpStatusCode: number; HttpHeaders: Record<string, string>; AllHttpHeaders: Record<string, string[]> };
    expect(meta.HttpStatusCode).toBe(200);
    expect(meta.HttpHeaders["Content-Length"]).toBe(String(JSON.stringify(o.Payload).length));
    expect(meta.HttpHeaders["X-Amz-Executed-Version"]).toBe("$LATEST");
    expect(meta.AllHttpHeaders["Content-Type"]).toEqual(["application/json"]);
    expect((o.SdkResponseMetadata as JSONObject).RequestId).toBe(meta.HttpHeaders["x-amzn-RequestId"]);
  });

  it("accepts a function ARN, a partial ARN and a qualified name as FunctionName", async () => {
    for (const FunctionName of [ARN("process-item"), "111111111111:function:process-item", "process-item:$LATEST"]) {
      const out = (await dispatcher().dispatch(call(INVOKE, { FunctionName, Payload: ITEM }))) as { output: JSONObject };
      expect(out.output.Payload).toEqual({ sku: "A", qty: 2, subtotal: 3 });
    }
  });

  it("a string Payload is JSON text, as Lambda receives bytes; no Payload is {}", async () => {
    const seen: unknown[] = [];
    const ECHO = { fetch: () => new Response(), run: async (input: unknown) => (seen.push(input), input) };
    const d = dispatcher({ ECHO, LAMBDA_FUNCTIONS: { echo: "worker:ECHO" } });
    const out = (await d.dispatch(call(INVOKE, { FunctionName: "echo", Payload: '"HelloWorld"' }))) as { output: JSONObject };
    expect(out.output.Payload).toBe("HelloWorld");
    await d.dispatch(call(INVOKE, { FunctionName: "echo", Payload: "not json" }));
    await d.dispatch(call(INVOKE, { FunctionName: "echo" }));
    expect(seen).toEqual(["HelloWorld", "not json", {}]);
  });

  it("a function error is errorType + Lambda's error payload as compact JSON text", async () => {
    const out = await dispatcher().dispatch(call(INVOKE, { FunctionName: "process-payment", Payload: { payment: { card: "4000-0000-0000-0002" } } }));
    expect(out).toMatchObject({ error: "PaymentDeclined" });
    const cause = JSON.parse((out as { cause: string }).cause);
    expect(cause).toMatchObject({ errorMessage: "Card was declined", errorType: "PaymentDeclined" });
    expect((out as { cause: string }).cause.startsWith('{"errorMessage":"Card was declined","errorType":"PaymentDeclined"')).toBe(true);
  });

  it("a missing or unknown FunctionName is a named failure, never a throw", async () => {
    expect(await dispatcher().dispatch(call(INVOKE, { Payload: {} }))).toMatchObject({ error: "States.Runtime" });
    expect(await dispatcher().dispatch(call(INVOKE, "not an object"))).toMatchObject({ error: "States.Runtime" });
    expect(await dispatcher().dispatch(call(INVOKE, { FunctionName: "ghost" }))).toEqual({
      error: "Lambda.ResourceNotFoundException",
      cause: "Function not found: ghost (no entry in LAMBDA_FUNCTIONS)",
    });
  });

  it("passes the idempotency key and the task token through (.waitForTaskToken)", async () => {
    const seen: unknown[] = [];
    const ECHO = { fetch: () => new Response(), ask: async (_: unknown, ctx: unknown) => (seen.push(ctx), {}) };
    const d = dispatcher({ ECHO, LAMBDA_FUNCTIONS: { approve: "worker:ECHO/ask" } });
    await d.dispatch(call(`${INVOKE}.waitForTaskToken`, { FunctionName: "approve", Payload: {} }, { idempotencyKey: "ik", token: "T" }));
    expect(seen).toEqual([expect.objectContaining({ idempotencyKey: "ik", token: "T" })]);
  });
});

describe("LAMBDA_FUNCTIONS read once per value (worker/dispatch/lambda-config.ts)", () => {
  it("an object by identity, JSON text by value; a var that is not a map is none", () => {
    const table = { f: "https://fn.example.com/f", n: 5 };
    expect(lambdaMap(table)).toEqual({ f: "https://fn.example.com/f" });
    expect(lambdaMap(table)).toBe(lambdaMap(table));
    expect(lambdaMap({ ...table, g: "worker:TASKS" })).toEqual({ f: "https://fn.example.com/f", g: "worker:TASKS" });
    const text = JSON.stringify({ h: "https://fn.example.com/h" });
    expect(lambdaMap(text)).toEqual({ h: "https://fn.example.com/h" });
    expect(lambdaMap(`${text} `)).toEqual({ h: "https://fn.example.com/h" });
    for (const bad of ["not json", "[1]", 7, undefined, null]) expect(lambdaMap(bad)).toBeNull();
  });
});
