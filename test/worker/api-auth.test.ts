import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app.ts";
import { sameSecret } from "../../worker/auth.ts";
import { call, get, PASS, TOKEN } from "./api-client.ts";

describe("API authentication", () => {
  it("leaves GET /health open", async () => {
    const r = await call("GET", "/health", undefined, { token: null });
    expect(r.status).toBe(200);
  });

  it("refuses a request without a token, before reading the body", async () => {
    const r = await call("POST", "/state-machines", { name: "sneaky", definition: PASS }, { token: null });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe("MissingAuthenticationToken");
    expect(r.body.message).toContain("Authorization: Bearer");
    expect(r.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect((await get("/state-machines/sneaky")).status).toBe(404);
  });

  it("refuses a wrong token, and a token in another scheme", async () => {
    for (const [method, path] of [["GET", "/state-machines"], ["GET", "/executions?stateMachine=x"], ["POST", "/executions/x/stop"]]) {
      const r = await call(method, path, undefined, { token: `${TOKEN}x` });
      expect(r.status, path).toBe(401);
      expect(r.body.error).toBe("UnrecognizedClient");
    }
    const basic = await exports.default.fetch("https://asl.test/state-machines", {
      headers: { Authorization: `Basic ${btoa(`u:${TOKEN}`)}` },
    });
    expect(basic.status).toBe(401);
  });

  it("accepts the right token", async () => {
    const r = await get("/state-machines");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ stateMachines: [] });
  });

  it("refuses everything, and says what to set, when API_TOKEN is not configured", async () => {
    for (const token of [undefined, ""]) {
      const res = await app.request(
        "/state-machines",
        { headers: { Authorization: `Bearer ${token}` } },
        { ...env, API_TOKEN: token as string },
      );
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe("ApiTokenNotConfigured");
      expect(body.message).toContain("API_TOKEN");
    }
    expect((await app.request("/health", {}, { ...env, API_TOKEN: undefined as unknown as string })).status).toBe(200);
  });

  it("matches the secret only: not a prefix, an extension, another of its length, or its digest", async () => {
    const secret = "s3cret-tökén";
    expect(sameSecret(secret, secret)).toBe(true);
    expect(sameSecret(`${secret}`.normalize("NFC"), secret)).toBe(true);
    for (const other of ["", "s3cret-tök", `${secret} `, "s3cret-tökén".toUpperCase(), "s3cret-tokén", "x".repeat(secret.length)])
      expect(sameSecret(other, secret), other).toBe(false);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret)));
    expect(sameSecret(String.fromCharCode(...digest), secret)).toBe(false);
    // the secret's bytes are kept per isolate: a new secret is used at once
    expect(sameSecret("other-secret", "other-secret")).toBe(true);
    expect(sameSecret(secret, "other-secret")).toBe(false);
  });
});
