import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { expressStartsConsumer as expressQueue } from "../../worker/consumers/express-starts.ts";
import type { ExpressStart } from "../../worker/service/express-queue.ts";
import { expressExecutionArn } from "../../worker/service/names.ts";
import { get, post } from "./api-client.ts";
import { express } from "./express-helpers.ts";

// Writes the execution's ARN under the key its input names: proof that it ran, and how often.
const RECORDER = {
  StartAt: "Record",
  States: {
    Record: { Type: "Task", Resource: "kv:STORE:put", Parameters: { "Key.$": "$.key", "Value.$": "$$.Execution.Id" }, End: true },
  },
};

function message(body: ExpressStart) {
  return { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body, ack: vi.fn(), retry: vi.fn() };
}

function start(machine: string, input: unknown, name = crypto.randomUUID()): ExpressStart {
  return { executionArn: expressExecutionArn(env, machine, name), name, stateMachineName: machine, input: JSON.stringify(input), startDate: new Date().toISOString() };
}

const batch = (messages: ReturnType<typeof message>[]) => ({ queue: "asl-runtime-express-starts", messages }) as unknown as MessageBatch<ExpressStart>;

describe("asynchronous Express starts", () => {
  it("StartExecution on an EXPRESS machine answers at once with an express ARN; the queue runs it", async () => {
    await express("recorder", RECORDER);
    const r = await post("/state-machines/recorder/executions", { name: "async-1", input: { key: "via-queue" } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ executionArn: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:express:recorder:async-1:[0-9a-f-]{36}$/), startDate: expect.any(String) });
    // The queue delivers to this worker's consumer (Miniflare runs it); wait for the execution's write.
    let seen: string | null = null;
    for (let i = 0; i < 100 && seen === null; i++) {
      seen = await env.STORE.get("via-queue");
      if (seen === null) await new Promise((ok) => setTimeout(ok, 50));
    }
    expect(seen).toBe(r.body.executionArn);
  });

  it("the consumer runs each message, acks it, and logs the start and the end as JSON lines", async () => {
    await express("recorder2", RECORDER);
    const log = vi.spyOn(console, "log");
    const a = message(start("recorder2", { key: "direct-a" }));
    const b = message(start("recorder2", { key: "direct-b" }));
    await expressQueue(batch([a, b]), env);
    expect([a.ack.mock.calls.length, b.ack.mock.calls.length, a.retry.mock.calls.length]).toEqual([1, 1, 0]);
    expect(await env.STORE.get("direct-a")).toBe(a.body.executionArn);
    const lines = log.mock.calls.map((c) => { try { return JSON.parse(String(c[0])); } catch { return null; } }).filter(Boolean);
    log.mockRestore();
    expect(lines).toContainEqual(expect.objectContaining({ event: "ExpressExecutionStarted", executionArn: a.body.executionArn }));
    expect(lines).toContainEqual(expect.objectContaining({ event: "ExpressExecutionEnded", executionArn: a.body.executionArn, status: "SUCCEEDED", durationMs: expect.any(Number) }));
  });

  it("a failed execution is still a delivered message (acked), with its error logged", async () => {
    await express("doomed", { StartAt: "F", States: { F: { Type: "Fail", Error: "Nope", Cause: "never" } } });
    const log = vi.spyOn(console, "log");
    const m = message(start("doomed", {}));
    await expressQueue(batch([m]), env);
    const ended = log.mock.calls.map((c) => String(c[0])).find((l) => l.includes("ExpressExecutionEnded"));
    log.mockRestore();
    expect(m.ack).toHaveBeenCalled();
    expect(JSON.parse(ended!)).toMatchObject({ status: "FAILED", error: "Nope", cause: "never" });
  });

  it("a consumer that cannot run a start (D1 down) retries that message through the queue", async () => {
    const broken = { ...env, DB: { prepare() { throw new Error("D1 is down"); } } } as unknown as typeof env;
    const m = message(start("recorder", { key: "never" }));
    await expressQueue(batch([m]), broken);
    expect(m.retry).toHaveBeenCalledTimes(1);
    expect(m.ack).not.toHaveBeenCalled();
  });

  it("a start for a machine deleted meanwhile is dropped (acked), not retried forever", async () => {
    const m = message(start("vanished", {}));
    await expressQueue(batch([m]), env);
    expect(m.ack).toHaveBeenCalled();
  });

  it("an input too large for a queue message waits in D1 until the consumer runs it", async () => {
    await express("bulky", RECORDER);
    const send = vi.spyOn(env.EXPRESS_STARTS, "send");
    const r = await post("/state-machines/bulky/executions", { input: { key: "bulky", pad: "x".repeat(150 * 1024) } });
    expect(r.status).toBe(201);
    const sent = send.mock.calls[0][0] as ExpressStart;
    send.mockRestore();
    expect([sent.spilled, sent.input]).toEqual([true, ""]);
    const m = message(sent);
    await expressQueue(batch([m]), env);
    expect(m.ack).toHaveBeenCalled();
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM express_inputs").first<{ n: number }>();
    expect(left!.n).toBe(0);
  });

  it("DescribeExecution, history and stop of an Express execution answer AWS's InvalidArn", async () => {
    const arn = expressExecutionArn(env, "recorder", "x");
    for (const path of [`/executions/${encodeURIComponent(arn)}`, `/executions/${encodeURIComponent(arn)}/history`]) {
      const r = await get(path);
      expect([r.status, r.body.error]).toEqual([400, "InvalidArn"]);
      expect(r.body.message).toContain("Resource type not valid in this context: express");
    }
    expect((await post(`/executions/${encodeURIComponent(arn)}/stop`, {})).body.error).toBe("InvalidArn");
  });
});
