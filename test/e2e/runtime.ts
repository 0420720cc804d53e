/**
 * The runtime for the end-to-end tests: worker/index.ts bundled with esbuild (as wrangler would) and
 * run in workerd through Miniflare's Node API, with wrangler.toml's bindings (read by wrangler itself),
 * in-memory storage, D1 migrated, listening on 127.0.0.1 only, AWS access keys test/test.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundleWorker } from "../tools/bundle-worker.ts";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { buildConsole } from "../tools/build-console.mjs";
import { writeExamplesConfig } from "../tools/examples-config.mjs";
import { DescribeExecutionCommand, type DescribeExecutionCommandOutput, type SFNClient } from "@aws-sdk/client-sfn";

export interface Runtime {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  dispose(): Promise<void>;
}

export const ACCESS_KEY = { accessKeyId: "test", secretAccessKey: "test" };

export interface RuntimeOptions {
  apiToken?: string;
  /** Vars and secrets added to wrangler.toml's (AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL for a fake AWS, ...). */
  bindings?: Record<string, unknown>;
  /**
   * A wrangler config of its own, run with worker/index.ts (default: wrangler.toml with the tutorial's
   * examples, worker/examples). Its service bindings are pointed at the runtime itself, so that a config
   * naming workers not running here still starts.
   */
  config?: string;
}

export async function startRuntime(root: string, opts: RuntimeOptions = {}): Promise<Runtime> {
  await buildConsole({ quiet: true });
  const code = await bundleWorker(root, opts.config ? "worker/index.ts" : "worker/examples/index.ts");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(opts.config ?? writeExamplesConfig(root));
  const {
    modulesRules: _rules,
    rootPath: _root,
    ...options
  } = workerOptions as typeof workerOptions & { modulesRules?: unknown; rootPath?: unknown; serviceBindings?: Record<string, unknown> };
  if (opts.config && options.serviceBindings) {
    options.serviceBindings = Object.fromEntries(Object.keys(options.serviceBindings).map((name) => [name, "asl-runtime"]));
  }
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      workers: [
        {
          ...options,
          // As in wrangler.toml: the TASKS service binding names this worker.
          name: "asl-runtime",
          modules: [{ type: "ESModule", path: "index.js", contents: code }],
          bindings: {
            ...(options.bindings as Record<string, unknown>),
            API_TOKEN: opts.apiToken ?? "e2e-token",
            AWS_ACCESS_KEYS: { test: "test" },
            PUBLIC_URL: "http://127.0.0.1",
            ...opts.bindings,
          },
        },
      ],
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = await mf.ready;
  await migrate(mf, join(root, "migrations"));
  return { endpoint: `http://127.0.0.1:${url.port}`, port: Number(url.port), dispose: () => mf.dispose() };
}

/** Statements of a migration: split at `;` ending a line, except inside a trigger's BEGIN ... END. */
function statements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  for (const line of sql.replace(/--[^\n]*/g, "").split("\n")) {
    current += `${line}\n`;
    if (/\bBEGIN\s*$/i.test(line.trim()) || /\bBEGIN$/i.test(line.trim())) depth++;
    if (/^END\s*;?$/i.test(line.trim())) depth = Math.max(0, depth - 1);
    if (depth === 0 && line.trim().endsWith(";")) {
      if (current.trim() !== ";") out.push(current.trim());
      current = "";
    }
  }
  if (current.trim()) out.push(current.trim());
  return out.flatMap((s) =>
    /\bTRIGGER\b/i.test(s)
      ? [s]
      : s
          .split(";")
          .map((x) => x.trim())
          .filter(Boolean),
  );
}

/** migrations/*.sql, in order, into the DB binding. */
export async function migrate(mf: Miniflare, dir: string): Promise<void> {
  const db = await mf.getD1Database("DB");
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith(".sql"))
    .sort()) {
    for (const stmt of statements(readFileSync(join(dir, f), "utf8"))) await db.prepare(stmt).run();
  }
}

/** Polls DescribeExecution until the execution is no longer RUNNING (at most `ms`). */
export async function finished(sfn: SFNClient, executionArn: string, ms = 10_000): Promise<DescribeExecutionCommandOutput> {
  const end = Date.now() + ms;
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d;
    if (Date.now() > end) throw new Error(`${executionArn} still RUNNING after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
