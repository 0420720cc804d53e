// Request bodies: every route reads its body through worker/read-capped.ts, so a declared size over the
// route's cap is refused unread and a chunked body is read no further than the cap; the AWS protocol
// checks the signature's headers before it reads a byte (issue 14, items 2 and 6).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app.ts";
import { AWS_BODY_MAX } from "../../worker/aws/protocol.ts";
import { readCapped, utf8 } from "../../worker/read-capped.ts";
import { TOKEN } from "./api-client.ts";
import { aws } from "./aws-client.ts";

const CHUNK = 64 * 1024;

/** A body that counts what is pulled from it, and errors if read 8 chunks past `limit`. */
function counting(limit: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(ctrl) {
        if (seen.pulled > limit + 8 * CHUNK) return ctrl.error(new Error("read far past the cap"));
        seen.pulled += CHUNK;
        ctrl.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const tooLarge = (max: number) => new Error(`over ${max}`);

describe("readCapped", () => {
  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    const { stream, seen } = counting(1000);
    const req = new Request("https://asl.test/", { method: "POST", body: stream, headers: { "content-length": "1001" } });
    await expect(readCapped(req, 1000, tooLarge)).rejects.toThrow("over 1000");
    expect(seen.pulled).toBe(0);
  });

  it("stops a chunked body at the cap and cancels the rest", async () => {
    const { stream, seen } = counting(256 * 1024);
    const req = new Request("https://asl.test/", { method: "POST", body: stream });
    await expect(readCapped(req, 256 * 1024, tooLarge)).rejects.toThrow("over 262144");
    expect(seen.pulled).toBeLessThanOrEqual(256 * 1024 + CHUNK);
    expect(seen.cancelled).toBe(true);
  });

  it("reads a body whose declared Content-Length is within the cap whole, and still refuses one that declares less than it sends", async () => {
    const text = "x".repeat(1000);
    const declared = (length: number) =>
      new Request("https://asl.test/", { method: "POST", body: text, headers: { "content-length": String(length) } });
    expect(new TextDecoder().decode(await readCapped(declared(1000), 1000, tooLarge))).toBe(text);
    await expect(readCapped(declared(10), 999, tooLarge)).rejects.toThrow("over 999");
    const empty = new Request("https://asl.test/", { method: "POST", body: "", headers: { "content-length": "0" } });
    expect((await readCapped(empty, 1000, tooLarge)).byteLength).toBe(0);
  });

  it("answers a body at the cap whole, and an absent one empty", async () => {
    const text = "x".repeat(1000);
    const bytes = await readCapped(new Request("https://asl.test/", { method: "POST", body: text }), 1000, tooLarge);
    expect(new TextDecoder().decode(bytes)).toBe(text);
    expect((await readCapped(new Request("https://asl.test/"), 1000, tooLarge)).byteLength).toBe(0);
  });
});

describe("utf8", () => {
  it("refuses invalid bytes, and the shared decoder then reads the next body whole", () => {
    const invalid = () => new Error("not UTF-8");
    // a lead byte left open at the end, then a complete body: no state carries over
    expect(() => utf8(new Uint8Array([0x7b, 0xe2, 0x82]), invalid)).toThrow("not UTF-8");
    expect(utf8(new TextEncoder().encode('{"a":"€"}'), invalid)).toBe('{"a":"€"}');
    // a leading byte order mark is dropped, on every body alike
    for (let i = 0; i < 2; i++) expect(utf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), invalid)).toBe("A");
  });
});

describe("the AWS protocol: size", () => {
  it(`refuses a declared body over ${AWS_BODY_MAX} bytes unread: 413 RequestEntityTooLargeException`, async () => {
    const { stream, seen } = counting(AWS_BODY_MAX);
    const r = await aws("ListStateMachines", {}, { stream, after: { "content-length": String(500 * 1024 * 1024) }, env });
    expect([r.status, r.body.__type]).toEqual([413, "RequestEntityTooLargeException"]);
    expect(r.body.message).toMatch(/1048576 bytes/);
    expect(seen.pulled).toBe(0);
  });

  it("stops reading a chunked body at the cap: 413 RequestEntityTooLargeException", async () => {
    const { stream, seen } = counting(AWS_BODY_MAX);
    const r = await aws("ListStateMachines", {}, { stream, after: { "content-length": null }, env });
    expect([r.status, r.body.__type]).toEqual([413, "RequestEntityTooLargeException"]);
    expect(seen.pulled).toBeLessThanOrEqual(AWS_BODY_MAX + CHUNK);
    expect(seen.cancelled).toBe(true);
  });

  it("checks the signature's headers before the body: nothing read for an unsigned or misdated request", async () => {
    for (const [opts, type] of [
      [{ unsigned: true }, "MissingAuthenticationTokenException"],
      [{ accessKeyId: "AKIDUNKNOWN" }, "UnrecognizedClientException"],
      [{ signingDate: new Date(Date.now() - 16 * 60_000) }, "InvalidSignatureException"],
      [{ unsignable: ["x-amz-target"] }, "IncompleteSignatureException"],
      [{ before: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }, "IncompleteSignatureException"],
    ] as const) {
      const { stream, seen } = counting(AWS_BODY_MAX);
      const r = await aws("ListStateMachines", {}, { ...opts, stream, after: { "content-length": null }, env });
      expect([r.status, r.body.__type]).toEqual([403, type]);
      expect(seen.pulled).toBe(0);
    }
  });

  it("still accepts a body just under the cap (and checks what is in it)", async () => {
    const r = await aws("CreateStateMachine", { name: "near-cap", definition: "x".repeat(AWS_BODY_MAX - 100) });
    expect([r.status, r.body.__type]).toEqual([400, "InvalidDefinition"]);
  });
});

describe("the AWS protocol: what must be signed", () => {
  it("refuses X-Amz-Target left out of SignedHeaders, and the operation does not run", async () => {
    const def = JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } });
    const { stateMachineArn } = (await aws("CreateStateMachine", { name: "unsigned-target", definition: def })).body;
    const { executionArn } = (await aws("StartExecution", { stateMachineArn })).body;
    const r = await aws("StopExecution", { executionArn }, { unsignable: ["x-amz-target"] });
    expect([r.status, r.body.__type]).toEqual([403, "IncompleteSignatureException"]);
    expect(r.body.message).toMatch(/'x-amz-target' must be a 'SignedHeader'/);
    expect((await aws("DescribeExecution", { executionArn })).body.status).toBe("RUNNING");
  });

  it("refuses Host left out of SignedHeaders", async () => {
    const r = await aws("ListStateMachines", {}, { unsignable: ["host"] });
    expect([r.status, r.body.__type]).toEqual([403, "IncompleteSignatureException"]);
    expect(r.body.message).toMatch(/'host' must be a 'SignedHeader'/);
  });

  it("refuses UNSIGNED-PAYLOAD (and S3's streaming payloads): the body is always signed here", async () => {
    for (const claimed of ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"]) {
      const r = await aws("ListStateMachines", {}, { before: { "x-amz-content-sha256": claimed } });
      expect([r.status, r.body.__type]).toEqual([403, "IncompleteSignatureException"]);
      expect(r.body.message).toMatch(/x-amz-content-sha256 must be the hex SHA-256 of the body/);
    }
    // A body changed after signing with UNSIGNED-PAYLOAD is refused the same way, before it is read.
    const tampered = await aws(
      "ListStateMachines",
      {},
      { before: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, tamper: () => '{"maxResults":1}' },
    );
    expect([tampered.status, tampered.body.__type]).toEqual([403, "IncompleteSignatureException"]);
  });

  it("accepts a real payload hash in x-amz-content-sha256, signed or not, and refuses the body changed after signing", async () => {
    const hash = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("{}")))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    expect((await aws("ListStateMachines", {}, { before: { "x-amz-content-sha256": hash } })).status).toBe(200);
    expect(
      (await aws("ListStateMachines", {}, { before: { "x-amz-content-sha256": hash }, unsignable: ["x-amz-content-sha256"] })).status,
    ).toBe(200);
    const r = await aws("ListStateMachines", {}, { before: { "x-amz-content-sha256": hash }, tamper: () => '{"maxResults":1}' });
    expect([r.status, r.body.__type]).toEqual([403, "InvalidSignatureException"]);
  });
});

/** Each REST route that reads a body, with its cap. */
const ROUTES: [method: string, path: string, cap: number][] = [
  ["POST", "/state-machines", 2 * 1024 * 1024],
  ["POST", "/state-machines/validate", 2 * 1024 * 1024],
  ["PUT", "/state-machines/capped", 2 * 1024 * 1024],
  ["POST", "/state-machines/capped/executions", 1024 * 1024],
  ["POST", "/state-machines/capped/sync-executions", 1024 * 1024],
  ["PUT", "/state-machines/capped/trigger", 4096],
  ["POST", "/state-machines/capped/tags", 256 * 1024],
  ["POST", "/state-machines/capped/versions", 16 * 1024],
  ["POST", "/state-machines/capped/aliases", 16 * 1024],
  ["PUT", "/state-machines/capped/aliases/live", 16 * 1024],
  ["POST", "/executions/arn:aws:states:us-east-1:123456789012:execution:capped:e/stop", 256 * 1024],
  ["POST", "/executions/arn:aws:states:us-east-1:123456789012:execution:capped:e/redrive", 256 * 1024],
  ["PATCH", `/map-runs/${encodeURIComponent("arn:aws:states:us-east-1:123456789012:mapRun:capped/m:1")}`, 16 * 1024],
  ["POST", "/activities", 64 * 1024],
  ["POST", "/activities/capped/poll", 64 * 1024],
  ["POST", "/activities/capped/tags", 256 * 1024],
  ["POST", "/tasks/success", 1024 * 1024],
  ["POST", "/tasks/failure", 1024 * 1024],
  ["POST", "/tasks/heartbeat", 1024 * 1024],
  ["POST", "/callback/some-token/success", 1024 * 1024],
  ["POST", "/test-state", 4 * 1024 * 1024],
];

async function send(method: string, path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  const res = await app.request(
    `https://asl.test${path}`,
    { method, body, headers: { Authorization: `Bearer ${TOKEN}`, ...headers } },
    env,
  );
  return { status: res.status, body: (await res.json()) as { error: string; message: string } };
}

describe("REST routes: every body capped", () => {
  for (const [method, path, cap] of ROUTES) {
    it(`${method} ${path}: a declared body over ${cap} bytes refused unread, a chunked one at the cap (413 PayloadTooLarge)`, async () => {
      const declared = counting(cap);
      const r = await send(method, path, declared.stream, { "content-length": String(cap + 1) });
      expect(r).toEqual({ status: 413, body: { error: "PayloadTooLarge", message: `The request body is larger than ${cap} bytes.` } });
      expect(declared.seen.pulled).toBe(0);

      const chunked = counting(cap);
      expect((await send(method, path, chunked.stream, {})).status).toBe(413);
      expect(chunked.seen.pulled).toBeLessThanOrEqual(cap + CHUNK);
      expect(chunked.seen.cancelled).toBe(true);
    });
  }

  it("an open HTTP trigger (auth none): a body over 256 KiB refused at the cap", async () => {
    const express = { StartAt: "P", States: { P: { Type: "Pass", End: true } } };
    const made = await app.request(
      "https://asl.test/state-machines",
      {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ name: "capped-open", type: "EXPRESS", definition: express }),
      },
      env,
    );
    expect(made.status).toBe(201);
    const trigger = { method: "POST", path: "/capped-open", auth: "none" };
    const put = await app.request(
      "https://asl.test/state-machines/capped-open/trigger",
      { method: "PUT", headers: { Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(trigger) },
      env,
    );
    expect(put.status).toBe(200);
    const { stream, seen } = counting(256 * 1024);
    const res = await app.request("https://asl.test/run/capped-open", { method: "POST", body: stream }, env);
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([413, "PayloadTooLarge"]);
    expect(seen.pulled).toBeLessThanOrEqual(256 * 1024 + CHUNK);
  });

  it("the console's sign-in and sign-out forms: at most 16 KiB (the console's error page)", async () => {
    for (const path of ["/console/sign-in", "/console/sign-out"]) {
      const { stream, seen } = counting(16 * 1024);
      const res = await app.request(
        `https://asl.test${path}`,
        { method: "POST", body: stream, headers: { origin: "https://asl.test" } },
        env,
      );
      expect(res.status).toBe(413);
      expect(await res.text()).toContain("PayloadTooLarge");
      expect(seen.pulled).toBeLessThanOrEqual(16 * 1024 + CHUNK);
    }
  });
});
