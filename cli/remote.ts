/**
 * `asl start|describe|history`: the runtime's REST API (README "API"), local (`npm run dev`) or
 * deployed. The endpoint is --endpoint or ASL_ENDPOINT; the bearer token is the API_TOKEN variable.
 */
import { str, type Command, type Io, type Values } from "./command.ts";
import { EXIT, UsageError } from "./errors.ts";
import { jsonArgument } from "./files.ts";
import { historyTable } from "./history.ts";

class ApiFailure extends Error {}

const ENDPOINT_HELP = `  --endpoint URL   the runtime's base URL (default: $ASL_ENDPOINT), e.g. http://localhost:8787
The bearer token is read from the API_TOKEN environment variable (the runtime's API_TOKEN).`;

async function call(values: Values, io: Io, method: "GET" | "POST", path: string, body?: unknown): Promise<Record<string, unknown>> {
  const endpoint = str(values.endpoint) ?? io.env.ASL_ENDPOINT;
  if (!endpoint) throw new UsageError("give the runtime's URL with --endpoint URL (or ASL_ENDPOINT)");
  if (!/^https?:\/\//.test(endpoint)) throw new UsageError(`--endpoint: '${endpoint}' is not an http(s) URL`);
  const token = io.env.API_TOKEN;
  if (!token) throw new UsageError("set API_TOKEN to the runtime's API token (npm run dev: local-dev-token)");
  const url = endpoint.replace(/\/+$/, "") + path;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiFailure(`cannot reach ${url}: ${e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e)}`);
  }
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ApiFailure(`${method} ${url}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok) throw new ApiFailure(`${String(parsed.error ?? `HTTP ${res.status}`)}: ${String(parsed.message ?? text)}`);
  return parsed;
}

/** API failures exit 1 with their error name and message, on one line. */
const guarded =
  (fn: (values: Values, positionals: string[], io: Io) => Promise<number>): Command["run"] =>
  async (values, positionals, io) => {
    try {
      return await fn(values, positionals, io);
    } catch (e) {
      if (!(e instanceof ApiFailure)) throw e;
      io.err(`asl: ${e.message}\n`);
      return EXIT.failed;
    }
  };

const one = (command: string, what: string, positionals: string[]): string => {
  if (positionals.length !== 1) throw new UsageError(`asl ${command}: give one ${what} (see asl ${command} --help)`);
  return positionals[0];
};

const executionPath = (arn: string) => `/executions/${encodeURIComponent(arn)}`;

async function waitForEnd(values: Values, io: Io, arn: string): Promise<Record<string, unknown>> {
  for (;;) {
    const d = await call(values, io, "GET", executionPath(arn));
    if (d.status !== "RUNNING") return d;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export const startCommand: Command = {
  name: "start",
  summary: "start an execution on a running runtime (REST API)",
  help: `Usage: asl start <state machine name> --endpoint URL [--input JSON|@file] [--name NAME] [--wait]

POST /state-machines/<name>/executions; prints {"executionArn", "startDate"}.
  --wait   poll until the execution ends and print its description (exit 1 unless SUCCEEDED)
${ENDPOINT_HELP}

Example: API_TOKEN=local-dev-token asl start hello-wait --endpoint http://localhost:8787 --input '{"who":"Ada"}' --wait

Exit: 0 started (or, with --wait, SUCCEEDED), 1 an API error or an unsuccessful execution, 2 bad arguments.`,
  options: { endpoint: { type: "string" }, input: { type: "string" }, name: { type: "string" }, wait: { type: "boolean" } },
  run: guarded(async (values, positionals, io) => {
    const machine = one("start", "state machine name", positionals);
    const body: Record<string, unknown> = { input: values.input === undefined ? {} : jsonArgument("input", str(values.input)!) };
    if (values.name !== undefined) body.name = str(values.name);
    const started = await call(values, io, "POST", `/state-machines/${encodeURIComponent(machine)}/executions`, body);
    if (!values.wait) {
      io.out(JSON.stringify(started) + "\n");
      return EXIT.ok;
    }
    const ended = await waitForEnd(values, io, String(started.executionArn));
    io.out(JSON.stringify(ended) + "\n");
    return ended.status === "SUCCEEDED" ? EXIT.ok : EXIT.failed;
  }),
};

export const describeCommand: Command = {
  name: "describe",
  summary: "describe an execution on a running runtime",
  help: `Usage: asl describe <execution ARN> --endpoint URL [--wait]

GET /executions/<arn>; prints the description as JSON.
  --wait   poll until the execution is no longer RUNNING
${ENDPOINT_HELP}

Example: asl describe arn:aws:states:us-east-1:123456789012:execution:hello-wait:first --endpoint http://localhost:8787

Exit: 0 described, 1 an API error (ExecutionDoesNotExist, ...), 2 bad arguments.`,
  options: { endpoint: { type: "string" }, wait: { type: "boolean" } },
  run: guarded(async (values, positionals, io) => {
    const arn = one("describe", "execution ARN", positionals);
    const d = values.wait ? await waitForEnd(values, io, arn) : await call(values, io, "GET", executionPath(arn));
    io.out(JSON.stringify(d) + "\n");
    return EXIT.ok;
  }),
};

export const historyCommand: Command = {
  name: "history",
  summary: "an execution's history on a running runtime, as a table",
  help: `Usage: asl history <execution ARN> --endpoint URL [--json]

GET /executions/<arn>/history, every page; prints the events as a table (ID, TYPE, STATE, ELAPSED,
DETAIL), or with --json as {"events": [...]} in AWS's shape.
${ENDPOINT_HELP}

Example: asl history arn:aws:states:us-east-1:123456789012:execution:hello-wait:first --endpoint http://localhost:8787

Exit: 0 printed, 1 an API error, 2 bad arguments.`,
  options: { endpoint: { type: "string" }, json: { type: "boolean" } },
  run: guarded(async (values, positionals, io) => {
    const arn = one("history", "execution ARN", positionals);
    const events: Record<string, unknown>[] = [];
    let token: string | undefined;
    do {
      const query = `?maxResults=1000${token ? `&nextToken=${encodeURIComponent(token)}` : ""}`;
      const page = await call(values, io, "GET", `${executionPath(arn)}/history${query}`);
      events.push(...((page.events as Record<string, unknown>[]) ?? []));
      token = typeof page.nextToken === "string" ? page.nextToken : undefined;
    } while (token);
    io.out(values.json ? JSON.stringify({ events }) + "\n" : historyTable(events));
    return EXIT.ok;
  }),
};
