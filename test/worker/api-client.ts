// A tiny client for the REST API tests: JSON in, status + JSON out, the test token by default.
import { exports } from "cloudflare:workers";

/** The API_TOKEN test/vitest.config.ts gives the worker. */
export const TOKEN = "test-token";

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export async function call(
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string | null; raw?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? TOKEN : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const payload = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers["Content-Type"] = "application/json";
  const res = await exports.default.fetch(`https://asl.test${path}`, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export const get = (path: string) => call("GET", path);
export const post = (path: string, body?: unknown) => call("POST", path, body);
export const put = (path: string, body?: unknown) => call("PUT", path, body);
export const del = (path: string) => call("DELETE", path);

export const PASS = { StartAt: "Done", States: { Done: { Type: "Pass", End: true } } };
export const WAIT = {
  StartAt: "Nap",
  States: { Nap: { Type: "Wait", Seconds: 3600, Next: "Done" }, Done: { Type: "Pass", End: true } },
};

export async function createMachine(name: string, definition: unknown = PASS, extra: object = {}): Promise<any> {
  const r = await post("/state-machines", { name, definition, ...extra });
  if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
