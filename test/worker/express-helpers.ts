// Shared by the Express tests: machines, and the app called with an env of the test's own.
import { env } from "cloudflare:workers";
import { app } from "../../worker/app.ts";
import { TOKEN, createMachine } from "./api-client.ts";

export const ARN = "arn:aws:states:us-east-1:123456789012";

export const express = (name: string, definition: unknown) => createMachine(name, definition, { type: "EXPRESS" });

/** The app with EXPRESS_LIMIT_SECONDS set: the 5-minute limit made short. */
export async function withLimit(seconds: number, method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, { ...env, EXPRESS_LIMIT_SECONDS: seconds });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export const NAP = (seconds: number) => ({
  StartAt: "Nap",
  States: { Nap: { Type: "Wait", Seconds: seconds, Next: "Done" }, Done: { Type: "Pass", Result: { slept: seconds }, End: true } },
});
